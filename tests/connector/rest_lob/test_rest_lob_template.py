"""The shipped rest-lob template: it validates, its discovery is what discover-rest writes, and the
host configuration that points at it selects exactly its attributes."""

from __future__ import annotations

import json

from click.testing import CliRunner

from connector.config import load_host_config
from connector.discovery.cli import discover_rest
from connector.template.loader import load_template
from connector.template_cli import validate
from tests.connector.rest_lob.conftest import HOST_CONFIG, TEMPLATE
from tests.connector.rest_lob.discovery_commands import discovery_runs

# ECMA2Host's DataType for each template attribute type
HOST_TYPES = {"String": "String", "Boolean": "Boolean", "Integer": "Integer", "Binary": "Binary"}


def test_the_template_validates_with_every_workflow_a_rest_lob_needs():
    result = CliRunner().invoke(validate, [str(TEMPLATE), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["valid"] and report["objectTypes"] == ["User"]
    assert report["workflows"] == [
        "User/Add",
        "User/Delete",
        "User/DeltaImport",
        "User/FullImport",
        "User/Replace",
        "User/TestConnection",
    ]


def test_discovery_xml_is_exactly_what_discover_rest_writes(tmp_path):
    for arguments in discovery_runs(tmp_path):
        result = CliRunner().invoke(discover_rest, arguments)
        assert result.exit_code == 0, result.output
    assert (tmp_path / "discovery.xml").read_bytes() == (TEMPLATE / "discovery.xml").read_bytes()


def test_discovery_describes_the_simulators_user_api():
    service = load_template(TEMPLATE).discovery.rest["lob"]
    methods = service.resources["users"].methods
    assert {name: (m.verb, m.address) for name, m in methods.items()} == {
        "list": ("GET", "/users"),
        "get": ("GET", "/users/{id}"),
        "create": ("POST", "/users"),
        "replace": ("PUT", "/users/{id}"),
        "delete": ("DELETE", "/users/{id}"),
    }
    assert set(methods["list"].parameters) == {"page", "pageSize", "modifiedSince"}
    sample = json.loads(methods["list"].sample_response)
    assert isinstance(sample["users"], list) and {"total", "next"} <= set(sample)
    assert service.security == "Basic"


def test_the_host_configuration_selects_exactly_the_template_attributes():
    connector = load_host_config(HOST_CONFIG).connectors[0]
    object_type = load_template(TEMPLATE).schema.object_types["User"]
    declared = {n: a for n, a in object_type.attributes.items() if not a.virtual}
    selected = {a.name: a for a in connector.entry_schema.attributes}
    assert set(selected) == set(declared)
    assert connector.entry_schema.anchor.name == object_type.anchor == "userName"
    for name, attribute in declared.items():
        assert selected[name].data_type == HOST_TYPES[attribute.type], name
    # the disable flow writes the template's Boolean 'active'
    assert connector.entry_schema.deprovisioning.soft_delete_status_attribute == "active"
    assert selected["active"].data_type == "Boolean"


def test_the_host_configuration_runs_the_delta_import_the_template_offers():
    connector = load_host_config(HOST_CONFIG).connectors[0]
    template = load_template(TEMPLATE)
    assert connector.web_service.project == str(TEMPLATE)
    assert connector.capabilities.enable_delta_import
    assert "deltaImport" in template.schema.capabilities.enabled
    assert template.workflow("User", "DeltaImport") is not None
    assert "setPassword" not in template.schema.capabilities.enabled  # the API keeps no passwords
