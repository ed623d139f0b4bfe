"""SOAP discovery reads a WSDL into the tree service > endpoint > operation with message trees."""

from __future__ import annotations

import pytest

from connector.discovery import DiscoveryError, WsdlDocument, discover_soap, read_wsdl

from .conftest import wsdl_path

EMPLOYEE = str(wsdl_path("employee.wsdl"))


@pytest.fixture
def service():
    return discover_soap(read_wsdl(EMPLOYEE)).service


def test_the_tree_is_service_endpoint_operation(service):
    assert service.name == "EmployeeService"
    assert service.wsdl == "wsdl/EmployeeService.wsdl"
    assert service.namespace == "urn:example:hr"
    assert list(service.endpoints) == ["EmployeeSoap"]
    endpoint = service.endpoints["EmployeeSoap"]
    assert endpoint.address == "http://hr.test/EmployeeService.svc"
    assert endpoint.binding == "EmployeeBinding"
    assert list(endpoint.operations) == ["AddEmployee", "GetEmployees"]  # by name, whatever the WSDL order


def test_arguments_are_the_wrapper_children_with_types_and_occurrence(service):
    get = service.endpoints["EmployeeSoap"].operations["GetEmployees"]
    (max_rows,) = get.inputs
    assert (max_rows.name, max_rows.type, max_rows.min_occurs, max_rows.max_occurs) == (
        "MaxRows",
        "int",
        0,
        1,
    )
    add = service.endpoints["EmployeeSoap"].operations["AddEmployee"]
    assert [e.name for e in add.outputs] == ["Created"] and add.outputs[0].type == "boolean"


def test_nested_structures_tables_bounded_repeats_and_recursion(service):
    (employees,) = service.endpoints["EmployeeSoap"].operations["GetEmployees"].outputs
    assert employees.type == "EmployeeTable" and not employees.repeated
    (row,) = employees.children  # a table: one repeated row element
    assert (row.name, row.type, row.min_occurs, row.max_occurs) == ("item", "Employee", 0, None)
    assert [c.name for c in row.children] == ["EmployeeID", "FirstName", "HomeAddress", "Phone", "Manager"]
    assert row.child("EmployeeID").type == "EmployeeId"  # a named simple type keeps its name
    address = row.child("HomeAddress")
    assert [(c.name, c.type, c.min_occurs) for c in address.children] == [
        ("Street", "string", 0),
        ("City", "string", 1),
    ]
    assert row.child("Phone").max_occurs == 3 and row.child("Phone").repeated
    assert row.child("Manager").type == "Employee" and row.child("Manager").children == ()  # recursion stops


def test_the_service_name_can_be_chosen():
    found = discover_soap(read_wsdl(EMPLOYEE), "Hr")
    assert found.service.name == "Hr" and found.service.wsdl == "wsdl/Hr.wsdl"


def test_an_unusable_service_name_is_refused():
    with pytest.raises(DiscoveryError, match=r"service name '\.\./x' is not usable"):
        discover_soap(read_wsdl(EMPLOYEE), "../x")


def test_several_wsdl_services_need_a_name():
    text = wsdl_path("employee.wsdl").read_text()
    service = text[text.index("  <wsdl:service") : text.index("</wsdl:service>") + len("</wsdl:service>")]
    second = service.replace('name="EmployeeService"', 'name="EmployeeService2"')
    second = second.replace("EmployeeService.svc", "EmployeeService2.svc").replace(
        "EmployeeSoap", "EmployeeSoap2"
    )
    data = text.replace(service, service + "\n" + second).encode()
    with pytest.raises(
        DiscoveryError, match=r"2 <wsdl:service> elements \(EmployeeService, EmployeeService2\)"
    ):
        discover_soap(WsdlDocument("two.wsdl", data))
    found = discover_soap(WsdlDocument("two.wsdl", data), "Hr")
    assert list(found.service.endpoints) == ["EmployeeSoap", "EmployeeSoap2"]


def test_the_wsdl_is_kept_byte_for_byte():
    found = discover_soap(read_wsdl(EMPLOYEE))
    assert found.wsdl == wsdl_path("employee.wsdl").read_bytes()


def test_a_wsdl_is_read_from_its_address_through_the_given_session(hr_server, hr_session):
    hr_server.put("/EmployeeService.svc?wsdl", wsdl_path("employee.wsdl").read_bytes())
    found = discover_soap(read_wsdl("http://hr.test/EmployeeService.svc?wsdl", hr_session))
    assert found.location == "http://hr.test/EmployeeService.svc?wsdl"
    assert list(found.service.endpoints["EmployeeSoap"].operations) == ["AddEmployee", "GetEmployees"]
    assert hr_server.requests == ["/EmployeeService.svc?wsdl"]


@pytest.mark.parametrize(
    ("status", "message"),
    [
        ("404 Not Found", "answered HTTP 404 Not Found, not a WSDL"),
        ("401 Unauthorized", "give --user and --password"),
    ],
)
def test_http_errors_say_what_to_do(hr_server, hr_session, status, message):
    hr_server.put("/EmployeeService.svc?wsdl", b"nope", status)
    with pytest.raises(DiscoveryError, match=message):
        read_wsdl("http://hr.test/EmployeeService.svc?wsdl", hr_session)


def test_refused_credentials_are_not_mistaken_for_missing_ones(hr_server, hr_session):
    hr_server.put("/EmployeeService.svc?wsdl", b"nope", "401 Unauthorized")
    hr_session.auth = ("PROVLAB", "wrong-password")
    with pytest.raises(DiscoveryError) as refused:
        read_wsdl("http://hr.test/EmployeeService.svc?wsdl", hr_session)
    assert "refused the credentials given (HTTP 401)" in str(refused.value)
    assert "wrong-password" not in str(refused.value)


def test_an_unreachable_address_is_named(hr_session):
    with pytest.raises(DiscoveryError, match=r"http://elsewhere.test/x\?wsdl: could not read the WSDL"):
        read_wsdl("http://elsewhere.test/x?wsdl", hr_session)


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(DiscoveryError, match="no such WSDL file"):
        read_wsdl(str(tmp_path / "nope.wsdl"))


def test_a_binding_without_a_port_has_no_endpoint():
    text = wsdl_path("employee.wsdl").read_text()
    text = text[: text.index("  <wsdl:service")] + "</wsdl:definitions>\n"
    with pytest.raises(DiscoveryError, match="there is no endpoint to call"):
        discover_soap(WsdlDocument("noport.wsdl", text.encode()), "Hr")
