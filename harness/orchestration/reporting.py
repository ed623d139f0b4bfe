"""Run reports of a :class:`~harness.orchestration.Lab`: what happened in it between two points,
per user, and writing that report with a preface (the demo's story, a scenario's outcome).

:class:`LabRecorder` marks where the lab stands (the target's users and journal, the SCIM
exchanges and log records so far) and later turns what happened since into a
:class:`harness.reports.RunReport` through :class:`harness.reports.ReportCollector`; every
target value in it is read back from the simulator's admin API.

:func:`write_report_page` writes the standard report page with extra sections before the
per-user part, and the same extra data in the JSON. It lives here because ``harness.reports``
has no hook for extra sections yet (a template block would make the DOM insertion unnecessary).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import lxml.html
from lxml.html import builder as E  # noqa: N812 - the builder's documented spelling
from markupsafe import Markup

from harness.reports import ReportCollector, RunReport, write_report

if TYPE_CHECKING:
    from lxml.html import HtmlElement

    from .lab import Lab


class LabRecorder:
    """What a lab did from now until :meth:`finish`, as a report (SCIM exchanges arrive with
    secrets already masked by the lab's recording; the journal stores inputs redacted)."""

    def __init__(self, lab: Lab, title: str) -> None:
        self.lab = lab
        self.collector = ReportCollector(title, clock=lab.options.clock)
        self.collector.read_target_before(lab.target)
        self._sent = len(lab.exchanges)
        self._logged = len(lab.entra.logs.read())

    def finish(self, title: str | None = None) -> RunReport:
        """The report of everything since the recorder was made; call it once, lab still running."""
        if title is not None:
            self.collector.title = title
        for exchange in self.lab.exchanges[self._sent :]:
            self.collector.on_exchange(exchange)
        self.collector.add_records(self.lab.entra.logs.read()[self._logged :])
        self.collector.read_target_after(self.lab.target)
        return self.collector.build()


def write_report_page(
    report: RunReport,
    html_path: str | Path,
    *,
    preface: Sequence[HtmlElement] = (),
    extra: Mapping[str, Any] | None = None,
) -> tuple[Path, Path]:
    """Write ``report`` as ``FILE.html`` with the ``preface`` elements before the per-user
    sections, and ``FILE.json`` with ``extra`` merged in at the top level; returns both paths.

    ``preface`` holds elements built with ``lxml.html.builder``, whose text is escaped when
    serialized, so the result is safe to hand to the template as markup."""
    html = "".join(lxml.html.tostring(element, encoding="unicode") for element in preface)
    return write_report(report, html_path, preface=Markup(html), extra=extra)  # noqa: S704 - escaped by lxml


def outcome_section(heading: str, where: str, failure: str | None) -> list[HtmlElement]:
    """A test's or scenario's header for its report: where it is, passed or failed, and the
    failure as pytest prints it."""
    if failure is None:
        outcome = [E.P("Outcome: ", E.SPAN("passed", E.CLASS("status-pass")))]
    else:
        outcome = [
            E.P("Outcome: ", E.SPAN("failed", E.CLASS("status-failure"))),
            E.PRE(failure, E.CLASS("failure")),
        ]
    return [E.H2(heading), E.P(where, E.CLASS("muted")), *outcome]
