"""validate --live: each stored WSDL copy is compared with the WSDL its service publishes now."""

from __future__ import annotations

import zipfile

import pytest

from connector.discovery import DiscoveryError, compare_live, discover_soap, read_wsdl, write_soap
from connector.discovery.live import wsdl_address
from provlab.transport import mount_wsgi

from .conftest import wsdl_path

EMPLOYEE = wsdl_path("employee.wsdl")
WSDL_PATH = "/EmployeeService.svc?wsdl"


@pytest.fixture
def template(tmp_path):
    write_soap(tmp_path / "hr", discover_soap(read_wsdl(str(EMPLOYEE))))
    return tmp_path / "hr"


def publish(server, text: str) -> None:
    server.put(WSDL_PATH, text.encode())


def test_an_unchanged_wsdl_shows_no_difference(template, hr_server, hr_session):
    publish(hr_server, EMPLOYEE.read_text())
    assert compare_live(template, session=hr_session) == []
    assert hr_server.requests == [WSDL_PATH]  # read from the endpoint address + ?wsdl


def test_changed_operations_and_types_are_listed(template, hr_server, hr_session):
    text = EMPLOYEE.read_text().replace('name="MaxRows" type="xs:int"', 'name="MaxRows" type="xs:string"')
    text = text.replace('<xs:element name="City" type="xs:string"/>', "")
    publish(hr_server, text)
    differences = compare_live(template, session=hr_session)
    assert {d.kind for d in differences} == {"changed"}
    messages = [d.message for d in differences]
    assert (
        "endpoint EmployeeSoap > operation GetEmployees > input > element MaxRows > type: 'int' -> 'string'"
        in messages
    )
    assert any(m.endswith("element HomeAddress > element City: removed") for m in messages)
    assert str(differences[0]).startswith(
        "EmployeeService (http://hr.test/EmployeeService.svc?wsdl): endpoint"
    )


def test_a_text_only_change_is_said_to_be_harmless(template, hr_server, hr_session):
    publish(hr_server, EMPLOYEE.read_text().replace("<wsdl:types>", "<wsdl:types>\n    <!-- reformatted -->"))
    (difference,) = compare_live(template, session=hr_session)
    assert difference.kind == "text-only" and "operations and messages are the same" in difference.message


def test_a_published_wsdl_that_now_breaks_a_mim_rule_is_reported(template, hr_server, hr_session):
    publish(hr_server, wsdl_path("ws_policy.wsdl").read_text())
    (difference,) = compare_live(template, session=hr_session)
    assert difference.kind == "refused" and "[ws-policy]" in difference.message


def test_an_unreachable_service_is_reported(template, hr_session):
    (difference,) = compare_live(template, session=hr_session)
    assert difference.kind == "unreachable" and "HTTP 404" in difference.message


def test_a_missing_copy_is_reported(template, hr_server, hr_session):
    (template / "wsdl" / "EmployeeService.wsdl").unlink()
    (difference,) = compare_live(template, session=hr_session)
    assert difference.kind == "missing-copy" and "run discover-soap again" in difference.message
    assert hr_server.requests == []


def test_target_url_moves_the_address_to_another_host(template, hr_server, hr_session):
    service = discover_soap(read_wsdl(str(EMPLOYEE))).service
    assert wsdl_address(service) == "http://hr.test/EmployeeService.svc?wsdl"
    assert wsdl_address(service, "https://hr.prod:8443") == "https://hr.prod:8443/EmployeeService.svc?wsdl"
    (difference,) = compare_live(template, session=hr_session, target_url="http://other.test")
    assert difference.kind == "unreachable" and hr_session.network.urls == [
        "http://other.test/EmployeeService.svc?wsdl"
    ]


def test_a_wsconfig_zip_is_compared_too(template, tmp_path, hr_server, hr_session):
    archive = tmp_path / "hr.wsconfig"
    with zipfile.ZipFile(archive, "w") as z:
        for f in template.rglob("*"):
            z.write(f, f.relative_to(template).as_posix())
    publish(hr_server, EMPLOYEE.read_text())
    assert compare_live(archive, session=hr_session) == []


def test_an_unreadable_template_is_an_error(tmp_path):
    with pytest.raises(DiscoveryError, match="discovery.xml cannot be read"):
        compare_live(tmp_path)


def test_the_simulator_wsdl_matches_its_fresh_copy(tmp_path, sap_session, sap_wsdl_url):
    write_soap(tmp_path, discover_soap(read_wsdl(sap_wsdl_url, sap_session)))
    assert compare_live(tmp_path, session=sap_session) == []
    copy = tmp_path / "wsdl" / "ZSAPCONNECTORWEBSERVICE.wsdl"
    copy.write_bytes(
        copy.read_bytes().replace(
            b'<xs:element name="USERNAME" type="tns:char12"/>',
            b'<xs:element name="USERNAME" type="tns:char12" minOccurs="0"/>',
            1,
        )
    )
    differences = compare_live(tmp_path, session=sap_session)
    assert [d.message for d in differences] and all(
        "USERNAME > occurs: '0..1' -> '1..1'" in d.message for d in differences
    )


def test_an_address_moved_only_by_target_url_is_no_difference(template, hr_server, hr_session):
    # A service writes the address it was read from: read through --target-url, it names that host.
    published = EMPLOYEE.read_text().replace("http://hr.test/", "http://other.test:8080/")
    hr_server.put(WSDL_PATH, published.encode())
    session = mount_wsgi(hr_session, "http://other.test:8080", hr_server)
    assert compare_live(template, session=session, target_url="http://other.test:8080") == []
    # A real change next to the moved address is still reported, and the address is not.
    hr_server.put(WSDL_PATH, published.replace('name="MaxRows" type="xs:int"', 'name="MaxRows"').encode())
    differences = compare_live(template, session=session, target_url="http://other.test:8080")
    assert differences and not any("address" in d.message for d in differences)
