"""Writing a :class:`RunReport` as one self-contained HTML file (inline CSS, no scripts, no
external assets) and as JSON. Values are HTML-escaped by Jinja2's autoescaping."""

from __future__ import annotations

import json
import os
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


class ReportPathError(ValueError):
    """A report path that cannot be written; the message names the path and what is in the way."""


def check_report_path(html_path: str | Path) -> None:
    """Fail before a run, not after it, when FILE.html or FILE.json beside it cannot be written.

    Nothing is created: the nearest existing folder must be a folder we may write in, and the two
    files, if they exist, must be writable files.
    """
    html = Path(html_path)
    problem = _path_problem(html)
    if problem:
        raise ReportPathError(f"cannot write the report to {html}: {problem}; pick a writable --report path")


def _path_problem(html: Path) -> str | None:
    for path in (html, html.with_suffix(".json")):
        if path.is_dir():
            return f"{path} is a directory"
        if path.exists() and not os.access(path, os.W_OK):
            return f"{path} is not writable"
    folder = html.parent
    while not folder.exists():
        folder = folder.parent
    if not folder.is_dir():
        return f"{folder} is a file, not a directory"
    if not os.access(folder, os.W_OK | os.X_OK):
        return f"no permission to write in {folder}"
    return None


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
