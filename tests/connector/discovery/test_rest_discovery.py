"""REST discovery: a described method becomes a discovery entry; samples follow the MIM tool's rules."""

from __future__ import annotations

import json

import pytest

from connector.discovery import DiscoveryError, discover_rest, parse_parameter, write_rest
from connector.template import model as m
from connector.template.loader import read_parts

LIST_RESPONSE = json.dumps({"users": [{"id": "1", "userName": "jdoe"}], "nextPage": None})


def rest(**overrides):
    arguments = {
        "service": "lob",
        "endpoint": "http://lob.test/api/",
        "resource_path": "/users",
        "verb": "GET",
    }
    return discover_rest(**(arguments | overrides))


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("modifiedSince:query:datetime", m.RestParameter("modifiedSince", "query", "datetime", False)),
        ("id:path", m.RestParameter("id", "path", "string", True)),
        ("If-Match:header:string:required", m.RestParameter("If-Match", "header", "string", True)),
        ("page:query:integer:optional", m.RestParameter("page", "query", "integer", False)),
    ],
)
def test_parameters_are_parsed(spec, expected):
    assert parse_parameter(spec) == expected


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("page", "expected NAME:IN"),
        ("page:body", "expected NAME:IN"),
        ("page:query:float", "unknown type 'float'"),
    ],
)
def test_bad_parameters_say_the_expected_form(spec, message):
    with pytest.raises(DiscoveryError, match=message):
        parse_parameter(spec)


def test_a_method_becomes_service_resource_method():
    service = rest(
        parameters=[parse_parameter("modifiedSince:query:datetime")], sample_response=LIST_RESPONSE
    )
    assert (service.name, service.base_address, service.security) == ("lob", "http://lob.test/api", "Basic")
    method = service.resources["users"].methods["list"]
    assert (method.verb, method.address, method.media_type) == ("GET", "/users", "application/json")
    assert list(method.parameters) == ["modifiedSince"]
    assert json.loads(method.sample_response)["users"][0]["userName"] == "jdoe"


def test_path_parameters_come_from_the_path():
    service = rest(resource_path="/users/{id}", verb="DELETE")
    method = service.resources["users"].methods["delete"]
    assert method.parameters == {"id": m.RestParameter("id", "path", "string", True)}
    assert rest(resource_path="/users/{id}").resources["users"].methods["get"].address == "/users/{id}"


def test_a_path_parameter_must_be_in_the_path():
    with pytest.raises(DiscoveryError, match=r"resource path '/users' has no \{id\}"):
        rest(parameters=[parse_parameter("id:path")])


@pytest.mark.parametrize(
    ("sample", "message"),
    [
        ('[{"id": "1"}]', "the sample is a JSON array"),
        ('{"id": "1", "userName": "jdoe"}', "an object without any array"),
        ('{"users": [', r"not valid JSON \(line 1, column"),
    ],
)
def test_a_sample_response_must_be_an_object_holding_an_array(sample, message):
    with pytest.raises(DiscoveryError, match=message) as error:
        rest(sample_response=sample)
    if "JSON" not in message:
        assert "object holding an array" in str(error.value)


def test_a_sample_request_must_be_an_object_for_a_verb_with_a_body():
    service = rest(verb="POST", sample_request='{"userName": "jdoe"}')
    assert service.resources["users"].methods["create"].sample_request == '{"userName": "jdoe"}'
    with pytest.raises(DiscoveryError, match="the sample is a JSON array"):
        rest(verb="POST", sample_request="[1]")
    with pytest.raises(DiscoveryError, match="a GET request has no body"):
        rest(sample_request='{"a": 1}')


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"endpoint": "lob.test"}, "give the service's base address"),
        ({"endpoint": "http://lob.test/api?x=1"}, "without query or fragment"),
        ({"resource_path": "users"}, "starting with '/'"),
        ({"verb": "HEAD"}, "use one of GET, POST"),
        ({"security": "Digest"}, "use one of Basic, None"),
        ({"method_name": "list all"}, "--name 'list all'"),
    ],
)
def test_bad_descriptions_are_refused_clearly(overrides, message):
    with pytest.raises(DiscoveryError, match=message):
        rest(**overrides)


def test_methods_are_added_step_by_step_and_replaced_by_name(tmp_path):
    assert write_rest(tmp_path, rest(sample_response=LIST_RESPONSE)).action == "added"
    assert write_rest(tmp_path, rest(resource_path="/users/{id}", verb="DELETE")).action == "added"
    assert write_rest(tmp_path, rest(resource_path="/groups")).action == "added"
    replaced = write_rest(tmp_path, rest(parameters=[parse_parameter("modifiedSince:query:datetime")]))
    assert replaced.action == "replaced"
    discovery = read_parts(tmp_path).discovery
    service = discovery.rest["lob"]
    assert list(service.resources) == ["users", "groups"]
    users = service.resources["users"]
    assert list(users.methods) == ["list", "delete"]
    assert list(users.methods["list"].parameters) == ["modifiedSince"]
    assert users.methods["list"].sample_response == ""  # the new description replaced the old one whole
    assert users.methods["delete"].parameters["id"].required


def test_rediscovering_with_a_new_endpoint_updates_the_service(tmp_path):
    write_rest(tmp_path, rest())
    write_rest(tmp_path, rest(endpoint="https://lob.example.com/v2", security="None", verb="POST"))
    service = read_parts(tmp_path).discovery.rest["lob"]
    assert (service.base_address, service.security) == ("https://lob.example.com/v2", "None")
    assert list(service.resources["users"].methods) == ["list", "create"]
