"""python-scim's scim2-tester, an independent SCIM checker, against the host over loopback HTTPS.

The checks listed in PASSING must keep passing; docs/connector-host.md explains each of the
others by the ECMA2Host limitation behind it.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pytest
import requests

from connector.host import create_host_app
from provlab.serving import serve_in_thread
from provlab.tls import ensure_self_signed
from tests.connector.scim.conftest import SECRET
from tests.connector.scim.fakes import FakeSapBackend

scim2_tester = pytest.importorskip("scim2_tester")

PASSING = {
    "service_provider_config_endpoint",
    "service_provider_config_endpoint_methods",
    "query_all_resource_types",
    "query_resource_type_by_id",
    "resource_types_schema_validation",
    "access_invalid_resource_type",
    "resource_types_endpoint_methods",
    "query_all_schemas",
    "access_schema_by_id",
    "access_invalid_schema",
    "schemas_endpoint_methods",
    "random_url",
    "object_creation",
    "object_query",
    "object_query_without_id",
    "object_deletion",
    "check_remove_attribute",
}
# Checks with some sub-results failing for a documented ECMA2Host limitation; every
# sub-result on an ECMA2Host extension attribute must still pass.
PARTLY_PASSING = {
    "object_query_with_attributes",
    "object_list_with_attributes",
    "check_add_attribute",
    "check_replace_attribute",
}
KNOWN_FAILING = {"search_with_attributes", "object_replacement"}


def requests_scim_client(base_url: str, session: requests.Session, verify: str):
    """scim2-client's engines use httpx2; this one sends the same requests with requests."""
    from scim2_client.client import BaseSyncSCIMClient
    from scim2_client.engines.inprocess import _stays_under_base_url

    class RequestsSCIMClient(BaseSyncSCIMClient):
        def _stays_under_base_url(self, endpoint: str) -> bool:
            return _stays_under_base_url(base_url, endpoint)

        def _parse_json(self, response: Any) -> Any:
            return response.json()

        def request(self, method: str, url: str, *, content: bytes | None = None, **kwargs: Any):
            target = url if url.startswith("http") else base_url.rstrip("/") + "/" + url.lstrip("/")
            return session.request(method, target, data=content, verify=verify, timeout=30, **kwargs)

    return RequestsSCIMClient()


@pytest.mark.sockets
def test_scim2_tester_checks(sap_config, tmp_path):
    from scim2_tester import check_server
    from scim2_tester.utils import Status

    backend = FakeSapBackend({"JDOE": {"userName": "JDOE", "lastName": "Doe"}}, required=())
    host = create_host_app(sap_config, {"SAPECC": backend})
    host.start(initial_import="sync", autosync=False)
    tls = ensure_self_signed(tmp_path)
    try:
        with serve_in_thread(host, tls=tls) as server:
            with requests.Session() as session:
                session.trust_env = False
                session.headers["Authorization"] = f"Bearer {SECRET}"
                client = requests_scim_client(
                    f"{server.url}/ecma2host_SAPECC/scim", session, str(tls.cert_path)
                )
                results = check_server(client)
    finally:
        host.close()

    by_title: dict[str, list] = defaultdict(list)
    for result in results:
        by_title[result.title].append(result)
    assert PASSING | PARTLY_PASSING | KNOWN_FAILING >= set(by_title), set(by_title) - PASSING - PARTLY_PASSING
    for title in PASSING:
        assert by_title[title], f"scim2-tester no longer runs {title}"
        failures = [r.reason for r in by_title[title] if r.status != Status.SUCCESS]
        assert not failures, f"{title}: {failures}"
    extension = "urn:ietf:params:scim:schemas:extension:ECMA2Host:2.0:User:"
    for title in PARTLY_PASSING:
        failed_on_extension = [
            r.reason for r in by_title[title] if r.status != Status.SUCCESS and extension in (r.reason or "")
        ]
        assert not failed_on_extension, f"{title}: {failed_on_extension}"
        assert any(r.status == Status.SUCCESS for r in by_title[title]), title
