"""``--target-url``: read-only checks against a customer's own target (a simulator reached in-process)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from click.testing import CliRunner

from harness.validate import validate
from harness.validate.cli import validate as validate_command
from provlab.clock import FixedClock
from provlab.transport import wsgi_session
from simulator.app import create_app
from simulator.store import UserRecord, UserStore

from .conftest import SHIPPED

TARGET = "http://sap.customer.test"


@pytest.fixture
def customer_sap():
    store = UserStore(clock=FixedClock(datetime(2026, 3, 2, 7, 0, tzinfo=UTC)))
    for name, last in (("ASMITH", "Smith"), ("BJONES", "Jones")):
        store.add(UserRecord(username=name, first_name="A", last_name=last))
    return create_app(store=store)


def test_read_only_checks_pass_and_write_nothing(customer_sap):
    before = customer_sap.store.users()
    report = validate(*SHIPPED, target_url=TARGET, target_session=wsgi_session(TARGET, customer_sap))
    assert report.passed, report.to_dict()
    names = [r.name for r in report.results if r.kind == "target"]
    assert names == ["target: test connection", "target: full import", "target: lookups"]
    assert not any(r.kind == "suite" for r in report.results)
    by_name = {r.name: r for r in report.results}
    assert by_name["target: full import"].detail == "2 User objects imported"
    assert by_name["target: lookups"].detail == "2 users found by userName"
    assert customer_sap.store.users() == before


def test_allow_writes_runs_the_suite_there_and_cleans_up(customer_sap):
    report = validate(
        *SHIPPED, target_url=TARGET, allow_writes=True, target_session=wsgi_session(TARGET, customer_sap)
    )
    assert report.passed, report.to_dict()
    assert [r.status for r in report.results if r.kind == "suite"] == ["pass"] * 8
    assert customer_sap.store.get("LABCHECK1") is None and customer_sap.store.get("LABCHECK2") is None
    assert customer_sap.store.get("ASMITH") is not None


def test_wrong_target_credentials_fail_the_test_connection_with_a_fix(customer_sap):
    locked = create_app(store=customer_sap.store, credentials=("PROVLAB", "another-password-1"))
    result = CliRunner().invoke(
        validate_command,
        [
            "--config",
            str(SHIPPED[0]),
            "--template",
            str(SHIPPED[1]),
            "--mappings",
            str(SHIPPED[2]),
            "--target-url",
            TARGET,
        ],
        obj={"target_session": wsgi_session(TARGET, locked)},
    )
    assert result.exit_code == 1, result.output
    assert "error (target: test connection)" in result.output
    assert "fix: check --target-url, the Host/Port and User Name/Password" in result.output
    assert "skipped: the test connection failed" in result.output
