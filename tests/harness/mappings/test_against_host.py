"""The shipped SAP ECC mappings against the real connector host's /Schemas (in-process)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from harness.mappings import check_against_schemas, sap_ecc_mapping_set
from provlab.clock import FixedClock
from provlab.transport import wsgi_session

host_package = pytest.importorskip("connector.host")
simulator_app = pytest.importorskip("simulator.app")

from connector.config import load_host_config  # noqa: E402
from connector.host.backends import template_backend  # noqa: E402
from simulator.store import UserStore  # noqa: E402

SAP_CONFIG = Path(__file__).resolve().parents[3] / "fixtures" / "hosts" / "sap-ecc" / "Configuration.xml"
SAP_URL = "http://sap.test"
BASE = "https://ecma.test"


@pytest.fixture
def host_schemas() -> dict:
    clock = FixedClock(datetime(2026, 11, 27, 9, 0, tzinfo=UTC))
    simulator = simulator_app.create_app(store=UserStore(clock=clock))
    config = load_host_config(SAP_CONFIG)
    connector = config.connectors[0]
    backend = template_backend(
        connector, target_url=SAP_URL, session=wsgi_session(SAP_URL, simulator), clock=clock
    )
    host = host_package.create_host_app(config, {connector.name: backend}, clock=clock)
    host.start(initial_import="sync", autosync=False)
    try:
        session = wsgi_session(BASE, host)
        response = session.get(
            f"{BASE}/ecma2host_{connector.name}/scim/Schemas",
            headers={"Authorization": f"Bearer {connector.secret_token}"},
            timeout=10,
        )
        assert response.status_code == 200, response.text
        return response.json()
    finally:
        host.close()


def test_shipped_mappings_fit_the_sap_hosts_schema(host_schemas: dict) -> None:
    problems = check_against_schemas(sap_ecc_mapping_set(), host_schemas)
    assert [p for p in problems if p.level == "error"] == []
