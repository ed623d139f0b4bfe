"""ABAP select-option semantics for BAPI_USER_GETLIST's SELECTION_RANGE rows.

A value is selected when it matches at least one SIGN=I row (or there is none) and no
SIGN=E row. OPTION is one of EQ NE GT GE LT LE BT NB CP NP; CP/NP patterns use SAP's
wildcards ``*`` (any string) and ``+`` (one character), with ``#`` escaping the next one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

OPTIONS = ("EQ", "NE", "GT", "GE", "LT", "LE", "BT", "NB", "CP", "NP")
SIGNS = ("I", "E")


class SelectionError(ValueError):
    """A row with an unknown SIGN or OPTION."""


def sap_pattern_to_regex(pattern: str) -> re.Pattern[str]:
    """Translate an SAP CP pattern into an anchored regular expression."""
    out: list[str] = []
    chars = iter(pattern)
    for char in chars:
        if char == "#":
            out.append(re.escape(next(chars, "#")))
        elif char == "*":
            out.append(".*")
        elif char == "+":
            out.append(".")
        else:
            out.append(re.escape(char))
    return re.compile("".join(out) + r"\Z", re.DOTALL)


@dataclass(frozen=True)
class RangeRow:
    sign: str
    option: str
    low: str
    high: str = ""

    def matcher(self) -> Callable[[str], bool]:
        low, high = self.low, self.high
        match self.option:
            case "EQ":
                return lambda v: v == low
            case "NE":
                return lambda v: v != low
            case "GT":
                return lambda v: v > low
            case "GE":
                return lambda v: v >= low
            case "LT":
                return lambda v: v < low
            case "LE":
                return lambda v: v <= low
            case "BT":
                return lambda v: low <= v <= high
            case "NB":
                return lambda v: not (low <= v <= high)
            case "CP":
                regex = sap_pattern_to_regex(low)
                return lambda v: regex.match(v) is not None
            case "NP":
                regex = sap_pattern_to_regex(low)
                return lambda v: regex.match(v) is None
        raise SelectionError(f"OPTION {self.option!r} is not one of {', '.join(OPTIONS)}")


def build_selector(rows: list[RangeRow]) -> Callable[[str], bool]:
    """Combine range rows into one predicate. Raises ``SelectionError`` on a bad row."""
    for row in rows:
        if row.sign not in SIGNS:
            raise SelectionError(f"SIGN {row.sign!r} is not I or E")
    includes = [row.matcher() for row in rows if row.sign == "I"]
    excludes = [row.matcher() for row in rows if row.sign == "E"]

    def selected(value: str) -> bool:
        if includes and not any(m(value) for m in includes):
            return False
        return not any(m(value) for m in excludes)

    return selected
