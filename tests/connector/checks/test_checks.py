"""``provlab connector check``: a host configuration with its template, and a target read-only.

The connector's own checks, run without Entra's mappings: each shipped customer mistake that is the
connector's to find is found by exactly its row, with a fix; the target rows run the template's Test
Connection and Full Import against the in-process simulator."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from connector import check_configuration, check_target, load_files
from connector.cli import check
from connector.config import load_host_config
from provlab.clock import FixedClock
from provlab.transport import wsgi_session
from simulator.app import create_app

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures"
SAP_CONFIG = FIXTURES / "hosts" / "sap-ecc" / "Configuration.xml"
SAP_TEMPLATE = FIXTURES / "templates" / "sap-ecc"
CONNECTOR_ROWS = {
    "host configuration loads",
    "template is valid",
    "selected attributes exist in the template",
    "types agree",
    "deleting flows have a Delete workflow",
    "secret token is long enough",
    "Web Service Project is this template",
}


def _cases() -> list[tuple[str, Path, Path, str, str]]:
    cases = []
    for folder in sorted((FIXTURES / "customer-configs").iterdir()):
        case = yaml.safe_load((folder / "case.yaml").read_text(encoding="utf-8"))
        if case["expect"]["check"] in CONNECTOR_ROWS:
            expect = case["expect"]
            cases.append(
                (
                    folder.name,
                    folder / case["config"],
                    folder / case["template"],
                    expect["check"],
                    expect["message"],
                )
            )
    return cases


def test_the_shipped_sap_configuration_and_template_pass_every_row():
    results = check_configuration(SAP_CONFIG, SAP_TEMPLATE)
    assert {r.name for r in results} == CONNECTOR_ROWS
    assert [r.status for r in results] == ["pass"] * len(CONNECTOR_ROWS), [r.to_dict() for r in results]


@pytest.mark.parametrize("case", _cases(), ids=lambda c: c[0])
def test_each_connector_mistake_is_caught_by_exactly_its_row(case):
    _, config, template, row, message = case
    failed = [r for r in check_configuration(config, template) if r.status == "fail"]
    assert [r.name for r in failed] == [row], [r.to_dict() for r in failed]
    assert any(message in issue.message for issue in failed[0].issues)
    assert all(issue.fix for issue in failed[0].issues)


def test_the_connector_finds_its_share_of_the_shipped_mistakes():
    assert {c[3] for c in _cases()} >= {
        "selected attributes exist in the template",
        "secret token is long enough",
        "template is valid",
        "types agree",
    }


def test_a_host_that_deletes_needs_a_delete_workflow_even_from_an_import_only_template(tmp_path):
    template = tmp_path / "import-only"
    shutil.copytree(SAP_TEMPLATE, template)
    schema = template / "schema.xml"
    schema.write_text(
        schema.read_text(encoding="utf-8").replace(
            'export="true" setPassword="true"', 'export="false" setPassword="false"'
        ),
        encoding="utf-8",
    )
    for operation in ("Add", "Replace", "Delete", "SetPassword"):
        (template / "workflows" / "User" / f"{operation}.xml").unlink()
    results = {r.name: r for r in check_configuration(SAP_CONFIG, template)}
    assert results["template is valid"].status == "pass", results["template is valid"].to_dict()
    row = results["deleting flows have a Delete workflow"]
    assert row.status == "fail"
    assert "has no workflows/User/Delete.xml" in row.issues[0].message
    assert row.issues[0].fix == "add a Delete workflow, or set both flows to None"


def test_rows_whose_files_did_not_load_are_skipped_with_the_reason(tmp_path):
    broken = tmp_path / "Configuration.xml"
    broken.write_text("<ECMA2HostConfiguration>", encoding="utf-8")
    files, loaded = load_files(broken, SAP_TEMPLATE)
    assert files.config is None and files.template is not None
    assert loaded[0].status == "fail" and loaded[1].status == "pass"
    results = check_configuration(broken, SAP_TEMPLATE)
    skipped = {r.name: r.skipped for r in results if r.status == "skip"}
    assert skipped["secret token is long enough"] == "needs the config, which did not load"
    assert skipped["types agree"] == "needs the config, which did not load"


def _simulator_session():
    simulator = create_app(clock=FixedClock("2026-03-02T07:00:00+00:00"))  # an empty SAP
    return wsgi_session("http://sap.check", simulator), simulator


def test_target_rows_run_test_connection_and_full_import_against_the_target():
    session, _ = _simulator_session()
    config = load_host_config(SAP_CONFIG).connectors[0]
    checked = check_target(config, "http://sap.check", session=session)
    connection, imported = checked.results
    assert connection.status == "pass" and "answers the TestConnection workflow" in connection.detail
    assert imported.status == "warn" and imported.issues[0].message == "the target returned no users"
    assert checked.anchors == [] and checked.failed == "nothing to look up"


@pytest.mark.sockets
def test_an_unreachable_target_fails_the_connection_row_and_skips_the_import():
    config = load_host_config(SAP_CONFIG).connectors[0]
    checked = check_target(config, "http://127.0.0.1:9")  # the discard port: nothing listens
    connection, imported = checked.results
    assert connection.status == "fail" and "http://127.0.0.1:9" in connection.issues[0].message
    assert imported.skipped == "the test connection failed"
    assert checked.failed == "the test connection failed"


def test_the_cli_defaults_to_the_web_service_project_and_prints_json():
    result = CliRunner().invoke(check, ["--config", str(SAP_CONFIG), "--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert document["passed"] is True
    assert {c["name"] for c in document["checks"]} == CONNECTOR_ROWS


def test_the_cli_exits_1_with_the_error_and_its_fix():
    case = next(c for c in _cases() if c[0] == "secret-too-short")
    result = CliRunner().invoke(check, ["--config", str(case[1]), "--template", str(case[2])])
    assert result.exit_code == 1
    assert "ECMA2Host requires at least 12" in result.output and "fix: set a random token" in result.output
    assert "FAILED: 1 error" in result.output


def test_the_cli_checks_a_target_read_only():
    session, simulator = _simulator_session()
    before = simulator.store.users()
    result = CliRunner().invoke(
        check,
        ["--config", str(SAP_CONFIG), "--target-url", "http://sap.check", "--json"],
        obj={"target_session": session},
    )
    assert result.exit_code == 0, result.output
    rows = {c["name"]: c["status"] for c in json.loads(result.output)["checks"]}
    assert rows["target: test connection"] == "pass" and rows["target: full import"] == "warn"
    assert simulator.store.users() == before  # nothing was written


def test_the_cli_refuses_a_target_url_that_is_not_http():
    result = CliRunner().invoke(check, ["--config", str(SAP_CONFIG), "--target-url", "sap.example:8000"])
    assert result.exit_code == 2 and "is not an http(s) URL" in result.output
