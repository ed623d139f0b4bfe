"""WSDLs the MIM Web Service Configuration Tool refuses are refused by discovery, each with its reason
and the fix, and a DTD is refused before anything it points to is read."""

from __future__ import annotations

import pytest

from connector.discovery import DiscoveryError, WsdlDocument, WsdlRefusedError, discover_soap, read_wsdl
from connector.discovery.wsdl_rules import check_mim_rules, parse_wsdl

from .conftest import wsdl_path

# fixture file -> (rule, phrases the explanation must hold: what is wrong and what to do)
REFUSALS = {
    "soap12_only.wsdl": ("soap12-only", ["SOAP 1.2 only", "EmployeeBinding", "SOAP 1.1", "basicHttpBinding"]),
    "two_bindings.wsdl": (
        "two-bindings",
        [
            "port EmployeeSoap -> binding EmployeeBinding (SOAP 1.1)",
            "EmployeeBinding12 (SOAP 1.2)",
            "one binding per endpoint",
            "HttpSoap12",
        ],
    ),
    "ws_policy.wsdl": ("ws-policy", ["wsp:Policy", "wsp:PolicyReference", "WS-Security", "basicHttpBinding"]),
    "rpc_style.wsdl": (
        "rpc-style",
        ["GetEmployees (rpc/encoded)", "AddEmployee (rpc/encoded)", "document/literal"],
    ),
    "not_all_in_one.wsdl": ("not-all-in-one", ["http://hr.test/EmployeeService.svc?xsd=xsd1", "singleWsdl"]),
    "dtd_entity.wsdl": ("dtd", ["DOCTYPE", "no file, no network"]),
    "entity_expansion.wsdl": ("dtd", ["DOCTYPE", "entity-expansion"]),
}


@pytest.mark.parametrize("fixture", sorted(REFUSALS))
def test_each_mim_refusal_is_refused_with_its_explanation(fixture):
    rule, phrases = REFUSALS[fixture]
    with pytest.raises(WsdlRefusedError) as refused:
        discover_soap(read_wsdl(str(wsdl_path(fixture))))
    assert refused.value.rules == [rule]
    explanation = refused.value.refusals[0].explanation
    for phrase in phrases:
        assert phrase in explanation
    assert str(wsdl_path(fixture)) in str(refused.value)
    assert "MIM" in str(refused.value)


def test_refusals_name_the_line_of_what_breaks_the_rule():
    text = wsdl_path("ws_policy.wsdl").read_text()
    first_policy_line = next(n for n, line in enumerate(text.splitlines(), 1) if "<wsp:Policy" in line)
    with pytest.raises(WsdlRefusedError) as refused:
        discover_soap(read_wsdl(str(wsdl_path("ws_policy.wsdl"))))
    assert refused.value.refusals[0].line == first_policy_line
    assert f"line {first_policy_line}: [ws-policy]" in str(refused.value)


def test_a_dtd_refusal_names_the_line_of_the_doctype():
    with pytest.raises(WsdlRefusedError) as refused:
        discover_soap(read_wsdl(str(wsdl_path("dtd_entity.wsdl"))))  # the DOCTYPE follows <?xml ...?>
    assert refused.value.refusals[0].line == 2
    assert "line 2: [dtd]" in str(refused.value)


def test_the_valid_fixture_breaks_no_rule():
    root = parse_wsdl(wsdl_path("employee.wsdl").read_bytes(), "employee.wsdl")
    assert check_mim_rules(root) == []


def test_every_broken_rule_is_listed_at_once():
    text = wsdl_path("ws_policy.wsdl").read_text()
    text = text.replace('<soap:binding style="document"', '<soap:binding style="rpc"')
    with pytest.raises(WsdlRefusedError) as refused:
        discover_soap(WsdlDocument("combined.wsdl", text.encode()))
    assert sorted(refused.value.rules) == ["rpc-style", "ws-policy"]


def test_a_dtd_is_refused_without_reading_its_file_or_the_network(tmp_path, hr_server, hr_session):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-MARKER")
    wsdl = wsdl_path("dtd_entity.wsdl").read_bytes()
    wsdl = wsdl.replace(b"file:///etc/passwd", secret.as_uri().encode())
    wsdl = wsdl.replace(b"http://attacker.test/steal", b"http://hr.test/steal")
    hr_server.put("/EmployeeService.svc?wsdl", wsdl)
    with pytest.raises(WsdlRefusedError) as refused:
        discover_soap(read_wsdl("http://hr.test/EmployeeService.svc?wsdl", hr_session))
    assert refused.value.rules == ["dtd"]
    assert "TOP-SECRET-MARKER" not in str(refused.value)
    assert hr_server.requests == ["/EmployeeService.svc?wsdl"]  # the WSDL itself, and nothing it points to
    assert hr_session.network.urls == []


def test_a_wsdl_20_description_is_refused():
    data = b'<description xmlns="http://www.w3.org/ns/wsdl" targetNamespace="urn:x"/>'
    with pytest.raises(WsdlRefusedError) as refused:
        discover_soap(WsdlDocument("v2.wsdl", data))
    assert refused.value.rules == ["wsdl-2.0"]
    assert "WSDL 1.1" in str(refused.value)


def test_a_login_page_instead_of_a_wsdl_is_named_for_what_it_is():
    with pytest.raises(DiscoveryError, match=r"the document is <html>, not a WSDL 1.1") as error:
        discover_soap(WsdlDocument("http://hr.test/login", b"<html><body>Sign in</body></html>"))
    assert not isinstance(error.value, WsdlRefusedError)


def test_malformed_xml_names_line_and_column():
    with pytest.raises(DiscoveryError, match=r"broken.wsdl: not well-formed XML \(line 2, column"):
        discover_soap(
            WsdlDocument(
                "broken.wsdl", b"<wsdl:definitions xmlns:wsdl='http://schemas.xmlsoap.org/wsdl/'>\n<a>"
            )
        )


def test_a_wsdl_with_only_http_bindings_has_no_soap_binding():
    text = wsdl_path("employee.wsdl").read_text()
    text = text.replace(
        '<soap:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>', ""
    )
    with pytest.raises(WsdlRefusedError) as refused:
        discover_soap(WsdlDocument("nosoap.wsdl", text.encode()))
    assert refused.value.rules == ["no-soap-binding"]


def test_two_services_binding_one_address_differently_are_two_bindings_on_one_endpoint():
    text = wsdl_path("two_bindings.wsdl").read_text()
    port12 = text[
        text.index('    <wsdl:port name="EmployeeSoap12"') : text.index(
            "</wsdl:port>", text.index("EmployeeSoap12")
        )
        + 12
    ]
    text = text.replace(port12, "").replace(
        "</wsdl:service>",
        f'</wsdl:service>\n  <wsdl:service name="EmployeeService12">\n{port12}\n  </wsdl:service>',
    )
    with pytest.raises(WsdlRefusedError) as refused:
        discover_soap(WsdlDocument("split.wsdl", text.encode()), "Hr")
    assert refused.value.rules == ["two-bindings"]
    assert (
        "The endpoint http://hr.test/EmployeeService.svc is bound twice (EmployeeBinding, EmployeeBinding12)"
        in str(refused.value)
    )


def test_a_policy_attached_by_attribute_is_ws_policy_too():
    text = (
        wsdl_path("employee.wsdl")
        .read_text()
        .replace(
            '<wsdl:binding name="EmployeeBinding" type="tns:EmployeePortType">',
            '<wsdl:binding name="EmployeeBinding" type="tns:EmployeePortType" '
            'xmlns:wsp="http://www.w3.org/ns/ws-policy" wsp:PolicyURIs="#secure">',
        )
    )
    with pytest.raises(WsdlRefusedError) as refused:
        discover_soap(WsdlDocument("attr.wsdl", text.encode()))
    assert refused.value.rules == ["ws-policy"] and "wsp:PolicyURIs" in str(refused.value)
