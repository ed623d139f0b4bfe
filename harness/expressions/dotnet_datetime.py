""".NET date/time formatting and parsing (invariant culture), as Entra's date functions use it.

Entra runs on .NET: FormatDateTime takes .NET custom format strings ("yyyyMMddHHmmss.fZ",
"M/d/yyyy hh:mm:ss tt") and every date function prints "M/d/yyyy h:mm:ss tt". Python's
strftime/strptime use a different pattern language, so the .NET one is implemented here
(no maintained Python library covers .NET format strings). Entra's servers run in UTC,
so values carrying an offset are converted to UTC and values without one are read as UTC.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

ENTRA_FORMAT = "M/d/yyyy h:mm:ss tt"  # what Now, CDate, DateAdd and DateFromNum return

MONTHS = ("January February March April May June July August September October November December").split()
DAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()

# Invariant-culture standard format strings, expanded to custom patterns.
STANDARD_FORMATS = {
    "d": "MM/dd/yyyy",
    "D": "dddd, dd MMMM yyyy",
    "f": "dddd, dd MMMM yyyy HH:mm",
    "F": "dddd, dd MMMM yyyy HH:mm:ss",
    "g": "MM/dd/yyyy HH:mm",
    "G": "MM/dd/yyyy HH:mm:ss",
    "M": "MMMM dd",
    "m": "MMMM dd",
    "O": "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffffK",
    "o": "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffffK",
    "R": "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'",
    "r": "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'",
    "s": "yyyy'-'MM'-'dd'T'HH':'mm':'ss",
    "t": "HH:mm",
    "T": "HH:mm:ss",
    "u": "yyyy'-'MM'-'dd HH':'mm':'ss'Z'",
    "Y": "yyyy MMMM",
    "y": "yyyy MMMM",
}

DATETIME_STYLES = frozenset(
    {
        "None",
        "AllowLeadingWhite",
        "AllowTrailingWhite",
        "AllowInnerWhite",
        "AllowWhiteSpaces",
        "NoCurrentDateDefault",
        "AdjustToUniversal",
        "AssumeLocal",
        "AssumeUniversal",
        "RoundtripKind",
    }
)


class DateTimeFormatError(ValueError):
    """A value does not match a format, or a format string is invalid."""


@dataclass(frozen=True)
class _Part:
    kind: str  # "literal" or a specifier letter
    text: str  # literal text, or the specifier run ("yyyy", "tt", ...)


_SPECIFIERS = set("dfFghHKmMstyz")


def tokenize_format(pattern: str) -> list[_Part]:
    """Split a .NET format string into specifier runs and literals."""
    if len(pattern) == 1:
        if pattern not in STANDARD_FORMATS:
            raise DateTimeFormatError(f"{pattern!r} is not a .NET standard date format")
        pattern = STANDARD_FORMATS[pattern]
    parts: list[_Part] = []
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char in ("'", '"'):
            end = pattern.find(char, index + 1)
            if end < 0:
                raise DateTimeFormatError(f"unclosed quote {char} in date format {pattern!r}")
            parts.append(_Part("literal", pattern[index + 1 : end]))
            index = end + 1
        elif char == "\\":
            if index + 1 >= len(pattern):
                raise DateTimeFormatError(f"date format {pattern!r} ends with a lone backslash")
            parts.append(_Part("literal", pattern[index + 1]))
            index += 2
        elif char == "%" and index + 1 < len(pattern) and pattern[index + 1] in _SPECIFIERS:
            index += 1  # "%d" is the single-letter specifier d
        elif char in _SPECIFIERS:
            end = index
            while end < len(pattern) and pattern[end] == char:
                end += 1
            run = pattern[index:end]
            if char in "fF" and len(run) > 7:
                raise DateTimeFormatError(f"{run!r}: at most 7 fraction digits in a .NET date format")
            parts.append(_Part(char, run))
            index = end
        else:
            parts.append(_Part("literal", char))
            index += 1
    return parts


def format_datetime(value: datetime, pattern: str) -> str:
    """Render ``value`` with a .NET format string (invariant culture)."""
    out: list[str] = []
    for part in tokenize_format(pattern):
        if part.kind == "literal":
            out.append(part.text)
            continue
        out.append(_format_part(value, part, out))
    return "".join(out)


def _format_part(value: datetime, part: _Part, out: list[str]) -> str:
    kind, width = part.kind, len(part.text)
    if kind == "d":
        if width <= 2:
            return f"{value.day:0{width}d}"
        name = DAYS[value.weekday()]
        return name[:3] if width == 3 else name
    if kind == "M":
        if width <= 2:
            return f"{value.month:0{width}d}"
        name = MONTHS[value.month - 1]
        return name[:3] if width == 3 else name
    if kind == "y":
        if width <= 2:
            return f"{value.year % 100:0{width}d}"
        return f"{value.year:0{width}d}"
    if kind == "h":
        return f"{(value.hour % 12) or 12:0{min(width, 2)}d}"
    if kind == "H":
        return f"{value.hour:0{min(width, 2)}d}"
    if kind == "m":
        return f"{value.minute:0{min(width, 2)}d}"
    if kind == "s":
        return f"{value.second:0{min(width, 2)}d}"
    if kind == "t":
        marker = "AM" if value.hour < 12 else "PM"
        return marker[0] if width == 1 else marker
    if kind in "fF":
        digits = f"{value.microsecond:06d}0"[:width]
        if kind == "F":
            digits = digits.rstrip("0")
            if not digits and out and out[-1].endswith("."):
                out[-1] = out[-1][:-1]  # .NET drops the '.' before an all-zero F fraction
        return digits
    if kind == "g":
        return "A.D."
    if kind == "z":
        return _offset_text(value, width)
    if kind == "K":
        if value.tzinfo is None:
            return ""
        offset = value.utcoffset() or timedelta(0)
        return "Z" if offset == timedelta(0) else _offset_text(value, 3)
    raise DateTimeFormatError(f"unsupported date format specifier {part.text!r}")


def _offset_text(value: datetime, width: int) -> str:
    offset = (value.utcoffset() if value.tzinfo else None) or timedelta(0)
    total = int(offset.total_seconds() // 60)
    sign = "-" if total < 0 else "+"
    hours, minutes = divmod(abs(total), 60)
    if width == 1:
        return f"{sign}{hours}"
    if width == 2:
        return f"{sign}{hours:02d}"
    return f"{sign}{hours:02d}:{minutes:02d}"


def _part_regex(part: _Part, index: int) -> str:
    kind, width = part.kind, len(part.text)
    name = f"{kind}{index}"
    if part.kind == "literal":
        if part.text == "Z":  # .NET reads a literal Z as "this time is UTC"
            return "(?P<utc_z>Z)"
        return re.escape(part.text)
    if kind in "dM" and width >= 3:
        names = DAYS if kind == "d" else MONTHS
        options = [n[:3] for n in names] if width == 3 else names
        return f"(?P<{name}>{'|'.join(options)})"
    if kind in "dMhHms":
        return f"(?P<{name}>\\d{{1,2}})" if width == 1 else f"(?P<{name}>\\d{{2}})"
    if kind == "y":
        return {1: f"(?P<{name}>\\d{{1,2}})", 2: f"(?P<{name}>\\d{{2}})"}.get(
            width, f"(?P<{name}>\\d{{{width},5}})"
        )
    if kind == "f":
        return f"(?P<{name}>\\d{{{width}}})"
    if kind == "F":
        return f"(?P<{name}>\\d{{0,{width}}})"
    if kind == "t":
        return f"(?P<{name}>[AaPp])" if width == 1 else f"(?P<{name}>[AaPp][Mm])"
    if kind == "z":
        return {1: f"(?P<{name}>[+-]\\d{{1,2}})", 2: f"(?P<{name}>[+-]\\d{{2}})"}.get(
            width, f"(?P<{name}>[+-]\\d{{2}}:\\d{{2}})"
        )
    if kind == "K":
        return f"(?P<{name}>Z|[+-]\\d{{2}}:\\d{{2}})?"
    if kind == "g":
        return f"(?P<{name}>A\\.D\\.|AD)"
    raise DateTimeFormatError(f"unsupported date format specifier {part.text!r}")


def parse_exact(text: str, pattern: str, styles: frozenset[str] = frozenset()) -> datetime:
    """.NET ``DateTime.ParseExact``: read ``text`` laid out as ``pattern``; result in UTC when zoned."""
    parts = tokenize_format(pattern)
    regex = "".join(_part_regex(part, index) for index, part in enumerate(parts))
    flags = re.IGNORECASE if any(p.kind in "tdM" for p in parts) else 0
    candidate = text.strip()  # RoundtripKind|AllowLeadingWhite|AllowTrailingWhite is Entra's default
    if "AllowInnerWhite" in styles or "AllowWhiteSpaces" in styles:
        regex = regex.replace("\\ ", "\\s*")
    match = re.fullmatch(regex, candidate, flags)
    if not match:
        raise DateTimeFormatError(f"{text!r} does not match the date format {pattern!r}")
    fields = {"year": 1, "month": 1, "day": 1, "hour": 0, "minute": 0, "second": 0, "micro": 0}
    pm: bool | None = None
    offset: timedelta | None = timedelta(0) if match.groupdict().get("utc_z") else None
    for index, part in enumerate(parts):
        if part.kind == "literal":
            continue
        raw = match.group(f"{part.kind}{index}")
        if raw is None:
            continue
        kind, width = part.kind, len(part.text)
        if kind == "y":
            fields["year"] = int(raw) + (2000 if width <= 2 and int(raw) < 50 else 1900 if width <= 2 else 0)
        elif kind == "M":
            fields["month"] = int(raw) if width <= 2 else _name_index(raw, MONTHS) + 1
        elif kind == "d" and width <= 2:
            fields["day"] = int(raw)
        elif kind in "hH":
            fields["hour"] = int(raw)
        elif kind == "m":
            fields["minute"] = int(raw)
        elif kind == "s":
            fields["second"] = int(raw)
        elif kind in "fF":
            fields["micro"] = int((raw + "000000")[:6]) if raw else 0
        elif kind == "t":
            pm = raw[0].lower() == "p"
        elif kind in "zK" and raw:
            offset = _read_offset(raw)
    if pm is not None:
        fields["hour"] = fields["hour"] % 12 + (12 if pm else 0)
    try:
        value = datetime(
            fields["year"],
            fields["month"],
            fields["day"],
            fields["hour"],
            fields["minute"],
            fields["second"],
            fields["micro"],
        )
    except ValueError as exc:
        raise DateTimeFormatError(f"{text!r} is not a valid date for format {pattern!r}: {exc}") from None
    return _to_utc(value, offset)


def _name_index(raw: str, names: list[str]) -> int:
    lowered = raw.lower()
    for index, name in enumerate(names):
        if lowered in (name.lower(), name[:3].lower()):
            return index
    raise DateTimeFormatError(f"unknown month or day name {raw!r}")


def _read_offset(raw: str) -> timedelta:
    if raw.upper() == "Z":
        return timedelta(0)
    sign = -1 if raw[0] == "-" else 1
    digits = raw[1:].replace(":", "")
    hours = int(digits[:2]) if len(digits) >= 2 else int(digits)
    minutes = int(digits[2:4]) if len(digits) >= 4 else 0
    return sign * timedelta(hours=hours, minutes=minutes)


def _to_utc(value: datetime, offset: timedelta | None) -> datetime:
    if offset is None:
        return value.replace(tzinfo=UTC)  # no zone given: Entra's servers run in UTC
    return (value - offset).replace(tzinfo=UTC)


_ISO = re.compile(
    r"(?P<y>\d{4})-(?P<mo>\d{1,2})-(?P<d>\d{1,2})"
    r"(?:[T ](?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2})(?:\.(?P<f>\d{1,7}))?)?)?"
    r"\s*(?P<z>Z|[+-]\d{2}(?::?\d{2})?)?",
    re.IGNORECASE,
)
_US = re.compile(
    r"(?P<mo>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{4})"
    r"(?:\s+(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2}))?(?:\s*(?P<ampm>[AaPp][Mm]))?)?"
    r"\s*(?P<z>Z|[+-]\d{2}(?::?\d{2})?)?",
)


def parse_datetime(text: str) -> datetime:
    """.NET ``DateTime.Parse`` for the forms Entra's examples use: ISO 8601 and M/d/yyyy h:mm:ss tt."""
    candidate = text.strip()
    for pattern in (_ISO, _US):
        match = pattern.fullmatch(candidate)
        if not match:
            continue
        groups = match.groupdict()
        hour = int(groups["h"] or 0)
        if groups.get("ampm"):
            hour = hour % 12 + (12 if groups["ampm"].lower() == "pm" else 0)
        try:
            value = datetime(
                int(groups["y"]),
                int(groups["mo"]),
                int(groups["d"]),
                hour,
                int(groups["mi"] or 0),
                int(groups["s"] or 0),
                int(((groups.get("f") or "") + "000000")[:6]),
            )
        except ValueError as exc:
            raise DateTimeFormatError(f"{text!r} is not a valid date: {exc}") from None
        return _to_utc(value, _read_offset(groups["z"]) if groups["z"] else None)
    raise DateTimeFormatError(
        f"cannot read {text!r} as a date; use ISO 8601 (2021-06-30T08:00:00+08:00), "
        f"M/d/yyyy h:mm:ss tt, or FormatDateTime to convert other layouts"
    )


def format_entra(value: datetime) -> str:
    """The "M/d/yyyy h:mm:ss tt" UTC text Entra's date functions return."""
    if value.tzinfo is not None:
        value = value.astimezone(UTC)
    return format_datetime(value, ENTRA_FORMAT)
