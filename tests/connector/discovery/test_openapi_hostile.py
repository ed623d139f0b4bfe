"""Hostile and broken OpenAPI documents are refused cleanly: exit 1, what is wrong and where, no
traceback, and nothing fetched that the document points to unless --allow-remote-refs says so."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from connector.discovery import openapi_source
from connector.discovery.cli import discover_rest
from connector.discovery.errors import OpenApiRefusedError
from connector.discovery.openapi import describe_openapi
from connector.discovery.openapi_refs import RefPolicy, RefRefused, handlers
from connector.discovery.openapi_source import parse_openapi

PAGE = {
    "type": "object",
    "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Item"}}},
}


def _document(schemas: dict, *, item_schema: dict | None = None) -> dict:
    """A valid 3.0 document with one list operation answering ``PAGE`` whose items are ``Item``."""
    return {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "servers": [{"url": "http://api.test"}],
        "paths": {
            "/items": {
                "get": {
                    "operationId": "listItems",
                    "responses": {
                        "200": {
                            "description": "items",
                            "content": {"application/json": {"schema": item_schema or PAGE}},
                        }
                    },
                }
            }
        },
        "components": {"schemas": schemas},
    }


def _run(tmp_path, location, *arguments, session=None):
    result = CliRunner().invoke(
        discover_rest,
        [
            "--openapi",
            str(location),
            "--into",
            str(tmp_path / "t"),
            "--service",
            "s",
            "--operation",
            "*",
            *arguments,
        ],
        obj=session,
    )
    assert "Traceback" not in result.output
    return result


def _write(tmp_path, name, content) -> str:
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return str(path)


def _refused(result, *texts):
    assert result.exit_code == 1, result.output
    for text in texts:
        assert text in result.stderr, result.stderr


# --- size and shape ---------------------------------------------------------------------------------


def test_a_file_over_16_mib_is_refused_unread(tmp_path):
    path = tmp_path / "huge.json"
    with path.open("wb") as fh:
        fh.truncate(17 * 1024 * 1024)
    _refused(_run(tmp_path, path), "larger than 16 MiB")


def test_an_answer_over_16_mib_is_refused(tmp_path, hr_session):
    def big(environ, start_response):  # noqa: ANN001 - WSGI
        start_response("200 OK", [("Content-Type", "application/json")])
        return (b" " * (1024 * 1024) for _ in range(17))

    from provlab.transport import mount_wsgi

    mount_wsgi(hr_session, "http://big.test", big)
    _refused(_run(tmp_path, "http://big.test/openapi.json", session=hr_session), "larger than 16 MiB")


@pytest.mark.parametrize("depth", [100, 100_000])
def test_deep_json_nesting_is_refused(tmp_path, depth):
    text = '{"openapi": "3.0.3", "x": ' + "[" * depth + "]" * depth + "}"
    _refused(_run(tmp_path, _write(tmp_path, "deep.json", text)), "[too-deep]", "nested more than 64 levels")


def test_deep_yaml_nesting_is_refused(tmp_path):
    text = "openapi: 3.0.3\nx: " + "[" * 5000 + "]" * 5000 + "\n"
    _refused(_run(tmp_path, _write(tmp_path, "deep.yaml", text)), "[too-deep]")


def test_a_yaml_alias_bomb_is_refused_before_it_expands(tmp_path, monkeypatch):
    monkeypatch.setattr(openapi_source, "MAX_VALUES", 10_000)  # the same check, reached sooner
    lines = ["openapi: 3.0.3", 'l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 9):
        lines.append(f"l{level}: &l{level} [" + ", ".join([f"*l{level - 1}"] * 9) + "]")
    _refused(
        _run(tmp_path, _write(tmp_path, "bomb.yaml", "\n".join(lines) + "\n")), "[too-large]", "YAML aliases"
    )


def test_a_schema_that_fans_out_into_a_huge_sample_is_refused(tmp_path):
    fan = {f"p{i}": {"$ref": "#/components/schemas/B"} for i in range(30)}
    schemas = {
        "Item": {"type": "object", "properties": fan},
        "B": {
            "type": "object",
            "properties": {f"q{i}": {"$ref": "#/components/schemas/C"} for i in range(30)},
        },
        "C": {"type": "object", "properties": {f"r{i}": {"type": "string"} for i in range(30)}},
    }
    path = _write(tmp_path, "fan.json", json.dumps(_document(schemas)))
    _refused(_run(tmp_path, path), "[sample-too-large] the body expands to more than 10,000 values")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("a: !!python/object/apply:os.system ['echo owned']\n", "not valid YAML"),
        ("openapi: 3.0.3\nx: !!binary aGVsbG8=\n", "[not-json]"),
        ("[1, 2, 3]\n", "not a JSON/YAML object"),
        ("<html><body>Please log in</body></html>\n", "not a JSON/YAML object"),
        ('{"openapi": "3.0.3", "info": ', "not valid JSON"),
        ("key: [unclosed\n", "not valid YAML"),
    ],
)
def test_documents_that_are_no_json_or_safe_yaml_are_refused(tmp_path, content, expected):
    _refused(_run(tmp_path, _write(tmp_path, "bad.yaml", content)), expected)


def test_not_utf8_is_refused(tmp_path):
    _refused(
        _run(tmp_path, _write(tmp_path, "latin.json", b'{"openapi": "3.0.3", "x": "\xe9"}')), "not UTF-8"
    )


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        ({"foo": 1}, "neither an 'openapi' nor a 'swagger' field"),
        ({"openapi": "3.2.0", "info": {}, "paths": {}}, "'openapi: 3.2.0' is not a version discovery reads"),
        ({"swagger": "1.2"}, "'swagger: 1.2' is not a version"),
    ],
)
def test_other_documents_and_versions_are_refused(tmp_path, document, expected):
    _refused(_run(tmp_path, _write(tmp_path, "v.json", json.dumps(document))), "[version]", expected)


def test_an_invalid_document_is_refused_with_pointers_and_lines(tmp_path):
    text = (
        "openapi: 3.0.3\ninfo:\n  title: t\npaths:\n  /a:\n    get:\n      parameters:\n"
        "        - name: x\n          in: body\n      responses:\n        200:\n          description: ok\n"
    )
    path = _write(tmp_path, "invalid.yaml", text)
    _refused(
        _run(tmp_path, path),
        "not a valid OpenAPI 3.0 document",
        f"{path}:2 (#/info): [invalid] not valid OpenAPI 3.0: 'version' is a required property",
        f"{path}:8 (#/paths/~1a/get/parameters/0): [invalid]",
    )


# --- references -------------------------------------------------------------------------------------


def test_ref_loops_are_refused_before_any_library_follows_them(tmp_path):
    schemas = {"Item": {"$ref": "#/components/schemas/Other"}, "Other": {"$ref": "#/components/schemas/Item"}}
    path = _write(tmp_path, "loop.json", json.dumps(_document(schemas), indent=2))
    result = _run(tmp_path, path)
    _refused(
        result, "[ref-loop] $refs that point only at each other, in a loop", "(#/components/schemas/Item)"
    )


def test_a_long_chain_of_refs_is_refused(tmp_path):
    schemas = {f"S{i}": {"$ref": f"#/components/schemas/S{i + 1}"} for i in range(40)}
    schemas["Item"] = {"$ref": "#/components/schemas/S0"}
    schemas["S40"] = {"type": "string"}
    _refused(
        _run(tmp_path, _write(tmp_path, "chain.json", json.dumps(_document(schemas)))),
        "more than 32 $refs in a row",
    )


def test_a_ref_to_nowhere_is_refused_with_its_place(tmp_path):
    path = _write(
        tmp_path, "nowhere.json", json.dumps(_document({"Item": {"$ref": "#/components/schemas/Gone"}}))
    )
    _refused(_run(tmp_path, path), "[unresolvable-ref] $ref '#/components/schemas/Gone' points at nothing")


def test_a_recursive_schema_is_expanded_once(tmp_path):
    schemas = {
        "Item": {
            "type": "object",
            "properties": {
                "name": {"type": "string"},
                "children": {"type": "array", "items": {"$ref": "#/components/schemas/Item"}},
            },
        }
    }
    description = describe_openapi(_write(tmp_path, "tree.json", json.dumps(_document(schemas))))
    sample = json.loads(description.operations[0].response.sample)
    assert sample == {"items": [{"name": "string", "children": [{}]}]}


def test_remote_refs_are_refused_and_never_fetched(tmp_path, hr_session, hr_server):
    schemas = {"Item": {"$ref": "http://schemas.test/item.json"}}
    hr_server.put("/openapi.json", json.dumps(_document(schemas)).encode())
    result = _run(tmp_path, "http://hr.test/openapi.json", session=hr_session)
    _refused(
        result,
        "[remote-ref] $ref 'http://schemas.test/item.json' points at another document",
        "--allow-remote-refs",
    )
    assert hr_server.requests == ["/openapi.json"] and hr_session.network.urls == []


def test_a_relative_file_ref_is_refused_without_the_flag(tmp_path):
    _write(tmp_path, "item.json", json.dumps({"type": "object", "properties": {"sku": {"type": "string"}}}))
    path = _write(tmp_path, "main.json", json.dumps(_document({"Item": {"$ref": "item.json"}})))
    _refused(_run(tmp_path, path), "[remote-ref] $ref 'item.json'")


def test_with_the_flag_refs_to_other_documents_are_read_through_the_session(tmp_path, hr_session, hr_server):
    hr_server.put("/schemas/item.yaml", b"type: object\nproperties:\n  sku: {type: string, example: A-1}\n")
    hr_server.put("/openapi.json", json.dumps(_document({"Item": {"$ref": "schemas/item.yaml"}})).encode())
    result = _run(tmp_path, "http://hr.test/openapi.json", "--allow-remote-refs", session=hr_session)
    assert result.exit_code == 0, result.output
    assert hr_server.requests == ["/openapi.json", "/schemas/item.yaml"]
    assert hr_session.network.urls == []
    from connector.template.loader import read_parts

    method = read_parts(tmp_path / "t").discovery.rest["s"].resources["items"].methods["list"]
    assert json.loads(method.sample_response) == {"items": [{"sku": "A-1"}]}


def test_with_the_flag_a_file_document_reads_files_next_to_it(tmp_path):
    _write(tmp_path, "item.json", json.dumps({"type": "object", "properties": {"sku": {"type": "integer"}}}))
    path = _write(tmp_path, "main.json", json.dumps(_document({"Item": {"$ref": "item.json"}})))
    result = _run(tmp_path, path, "--allow-remote-refs")
    assert result.exit_code == 0, result.output


def test_even_with_the_flag_a_served_document_cannot_make_discovery_read_local_files(
    tmp_path, hr_session, hr_server
):
    secret = _write(tmp_path, "secret.json", json.dumps({"type": "string", "example": "do not read"}))
    schemas = {"Item": {"$ref": f"file://{secret}"}}
    hr_server.put("/openapi.json", json.dumps(_document(schemas)).encode())
    result = _run(tmp_path, "http://hr.test/openapi.json", "--allow-remote-refs", session=hr_session)
    _refused(result, "a document read over HTTP may not make discovery read a local file")


def test_the_retriever_refuses_every_scheme_unless_allowed():
    document = parse_openapi(
        json.dumps(_document({"Item": {"type": "string"}})).encode(), "d.json", "file:///d.json"
    )
    table = handlers(RefPolicy(document))
    for scheme in ("http", "https", "file", "ftp", "gopher", "data"):
        assert scheme in table  # so jsonschema-path never falls back to fetching on its own
        with pytest.raises(RefRefused, match="does not read unless --allow-remote-refs"):
            table[scheme](f"{scheme}://x.test/y.json")
    allowed = RefPolicy(document, allow_remote=True)
    with pytest.raises(RefRefused, match="http.s. and file references only"):
        allowed.load("ftp://x.test/y.json")


def test_the_library_sees_remote_refs_only_through_the_policy(tmp_path):
    """Even past the pre-scan (a reference that is only remote through its base), the validator's
    retrieval goes through the policy: here a 3.1 schema with an absolute $id."""
    schemas = {
        "Item": {
            "$id": "http://elsewhere.test/item",
            "type": "object",
            "properties": {"x": {"$ref": "other.json"}},
        }
    }
    document = _document(schemas)
    document["openapi"] = "3.1.0"
    path = _write(tmp_path, "id.json", json.dumps(document))
    with pytest.raises(OpenApiRefusedError) as refused:
        describe_openapi(path)
    assert refused.value.rules == ["remote-ref"]
