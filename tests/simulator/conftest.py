"""Fixtures for the simulator: the in-process app on a fixed clock, authenticated requests
sessions on its SAP, REST and admin endpoints, and a strict zeep client for SAP.
The lead may lift these into tests/conftest.py."""

from __future__ import annotations

import pytest
import zeep
from zeep.transports import Transport

from provlab import xmlsafe
from provlab.clock import FixedClock
from provlab.transport import wsgi_session
from simulator.app import DEFAULT_ADMIN_TOKEN, DEFAULT_CREDENTIALS, DEFAULT_REST_TOKEN, create_app, wsdl_url

SAP_BASE_URL = "http://sap.test"


@pytest.fixture
def sap_clock() -> FixedClock:
    return FixedClock("2026-01-15T09:00:00+00:00")


@pytest.fixture
def sap_app(sap_clock):
    """The simulator's WSGI app (SAP, REST, admin), empty store, clock fixed at 2026-01-15.

    Fault rules are cleared afterwards, which also ends any injected hang still running."""
    app = create_app(clock=sap_clock)
    yield app
    app.faults.clear()


@pytest.fixture
def sap_session(sap_app):
    """A requests session reaching ``sap_app`` in-process at http://sap.test, logged on."""
    session = wsgi_session(SAP_BASE_URL, sap_app)
    session.auth = DEFAULT_CREDENTIALS
    yield session
    session.close()


@pytest.fixture
def sap_client(sap_session) -> zeep.Client:
    """A strict zeep client built from the served WSDL."""
    return zeep.Client(
        wsdl_url(SAP_BASE_URL),
        transport=Transport(session=sap_session),
        settings=xmlsafe.zeep_settings(strict=True),
    )


@pytest.fixture
def rest_session(sap_app):
    """A requests session on the same app's REST service, with the default bearer token."""
    session = wsgi_session(SAP_BASE_URL, sap_app)
    session.headers["Authorization"] = f"Bearer {DEFAULT_REST_TOKEN}"
    yield session
    session.close()


@pytest.fixture
def admin_session(sap_app):
    """A requests session on the same app's admin API, with the default admin token."""
    session = wsgi_session(SAP_BASE_URL, sap_app)
    session.headers["Authorization"] = f"Bearer {DEFAULT_ADMIN_TOKEN}"
    yield session
    session.close()


@pytest.fixture
def taken_port():
    """A loopback port another socket is listening on (the lead may lift this into tests/conftest.py)."""
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen(1)
        yield holder.getsockname()[1]
