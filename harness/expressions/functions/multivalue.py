"""Multi-valued attributes: Count, Item, Join, RemoveDuplicates, Split."""

from __future__ import annotations

from ..values import as_list, to_text
from .registry import Invocation, register


@register("Count", ("attribute",))
def count(inv: Invocation) -> int:
    """Count(attribute): how many values a multi-valued attribute holds (0 when null)."""
    return len(as_list(inv.value(0)))


@register("Item", ("attribute", "index"))
def item(inv: Invocation) -> object:
    """Item(attribute, index): the index-th value, counting from 1; null past the end."""
    values = as_list(inv.value(0))
    index = inv.integer(1, "index")
    if index < 1:
        inv.fail(f"index counts from 1 (index {index} shouldn't be used)")
    return values[index - 1] if index <= len(values) else None


@register("Join", ("separator",), repeating=("source",), min_groups=1)
def join(inv: Invocation) -> str:
    """Join(separator, source1, …): values joined; multi-valued sources contribute every value.

    Null and empty values are skipped: FUN's example Join(", ", "", [surname], [givenName])
    gives "Doe, John", not ", Doe, John".
    """
    separator = inv.text(0) or ""
    parts: list[str] = []
    for index in range(1, len(inv.args)):
        for value in as_list(inv.value(index)):
            text = to_text(value, inv.name)
            if text:
                parts.append(text)
    return separator.join(parts)


@register("RemoveDuplicates", ("attribute",))
def remove_duplicates(inv: Invocation) -> list[object] | None:
    """RemoveDuplicates(attribute): the values with repeats removed, first occurrence kept."""
    value = inv.value(0)
    if value is None:
        return None
    unique: list[object] = []
    for entry in as_list(value):
        if entry not in unique:
            unique.append(entry)
    return unique


@register("Split", ("source", "delimiter"))
def split(inv: Invocation) -> list[str] | None:
    """Split(source, delimiter): a multi-valued result.

    Each value is trimmed: FUN documents "PermissionSetOne, PermissionSetTwo" split at ","
    as ["PermissionSetOne", "PermissionSetTwo"], without the leading space.
    """
    source = inv.text(0)
    if source is None:
        return None
    delimiter = inv.text(1) or ""
    if delimiter == "":
        inv.fail("delimiter must not be empty")
    return [part.strip() for part in source.split(delimiter)]
