"""The pass/fail table ``provlab validate`` prints (rich), and the problems under it."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from .results import FAIL, PASS, SKIP, WARN, ValidationReport

_STYLE = {PASS: "green", FAIL: "bold red", WARN: "yellow", SKIP: "dim"}


def render(report: ValidationReport, console: Console) -> None:
    table = Table(title="provlab validate", show_lines=False)
    table.add_column("check")
    table.add_column("result")
    table.add_column("details", overflow="fold")
    for result in report.results:
        if result.skipped:
            detail = f"skipped: {result.skipped}"
        elif result.issues:
            detail = "; ".join(issue.message for issue in result.issues)
        else:
            detail = result.detail
        table.add_row(result.name, Text(result.status.upper(), style=_STYLE[result.status]), detail)
    console.print(table)
    problems = [(r.name, issue) for r in report.results for issue in r.issues]
    for name, issue in problems:
        label = "error" if issue.error else "warning"
        console.print(
            f"[{'red' if issue.error else 'yellow'}]{label}[/] ({name}): {issue.message}", highlight=False
        )
        if issue.fix:
            console.print(f"  fix: {issue.fix}", highlight=False)
    verdict = "[green]PASSED[/]" if report.passed else "[bold red]FAILED[/]"
    errors = sum(1 for _, issue in problems if issue.error)
    console.print(f"{verdict}: {errors} error(s), {len(problems) - errors} warning(s)")
