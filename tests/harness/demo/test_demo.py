"""The demo tells its story against the real chain, and shows what SAP holds, not what was sent."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from harness.demo import tell_story
from harness.demo.cli import demo
from harness.orchestration import Lab, LabOptions


class RecordingNarrator:
    def __init__(self) -> None:
        self.titles: list[str] = []
        self.progress_calls = 0

    def chapter_started(self, title: str, what: str) -> None:
        self.titles.append(title)

    def progress(self, done: int, total: int) -> None:
        self.progress_calls += 1

    def chapter_done(self, chapter) -> None:
        pass


@pytest.fixture
def lab():
    with Lab(LabOptions()) as running:
        yield running


def test_the_story_reads_every_value_back_from_sap(lab):
    narrator = RecordingNarrator()
    result = tell_story(lab, users=8, narrator=narrator)
    assert result.ok, [c.problems for c in result.chapters]
    assert narrator.titles == [
        "Initial cycle",
        "Provision on demand",
        "Attribute change",
        "Soft delete",
        "Restore",
        "Hard delete",
    ]
    assert narrator.progress_calls > 8
    initial, on_demand, change, soft, restore, hard = result.chapters
    assert initial.counts == {"create": 8} and len(initial.sample) == 5
    assert on_demand.steps[-1] == ("Perform action", "success") and on_demand.readback["firstName"] == "Max"
    assert (change.readback["department"], change.readback["city"]) == ("Sales", "Berlin")
    assert (soft.readback["validTo"], soft.readback["status"]) == ("1990-01-01", "expired")
    assert soft.target_calls == {"BAPI_USER_CHANGE": 1} and soft.writes == ["PATCH /Users/MMUSTER → 200"]
    assert (restore.readback["validTo"], restore.readback["status"]) == ("9999-12-31", "active")
    assert hard.readback is None and hard.target_calls == {"BAPI_USER_DELETE": 1}
    assert result.target_users == 8


def test_a_chapter_fails_when_sap_does_not_take_the_change(lab):
    lab.target.add_fault("sap:BAPI_USER_CHANGE:sap_error:number=124")  # every change is refused
    result = tell_story(lab, users=3, narrator=RecordingNarrator())
    assert not result.ok
    soft = result.chapters[3]
    assert soft.readback["validTo"] == "9999-12-31"  # what SAP holds, though Entra sent 1990-01-01
    assert "validTo: expected '1990-01-01', SAP holds '9999-12-31'" in soft.problems


@pytest.mark.sockets
def test_the_demo_command_runs_over_https_and_leaves_nothing_running():
    import threading

    before = {t.name for t in threading.enumerate()}
    outcome = CliRunner().invoke(demo, ["--users", "5", "--json"])
    assert outcome.exit_code == 0, outcome.output
    report = json.loads(outcome.stdout[outcome.stdout.index("{") :])
    assert report["ok"] and report["targetUsers"] == 5 and len(report["chapters"]) == 6
    assert report["chapters"][3]["readback"]["validTo"] == "1990-01-01"
    servers = {t.name for t in threading.enumerate() if t.name.startswith(("waitress", "cheroot"))}
    assert servers <= before


def test_demo_help_names_the_story():
    outcome = CliRunner().invoke(demo, ["--help"])
    assert outcome.exit_code == 0
    assert (
        "--keep-running" in outcome.output and "--users" in outcome.output and "1990-01-01" in outcome.output
    )


@pytest.mark.sockets
def test_keep_running_prints_what_a_client_needs_then_stops_on_a_signal(monkeypatch):
    """In-process view of the endpoints banner; tests/harness/demo/test_stop_signals.py sends real signals."""
    import signal

    from provlab.signals import StopSignals

    monkeypatch.setattr(StopSignals, "wait", lambda self: signal.SIGINT)
    outcome = CliRunner().invoke(demo, ["--users", "2", "--keep-running"], terminal_width=200)
    assert outcome.exit_code == 0, outcome.output
    for line in (
        "WSDL: http://127.0.0.1:",
        "Tenant URL: https://localhost:",
        "Secret Token: provlab-lab-secret-0001",
    ):
        assert line in outcome.output
    assert "Certificate file (trust this in clients):" in outcome.output
    assert "received SIGINT, stopping" in outcome.output and "stopped" in outcome.output
