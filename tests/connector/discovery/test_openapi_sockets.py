"""OpenAPI discovery over real loopback sockets: the served simulator's document, and references to
other documents followed (with --allow-remote-refs) only to a loopback server."""

from __future__ import annotations

import json
import shutil

import pytest
import requests
from click.testing import CliRunner

from connector.discovery import compare
from connector.discovery.cli import discover_rest
from connector.template.loader import read_parts
from connector.template_cli import validate

from .conftest import WsdlServer, shipped_template

pytestmark = pytest.mark.sockets


def _session() -> requests.Session:
    session = requests.Session()
    session.trust_env = False  # no proxy: loopback only
    return session


def test_discovery_from_the_served_simulator_validates_live_and_differs_only_in_address_and_samples(tmp_path):
    from provlab.serving import serve_in_thread
    from simulator import create_app, rest_url

    template = tmp_path / "rest-lob"
    shutil.copytree(shipped_template("rest-lob"), template)
    (template / "discovery.xml").unlink()
    names = ("listUsers", "getUser", "createUser", "replaceUser", "deleteUser")
    selectors = [a for n in names for a in ("--operation", n)]
    with serve_in_thread(create_app()) as server:
        url = rest_url(server.url) + "/openapi.json"
        result = CliRunner().invoke(
            discover_rest,
            ["--openapi", url, "--into", str(template), "--service", "lob", *selectors],
            obj=_session(),
        )
        assert result.exit_code == 0, result.output
        live = CliRunner().invoke(validate, [str(template), "--live"], obj=_session())
    assert live.exit_code == 0, live.output
    assert "REST service lob matches its published OpenAPI document" in live.stdout
    ours = read_parts(template).discovery
    assert ours.rest["lob"].base_address == f"{server.url}/api/v1"
    shipped = read_parts(shipped_template("rest-lob")).discovery
    kinds = {d.split(" > ")[-1].split(":")[0] for d in compare.discovery_differences(shipped, ours)}
    assert kinds == {"sample response", "sample request", "base address"}


def test_remote_refs_followed_over_loopback_when_allowed(tmp_path):
    from provlab.serving import serve_in_thread

    documents = WsdlServer()
    with serve_in_thread(documents) as server:
        documents.put(
            "/schemas.json",
            json.dumps({"Item": {"type": "object", "properties": {"sku": {"type": "string"}}}}).encode(),
        )
        page = {
            "type": "object",
            "properties": {"items": {"type": "array", "items": {"$ref": f"{server.url}/schemas.json#/Item"}}},
        }
        document = {
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {
                "/items": {
                    "get": {
                        "operationId": "listItems",
                        "responses": {
                            "200": {"description": "x", "content": {"application/json": {"schema": page}}}
                        },
                    }
                }
            },
        }
        documents.put("/openapi.json", json.dumps(document).encode())
        arguments = [
            "--openapi",
            f"{server.url}/openapi.json",
            "--into",
            str(tmp_path),
            "--service",
            "s",
            "--operation",
            "*",
        ]
        refused = CliRunner().invoke(discover_rest, arguments, obj=_session())
        assert refused.exit_code == 1 and "[remote-ref]" in refused.stderr
        assert documents.requests == ["/openapi.json"]
        allowed = CliRunner().invoke(discover_rest, [*arguments, "--allow-remote-refs"], obj=_session())
        assert allowed.exit_code == 0, allowed.output
        assert documents.requests == ["/openapi.json", "/openapi.json", "/schemas.json"]
    method = read_parts(tmp_path).discovery.rest["s"].resources["items"].methods["list"]
    assert json.loads(method.sample_response) == {"items": [{"sku": "string"}]}
