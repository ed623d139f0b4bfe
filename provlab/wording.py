"""Counts in agreement, for every package's messages ("1 user", "2 users")."""

from __future__ import annotations


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """``count`` and ``noun`` in agreement ("1 user", "2 users"); ``plural`` when not noun + "s"."""
    return f"{count} {noun if count == 1 else (plural or noun + 's')}"
