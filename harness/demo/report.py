"""The demo's report (``provlab demo --report FILE.html``): the story chapter by chapter, the
story user's every step, SCIM exchange, SAP call and SAP state before and after each chapter,
and the initial cycle's users summarised — one self-contained HTML file plus JSON.

:class:`ReportingNarrator` wraps the console narrator and records each chapter with a
:class:`~harness.orchestration.reporting.LabRecorder`; nothing in the story changes for it.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lxml.html import builder as E  # noqa: N812 - the builder's documented spelling

from harness.orchestration.reporting import LabRecorder, write_report_page
from harness.reports import RunReport, UserSection

from .story import ABSENT, FEATURED_SAP_NAME, FEATURED_UPN, Chapter, Narrator, StoryResult

if TYPE_CHECKING:
    from lxml.html import HtmlElement

    from harness.orchestration import Lab


class ReportingNarrator:
    """Passes every call on to ``inner`` and keeps, per chapter, the report of what it did."""

    def __init__(self, lab: Lab, inner: Narrator) -> None:
        self.lab = lab
        self.inner = inner
        self.chapters: list[tuple[Chapter, RunReport]] = []
        self._recorder: LabRecorder | None = None

    def chapter_started(self, title: str, what: str) -> None:
        self._recorder = LabRecorder(self.lab, title)
        self.inner.chapter_started(title, what)

    def progress(self, done: int, total: int) -> None:
        self.inner.progress(done, total)

    def chapter_done(self, chapter: Chapter) -> None:
        if self._recorder is not None:
            self.chapters.append((chapter, self._recorder.finish()))
            self._recorder = None
        self.inner.chapter_done(chapter)

    def write(self, result: StoryResult, html_path: str | Path) -> tuple[Path, Path]:
        """Write FILE.html and FILE.json; returns both paths."""
        report = story_report(result, self.chapters, generated=self.lab.options.clock.now().isoformat())
        rows = initial_cycle_rows(self.chapters[0][1].users if self.chapters else [])
        preface = [*story_section(self.chapters), *initial_cycle_section(rows)]
        extra = {"story": result.to_dict(), "initialCycle": rows}
        return write_report_page(report, html_path, preface=preface, extra=extra)


def is_featured(user: UserSection) -> bool:
    return (user.target_id or "").upper() == FEATURED_SAP_NAME or user.source_name == FEATURED_UPN


def story_report(
    result: StoryResult, chapters: list[tuple[Chapter, RunReport]], *, generated: str
) -> RunReport:
    """One report of the whole story: the story user's section per chapter (named after it),
    traffic tied to no user from every chapter, and the counts of all chapters together."""
    users = [
        replace(user, source_name=f"{number}. {chapter.title}: {user.source_name}")
        for number, (chapter, part) in enumerate(chapters, 1)
        for user in part.users
        if is_featured(user)
    ]
    parts = [part for _, part in chapters]
    verdict = "every chapter as expected" if result.ok else "some chapters FAILED"
    return RunReport(
        title=f"provlab demo: {result.users} users, {verdict}",
        generated=generated,
        users=users,
        other_scim=[call for part in parts for call in part.other_scim],
        other_target_calls=[call for part in parts for call in part.other_target_calls],
        summary=combined_summary(parts),
    )


def combined_summary(parts: list[RunReport]) -> dict[str, Any]:
    """The header counts of several partial reports taken together (each user counted once)."""
    users = {(u.target_id or u.source_name).lower() for part in parts for u in part.users}
    keys = ("attempts", "failures", "scimExchanges", "targetCalls")
    return {"users": len(users), **{key: sum(part.summary.get(key, 0) for part in parts) for key in keys}}


def initial_cycle_rows(users: list[UserSection]) -> list[dict[str, Any]]:
    """One line per user of the initial cycle: Entra's outcome, the traffic, what SAP holds after."""
    rows = []
    for user in users:
        last = user.attempts[-1] if user.attempts else None
        after = user.after or {}
        rows.append(
            {
                "user": user.source_name,
                "sapUser": user.target_id,
                "action": last.action if last else "",
                "status": last.status if last else "",
                "scimExchanges": len(user.scim),
                "sapCalls": [call.operation for call in user.target_calls],
                "sapAfter": {key: after.get(key) for key in ("firstName", "lastName", "validTo", "status")}
                if user.after
                else None,
            }
        )
    return rows


def story_section(chapters: list[tuple[Chapter, RunReport]]) -> list[HtmlElement]:
    """The chapters in a table, each linking to the story user's section for it."""
    header = E.TR(
        *(E.TH(name) for name in ("#", "chapter", "Entra", "SCIM requests", "SAP calls")),
        E.TH(f"{FEATURED_SAP_NAME} read back from SAP"),
        E.TH("check"),
    )
    rows = [header]
    shown = 0  # the story user's sections so far; the report's sections are numbered from 1
    for number, (chapter, part) in enumerate(chapters, 1):
        featured = sum(1 for user in part.users if is_featured(user))
        title = E.A(chapter.title, href=f"#user-{shown + 1}") if featured else E.SPAN(chapter.title)
        shown += featured
        rows.append(
            E.TR(
                E.TD(str(number)),
                E.TD(title, E.DIV(chapter.what, E.CLASS("muted"))),
                E.TD(chapter.entra_text),
                E.TD(str(chapter.scim_requests)),
                E.TD(chapter.calls_text),
                E.TD(_readback(chapter)),
                E.TD(
                    "ok" if chapter.ok else "FAILED",
                    *(E.DIV(problem) for problem in chapter.problems),
                    E.CLASS("status-ok" if chapter.ok else "status-failure"),
                ),
            )
        )
    return [
        E.H2("The story"),
        E.P(
            f"Each chapter makes Entra do one thing; {FEATURED_UPN} ({FEATURED_SAP_NAME} in SAP) is the "
            "story user. Its sections below show, per chapter, the steps as the portal's provision-on-demand "
            "view shows them, the SCIM exchanges, the SAP calls from the simulator's journal and SAP's "
            "state before and after, read back from the simulator.",
            E.CLASS("muted"),
        ),
        E.TABLE(*rows, E.CLASS("story")),
    ]


def _readback(chapter: Chapter) -> str:
    if chapter.readback is None:
        return ABSENT
    return ", ".join(f"{key} {chapter.readback.get(key)}" for key in ("validTo", "status", "department"))


def initial_cycle_section(rows: list[dict[str, Any]]) -> list[HtmlElement]:
    header = E.TR(
        *(E.TH(name) for name in ("user", "SAP user", "Entra", "SCIM", "SAP calls", "SAP after (read back)"))
    )
    lines = [header]
    for row in rows:
        after = row["sapAfter"]
        shown = ABSENT if after is None else " · ".join(str(after[key]) for key in after)
        lines.append(
            E.TR(
                E.TD(row["user"]),
                E.TD(row["sapUser"] or ""),
                E.TD(f"{row['action']} ", E.SPAN(row["status"], E.CLASS(f"status-{row['status']}"))),
                E.TD(str(row["scimExchanges"])),
                E.TD(", ".join(op for op in row["sapCalls"] if op != "WSDL")),
                E.TD(shown),
            )
        )
    return [
        E.H2(f"Initial cycle: {len(rows)} users, summarised"),
        E.TABLE(*lines, E.CLASS("initial-cycle")),
        E.H2(f"{FEATURED_UPN}, chapter by chapter"),
    ]
