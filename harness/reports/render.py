"""Writing a :class:`RunReport` as one self-contained HTML file (inline CSS, no scripts, no
external assets) and as JSON. Values are HTML-escaped by Jinja2's autoescaping."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from .model import RunReport


def _pretty(value: Any) -> str:
    if value is None:
        return ""
    return json.dumps(value, indent=2, ensure_ascii=False, sort_keys=True, default=str)


_ENVIRONMENT = Environment(
    loader=PackageLoader("harness.reports", "templates"),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
_ENVIRONMENT.filters["pretty"] = _pretty


def render_html(report: RunReport, *, preface: Markup | str = "") -> str:
    """The page; ``preface`` is HTML placed before the per-user sections. A plain ``str`` is
    escaped; pass ``Markup`` for HTML that was built safely (e.g. serialized lxml elements)."""
    return _ENVIRONMENT.get_template("report.html.j2").render(report=report, preface=preface)


def render_json(report: RunReport, *, extra: Mapping[str, Any] | None = None) -> str:
    """The report as JSON, with ``extra`` merged in at the top level."""
    data = {**report.to_dict(), **(extra or {})}
    return json.dumps(data, indent=2, ensure_ascii=False, default=str)


def write_report(
    report: RunReport,
    html_path: str | Path,
    *,
    preface: Markup | str = "",
    extra: Mapping[str, Any] | None = None,
) -> tuple[Path, Path]:
    """Write ``report.html`` and, beside it, ``report.json``; returns both paths."""
    html = Path(html_path)
    html.parent.mkdir(parents=True, exist_ok=True)
    html.write_text(render_html(report, preface=preface), encoding="utf-8")
    json_path = html.with_suffix(".json")
    json_path.write_text(render_json(report, extra=extra), encoding="utf-8")
    return html, json_path
