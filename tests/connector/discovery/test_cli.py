"""The discover-soap and discover-rest commands, as a customer runs them."""

from __future__ import annotations

import json

import click
import pytest
from click.testing import CliRunner

from connector.discovery.cli import discover_rest, discover_soap
from connector.template.loader import read_parts

from .conftest import SAP_TEMPLATE, wsdl_path

EMPLOYEE = str(wsdl_path("employee.wsdl"))


@pytest.fixture
def runner():
    return CliRunner()


def test_discover_soap_prints_the_tree_and_writes_the_template(runner, tmp_path):
    result = runner.invoke(discover_soap, [EMPLOYEE, "--into", str(tmp_path / "hr")])
    assert result.exit_code == 0, result.stderr
    assert "SOAP service EmployeeService" in result.stdout
    assert (
        "endpoint EmployeeSoap (binding EmployeeBinding) at http://hr.test/EmployeeService.svc"
        in result.stdout
    )
    assert "in:  MaxRows" in result.stdout
    assert f"service EmployeeService added in {tmp_path / 'hr' / 'discovery.xml'}" in result.stdout
    assert (tmp_path / "hr" / "wsdl" / "EmployeeService.wsdl").exists()
    again = runner.invoke(discover_soap, [EMPLOYEE, "--into", str(tmp_path / "hr"), "--full"])
    assert "service EmployeeService replaced" in again.stdout
    assert "item: Employee [0..n]" in again.stdout and "Phone: string [0..3]" in again.stdout


def test_discover_soap_json(runner, tmp_path):
    result = runner.invoke(discover_soap, [EMPLOYEE, "--into", str(tmp_path), "--service", "Hr", "--json"])
    document = json.loads(result.stdout)
    assert document["ok"] and document["action"] == "added" and document["service"]["name"] == "Hr"
    operations = document["service"]["endpoints"][0]["operations"]
    assert [o["name"] for o in operations] == ["AddEmployee", "GetEmployees"]
    assert operations[1]["input"][0] == {
        "name": "MaxRows",
        "type": "int",
        "minOccurs": 0,
        "maxOccurs": 1,
        "children": [],
    }


@pytest.mark.parametrize(
    "fixture", ["soap12_only.wsdl", "two_bindings.wsdl", "rpc_style.wsdl", "dtd_entity.wsdl"]
)
def test_a_refused_wsdl_exits_1_with_the_explanation_and_writes_nothing(runner, tmp_path, fixture):
    result = runner.invoke(discover_soap, [str(wsdl_path(fixture)), "--into", str(tmp_path / "t")])
    assert result.exit_code == 1
    assert "the MIM Web Service Configuration Tool refuses it" in result.stderr
    assert not (tmp_path / "t").exists()


def test_a_refusal_in_json_lists_the_rules(runner, tmp_path):
    result = runner.invoke(
        discover_soap, [str(wsdl_path("ws_policy.wsdl")), "--into", str(tmp_path), "--json"]
    )
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert not document["ok"] and [r["rule"] for r in document["refusals"]] == ["ws-policy"]


def test_discover_soap_from_the_simulator_with_credentials(runner, tmp_path, sap_session, sap_wsdl_url):
    from simulator.app import DEFAULT_SAP_PASSWORD, DEFAULT_SAP_USER

    sap_session.auth = None
    refused = runner.invoke(discover_soap, [sap_wsdl_url, "--into", str(tmp_path)], obj=sap_session)
    assert refused.exit_code == 1 and "give --user and --password" in refused.stderr
    result = runner.invoke(
        discover_soap,
        [sap_wsdl_url, "--into", str(tmp_path), "--user", DEFAULT_SAP_USER],
        obj=sap_session,
        env={"PROVLAB_WSDL_PASSWORD": DEFAULT_SAP_PASSWORD},
    )
    assert result.exit_code == 0, result.stderr
    assert "operation BAPI_USER_GETLIST" in result.stdout
    assert DEFAULT_SAP_PASSWORD not in result.stdout + result.stderr
    assert (tmp_path / "discovery.xml").read_bytes() == (SAP_TEMPLATE / "discovery.xml").read_bytes()


def test_discover_rest_writes_one_method_per_run(runner, tmp_path):
    sample = tmp_path / "users.json"
    sample.write_text('{"users": [{"id": "1"}]}')
    base = ["--into", str(tmp_path / "lob"), "--service", "lob", "--endpoint", "http://lob.test/api"]
    first = runner.invoke(
        discover_rest,
        [
            *base,
            "--resource",
            "/users",
            "--method",
            "get",
            "--param",
            "modifiedSince:query:datetime",
            "--sample-response",
            str(sample),
        ],
    )
    assert first.exit_code == 0, first.stderr
    assert (
        "method list: GET /users" in first.stdout
        and "query parameter modifiedSince: datetime" in first.stdout
    )
    assert "method lob > users > list added" in first.stdout
    second = runner.invoke(
        discover_rest, [*base, "--resource", "/users/{id}", "--method", "DELETE", "--json"]
    )
    assert json.loads(second.stdout)["action"] == "added"
    methods = read_parts(tmp_path / "lob").discovery.rest["lob"].resources["users"].methods
    assert (
        list(methods) == ["list", "delete"] and methods["list"].sample_response == '{"users": [{"id": "1"}]}'
    )


def test_discover_rest_refuses_a_bare_list_sample(runner, tmp_path):
    sample = tmp_path / "users.json"
    sample.write_text('[{"id": "1"}]')
    result = runner.invoke(
        discover_rest,
        [
            "--into",
            str(tmp_path),
            "--service",
            "lob",
            "--endpoint",
            "http://lob.test",
            "--resource",
            "/users",
            "--method",
            "GET",
            "--sample-response",
            str(sample),
        ],
    )
    assert result.exit_code == 1
    assert "object holding an array" in result.stderr
    assert not (tmp_path / "discovery.xml").exists()


def test_without_password_the_command_prompts_for_it_hidden(runner, tmp_path, sap_session, sap_wsdl_url):
    from simulator.app import DEFAULT_SAP_PASSWORD, DEFAULT_SAP_USER

    sap_session.auth = None
    result = runner.invoke(
        discover_soap,
        [sap_wsdl_url, "--into", str(tmp_path), "--user", DEFAULT_SAP_USER],
        obj=sap_session,
        input=DEFAULT_SAP_PASSWORD + "\n",
    )
    assert result.exit_code == 0, result.stderr
    assert f"Password for {DEFAULT_SAP_USER}" in result.stderr
    assert DEFAULT_SAP_PASSWORD not in result.stdout + result.stderr


def test_help_explains_the_commands(runner):
    soap_help = runner.invoke(discover_soap, ["--help"]).stdout
    assert "SOAP 1.2 only" in soap_help and "--into" in soap_help and "wsdl/<service>.wsdl" in soap_help
    template_group = click.Group(
        "template", commands=[discover_soap, discover_rest]
    )  # as the lead mounts them
    rest_help = runner.invoke(template_group, ["discover-rest", "--help"]).stdout
    assert "--sample-response" in rest_help and "object holding an array" in rest_help
