"""REST discovery from OpenAPI documents: the simulator's 3.0 document reproduces the shipped rest-lob
discovery, and 3.1 (YAML) and Swagger 2.0 (JSON) documents give what their operations describe."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from connector.discovery import compare
from connector.discovery.cli import discover_rest
from connector.discovery.errors import DiscoveryError, OpenApiRefusedError
from connector.discovery.openapi import build_service, describe_openapi
from connector.discovery.openapi_select import select_operations
from connector.template.loader import read_parts

from .conftest import REST_BASE, openapi_path, shipped_template

SHIPPED_OPERATIONS = ["listUsers", "getUser", "createUser", "replaceUser", "deleteUser"]
HR31 = str(openapi_path("hr-3.1.yaml"))
SWAGGER = str(openapi_path("hr-swagger2.json"))


def _selectors(names: list[str]) -> list[str]:
    return [arg for name in names for arg in ("--operation", name)]


def _shape(value: object) -> object:
    """The JSON structure with every leaf replaced by its type: what MIM builds a type from."""
    if isinstance(value, dict):
        return {k: _shape(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_shape(v) for v in value]
    return type(value).__name__


def _discover(into, location, session, *arguments):
    return CliRunner().invoke(
        discover_rest, ["--openapi", location, "--into", str(into), *arguments], obj=session
    )


def test_the_simulators_openapi_gives_the_shipped_rest_lob_discovery_but_for_sample_values(
    tmp_path, rest_session, openapi_url
):
    result = _discover(
        tmp_path, openapi_url, rest_session, "--service", "lob", *_selectors(SHIPPED_OPERATIONS)
    )
    assert result.exit_code == 0, result.output
    shipped = read_parts(shipped_template("rest-lob")).discovery
    ours = read_parts(tmp_path).discovery
    differences = compare.discovery_differences(shipped, ours)
    # what differs is the values in the samples (the document has no examples), nothing else
    assert {d.split(": ", 1)[0] for d in differences} == {
        "REST service lob > resource users > method list > sample response",
        "REST service lob > resource users > method create > sample request",
        "REST service lob > resource users > method replace > sample request",
    }
    for name, sample in (
        ("list", "sample_response"),
        ("create", "sample_request"),
        ("replace", "sample_request"),
    ):
        theirs = getattr(shipped.rest["lob"].resources["users"].methods[name], sample)
        mine = getattr(ours.rest["lob"].resources["users"].methods[name], sample)
        assert _shape(json.loads(mine)) == _shape(json.loads(theirs)), name
    assert rest_session.network.urls == []  # nothing but the simulator was asked


def test_with_examples_in_the_document_the_shipped_discovery_xml_comes_out_byte_for_byte(
    tmp_path, rest_session, openapi_url, hr_server, hr_session
):
    document = rest_session.get(openapi_url).json()
    shipped_xml = (shipped_template("rest-lob") / "discovery.xml").read_bytes()
    shipped = read_parts(shipped_template("rest-lob")).discovery.rest["lob"].resources["users"].methods
    users = document["paths"]["/users"]
    users["get"]["responses"]["200"]["content"]["application/json"]["example"] = json.loads(
        shipped["list"].sample_response
    )
    document["components"]["schemas"]["UserInput"]["example"] = json.loads(shipped["create"].sample_request)
    document["servers"] = [{"url": f"{REST_BASE}/api/v1"}]
    hr_server.put("/openapi.json", json.dumps(document).encode())
    result = _discover(
        tmp_path,
        "http://hr.test/openapi.json",
        hr_session,
        "--service",
        "lob",
        *_selectors(SHIPPED_OPERATIONS),
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "discovery.xml").read_bytes() == shipped_xml


def test_openapi_31_yaml_types_examples_nullables_and_recursion(tmp_path):
    result = _discover(
        tmp_path, HR31, None, "--service", "hr", "--operation", "listEmployees", "--operation", "hireEmployee"
    )
    assert result.exit_code == 0, result.output
    service = read_parts(tmp_path).discovery.rest["hr"]
    assert service.base_address == "https://hr.test/people/v2"  # the first server
    assert service.security == "Basic"  # bearer or basic: the template sends basic
    methods = service.resources["employees"].methods
    listing = methods["list"]
    assert [(p.name, p.where, p.type, p.required) for p in listing.parameters.values()] == [
        ("cursor", "query", "string", False),  # from a $ref to components/parameters
        ("hiredAfter", "query", "datetime", False),  # type [string, "null"], date-time
    ]
    page = json.loads(listing.sample_response)
    employee = page["employees"][0]
    # examples lists give the values; unquoted YAML dates stay text; allOf merges; recursion stops once
    assert employee == {
        "login": "jdoe",
        "surname": "Doe",
        "hired": "2026-02-01",
        "manager": {},
        "id": 42,
        "reports": [{}],
    }
    assert page["nextCursor"] == "string"
    hire = json.loads(methods["create"].sample_request)
    assert "id" not in hire  # readOnly: not in a request
    assert hire["login"] == "jdoe" and hire["manager"] == {"reports": [{}]}
    assert (
        "contains itself; shown once"
        in _discover(tmp_path, HR31, None, "--service", "hr", "--operation", "listEmployees", "--full").output
    )


def test_openapi_31_operations_the_template_cannot_express_are_refused_with_their_place(tmp_path):
    description = describe_openapi(HR31)
    refused = {op.operation_id: op.refusals for op in description.operations if not op.usable}
    assert {k: [r.rule for r in v] for k, v in refused.items()} == {
        "countEmployees": ["verb"],
        "getEmployee": ["cookie-parameter"],
        "changeEmployee": ["polymorphic"],
        "dismissEmployee": ["security"],
    }
    cookie = refused["getEmployee"][0]
    assert cookie.pointer == "#/paths/~1employees~1{employeeId}/get/parameters/0"
    assert cookie.line == 56 and cookie.source == HR31
    assert str(cookie).startswith(
        f"{HR31}:56 (#/paths/~1employees~1{{employeeId}}/get/parameters/0): [cookie-parameter]"
    )
    polymorphic = refused["changeEmployee"][0]
    assert polymorphic.pointer.endswith("/patch/requestBody/content/application~1json/schema/oneOf")
    result = _discover(tmp_path, HR31, None, "--service", "hr", "--operation", "changeEmployee")
    assert result.exit_code == 1 and "[polymorphic] oneOf with 2 alternatives" in result.stderr
    assert f"{HR31}:71 (" in result.stderr  # the line of its oneOf
    assert not (tmp_path / "discovery.xml").exists()


def test_security_override_lets_a_bearer_only_operation_through(tmp_path):
    refused = _discover(tmp_path, HR31, None, "--service", "hr", "--operation", "dismissEmployee")
    assert refused.exit_code == 1 and "[security] the operation authenticates with bearer" in refused.stderr
    allowed = _discover(
        tmp_path, HR31, None, "--service", "hr", "--operation", "dismissEmployee", "--security", "Basic"
    )
    assert allowed.exit_code == 0, allowed.output
    assert read_parts(tmp_path).discovery.rest["hr"].security == "Basic"


def test_swagger_20_body_parameters_headers_host_and_base_path(tmp_path):
    result = _discover(tmp_path, SWAGGER, None, "--service", "legacy", "--operation", "/people*")
    assert result.exit_code == 0, result.output
    assert "left out DELETE /people/{login} (removePerson)" in result.stderr  # apiKey only
    assert "left out POST /people/{login}/photo (uploadPhoto)" in result.stderr  # a form upload
    service = read_parts(tmp_path).discovery.rest["legacy"]
    assert service.base_address == "https://legacy.hr.test:8443/api" and service.security == "Basic"
    methods = service.resources["people"].methods
    assert list(methods) == ["list", "create", "replace"]
    assert [(p.name, p.where, p.type, p.required) for p in methods["list"].parameters.values()] == [
        ("offset", "query", "integer", False),
        ("changedSince", "query", "datetime", False),
        ("X-Tenant", "header", "string", True),
    ]
    assert json.loads(methods["create"].sample_request) == {
        "login": "jdoe",
        "displayName": "string",
        "active": True,
        "tags": ["string"],
    }
    assert json.loads(methods["list"].sample_response)["people"][0]["login"] == "jdoe"
    assert methods["replace"].parameters["login"].required and not methods["replace"].sample_response


def test_swagger_20_refusals():
    description = describe_openapi(SWAGGER)
    assert description.version == "2.0"
    refused = {
        op.operation_id: [r.rule for r in op.refusals] for op in description.operations if not op.usable
    }
    assert refused == {"removePerson": ["security"], "uploadPhoto": ["body-media-type"]}


def test_selection_order_is_the_order_chosen_and_wildcards_match_paths_and_verbs():
    description = describe_openapi(SWAGGER)
    chosen, left_out = select_operations(description.operations, ["PUT /people/*", "listPeople", "* /people"])
    assert [op.operation_id for op in chosen] == ["putPerson", "listPeople", "addPerson"]
    assert left_out == []
    with pytest.raises(DiscoveryError, match="matches no operation") as missing:
        select_operations(description.operations, ["listPersons"])
    assert "GET /people (listPeople)" in str(missing.value)  # the list of what there is
    with pytest.raises(OpenApiRefusedError, match="cannot be used in a template"):
        select_operations(description.operations, ["removePerson"])


def test_method_names_by_verb_clash_and_by_operation_id_do_not(tmp_path):
    description = describe_openapi(HR31)
    chosen, _ = select_operations(description.operations, ["listEmployees", "hireEmployee"])
    verb = build_service(description, chosen, service="hr")
    assert verb.methods == {
        "GET /employees": ("employees", "list"),
        "POST /employees": ("employees", "create"),
    }
    by_id = build_service(description, chosen, service="hr", method_names="operation-id")
    assert list(by_id.service.resources["employees"].methods) == ["listEmployees", "hireEmployee"]
    document = {
        "openapi": "3.0.3",
        "info": {"title": "two lists", "version": "1"},
        "servers": [{"url": "http://api.test"}],
        "paths": {
            "/users": {"get": {"operationId": "a", "responses": {"204": {"description": "x"}}}},
            "/groups/{id}/users": {
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                "get": {"operationId": "b", "responses": {"204": {"description": "x"}}},
            },
        },
    }
    path = tmp_path / "two.json"
    path.write_text(json.dumps(document))
    two = describe_openapi(str(path))
    with pytest.raises(DiscoveryError, match="would both be method 'list' of resource 'users'"):
        build_service(two, two.operations, service="x")
    assert list(
        build_service(two, two.operations, service="x", method_names="operation-id")
        .service.resources["users"]
        .methods
    ) == ["a", "b"]


def test_a_file_with_a_relative_server_needs_endpoint(tmp_path, rest_session, openapi_url):
    path = tmp_path / "openapi.json"
    path.write_bytes(rest_session.get(openapi_url).content)  # servers: [{"url": "/api/v1"}]
    result = _discover(tmp_path / "t", str(path), None, "--service", "lob", "--operation", "getUser")
    assert result.exit_code == 1 and "give the base address with --endpoint" in result.stderr
    given = _discover(
        tmp_path / "t",
        str(path),
        None,
        "--service",
        "lob",
        "--operation",
        "getUser",
        "--endpoint",
        "http://lob.test/api/v1",
    )
    assert given.exit_code == 0, given.output
    assert read_parts(tmp_path / "t").discovery.rest["lob"].base_address == "http://lob.test/api/v1"


def test_rediscovery_merges_methods_into_the_service(tmp_path, rest_session, openapi_url):
    first = _discover(tmp_path, openapi_url, rest_session, "--service", "lob", "--operation", "listUsers")
    again = _discover(
        tmp_path,
        openapi_url,
        rest_session,
        "--service",
        "lob",
        "--operation",
        "listUsers",
        "--operation",
        "updateUser",
    )
    assert first.exit_code == again.exit_code == 0
    assert "methods lob > users > list, update replaced in" in again.output
    methods = read_parts(tmp_path).discovery.rest["lob"].resources["users"].methods
    assert list(methods) == ["list", "update"]
    record = json.loads((tmp_path / "openapi" / "lob.json").read_text())
    assert record["source"] == openapi_url
    assert record["methods"] == {"users/list": "GET /users", "users/update": "PATCH /users/{id}"}
