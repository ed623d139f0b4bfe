"""Reading traffic files: the host's ``--record`` format, one exchange per line, with line numbers.

:func:`provlab.traffic.read_recording` reads the same lines; this reader keeps each
exchange's line number (mismatches are reported as ``file:line``) and its optional
``"note"`` (a human description, which the recorder never writes and the reader ignores).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from provlab.traffic import RecordedExchange


class TrafficError(ValueError):
    """A traffic file that cannot be replayed; the message names ``file:line`` and the fix."""


@dataclass(frozen=True)
class TrafficLine:
    source: str
    line: int
    exchange: RecordedExchange
    note: str | None = None

    @property
    def where(self) -> str:
        return f"{self.source}:{self.line}"


def parse_traffic(text: str, *, source: str) -> list[TrafficLine]:
    """Parse JSON Lines text; blank lines are skipped."""
    lines: list[TrafficLine] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            document = json.loads(raw)
            exchange = RecordedExchange.from_json(document)
        except json.JSONDecodeError as exc:
            raise TrafficError(
                f"{source}:{number}: not valid JSON ({exc.msg} at column {exc.colno})"
            ) from None
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise TrafficError(
                f"{source}:{number}: not a recorded exchange ({exc}); each line needs version 1, "
                "time, request {method, path} and response {status}"
            ) from None
        note = document.get("note") if isinstance(document.get("note"), str) else None
        lines.append(TrafficLine(source, number, exchange, note))
    if not lines:
        raise TrafficError(
            f"{source}: no exchanges; record some with `provlab connector serve --record FILE`"
        )
    return lines


def load_traffic(path: str | Path) -> list[TrafficLine]:
    """Read a traffic file (``.jsonl``)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise TrafficError(f"{path}: cannot read: {exc.strerror}") from None
    return parse_traffic(text, source=str(path))
