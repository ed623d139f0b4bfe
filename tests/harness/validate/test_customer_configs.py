"""The shipped configuration passes; each broken customer configuration is caught, with a fix."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from harness.validate import validate
from harness.validate.cli import validate as validate_command

from .conftest import SHIPPED, customer_cases

CASES = customer_cases()


def test_the_shipped_configuration_passes_every_check_and_the_whole_suite():
    report = validate(*SHIPPED)
    assert report.passed, json.dumps(report.to_dict(), indent=2)
    by_name = {r.name: r for r in report.results}
    assert all(r.status == "pass" for r in report.results)
    for step in ("create", "match", "update", "restore", "delete"):
        assert f"suite: {step}" in by_name
    soft_delete = by_name["suite: soft delete (expirationTime / disable flow)"]
    assert "expirationTime 1990-01-01" in soft_delete.detail
    assert "expirationTime 9999-12-31" in by_name["suite: restore"].detail
    assert "gone from the target" in by_name["suite: delete"].detail


def test_there_is_a_case_for_each_kind_of_cross_check():
    checks = {case.check for case in CASES}
    assert {
        "mapped attributes are selected in the host",
        "anchor is mapped and used for matching",
        "types agree",
        "disable flow fits the mappings",
        "template is valid",
        "suite: create",
    } <= checks


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_each_mistake_is_caught_by_exactly_its_check_with_an_actionable_message(case):
    report = validate(case.config, case.template, case.mappings)
    assert not report.passed
    failed = [r for r in report.results if r.status == "fail"]
    assert {r.name for r in failed if r.kind == "static"} <= {case.check}, [r.to_dict() for r in failed]
    (result,) = [r for r in failed if r.name == case.check]
    assert any(case.message in issue.message for issue in result.issues), result.to_dict()
    assert all(issue.fix for issue in result.issues)  # every error says how to fix it


def test_the_cli_prints_the_table_the_error_and_the_fix_and_exits_1():
    case = next(c for c in CASES if c.name == "disable-flow-delete")
    result = CliRunner().invoke(
        validate_command,
        ["--config", str(case.config), "--template", str(case.template), "--mappings", str(case.mappings)],
    )
    assert result.exit_code == 1, result.output
    assert "disable flow fits the mappings" in result.output and "FAIL" in result.output
    assert "error (disable flow fits the mappings):" in result.output
    assert "fix: set <SoftDelete>None</SoftDelete>" in result.output
    assert "skipped: fix the errors above first" in result.output  # the suite waits for a clean configuration
    assert "FAILED: 1 error, 0 warnings" in result.output


def test_the_cli_json_output_for_the_shipped_configuration():
    args = [
        "--config",
        str(SHIPPED[0]),
        "--template",
        str(SHIPPED[1]),
        "--mappings",
        str(SHIPPED[2]),
        "--json",
    ]
    result = CliRunner().invoke(validate_command, args)
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert document["passed"] is True
    assert [c["name"] for c in document["checks"] if c["kind"] == "suite"][-1] == "suite: delete"


def test_allow_writes_needs_a_target_url():
    args = [
        "--config",
        str(SHIPPED[0]),
        "--template",
        str(SHIPPED[1]),
        "--mappings",
        str(SHIPPED[2]),
        "--allow-writes",
    ]
    result = CliRunner().invoke(validate_command, args)
    assert result.exit_code == 2
    assert "--allow-writes only applies with --target-url" in result.output


def _cli_text(*args: str) -> str:
    return CliRunner().invoke(validate_command, [*args], color=False).output


def test_the_text_output_keeps_bracketed_attribute_references():
    """Expressions quote attributes as [name]; rich must not swallow them as markup tags."""
    case = next(c for c in CASES if c.name == "anchor-not-mapped")
    output = _cli_text(
        "--config", str(case.config), "--template", str(case.template), "--mappings", str(case.mappings)
    )
    assert "fix: map urn:ietf:params:scim:schemas:extension:ECMA2Host:2.0:User:userName" in output
    assert 'ToUpper(Word([userPrincipalName], 1, "@"), )' in output


def test_render_prints_data_that_looks_like_markup_verbatim():
    from io import StringIO

    from rich.console import Console

    from provlab.check_table import render_checks
    from provlab.checks import CheckResult, Issue

    failed = CheckResult("types [bold]agree[/bold]", "static", [Issue("[city] is [red]x[/red]", "map [upn]")])
    passed = CheckResult("mappings load", "static", detail="Switch([IsSoftDeleted], , [x])")
    out = StringIO()
    render_checks([failed, passed], Console(file=out, width=300, color_system=None), title="provlab validate")
    text = out.getvalue()
    assert "types [bold]agree[/bold]" in text and "[city] is [red]x[/red]" in text
    assert "fix: map [upn]" in text and "Switch([IsSoftDeleted], , [x])" in text


def test_an_unknown_connector_names_the_ones_the_configuration_has():
    output = _cli_text(
        "--config", str(SHIPPED[0]), "--template", str(SHIPPED[1]), "--mappings", str(SHIPPED[2]),
        "--connector", "NOPE", "--json",
    )  # fmt: skip
    (check,) = [c for c in json.loads(output)["checks"] if c["name"] == "host configuration loads"]
    assert check["issues"][0]["message"].endswith("no connector named 'NOPE'; it has SAPECC")
