"""The pass/fail table that ``provlab validate`` and ``provlab connector check`` print (rich), and the
problems under it.

Every piece of data (messages, fixes, names) goes in as ``rich.text.Text``, never as a markup string:
messages quote expressions such as ``[userPrincipalName]``, which rich would take for a style tag and drop.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.table import Table
from rich.text import Text

from .checks import FAIL, PASS, SKIP, WARN, CheckResult, passed
from .wording import counted

_STYLE = {PASS: "green", FAIL: "bold red", WARN: "yellow", SKIP: "dim"}


def render_checks(results: Sequence[CheckResult], console: Console, *, title: str) -> None:
    table = Table(title=title, show_lines=False)
    table.add_column("check")
    table.add_column("result")
    table.add_column("details", overflow="fold")
    for result in results:
        if result.skipped:
            detail = f"skipped: {result.skipped}"
        elif result.issues:
            detail = "; ".join(issue.message for issue in result.issues)
        else:
            detail = result.detail
        table.add_row(
            Text(result.name), Text(result.status.upper(), style=_STYLE[result.status]), Text(detail)
        )
    console.print(table)
    problems = [(r.name, issue) for r in results for issue in r.issues]
    for name, issue in problems:
        label = ("error", "red") if issue.error else ("warning", "yellow")
        console.print(Text.assemble(label, f" ({name}): {issue.message}"))
        if issue.fix:
            console.print(Text(f"  fix: {issue.fix}"))
    verdict = "[green]PASSED[/]" if passed(list(results)) else "[bold red]FAILED[/]"
    errors = sum(1 for _, issue in problems if issue.error)
    console.print(f"{verdict}: {counted(errors, 'error')}, {counted(len(problems) - errors, 'warning')}")
