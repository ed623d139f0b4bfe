"""``provlab template validate`` and ``discover-soap`` as a customer runs them."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from connector.template_cli import cli
from tests.connector.template.conftest import SAP_TEMPLATE, line_of, zip_template


def test_validate_accepts_the_sap_template_as_directory_and_as_wsconfig(tmp_path):
    runner = CliRunner()
    result = runner.invoke(cli, ["validate", str(SAP_TEMPLATE)])
    assert result.exit_code == 0, result.output
    assert "valid (6 workflows, 1 shared" in result.output
    archive = zip_template(SAP_TEMPLATE, tmp_path / "sapecc.wsconfig")
    result = runner.invoke(cli, ["validate", str(archive), "--json"])
    assert result.exit_code == 0
    report = json.loads(result.output)
    assert (
        report["valid"] is True
        and report["objectTypes"] == ["User"]
        and "User/FullImport" in report["workflows"]
        and report["shared"] == ["User/ExportErrors"]  # shared pieces load from inside the zip too
    )


def test_validate_prints_every_problem_and_exits_1(sap_copy, edit):
    path = edit(sap_copy / "workflows/User/Delete.xml", 'operation="BAPI_USER_DELETE"', 'operation="NOPE"')
    (sap_copy / "workflows/User/Replace.xml").unlink()
    result = CliRunner().invoke(cli, ["validate", str(sap_copy)])
    assert result.exit_code == 1
    assert f"{path}:{line_of(path, 'NOPE')}:" in result.output
    assert "missing workflow" in result.output and "Replace" in result.output
    assert "2 problem(s)" in result.output


def test_validate_json_lists_problems_with_positions(sap_copy, edit):
    path = edit(sap_copy / "schema.xml", ' anchor="true"', "")
    result = CliRunner().invoke(cli, ["validate", str(sap_copy), "--json"])
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert report["valid"] is False
    [problem] = report["problems"]
    assert problem["file"] == str(path) and problem["line"] == line_of(path, "<ObjectType")
    assert "has no anchor" in problem["message"]


def test_validate_of_a_missing_path_says_so_and_exits_1(tmp_path):
    result = CliRunner().invoke(cli, ["validate", str(tmp_path / "nowhere")])
    assert result.exit_code == 1
    assert "no such template directory or .wsconfig file" in result.output


BROKEN = {
    "bad XML": ("workflows/User/Delete.xml", "not has('userName')", "0 < 1", "0 < 1", "not well-formed XML"),
    "XSD violation": ("workflows/User/Delete.xml", "<Return/>", "<Retrun/>", "<Retrun/>", "workflow XSD"),
    "unknown operation": (
        "workflows/User/Delete.xml",
        '"BAPI_USER_DELETE"',
        '"BAPI_USER_ERASE"',
        "BAPI_USER_ERASE",
        "has no operation 'BAPI_USER_ERASE'",
    ),
    "unknown argument": (
        "workflows/User/Delete.xml",
        '<Argument name="USERNAME"',
        '<Argument name="USER"',
        'name="USER"',
        "has no argument 'USER'",
    ),
    "unknown attribute": (
        "workflows/User/Add.xml",
        "attr('city')",
        "attr('town')",
        "town",
        "attribute 'town'",
    ),
    "missing anchor": ("schema.xml", ' anchor="true"', "", "<ObjectType", "has no anchor"),
    "bad expression": (
        "workflows/User/Add.xml",
        "value=\"upper(attr('userName'))\"",
        "value=\"upper(attr('userName')\"",
        "upper(attr('userName')\"",
        "does not parse",
    ),
    "missing required workflow": (
        "workflows/User/Delete.xml",
        None,
        None,
        "<Capabilities",
        "missing workflow",
    ),
}


@pytest.mark.parametrize("kind", list(BROKEN))
def test_each_kind_of_broken_template_gives_its_file_line_message_and_exit_1(kind, sap_copy, edit):
    relpath, old, new, marker, words = BROKEN[kind]
    path = sap_copy / relpath
    if old is None:
        path.unlink()
        path = sap_copy / "schema.xml"
    else:
        edit(path, old, new)
    result = CliRunner().invoke(cli, ["validate", str(sap_copy)])
    assert result.exit_code == 1
    [line] = [x for x in result.output.splitlines() if words in x]
    assert line.startswith(f"{path}:{line_of(path, marker)}:")


def test_the_connector_assembles_its_own_template_group():
    """validate, discover-soap and discover-rest come with the group itself, not from whoever mounts it."""
    assert sorted(cli.commands) == ["discover-rest", "discover-soap", "validate"]
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    assert all(name in result.output for name in ("validate", "discover-soap", "discover-rest"))
