"""The text of a failed scenario: where, expected vs actual with a hint, then the SCIM
exchanges and the target calls of the failing step — what a newcomer needs to act."""

from __future__ import annotations

import json
from typing import Any

from .expectations import Mismatch

MAX_EXCHANGES = 12
MAX_BODY = 600


def format_failure(
    *,
    scenario: Any,
    index: int,
    step: Any,
    mismatches: list[Mismatch],
    exchanges: list[Any],
    calls: list[dict[str, Any]],
    error: str = "",
) -> str:
    lines = [
        f"Scenario {scenario.name!r} failed at step {index} of {len(scenario.steps)} ({step.title}), "
        f"{scenario.where(step.line)}",
        "",
    ]
    if error:
        lines += [f"  the step could not run: {error}", ""]
    for mismatch in mismatches:
        lines += [
            f"  ✗ {scenario.where(mismatch.line)}: {mismatch.what}",
            f"      expected: {_show(mismatch.expected)}",
            f"      actual:   {_show(mismatch.actual)}",
        ]
        if mismatch.hint:
            lines.append(f"      hint: {mismatch.hint}")
        lines.append("")
    lines.append("SCIM exchanges in this step (Entra → connector host):")
    lines += _exchanges(exchanges) or ["  (none)"]
    lines.append("")
    lines.append("Target calls in this step (connector host → simulator journal):")
    lines += _calls(calls) or ["  (none)"]
    return "\n".join(lines)


def _exchanges(exchanges: list[Any]) -> list[str]:
    shown = exchanges[-MAX_EXCHANGES:]
    lines = []
    if len(exchanges) > len(shown):
        lines.append(f"  … {len(exchanges) - len(shown)} earlier exchanges left out")
    for number, exchange in enumerate(shown, len(exchanges) - len(shown) + 1):
        status = exchange.status if exchange.status is not None else "no answer"
        lines.append(f"  {number}. {exchange.method} {exchange.url} → {status}")
        if exchange.request_body is not None:
            lines.append(f"       request:  {_json(exchange.request_body)}")
        if exchange.response_body is not None:
            lines.append(f"       response: {_json(exchange.response_body)}")
    return lines


def _calls(calls: list[dict[str, Any]]) -> list[str]:
    lines = []
    for number, call in enumerate((c for c in calls if c["operation"] != "WSDL"), 1):
        outcome = f"{call['outcome']} (HTTP {call['status']})"
        lines.append(f"  {number}. {call['service']} {call['operation']} → {outcome}")
        if call.get("inputs"):
            lines.append(f"       inputs: {_json(call['inputs'])}")
        if call.get("detail"):
            lines.append(f"       answer: {_json(call['detail'])}")
    return lines


def _json(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= MAX_BODY else text[: MAX_BODY - 1] + "…"


def _show(value: Any) -> str:
    return value if isinstance(value, str) and value.startswith("(") else repr(value)
