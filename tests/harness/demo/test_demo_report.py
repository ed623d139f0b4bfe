"""``provlab demo --report``: the story user's soft delete as the report shows it, every SAP value
read back from the simulator, and no secret or password anywhere in the HTML or the JSON."""

from __future__ import annotations

import json
import re

import lxml.html
import pytest
from click.testing import CliRunner

from harness.demo import tell_story
from harness.demo.cli import demo
from harness.demo.report import ReportingNarrator
from harness.orchestration import Lab, LabOptions
from simulator.app import DEFAULT_ADMIN_TOKEN, DEFAULT_REST_TOKEN, DEFAULT_SAP_PASSWORD
from tests.harness.demo.test_demo import RecordingNarrator

STEP_TITLES = [
    "Import user",
    "Determine if user is in scope",
    "Match user between source and target",
    "Perform action",
]


def _sent_passwords(lab: Lab) -> set[str]:
    """Capture the export_password values Entra really sends (the lab records them masked)."""
    passwords: set[str] = set()

    def capture(response, *args, **kwargs):
        body = response.request.body or b""
        text = body.decode() if isinstance(body, bytes) else body
        passwords.update(re.findall(r'"export_password"\s*:\s*"([^"]+)"', text))

    lab.entra.client.session.hooks["response"].append(capture)
    return passwords


@pytest.fixture
def written(tmp_path):
    """The demo's story on 4 users, in-process, written as a report."""
    with Lab(LabOptions()) as lab:
        passwords = _sent_passwords(lab)
        reporter = ReportingNarrator(lab, RecordingNarrator())
        result = tell_story(lab, users=4, narrator=reporter)
        html, data = reporter.write(result, tmp_path / "out" / "demo.html")
        secrets = {lab.host.secret, DEFAULT_SAP_PASSWORD, DEFAULT_ADMIN_TOKEN, DEFAULT_REST_TOKEN}
    assert result.ok and passwords, "the story should pass and create users with a password"
    return html, data, secrets | passwords


def _section(page, heading: str):
    sections = [s for s in page.findall(".//section") if heading in s.findtext("h2")]
    assert len(sections) == 1, [s.findtext("h2") for s in page.findall(".//section")]
    return sections[0]


def _rows(table) -> list[list[str]]:
    return [[cell.text_content().strip() for cell in row] for row in table.findall(".//tr")]


def test_the_report_shows_the_soft_delete_from_steps_to_sap(written):
    html, data, _ = written
    assert (html.name, data.name) == ("demo.html", "demo.json") and data.parent == html.parent
    page = lxml.html.parse(str(html)).getroot()
    soft = _section(page, "4. Soft delete")
    assert "MMUSTER" in soft.findtext("h2")
    titles = [step.findtext("strong") for step in soft.find_class("step")]
    assert titles == STEP_TITLES  # the portal's provision-on-demand view
    assert "IsSoftDeleted" in soft.find_class("step")[0].text_content()

    scim, calls, state = (
        _rows(soft.xpath(f"h3[.='{title}']/following-sibling::table[1]")[0])
        for title in ("SCIM exchanges", "Calls to the target (SOAP / REST)", "Target state")
    )
    patch = [row for row in scim if row[1].startswith("PATCH")]
    assert len(patch) == 1 and patch[0][1].endswith("/Users/MMUSTER") and patch[0][2] == "200"
    assert re.search(r'"path": "[^"]*:expirationTime",\s*"value": "1990-01-01"', patch[0][3])
    assert [row[2] for row in calls[1:]] == ["BAPI_USER_CHANGE"]
    assert re.search(r'"LOGONDATA": \{\s*"GLTGB": "1990-01-01"', calls[1][5])
    readback = {row[0]: row[1:] for row in state[1:]}
    assert readback["validTo"] == ["9999-12-31", "1990-01-01"]  # SAP before and after, read back
    assert readback["status"] == ["active", "expired"]
    changed = {row.findtext("td") for row in soft.xpath(".//tr[@class='changed']")}
    assert {"validTo", "status"} <= changed


def test_the_report_tells_the_story_and_summarises_the_initial_cycle(written):
    html, _, _ = written
    page = lxml.html.parse(str(html)).getroot()
    story = _rows(page.find_class("story")[0])
    assert page.xpath("//table[@class='story']//tr/td[2]/*[1]/text()") == [
        "Initial cycle",
        "Provision on demand",
        "Attribute change",
        "Soft delete",
        "Restore",
        "Hard delete",
    ]
    assert story[4][5].startswith("validTo 1990-01-01, status expired") and story[4][6] == "ok"
    assert page.xpath("//table[@class='story']//a[.='Soft delete']/@href") == ["#user-3"]
    initial = _rows(page.find_class("initial-cycle")[0])[1:]
    assert len(initial) == 4
    assert all(row[2] == "create success" and row[4] == "BAPI_USER_CREATE1" for row in initial)
    assert all(row[5].endswith("9999-12-31 · active") for row in initial)


def test_the_json_holds_the_same_story(written):
    _, data, _ = written
    report = json.loads(data.read_text())
    soft = next(u for u in report["users"] if u["source_name"].startswith("4. Soft delete"))
    patch = next(call for call in soft["scim"] if call["method"] == "PATCH")
    assert patch["request_body"]["Operations"][0]["value"] == "1990-01-01"
    assert soft["target_calls"][0]["inputs"]["LOGONDATA"] == {"GLTGB": "1990-01-01"}
    assert (soft["before"]["validTo"], soft["after"]["validTo"]) == ("9999-12-31", "1990-01-01")
    assert "validTo" in soft["changedAttributes"]
    assert report["story"]["ok"] and len(report["story"]["chapters"]) == 6
    assert len(report["initialCycle"]) == 4 and report["summary"]["users"] == 5


def test_no_secret_or_password_appears_in_the_report(written):
    html, data, secrets = written
    for path in (html, data):
        text = path.read_text()
        leaked = [secret for secret in secrets if secret in text]
        assert not leaked, f"{path.name} shows {leaked}"


def test_a_failed_chapter_is_marked_in_the_report(tmp_path):
    with Lab(LabOptions()) as lab:
        lab.target.add_fault("sap:BAPI_USER_CHANGE:sap_error:number=124")  # SAP refuses every change
        reporter = ReportingNarrator(lab, RecordingNarrator())
        result = tell_story(lab, users=2, narrator=reporter)
        html, _ = reporter.write(result, tmp_path / "failed.html")
    page = lxml.html.parse(str(html)).getroot()
    assert "some chapters FAILED" in page.findtext(".//h1")
    soft = _rows(page.find_class("story")[0])[4]
    assert (
        soft[6].startswith("FAILED") and "validTo: expected '1990-01-01', SAP holds '9999-12-31'" in soft[6]
    )


def test_help_names_the_report_option():
    outcome = CliRunner().invoke(demo, ["--help"])
    assert "--report FILE.html" in outcome.output


@pytest.mark.sockets
def test_the_demo_command_writes_the_report_over_https(tmp_path):
    target = tmp_path / "report.html"
    outcome = CliRunner().invoke(demo, ["--users", "2", "--report", str(target)], terminal_width=300)
    assert outcome.exit_code == 0, outcome.output
    assert f"Report: {target} and {target.with_suffix('.json')}" in outcome.output
    text = target.read_text()
    assert "https://localhost:" in text and "provlab-lab-secret-0001" not in text
    assert json.loads(target.with_suffix(".json").read_text())["story"]["ok"]


def test_an_unwritable_report_path_is_refused_before_the_story(tmp_path):
    from click.testing import CliRunner

    from harness.demo.cli import demo

    blocker = tmp_path / "afile"
    blocker.write_text("not a folder")
    result = CliRunner().invoke(demo, ["--users", "2", "--report", str(blocker / "r.html")])
    assert result.exit_code == 2
    assert "afile is a file, not a directory" in result.output
    assert "Initial cycle" not in result.output  # nothing was started
