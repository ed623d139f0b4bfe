"""String functions: Append, ConvertToBase64, ConvertToUTF8Hex, InStr, Left, Mid, PCase,
StripSpaces, ToLower, ToUpper, Word.

Null rule: a null source gives null, except Left and Word, documented to give "".
"""

from __future__ import annotations

import base64
import re
import unicodedata

from .registry import Invocation, register

_CULTURE = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*")
# Unicode categories .NET's TextInfo.ToTitleCase treats as word separators (FUN, PCase remarks).
_TITLE_SEPARATOR_CATEGORIES = frozenset(
    {"Zs", "Zl", "Zp", "Cc", "Cf", "Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po", "Sm", "Sc", "Sk", "So"}
)


@register("Append", ("source", "suffix"))
def append(inv: Invocation) -> str | None:
    """Append(source, suffix): the source with the suffix added at its end."""
    source = inv.text(0)
    if source is None:
        return None
    return source + (inv.text(1) or "")


@register("ConvertToBase64", ("source",))
def convert_to_base64(inv: Invocation) -> str | None:
    """ConvertToBase64(source): base64 of the string's UTF-16 ("Unicode") bytes."""
    source = inv.text(0)
    return None if source is None else base64.b64encode(source.encode("utf-16-le")).decode("ascii")


@register("ConvertToUTF8Hex", ("source",))
def convert_to_utf8_hex(inv: Invocation) -> str | None:
    """ConvertToUTF8Hex(source): the UTF-8 bytes as upper-case hex."""
    source = inv.text(0)
    return None if source is None else source.encode("utf-8").hex().upper()


def _compare_mode(inv: Invocation, index: int) -> int:
    value = inv.value(index)
    if value is None:
        return 0
    text = str(value)
    modes = {"0": 0, "1": 1, "vbbinarycompare": 0, "vbtextcompare": 1}
    if text.lower() not in modes:
        inv.fail(f"compareType must be vbBinaryCompare or vbTextCompare, got {text!r}")
    return modes[text.lower()]


@register("InStr", ("value1", "value2", "start", "compareType"), required=2)
def in_str(inv: Invocation) -> int | None:
    """InStr(value1, value2, start, compareType): 1-based position of value2 in value1, 0 if absent."""
    haystack, needle = inv.text(0), inv.text(1)
    if haystack is None or needle is None:
        return None
    start = inv.integer(2, "start") if inv.present(2) else 1
    if start < 1:
        inv.fail(f"start is 1-based and must be 1 or more, got {start}")
    if _compare_mode(inv, 3) == 1:
        haystack, needle = haystack.casefold(), needle.casefold()
    if start > len(haystack) + 1:
        return 0
    return haystack.find(needle, start - 1) + 1


@register("Left", ("String", "NumChars"))
def left(inv: Invocation) -> str:
    """Left(String, NumChars): the first NumChars characters; 0 gives "", negative the whole string."""
    source = inv.text(0)
    if source is None:
        return ""
    count = inv.integer(1, "NumChars")
    if count < 0:
        return source
    return source[:count]


@register("Mid", ("source", "start", "length"))
def mid(inv: Invocation) -> str | None:
    """Mid(source, start, length): a 1-based substring, clipped at the end of the source."""
    source = inv.text(0)
    if source is None:
        return None
    start, length = inv.integer(1, "start"), inv.integer(2, "length")
    if start < 1:
        inv.fail(f"start is 1-based and must be 1 or more, got {start}")
    if length < 0:
        inv.fail(f"length must not be negative, got {length}")
    return source[start - 1 : start - 1 + length]


def _title_case(text: str, is_separator) -> str:
    out: list[str] = []
    word_start = True
    for index, char in enumerate(text):
        if is_separator(text, index):
            out.append(char)
            word_start = True
        elif word_start:
            out.append(char.upper())
            word_start = False
        else:
            out.append(char.lower())
    return "".join(out)


def _default_separator(text: str, index: int) -> bool:
    char = text[index]
    if char == "'":  # .NET's ToTitleCase keeps an apostrophe inside its word ("O'neil")
        return False
    return unicodedata.category(char) in _TITLE_SEPARATOR_CATEGORIES


@register("PCase", ("source", "wordSeparators"), required=1)
def pcase(inv: Invocation) -> str | None:
    """PCase(source, wordSeparators): first letter of each word upper case, the rest lower case."""
    source = inv.text(0)
    if source is None:
        return None
    separators = inv.text(1) if inv.present(1) else None
    if separators is None:
        return _title_case(source.lower(), _default_separator)
    return _title_case(source, lambda text, index: text[index] in separators)


@register("StripSpaces", ("source",))
def strip_spaces(inv: Invocation) -> str | None:
    """StripSpaces(source): removes every space (" ") character."""
    source = inv.text(0)
    return None if source is None else source.replace(" ", "")


def _culture(inv: Invocation) -> str | None:
    culture = inv.text(1) if inv.present(1) else None
    if culture in (None, ""):
        return None
    if not _CULTURE.fullmatch(culture):
        inv.fail(f"culture must be an RFC 4646 name such as en-US or tr-TR, got {culture!r}")
    return culture.split("-")[0].lower()


@register("ToLower", ("source", "culture"), required=1)
def to_lower(inv: Invocation) -> str | None:
    """ToLower(source, culture): lower case by the culture's rules (invariant when omitted)."""
    source = inv.text(0)
    if source is None:
        return None
    if _culture(inv) in ("tr", "az"):  # the one culture rule that differs from invariant: dotted/dotless i
        source = source.replace("I", "ı").replace("İ", "i")
    return source.lower()


@register("ToUpper", ("source", "culture"), required=1)
def to_upper(inv: Invocation) -> str | None:
    """ToUpper(source, culture): upper case by the culture's rules (invariant when omitted)."""
    source = inv.text(0)
    if source is None:
        return None
    if _culture(inv) in ("tr", "az"):
        source = source.replace("i", "İ").replace("ı", "I")
    return source.upper()


@register("Word", ("String", "WordNumber", "Delimiters"))
def word(inv: Invocation) -> str:
    """Word(String, WordNumber, Delimiters): the n-th word, words split at any delimiter character."""
    source = inv.text(0)
    number = inv.integer(1, "WordNumber")
    if source is None or number < 1:
        return ""
    delimiters = inv.text(2) or ""
    if delimiters:
        words = [w for w in re.split("[" + re.escape(delimiters) + "]", source) if w]
    else:
        words = [source] if source else []
    return words[number - 1] if number <= len(words) else ""
