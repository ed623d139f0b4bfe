"""Generated values: Guid, RandomString. Both draw from the injectable EvaluationContext."""

from __future__ import annotations

import string

from .registry import Invocation, register

# The character classes of Windows' "password must meet complexity requirements" reference.
DIGITS = string.digits
UPPER = string.ascii_uppercase
LOWER = string.ascii_lowercase
SPECIAL = "~!@#$%^&*_-+=`|\\(){}[]:;\"'<>,.?/"
MAX_RANDOM_LENGTH = 256


@register("Guid", ())
def guid(inv: Invocation) -> str:
    """Guid(): a new random GUID."""
    return inv.context.new_guid()


@register(
    "RandomString",
    (
        "Length",
        "MinimumNumbers",
        "MinimumSpecialCharacters",
        "MinimumCapital",
        "MinimumLowerCase",
        "CharactersToAvoid",
    ),
    required=5,
)
def random_string(inv: Invocation) -> str:
    """RandomString(Length, MinNumbers, MinSpecial, MinCapital, MinLowerCase, CharactersToAvoid).

    FUN's prose says Length must cover numbers, specials and capitals; its first example
    (6,3,0,0,3) shows lower-case letters count too, so all four minimums are checked.
    """
    length = inv.integer(0, "Length")
    names = ("MinimumNumbers", "MinimumSpecialCharacters", "MinimumCapital", "MinimumLowerCase")
    minimums = [inv.integer(index + 1, name) for index, name in enumerate(names)]
    avoid = set(inv.text(5) or "") if inv.present(5) else set()
    if not 1 <= length <= MAX_RANDOM_LENGTH:
        inv.fail(f"Length must be between 1 and {MAX_RANDOM_LENGTH}, got {length}")
    if any(m < 0 for m in minimums):
        inv.fail("minimums must not be negative")
    if sum(minimums) > length:
        inv.fail(f"Length {length} is shorter than the sum of the minimums ({sum(minimums)})")
    pools = ["".join(c for c in pool if c not in avoid) for pool in (DIGITS, SPECIAL, UPPER, LOWER)]
    for pool, minimum, name in zip(pools, minimums, names, strict=True):
        if minimum and not pool:
            inv.fail(f"{name} is {minimum} but CharactersToAvoid excludes every such character")
    rng = inv.context.rng
    chars = [rng.choice(pool) for pool, minimum in zip(pools, minimums, strict=True) for _ in range(minimum)]
    everything = "".join(pools)
    chars.extend(rng.choice(everything) for _ in range(length - len(chars)))
    rng.shuffle(chars)
    return "".join(chars)
