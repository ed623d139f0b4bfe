"""Fault rules: parsing, firing (always, N times, probability), and every fault kind in-process."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
import zeep

import provlab.faults as generic
import simulator
from simulator.faults import FaultInjector, FaultKind, FaultRule, FaultRuleError, SapFaultKind, parse_rule

USERS = "http://sap.test/api/v1/users"


def test_parse_rule_reads_the_cli_form():
    rule = parse_rule("rest:GET /api/v1/users:http_status:status=429,retry_after=7,times=2")
    assert (rule.service, rule.operation, rule.kind) == ("rest", "GET /api/v1/users", FaultKind.HTTP_STATUS)
    assert (rule.status, rule.retry_after, rule.times) == (429, 7, 2)
    assert parse_rule("sap:BAPI_USER_CREATE1:sap_error:number=24").number == "024"
    assert parse_rule("*:*:latency:ms=5,max_ms=9,probability=0.5").probability == 0.5


@pytest.mark.parametrize(
    ("text", "complaint"),
    [
        ("sap:drop", "should look like"),
        ("sap:*:explode", "unknown fault kind"),
        ("ftp:*:drop", "unknown service"),
        ("rest:*:soap_fault", "only exists for service sap"),
        ("sap:*:http_status:status=404", "status must be one of"),
        ("sap:*:hang:seconds=9999", "bounded"),
        ("sap:*:drop:times=0", "at least 1"),
        ("sap:*:latency:probability=2", "between 0 and 1"),
        ("sap:*:latency:ms=fast", "not a float"),
        ("sap:*:drop:number=224", "does not take number"),
        ("sap:*:sap_error:number=12ab", "SAP message number"),
        ("sap:*:latency:ms", "key=value"),
    ],
)
def test_bad_rules_say_what_is_wrong(text, complaint):
    with pytest.raises(FaultRuleError, match=complaint):
        parse_rule(text)


def test_times_limits_firing_and_wildcards_match():
    faults = FaultInjector()
    faults.add("sap:BAPI_USER_*:drop:times=2")
    assert [len(faults.fire("sap", "BAPI_USER_DELETE")) for _ in range(3)] == [1, 1, 0]
    assert faults.rules() == []
    faults.add("*:*:latency:ms=1")
    assert faults.fire("rest", "GET /api/v1/users")[0].fired == 1


def test_probability_draws_from_the_seeded_generator():
    def pattern(seed: int) -> list[int]:
        faults = FaultInjector(seed=seed)
        faults.add("sap:*:drop:probability=0.5")
        return [len(faults.fire("sap", "X")) for _ in range(40)]

    assert pattern(1) == pattern(1)
    assert pattern(1) != pattern(2)
    assert 5 < sum(pattern(1)) < 35


def test_remove_and_clear():
    faults = FaultInjector()
    first = faults.add("sap:*:drop")
    faults.add("rest:*:drop")
    assert faults.remove(first.id) and not faults.remove(first.id)
    faults.clear()
    assert faults.rules() == []


def test_sap_kinds_and_options_extend_the_generic_grammar():
    rule = parse_rule("sap:BAPI_USER_CREATE1:sap_error:number=224,message=Taken")
    assert isinstance(rule, FaultRule) and isinstance(rule, generic.FaultRule)
    assert rule.kind is SapFaultKind.SAP_ERROR and (rule.number, rule.message) == ("224", "Taken")
    assert parse_rule("rest:*:drop").kind is generic.FaultKind.DROP is FaultKind.DROP
    assert FaultRuleError is generic.FaultRuleError
    with pytest.raises(FaultRuleError) as caught:
        parse_rule("sap:*:explode")
    assert str(caught.value) == (
        "unknown fault kind 'explode'; use one of: "
        "latency, hang, soap_fault, sap_error, http_status, drop, malformed, truncated_page"
    )
    with pytest.raises(FaultRuleError, match="unknown fault kind 'sap_error'"):
        generic.FaultGrammar(services=("sap", "rest")).parse_rule("sap:*:sap_error")
    # the public face: what the harness checks scenario rules with, loaded on first use
    assert simulator.parse_fault_rule is parse_rule and simulator.FaultRuleError is FaultRuleError


def test_import_simulator_loads_no_fault_grammar_until_asked():
    code = (
        "import sys, simulator; "
        "loaded = [m for m in sys.modules if m.startswith(('simulator.', 'provlab'))]; "
        "assert loaded == ['provlab', 'provlab.lazy'], loaded; "
        "simulator.parse_fault_rule('sap:*:drop'); "
        "assert 'simulator.faults' in sys.modules and 'simulator.app' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).parents[2])


# --- every kind, in process ----------------------------------------------------------------


def create_in_sap(sap_client, name="jdoe"):
    return sap_client.service.BAPI_USER_CREATE1(
        USERNAME=name, ADDRESS={"LASTNAME": "Doe"}, PASSWORD={"BAPIPWD": "Init1234!"}
    )


def test_latency_delays_then_answers(sap_app, sap_client):
    sap_client.wsdl  # noqa: B018 - the WSDL is fetched before the clock starts
    sap_app.faults.add("sap:BAPI_USER_EXISTENCE_CHECK:latency:ms=150")
    started = time.perf_counter()
    assert sap_client.service.BAPI_USER_EXISTENCE_CHECK(USERNAME="X").NUMBER == "124"
    assert time.perf_counter() - started >= 0.15
    assert sap_app.journal.entries(operation="BAPI_USER_EXISTENCE_CHECK")[0].fault == "latency"


def test_hang_outlasts_the_client_timeout_and_clear_releases_it(sap_app, rest_session):
    sap_app.faults.add("rest:GET /api/v1/users:hang:seconds=5")
    started = time.perf_counter()
    with pytest.raises(requests.ReadTimeout):
        rest_session.get(USERS, timeout=0.3)
    sap_app.faults.clear()  # the hanging request finishes now instead of after 5 s
    time.sleep(0.05)
    assert time.perf_counter() - started < 2
    assert rest_session.get(USERS, timeout=2).status_code == 200


def test_soap_fault_answers_instead_of_the_service(sap_app, sap_client):
    sap_app.faults.add("sap:BAPI_USER_CREATE1:soap_fault:message=Backend down")
    with pytest.raises(zeep.exceptions.Fault, match="Backend down"):
        create_in_sap(sap_client)
    assert sap_app.store.count() == 0


def test_sap_error_returns_a_return_row_with_the_number(sap_app, sap_client):
    sap_app.faults.add("sap:BAPI_USER_CREATE1:sap_error:number=224,times=1")
    [row] = create_in_sap(sap_client)
    assert (row.TYPE, row.ID, row.NUMBER, row.MESSAGE) == ("E", "01", "224", "User JDOE already exists")
    assert sap_app.store.count() == 0
    assert create_in_sap(sap_client)[0].NUMBER == "102"


def test_sap_error_on_existence_check_uses_its_single_return(sap_app, sap_client):
    sap_app.faults.add("sap:BAPI_USER_EXISTENCE_CHECK:sap_error:number=777,message=Custom text")
    result = sap_client.service.BAPI_USER_EXISTENCE_CHECK(USERNAME="jdoe")
    assert (result.TYPE, result.NUMBER, result.MESSAGE) == ("E", "777", "Custom text")


@pytest.mark.parametrize("status", [500, 502, 503, 429])
def test_http_status_with_retry_after_on_both_services(sap_app, sap_session, rest_session, status):
    sap_app.faults.add(f"*:*:http_status:status={status},retry_after=4")
    soap = sap_session.post(
        "http://sap.test/sap/bc/srt/rfc/sap/zsapconnectorwebservice/001/zsapconnectorws/zsapconnectorws",
        data=b"<x/>",
        headers={"Content-Type": "text/xml"},
    )
    rest = rest_session.post(USERS, json={"userName": "bob"})
    assert (soap.status_code, rest.status_code) == (status, status)
    assert soap.headers["Retry-After"] == rest.headers["Retry-After"] == "4"
    assert rest.json()["code"] and "fault injection" in rest.json()["message"]
    assert sap_app.store.count() == 0


def test_drop_ends_the_exchange_without_a_response(sap_app, sap_client, rest_session):
    sap_app.faults.add("*:*:drop")
    with pytest.raises(requests.ConnectionError):
        rest_session.get(USERS)
    with pytest.raises(requests.ConnectionError):
        create_in_sap(sap_client)
    assert sap_app.store.count() == 0
    dropped = [e for e in sap_app.journal.entries() if e.operation != "WSDL"]
    assert [(e.operation, e.outcome, e.detail) for e in dropped] == [
        ("GET /api/v1/users", "fault", {"dropped": True}),
        ("BAPI_USER_CREATE1", "fault", {"dropped": True}),
    ]


def test_malformed_response_after_the_work_was_done(sap_app, sap_client, rest_session):
    sap_app.faults.add("sap:BAPI_USER_CREATE1:malformed")
    sap_app.faults.add("rest:GET /api/v1/users/<user_id>:malformed")
    with pytest.raises(zeep.exceptions.TransportError, match="invalid XML"):
        create_in_sap(sap_client)
    assert sap_app.store.exists("JDOE")
    response = rest_session.get(USERS + "/JDOE")
    assert response.status_code == 200
    with pytest.raises(ValueError):
        response.json()


def test_truncated_page_loses_its_second_half(sap_app, sap_client, rest_session):
    for name in ["A1", "A2", "A3", "A4"]:
        create_in_sap(sap_client, name)
    sap_app.faults.add("*:*:truncated_page")
    page = sap_client.service.BAPI_USER_GETLIST(MAX_ROWS=4)
    assert page.ROWS == 2 and [r.USERNAME for r in page.USERLIST.item] == ["A1", "A2"]
    rest = rest_session.get(USERS, params={"pageSize": 4}).json()
    assert [u["userName"] for u in rest["users"]] == ["A1", "A2"] and rest["total"] == 4
