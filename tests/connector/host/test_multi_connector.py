"""One Configuration.xml with several <Connector> elements: each at its own path, with its own secret."""

from __future__ import annotations

import re

from connector.config import parse_host_config
from connector.host import create_host_app
from provlab.transport import wsgi_session
from tests.connector.scim.conftest import BASE, ECMA, LOB_CONFIG, SAP_CONFIG
from tests.connector.scim.fakes import FakeSapBackend


def two_connector_file() -> str:
    sap = SAP_CONFIG.read_text(encoding="utf-8")
    lob = LOB_CONFIG.read_text(encoding="utf-8")
    lob_connector = re.search(r"<Connector>.*</Connector>", lob, re.S).group(0)
    return sap.replace("</Connector>", "</Connector>\n    " + lob_connector, 1)


def test_each_connector_is_served_at_its_own_path_with_its_own_secret():
    config = parse_host_config(two_connector_file(), source="Configuration.xml")
    assert [c.name for c in config.connectors] == ["SAPECC", "RESTLOB"]
    sap_backend = FakeSapBackend({"JDOE": {"userName": "JDOE", "lastName": "Doe"}})
    lob_backend = FakeSapBackend({"LOBBY": {"userName": "LOBBY", "lastName": "Lob", "active": True}})
    host = create_host_app(config, {"SAPECC": sap_backend, "RESTLOB": lob_backend})
    host.start(initial_import="sync", autosync=False)
    try:
        client = wsgi_session(BASE, host)
        sap = {"Authorization": "Bearer provlab-lab-secret-0001"}
        lob = {"Authorization": "Bearer provlab-lab-secret-0002"}
        assert client.get(f"{BASE}/ecma2host_SAPECC/scim/Users/JDOE", headers=sap).status_code == 200
        assert client.get(f"{BASE}/ecma2host_SAPECC/scim/Users/LOBBY", headers=sap).status_code == 404
        lobby = client.get(f"{BASE}/ecma2host_RESTLOB/scim/Users/LOBBY", headers=lob)
        assert lobby.status_code == 200 and lobby.json()["active"] is True
        assert ECMA in lobby.json()
        # One connector's secret does not open another connector.
        assert client.get(f"{BASE}/ecma2host_RESTLOB/scim/Users", headers=sap).status_code == 401
    finally:
        host.close()
