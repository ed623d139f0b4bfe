"""Showing results: a rich table on screen, one JSON object per scenario with ``--json``."""

from __future__ import annotations

import json
from typing import Any

from rich.console import Console
from rich.table import Table

from .machine import machine_line
from .model import Measurement


def json_line(measurement: Measurement, machine: dict[str, Any]) -> str:
    return json.dumps({**measurement.to_json(), "machine": machine}, sort_keys=False)


def _rss(measurement: Measurement) -> str:
    return ", ".join(f"{role} {mb:.0f}" for role, mb in measurement.peak_rss_mb.items()) or "-"


def _number(value: float) -> str:
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.3g}"


def _details(measurement: Measurement) -> str:
    return ", ".join(f"{key} {_number(value)}" for key, value in measurement.details.items())


def results_table(measurements: list[Measurement], machine: dict[str, Any]) -> Table:
    table = Table(title="provlab bench", caption=machine_line(machine), caption_justify="left")
    for column, justify in (
        ("scenario", "left"),
        ("N", "right"),
        ("runs", "right"),
        ("seconds (median)", "right"),
        ("users/s", "right"),
        ("ratio to floor", "right"),
        ("peak RSS MB", "left"),
        ("details (medians)", "left"),
    ):
        table.add_column(column, justify=justify, overflow="fold")  # type: ignore[arg-type]
    for m in measurements:
        table.add_row(
            m.scenario,
            f"{m.n:,}" + ("" if m.unit == "users" else f" {m.unit}"),
            str(m.runs),
            f"{m.seconds:.3f}",
            "-" if m.users_per_s is None else f"{m.users_per_s:,.0f}",
            "-" if m.ratio_to_floor is None else f"{m.ratio_to_floor:.2f}×",
            _rss(m),
            _details(m),
        )
    return table


def print_table(
    measurements: list[Measurement], machine: dict[str, Any], console: Console | None = None
) -> None:
    if console is None:
        console = Console()
        if not console.is_terminal:  # a log or a pipe: no wrapping at 80 columns
            console = Console(width=200)
    console.print(results_table(measurements, machine))
