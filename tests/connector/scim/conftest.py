"""Fixtures: the SAP fixture configuration served in-process over a fake SAP-like backend."""

from __future__ import annotations

from pathlib import Path

import pytest

from connector.config import load_host_config
from connector.host import create_host_app
from provlab.clock import FixedClock
from provlab.transport import wsgi_session
from tests.connector.scim.fakes import FakeSapBackend

ROOT = Path(__file__).resolve().parents[3]
SAP_CONFIG = ROOT / "fixtures" / "hosts" / "sap-ecc" / "Configuration.xml"
LOB_CONFIG = ROOT / "fixtures" / "hosts" / "rest-lob" / "Configuration.xml"
SECRET = "provlab-lab-secret-0001"
BASE = "https://ecma.test"
SCIM = f"{BASE}/ecma2host_SAPECC/scim"
ECMA = "urn:ietf:params:scim:schemas:extension:ECMA2Host:2.0:User"


def seed_users() -> dict[str, dict]:
    return {
        "JDOE": {"userName": "JDOE", "firstName": "John", "lastName": "Doe", "email": "john.doe@contoso.com"},
        "ASMITH": {"userName": "ASMITH", "firstName": "Ann", "lastName": "Smith", "city": "Berlin"},
    }


@pytest.fixture
def sap_config():
    return load_host_config(SAP_CONFIG)


@pytest.fixture
def backend():
    return FakeSapBackend(seed_users())


@pytest.fixture
def clock():
    return FixedClock("2026-03-01T08:00:00+00:00")


@pytest.fixture
def make_host(sap_config, backend, clock):
    hosts = []

    def make(config=None, fake=None, *, start="sync", **kwargs):
        config = config or sap_config
        fake = fake or backend
        host = create_host_app(config, {c.name: fake for c in config.connectors}, clock=clock, **kwargs)
        host.start(initial_import=start, autosync=False)
        hosts.append(host)
        return host

    yield make
    for host in hosts:
        host.close()


@pytest.fixture
def host(make_host):
    return make_host()


@pytest.fixture
def client(host):
    session = wsgi_session(BASE, host)
    session.headers["Authorization"] = f"Bearer {SECRET}"
    return session
