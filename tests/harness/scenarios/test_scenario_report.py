"""Scenario reports (``run_scenario(report_to=...)``, the plugin's ``--provlab-report DIR``): one
HTML page plus JSON per scenario, passed or failed, with what SAP held read back from the simulator."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import lxml.html
import pytest

from harness.scenarios import ScenarioFailure, load_scenario, run_scenario
from tests.harness.scenarios.conftest import ROOT, SUITE_DIR
from tests.harness.scenarios.test_plugin import FIXTURE_TEST, _load_plugin

DISABLE = SUITE_DIR / "sap" / "disable-user.scenario.yaml"


@pytest.fixture
def wrong_scenario(tmp_path):
    """The disable scenario expecting a validTo SAP never gets."""
    path = tmp_path / "wrong.scenario.yaml"
    path.write_text(DISABLE.read_text().replace("validTo: 1990-01-01", "validTo: 1999-12-31"))
    return path


def _state(page) -> dict[str, list[str]]:
    """The target state table (attribute → [before, after]) of the report's only user."""
    (section,) = page.findall(".//section")
    table = section.xpath("h3[.='Target state']/following-sibling::table[1]")[0]
    rows = [[cell.text_content().strip() for cell in row] for row in table.findall(".//tr")]
    return {row[0]: row[1:] for row in rows[1:] if len(row) == 3}


def test_a_passing_scenario_is_reported_per_user(tmp_path):
    html = tmp_path / "disable.html"
    run_scenario(load_scenario(DISABLE), report_to=html)
    page = lxml.html.parse(str(html)).getroot()
    assert page.findtext(".//h1") == "Scenario Disable through expirationTime, then re-enable: passed"
    (section,) = page.findall(".//section")
    assert section.findtext("h2") == "mmuster@contoso.com → MMUSTER"
    attempts = [h3.text_content() for h3 in section.findall("h3") if " · " in h3.text_content()]
    assert [a.split(" · ")[1:] for a in attempts] == [
        ["create", "success"],
        ["disable", "success"],
        ["update", "success"],
    ]
    assert _state(page)["validTo"] == ["", "9999-12-31"]  # not in SAP before; re-enabled after
    steps = page.find_class("scenario-steps")[0].findall(".//tr")
    assert [row[1].text_content() for row in steps[1:]] == [
        "cycle",
        "event disable mmuster@contoso.com",
        "cycle",
        "re-enable",
        "cycle",
    ]
    data = json.loads(html.with_suffix(".json").read_text())
    assert data["scenario"]["outcome"] == "passed" and data["scenario"]["failure"] is None
    assert [call["operation"] for call in data["users"][0]["target_calls"]].count("BAPI_USER_CHANGE") == 2


def test_a_failing_scenario_is_reported_with_its_failure(tmp_path, wrong_scenario):
    html = tmp_path / "wrong.html"
    with pytest.raises(ScenarioFailure):
        run_scenario(load_scenario(wrong_scenario), report_to=html)
    page = lxml.html.parse(str(html)).getroot()
    assert page.findtext(".//h1").endswith(": failed")
    failure = page.find_class("failure")[0].text_content()
    assert "failed at step 3 of 5" in failure and "expected: '1999-12-31'" in failure
    assert _state(page)["validTo"] == ["", "1990-01-01"]  # what SAP really holds, read back
    data = json.loads(html.with_suffix(".json").read_text())
    assert data["scenario"]["outcome"] == "failed" and "actual:   '1990-01-01'" in data["scenario"]["failure"]


def test_the_plugin_writes_a_report_per_item_and_per_lab_fixture_test(tmp_path, wrong_scenario):
    (tmp_path / "disable.scenario.yaml").write_text(DISABLE.read_text())
    (tmp_path / "test_fixtures.py").write_text(FIXTURE_TEST)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "pytest", *_load_plugin(), "-p", "no:cacheprovider", "-q"]
    command += ["--rootdir", str(tmp_path), "--provlab-report", "reports", "-W", "ignore::DeprecationWarning"]
    result = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    output = result.stdout + result.stderr
    assert result.returncode == 1 and "1 failed, 2 passed" in output, output
    assert f"provlab: 3 report(s) in {tmp_path / 'reports'}" in output
    reports = sorted(p.name for p in (tmp_path / "reports").iterdir())
    assert reports == [
        "disable.scenario.yaml_Disable_through_expirationTime_then_re-enable.html",
        "disable.scenario.yaml_Disable_through_expirationTime_then_re-enable.json",
        "test_fixtures.py_test_the_fixtures_form_one_chain.html",
        "test_fixtures.py_test_the_fixtures_form_one_chain.json",
        "wrong.scenario.yaml_Disable_through_expirationTime_then_re-enable.html",
        "wrong.scenario.yaml_Disable_through_expirationTime_then_re-enable.json",
    ]
    failed = json.loads((tmp_path / "reports" / reports[5]).read_text())
    assert failed["scenario"]["outcome"] == "failed"
    assert failed["users"][0]["after"]["validTo"] == "1990-01-01"
    fixtures = json.loads((tmp_path / "reports" / reports[3]).read_text())
    assert fixtures["test"]["outcome"] == "passed"
    assert fixtures["users"][0]["after"]["lastName"] == "Muster"
