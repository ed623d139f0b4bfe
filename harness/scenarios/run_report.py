"""A scenario run written as a report (``run_scenario(..., report_to=FILE.html)``, the pytest
plugin's ``--provlab-report``): the scenario, its outcome with the failure text, then per user
the steps, SCIM exchanges, target calls and target state before and after the run."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from lxml.html import builder as E  # noqa: N812 - the builder's documented spelling

from harness.orchestration.reporting import LabRecorder, outcome_section, write_report_page

from .model import Scenario

if TYPE_CHECKING:
    from lxml.html import HtmlElement

    from harness.orchestration import Lab


@contextmanager
def reported(lab: Lab, scenario: Scenario, html_path: Path) -> Iterator[None]:
    """Write the report of what runs inside, whether it passes or fails. A report that cannot be
    written while the scenario fails adds a note to the scenario's error instead of hiding it."""
    recorder = LabRecorder(lab, f"Scenario {scenario.name}")
    try:
        yield
    except Exception as error:
        failure = getattr(error, "report", None) or f"{type(error).__name__}: {error}"
        try:
            _write(recorder, scenario, html_path, failure)
        except Exception as problem:  # noqa: BLE001 - the scenario's own failure matters more
            error.add_note(f"(the report {html_path} could not be written: {problem})")
        raise
    _write(recorder, scenario, html_path, None)


def _write(recorder: LabRecorder, scenario: Scenario, html_path: Path, failure: str | None) -> None:
    outcome = "passed" if failure is None else "failed"
    report = recorder.finish(f"Scenario {scenario.name}: {outcome}")
    summary = {
        "name": scenario.name,
        "file": str(scenario.path),
        "outcome": outcome,
        "failure": failure,
        "steps": [{"title": step.title, "line": step.line} for step in scenario.steps],
    }
    write_report_page(
        report, html_path, preface=scenario_section(scenario, failure), extra={"scenario": summary}
    )


def scenario_section(scenario: Scenario, failure: str | None) -> list[HtmlElement]:
    """The scenario's file, outcome and steps; a failure is shown as the plugin prints it."""
    steps = [E.TR(E.TH("#"), E.TH("step"), E.TH("where"))]
    steps += [
        E.TR(E.TD(str(number)), E.TD(step.title), E.TD(scenario.where(step.line)))
        for number, step in enumerate(scenario.steps, 1)
    ]
    return [
        *outcome_section("Scenario", scenario.where(scenario.line), failure),
        *([E.P(scenario.description)] if scenario.description else []),
        E.TABLE(*steps, E.CLASS("scenario-steps")),
    ]
