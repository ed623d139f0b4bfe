"""Dates: CDate, DateAdd, DateDiff, DateFromNum, FormatDateTime, Now, NumFromDate.

Dates travel between functions as Entra prints them ("M/d/yyyy h:mm:ss tt", UTC), and
every date argument accepts that form, ISO 8601, or anything CDate reads. DateAdd and
DateDiff take VBA's interval codes with VBA's calendar semantics: DateDiff counts the
boundaries crossed (midnights for "d", Sundays for "ww"), which is what reproduces every
row of FUN's DateDiff table (e.g. -493 weeks, where 3449.4 days / 7 would give -492).
"""

from __future__ import annotations

import calendar
from datetime import UTC, datetime, timedelta

from ..dotnet_datetime import (
    DATETIME_STYLES,
    DateTimeFormatError,
    format_datetime,
    format_entra,
    parse_datetime,
    parse_exact,
)
from ..values import to_int, to_text
from .registry import Invocation, register

INTERVALS = ("yyyy", "m", "d", "ww", "h", "n", "s")
FILETIME_EPOCH = datetime(1601, 1, 1, tzinfo=UTC)  # Active Directory dates count 100 ns ticks from here


def _date(inv: Invocation, index: int, parameter: str) -> datetime | None:
    value = inv.value(index)
    if value is None:
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    try:
        return parse_datetime(to_text(value, inv.name) or "")
    except DateTimeFormatError as exc:
        inv.fail(f"{parameter}: {exc}")


def _interval(inv: Invocation) -> str:
    interval = inv.text(0) or ""
    if interval not in INTERVALS:
        inv.fail(f"interval must be one of {', '.join(INTERVALS)} (case-sensitive), got {interval!r}")
    return interval


def add_months(value: datetime, months: int) -> datetime:
    """Calendar month arithmetic, clamping the day (Jan 31 + 1 month = Feb 28/29), as .NET does."""
    index = value.month - 1 + months
    year, month = value.year + index // 12, index % 12 + 1
    day = min(value.day, calendar.monthrange(year, month)[1])
    return value.replace(year=year, month=month, day=day)


@register("CDate", ("Expression",))
def cdate(inv: Invocation) -> str | None:
    """CDate(expression): the date as a UTC "M/d/yyyy h:mm:ss tt" string."""
    value = _date(inv, 0, "Expression")
    return None if value is None else format_entra(value)


@register("DateAdd", ("interval", "value", "dateTime"))
def date_add(inv: Invocation) -> str | None:
    """DateAdd(interval, value, dateTime): the date moved by value intervals."""
    interval = _interval(inv)
    amount = inv.integer(1, "value")
    value = _date(inv, 2, "dateTime")
    if value is None:
        return None
    if interval == "yyyy":
        moved = add_months(value, 12 * amount)
    elif interval == "m":
        moved = add_months(value, amount)
    else:
        unit = {"d": "days", "ww": "weeks", "h": "hours", "n": "minutes", "s": "seconds"}[interval]
        moved = value + timedelta(**{unit: amount})
    return format_entra(moved)


def _week_start(value: datetime) -> datetime:
    day = value.replace(hour=0, minute=0, second=0, microsecond=0)
    return day - timedelta(days=(day.weekday() + 1) % 7)  # weeks start on Sunday, as in VBA


def date_difference(interval: str, first: datetime, second: datetime) -> int:
    """VBA DateDiff: how many interval boundaries lie between first and second (negative if earlier)."""
    first, second = first.astimezone(UTC), second.astimezone(UTC)
    if interval == "yyyy":
        return second.year - first.year
    if interval == "m":
        return (second.year - first.year) * 12 + second.month - first.month
    if interval == "d":
        return (second.date() - first.date()).days
    if interval == "ww":
        return (_week_start(second) - _week_start(first)).days // 7
    unit = {"h": 3600, "n": 60, "s": 1}[interval]
    return int(second.timestamp() // unit) - int(first.timestamp() // unit)


@register("DateDiff", ("interval", "date1", "date2"))
def date_diff(inv: Invocation) -> int | None:
    """DateDiff(interval, date1, date2): positive when date2 is later than date1."""
    interval = _interval(inv)
    first, second = _date(inv, 1, "date1"), _date(inv, 2, "date2")
    if first is None or second is None:
        return None
    return date_difference(interval, first, second)


@register("DateFromNum", ("value",))
def date_from_num(inv: Invocation) -> str | None:
    """DateFromNum(value): an Active Directory FileTime (100 ns ticks since 1601) as a date."""
    value = inv.value(0)
    if value is None:
        return None
    ticks = to_int(value, inv.name, "value")
    return format_entra(FILETIME_EPOCH + timedelta(microseconds=ticks // 10))


@register("NumFromDate", ("value",))
def num_from_date(inv: Invocation) -> int | None:
    """NumFromDate(value): an ISO 8601 date as Active Directory FileTime ticks (e.g. accountExpires)."""
    value = _date(inv, 0, "value")
    if value is None:
        return None
    delta = value - FILETIME_EPOCH
    return (delta.days * 86_400 + delta.seconds) * 10_000_000 + delta.microseconds * 10


def _styles(inv: Invocation) -> frozenset[str]:
    raw = inv.text(1) if inv.present(1) else None
    if not raw:
        return frozenset({"RoundtripKind", "AllowLeadingWhite", "AllowTrailingWhite"})
    styles = frozenset(s.strip().removeprefix("DateTimeStyles.") for s in raw.split(","))
    unknown = styles - DATETIME_STYLES
    if unknown:
        inv.fail(
            f"unknown dateTimeStyles {sorted(unknown)}; use .NET DateTimeStyles names such as RoundtripKind"
        )
    return styles


@register(
    "FormatDateTime",
    ("source", "dateTimeStyles", "inputFormat", "outputFormat"),
    optional=("dateTimeStyles",),
)
def format_date_time(inv: Invocation) -> str | None:
    """FormatDateTime(source, dateTimeStyles, inputFormat, outputFormat): re-lays out a date string."""
    source = inv.text(0)
    styles = _styles(inv)
    input_format, output_format = inv.text(2) or "", inv.text(3) or ""
    if source is None:
        return None
    try:
        value = parse_exact(source, input_format, styles)
        return format_datetime(value, output_format)
    except DateTimeFormatError as exc:
        inv.fail(str(exc))


@register("Now", ())
def now(inv: Invocation) -> str:
    """Now(): the current UTC time as "M/d/yyyy h:mm:ss tt" (injectable for tests)."""
    return format_entra(inv.context.now())
