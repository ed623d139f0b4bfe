"""``provlab mappings``: validate, show, convert."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from flask import Flask, jsonify, request

from harness.mappings import load_mapping_text
from harness.mappings.cli import cli
from provlab.serving import serve_in_thread

SAP_ECC_JSON = Path(__file__).resolve().parents[3] / "fixtures" / "mappings" / "sap-ecc.json"


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_validate_against_a_saved_schemas_answer(tmp_path: Path, sap_schemas: dict) -> None:
    schemas = tmp_path / "schemas.json"
    schemas.write_text(json.dumps(sap_schemas), encoding="utf-8")
    result = invoke("validate", str(SAP_ECC_JSON), "--schemas", str(schemas))
    assert result.exit_code == 0, result.output
    assert "11 mappings, 0 errors" in result.output
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "mappings:\n  - {target: userName, source: upn, matching: 1}\n  - {target: shoeSize, source: x}\n"
    )
    result = invoke("validate", str(bad), "--schemas", str(schemas), "--json")
    assert result.exit_code == 1
    payload = json.loads(result.output)
    assert not payload["valid"] and "'shoeSize'" in payload["problems"][0]["message"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{bad", "bad.json:1:2: not valid JSON: Expecting property name"),
        ("[1,2]", "bad.json: not a /Schemas answer: [0] is not a schema object"),
        ('{"a": 1}', "bad.json: not a /Schemas answer (expected an object with Resources or a list"),
        ('{"Resources": [{"id": "u", "attributes": {}}]}', "Resources[0].attributes is a dict"),
        ('{"Resources": []}', "bad.json: the /Schemas answer lists no schemas"),
    ],
)
def test_a_schemas_file_that_is_not_a_schemas_answer_is_one_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: str, message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("bad.json").write_text(content, encoding="utf-8")
    result = invoke("validate", str(SAP_ECC_JSON), "--schemas", "bad.json")
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)  # no traceback
    assert result.output.count("Error:") == 1 and message in result.output, result.output


def test_unreadable_file_is_a_clear_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("mappings:\n  - {target: a, expression: 'Left([x]', matching: 1}\n")
    result = invoke("validate", str(broken))
    assert result.exit_code == 1 and f"{broken}:2: expression: line 1, column 9" in result.output


def test_show_evaluates_a_sample_user_with_secrets_masked() -> None:
    result = invoke(
        "show", "--attr", "userPrincipalName=jsmith@contoso.com", "--attr", "IsSoftDeleted=True", "--json"
    )
    rows = {row["target"].rsplit(":", 1)[1]: row for row in json.loads(result.output)["mappings"]}
    assert rows["userName"]["value"] == "JSMITH"
    assert rows["export_password"]["value"] == "[Redact]"
    assert rows["expirationTime"]["value"] == "1990-01-01"
    update = invoke("show", "--attr", "userPrincipalName=a@b", "--update")
    assert "userName ← " in update.output and "(not sent)" in update.output


def test_convert_both_ways_keeps_the_mapping_set() -> None:
    as_yaml = invoke("convert", str(SAP_ECC_JSON), "--to", "yaml").output
    from_yaml = load_mapping_text(as_yaml, source="converted.yaml", kind="yaml")
    as_json = invoke("convert", "--to", "json").output
    assert load_mapping_text(as_json, source="converted.json", kind="json") == from_yaml
    assert yaml.safe_load(as_yaml)["mappings"][0]["matching"] == 1


@pytest.mark.sockets
def test_validate_reads_schemas_from_a_tenant_url(sap_schemas: dict) -> None:
    app = Flask("schemas")
    seen: list[str] = []

    @app.get("/ecma2host_SAPECC/scim/Schemas")
    def schemas():
        seen.append(request.headers.get("Authorization", ""))
        return jsonify(sap_schemas)

    @app.get("/_health")
    def health():
        return "ok"

    with serve_in_thread(app) as server:
        tenant = f"{server.url}/ecma2host_SAPECC/scim?aadOptscim062020"
        result = invoke("validate", "--tenant-url", tenant, "--secret", "provlab-lab-secret-0001")
    assert result.exit_code == 0, result.output
    assert seen == ["Bearer provlab-lab-secret-0001"]
