"""discovery.xml grows step by step: a new service is added, a rediscovered one replaced, the rest kept;
what is written is what the template loader reads back."""

from __future__ import annotations

import pytest

from connector.discovery import (
    DiscoveryError,
    WsdlDocument,
    discover_rest,
    discover_soap,
    read_wsdl,
    write_rest,
    write_soap,
)
from connector.discovery.compare import discovery_differences
from connector.template import model as m
from connector.template.loader import read_parts

from .conftest import SAP_TEMPLATE, wsdl_path

EMPLOYEE = wsdl_path("employee.wsdl")
SAP_WSDL = SAP_TEMPLATE / "wsdl" / "ZSAPCONNECTORWEBSERVICE.wsdl"


def loaded(template) -> m.Discovery:
    parts = read_parts(template)
    assert all("schema.xml" in p.message for p in parts.problems), (
        parts.problems
    )  # discovery only writes discovery
    return parts.discovery


def test_first_discovery_creates_discovery_xml_and_the_wsdl_copy(tmp_path):
    found = discover_soap(read_wsdl(str(EMPLOYEE)))
    written = write_soap(tmp_path / "hr", found)
    assert written.action == "added"
    assert written.discovery_xml == tmp_path / "hr" / "discovery.xml"
    assert written.wsdl_copy.read_bytes() == EMPLOYEE.read_bytes()
    assert (
        discovery_differences(m.Discovery(soap={"EmployeeService": found.service}), loaded(tmp_path / "hr"))
        == []
    )


def test_discovering_a_second_service_adds_it_and_keeps_the_first(tmp_path):
    write_soap(tmp_path, discover_soap(read_wsdl(str(EMPLOYEE))))
    written = write_soap(tmp_path, discover_soap(read_wsdl(str(SAP_WSDL))))
    assert written.action == "added"
    assert list(loaded(tmp_path).soap) == ["EmployeeService", "ZSAPCONNECTORWEBSERVICE"]
    assert sorted(p.name for p in (tmp_path / "wsdl").iterdir()) == [
        "EmployeeService.wsdl",
        "ZSAPCONNECTORWEBSERVICE.wsdl",
    ]


def test_rediscovering_a_service_replaces_its_entry_in_place(tmp_path):
    write_soap(tmp_path, discover_soap(read_wsdl(str(EMPLOYEE))))
    write_soap(tmp_path, discover_soap(read_wsdl(str(SAP_WSDL))))
    xml = tmp_path / "discovery.xml"
    xml.write_text(
        xml.read_text().replace("<Discovery>", "<Discovery>\n  <!-- kept: a note by the admin -->")
    )
    changed = EMPLOYEE.read_text().replace(
        'name="Phone" type="xs:string" minOccurs="0" maxOccurs="3"',
        'name="Phone" type="xs:string" minOccurs="0" maxOccurs="5"',
    )
    written = write_soap(tmp_path, discover_soap(WsdlDocument("employee-v2.wsdl", changed.encode())))
    assert written.action == "replaced"
    discovery = loaded(tmp_path)
    assert list(discovery.soap) == [
        "EmployeeService",
        "ZSAPCONNECTORWEBSERVICE",
    ]  # same place, nothing duplicated
    (employees,) = (
        discovery.soap["EmployeeService"].endpoints["EmployeeSoap"].operations["GetEmployees"].outputs
    )
    assert employees.children[0].child("Phone").max_occurs == 5
    assert (tmp_path / "wsdl" / "EmployeeService.wsdl").read_text() == changed
    assert "<!-- kept: a note by the admin -->" in xml.read_text()


def test_an_invalid_discovery_xml_is_left_alone(tmp_path):
    xml = tmp_path / "discovery.xml"
    xml.write_text("<Discovery><SoapService/></Discovery>")
    with pytest.raises(DiscoveryError, match="is not a valid discovery.xml, so discovery will not change it"):
        write_soap(tmp_path, discover_soap(read_wsdl(str(EMPLOYEE))))
    assert xml.read_text() == "<Discovery><SoapService/></Discovery>"
    assert not (tmp_path / "wsdl").exists()


def test_a_soap_and_a_rest_service_cannot_share_a_name(tmp_path):
    rest = discover_rest(
        service="EmployeeService", endpoint="http://hr.test", resource_path="/employees", verb="GET"
    )
    write_rest(tmp_path, rest)
    with pytest.raises(DiscoveryError, match="already has a REST service named 'EmployeeService'"):
        write_soap(tmp_path, discover_soap(read_wsdl(str(EMPLOYEE))))


def test_into_must_be_a_directory(tmp_path):
    (tmp_path / "file").write_text("x")
    with pytest.raises(DiscoveryError, match="not a directory"):
        write_soap(tmp_path / "file", discover_soap(read_wsdl(str(EMPLOYEE))))
