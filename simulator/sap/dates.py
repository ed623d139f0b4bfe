"""SAP's date10 wire format: ``YYYY-MM-DD``, with ``0000-00-00`` (or empty) meaning "no date".

Deliberately separate from the SAP template's own date handling (see ARCHITECTURE.md):
the simulator is the oracle the template is checked against.
"""

from __future__ import annotations

import re
from datetime import date

EMPTY_DATE10 = "0000-00-00"
_DATE10 = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_DATS = re.compile(r"^(\d{4})(\d{2})(\d{2})$")  # the internal DATS form SAP also shows (00000000)


class InvalidDateError(ValueError):
    """A value that is neither empty nor a real calendar date."""


def parse_date10(value: str | None) -> date | None:
    """``"2026-12-31"`` → date; ``""``, ``"0000-00-00"``, ``"00000000"`` → None.

    Raises ``InvalidDateError`` for anything else (wrong shape, or a day that does not exist).
    """
    text = (value or "").strip()
    if text in ("", EMPTY_DATE10, "00000000"):
        return None
    match = _DATE10.match(text) or _DATS.match(text)
    if not match:
        raise InvalidDateError(f"{text!r} is not a date in the form YYYY-MM-DD")
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError as exc:
        raise InvalidDateError(f"{text!r} is not a calendar date ({exc})") from None


def format_date10(value: date | None) -> str:
    return value.isoformat() if value else EMPTY_DATE10
