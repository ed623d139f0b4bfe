"""The parts a benchmark starts, each a module-level factory so a child process can build it.

The harness may start the simulator and the connector host (orchestration); it talks to them
only over SOAP and SCIM afterwards.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Any

from harness.orchestration.paths import FIXTURES_DIR, SAP_HOST_CONFIG

SAP_WSDL = FIXTURES_DIR / "templates" / "sap-ecc" / "wsdl" / "ZSAPCONNECTORWEBSERVICE.wsdl"
BENCH_SECRET = "provlab-bench-secret-0001"  # noqa: S105 - a lab secret for loopback benchmarks
SEED = 42
TODAY = date(2026, 11, 27)  # fixed, so seeded users (and their validity) are the same every run

# A body the size of a SCIM User answer, so the floor moves as many bytes as a real exchange.
_CONSTANT_BODY = json.dumps(
    {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "id": "BENCHUSER001",
        "userName": "BENCHUSER001",
        "active": True,
        "urn:ietf:params:scim:schemas:extension:ECMA2Host:2.0:User": {
            "userName": "BENCHUSER001",
            "firstName": "Bench",
            "lastName": "User",
            "email": "bench.user@example.com",
            "department": "IT",
        },
        "meta": {"resourceType": "User", "location": "/Users/BENCHUSER001"},
    }
).encode()


def constant_app() -> Callable[..., Any]:
    """A WSGI app answering every request with the same small JSON body: the floor's server side,
    with no application work at all. It reads the request body as any server must."""

    def app(environ: dict, start_response: Callable[..., Any]):
        length = int(environ.get("CONTENT_LENGTH") or 0)
        if length:
            environ["wsgi.input"].read(length)
        start_response(
            "200 OK",
            [("Content-Type", "application/scim+json"), ("Content-Length", str(len(_CONSTANT_BODY)))],
        )
        return [_CONSTANT_BODY]

    return app


def simulator_app(seed_users: int = 0) -> Any:
    """The SAP simulator with ``seed_users`` deterministic users (its own seed generator)."""
    from provlab.clock import FixedClock
    from simulator.app import create_app
    from simulator.seed import generate_users
    from simulator.store import UserStore

    store = UserStore(clock=FixedClock(f"{TODAY.isoformat()}T09:00:00+00:00"))
    if seed_users:
        store.add_many(generate_users(seed_users, seed=SEED, today=TODAY))
    return create_app(store=store)


def sap_connector_config() -> Any:
    """The shipped SAP ECC connector of ``fixtures/hosts/sap-ecc/Configuration.xml``."""
    from connector.config import load_host_config

    return load_host_config(SAP_HOST_CONFIG)


def sap_credentials() -> tuple[str, str]:
    """The SAP user and password the shipped host configuration sends (the simulator's defaults)."""
    web_service = sap_connector_config().connectors[0].web_service
    return web_service.user_name, web_service.password


def connector_host(target_url: str, *, session: Any = None, spaces: Any = None, start: bool = True) -> Any:
    """The connector host for the SAP ECC configuration, sending SOAP to ``target_url``.

    With ``start`` the first Full Import runs now (synchronously) and no autosync timer runs."""
    from connector.host import create_host_app, memory_space, template_backend

    config = sap_connector_config()
    connector = config.connectors[0]
    backend = template_backend(connector, target_url=target_url, session=session)
    host = create_host_app(
        config, {connector.name: backend}, secret_override=BENCH_SECRET, spaces=spaces or memory_space
    )
    if start:
        host.start(initial_import="sync", autosync=False)
    return host


def tenant_url(host_base_url: str) -> str:
    """The SCIM base URL Entra is given for the SAP ECC connector on a host."""
    return f"{host_base_url.rstrip('/')}/ecma2host_{sap_connector_config().connectors[0].name}/scim"
