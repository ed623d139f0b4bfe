"""The demo's console output with rich: a progress bar per cycle, a table per chapter."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from .story import ABSENT, FEATURED_SAP_NAME, SHOWN_FIELDS, Chapter, StoryResult


class RichNarrator:
    """Prints each chapter as it happens; progress bars go away once a cycle ends."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self._progress: Progress | None = None
        self._task: Any = None
        self._number = 0

    def chapter_started(self, title: str, what: str) -> None:
        self._number += 1
        self.console.rule(f"[bold]{self._number}. {title}")
        self.console.print(what)

    def progress(self, done: int, total: int) -> None:
        if self._progress is None:
            self._progress = Progress(
                TextColumn("  provisioning"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=self.console,
                transient=True,
            )
            self._progress.start()
            self._task = self._progress.add_task("cycle", total=total)
        self._progress.update(self._task, completed=done, total=total)
        if done >= total:
            self._stop_progress()

    def _stop_progress(self) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None

    def chapter_done(self, chapter: Chapter) -> None:
        self._stop_progress()
        writes = f" ({'; '.join(chapter.writes)})" if chapter.writes else ""
        self.console.print(f"Entra: {chapter.entra_text}; {chapter.scim_requests} SCIM requests{writes}")
        for title, status in chapter.steps:
            self.console.print(f"  • {title}: [{_colour(status)}]{status}[/]")
        self.console.print(f"SAP calls: {chapter.calls_text}")
        self.console.print(readback_table(chapter))
        for problem in chapter.problems:
            self.console.print(f"[red]✗ {problem}[/]")


def readback_table(chapter: Chapter) -> Table | str:
    """SAP's values as the simulator's admin API returns them (never what Entra sent)."""
    if chapter.sample:
        rows, title = (
            chapter.sample,
            f"The first {len(chapter.sample)} SAP users, read back from the simulator",
        )
    elif chapter.readback is not None:
        rows, title = [chapter.readback], f"SAP user {FEATURED_SAP_NAME}, read back from the simulator"
    else:
        return f"SAP user {FEATURED_SAP_NAME}: {ABSENT} (the simulator's admin API answers 404)"
    table = Table(title=title)
    for name in SHOWN_FIELDS:
        table.add_column(name, style="bold" if name in chapter.expected else None)
    for row in rows:
        table.add_row(*(str(row.get(name) or "") for name in SHOWN_FIELDS))
    return table


def summary_table(result: StoryResult) -> Table:
    table = Table(title=f"Summary: {result.users} users, {result.seconds:.1f} s")
    for column in ("chapter", "Entra", "SCIM requests", "SAP calls", "check", "seconds"):
        table.add_column(column, no_wrap=column != "chapter")
    for chapter in result.chapters:
        table.add_row(
            chapter.title,
            chapter.entra_text,
            str(chapter.scim_requests),
            str(sum(n for op, n in chapter.target_calls.items() if op != "WSDL")),
            "[green]ok[/]" if chapter.ok else "[red]FAILED[/]",
            f"{chapter.seconds:.2f}",
        )
    return table


def _colour(status: str) -> str:
    return {"success": "green", "skipped": "yellow", "failure": "red"}.get(status, "white")
