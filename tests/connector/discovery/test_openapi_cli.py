"""``discover-rest --openapi`` as an administrator (or CI) runs it: listing, choosing at a prompt or
with --operation, JSON output, usage errors, and the result checked by ``template validate --live``."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest
from click.testing import CliRunner

from connector.discovery.cli import discover_rest
from connector.template_cli import validate

from .conftest import REPO, openapi_path, shipped_template

SHIPPED = ["listUsers", "getUser", "createUser", "replaceUser", "deleteUser"]


@pytest.fixture
def runner():
    return CliRunner()


def _selectors(names):
    return [a for n in names for a in ("--operation", n)]


def test_list_shows_every_operation_numbered_and_why_some_cannot_be_used(runner, rest_session, openapi_url):
    result = runner.invoke(discover_rest, ["--openapi", openapi_url, "--list"], obj=rest_session)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("OpenAPI 3.0 document 'provlab line-of-business user API 1.0.0'")
    assert lines[1].split()[:4] == ["1.", "GET", "/users", "listUsers"]
    assert len([line for line in lines if line.strip()[:1].isdigit()]) == 7
    hr = runner.invoke(discover_rest, ["--openapi", str(openapi_path("hr-3.1.yaml")), "--list"])
    assert "   - HEAD   /employees" in hr.stdout and "cannot be used:" in hr.stdout and "[verb]" in hr.stdout


def test_list_as_json(runner):
    result = runner.invoke(
        discover_rest, ["--openapi", str(openapi_path("hr-swagger2.json")), "--list", "--json"]
    )
    document = json.loads(result.stdout)
    assert document["document"]["version"] == "2.0"
    by_id = {op["operationId"]: op for op in document["operations"]}
    assert by_id["listPeople"]["usable"] and by_id["listPeople"]["security"] == "basic"
    refusal = by_id["uploadPhoto"]["refusals"][0]
    assert refusal["rule"] == "body-media-type" and refusal["pointer"].endswith("/post/parameters/0")
    assert refusal["line"] > 0


def test_interactive_choice_by_number(runner, tmp_path, rest_session, openapi_url):
    result = runner.invoke(
        discover_rest,
        ["--openapi", openapi_url, "--into", str(tmp_path), "--service", "lob", "--interactive"],
        obj=rest_session,
        input="x\n9\n1,3-4\n",
    )
    assert result.exit_code == 0, result.output
    assert (
        "'x' is not a number or a range" in result.stderr and "'9': choose between 1 and 7" in result.stderr
    )
    assert "methods lob > users > list, get, replace added in" in result.stdout
    nothing = runner.invoke(
        discover_rest,
        ["--openapi", openapi_url, "--into", str(tmp_path / "n"), "--service", "lob", "--interactive"],
        obj=rest_session,
        input="\n",
    )
    assert nothing.exit_code == 1 and "nothing chosen" in nothing.stderr
    assert not (tmp_path / "n").exists()


def test_without_a_terminal_or_operation_it_says_how_to_choose(runner, tmp_path, rest_session, openapi_url):
    result = runner.invoke(
        discover_rest,
        ["--openapi", openapi_url, "--into", str(tmp_path), "--service", "lob"],
        obj=rest_session,
    )
    assert result.exit_code == 2 and "--operation SELECTOR" in result.stderr


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--openapi", "x.json", "--resource", "/users"], "--resource: describes one method by hand"),
        (["--openapi", "x.json", "--method", "GET", "--name", "n"], "--method, --name: describes one method"),
        (["--operation", "listUsers", "--into", "t", "--service", "s"], "--operation: only with --openapi"),
        (["--into", "t", "--service", "s", "--endpoint", "http://a.test"], "Missing option '--resource'"),
    ],
)
def test_by_hand_and_openapi_options_do_not_mix(runner, arguments, message):
    result = runner.invoke(discover_rest, arguments)
    assert result.exit_code == 2 and message in result.stderr


def test_json_output_lists_methods_operations_and_fields(runner, tmp_path, rest_session, openapi_url):
    result = runner.invoke(
        discover_rest,
        [
            "--openapi",
            openapi_url,
            "--into",
            str(tmp_path),
            "--service",
            "lob",
            "--json",
            *_selectors(SHIPPED),
        ],
        obj=rest_session,
    )
    document = json.loads(result.stdout)
    assert document["ok"] and document["action"] == "added"
    assert [(o["operationId"], o["method"]) for o in document["operations"]] == [
        ("listUsers", "list"),
        ("getUser", "get"),
        ("createUser", "create"),
        ("replaceUser", "replace"),
        ("deleteUser", "delete"),
    ]
    fields = {f["path"]: f for f in document["operations"][0]["response"]["fields"]}
    assert fields["users[].userName"] == {"path": "users[].userName", "type": "string", "required": True}
    assert fields["next"]["type"] == "string, nullable"
    refused = runner.invoke(
        discover_rest,
        [
            "--openapi",
            str(openapi_path("hr-3.1.yaml")),
            "--into",
            str(tmp_path / "r"),
            "--service",
            "hr",
            "--json",
            "--operation",
            "getEmployee",
        ],
    )
    assert refused.exit_code == 1
    answer = json.loads(refused.stdout)
    assert not answer["ok"] and answer["refusals"][0]["rule"] == "cookie-parameter"


def test_the_result_validates_and_live_finds_no_difference_until_the_document_changes(
    runner, tmp_path, rest_session, openapi_url, hr_server, hr_session
):
    template = tmp_path / "rest-lob"
    shutil.copytree(shipped_template("rest-lob"), template)
    (template / "discovery.xml").unlink()
    written = runner.invoke(
        discover_rest,
        ["--openapi", openapi_url, "--into", str(template), "--service", "lob", *_selectors(SHIPPED)],
        obj=rest_session,
    )
    assert written.exit_code == 0, written.output
    valid = runner.invoke(validate, [str(template), "--live"], obj=rest_session)
    assert valid.exit_code == 0, valid.output
    assert "REST service lob matches its published OpenAPI document" in valid.stdout
    moved = runner.invoke(
        validate, [str(template), "--live", "--target-url", "http://hr.test"], obj=hr_session
    )
    assert (
        moved.exit_code == 1 and "live unreachable: lob (http://hr.test/api/v1/openapi.json)" in moved.stdout
    )
    document = rest_session.get(openapi_url).json()
    listing = document["paths"]["/users"]["get"]
    listing["parameters"] = [p for p in listing["parameters"] if p["name"] != "modifiedSince"]
    del document["paths"]["/users/{id}"]["delete"]
    hr_server.put("/api/v1/openapi.json", json.dumps(document).encode())
    changed = runner.invoke(
        validate, [str(template), "--live", "--target-url", "http://hr.test"], obj=hr_session
    )
    assert changed.exit_code == 1
    assert (
        "live changed: lob (http://hr.test/api/v1/openapi.json): "
        "users/delete: operation DELETE /users/{id} is no longer" in changed.stdout
    )
    assert "resource users > method list > parameter modifiedSince: removed" in changed.stdout
    assert "base address" not in changed.stdout  # moved onto --target-url, as for WSDLs


def test_a_hand_made_rest_service_is_not_compared_live(runner):
    result = runner.invoke(validate, [str(shipped_template("rest-lob")), "--live"])
    assert result.exit_code == 0, result.output
    assert "OpenAPI" not in result.stdout


def test_the_openapi_libraries_load_only_when_a_document_is_read():
    code = (
        "import sys, connector.template_cli, connector.discovery.openapi_cli;"
        "print(sorted(m for m in ('openapi_spec_validator', 'jsonschema_path', 'referencing', 'jsonschema')"
        " if m in sys.modules))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True
    )
    assert loaded.stdout.strip() == "[]"
