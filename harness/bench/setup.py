"""What every benchmark starts with: the one lab (:class:`harness.orchestration.Lab`) on fixed
options, and the floor's do-nothing server.

The parts come from the lab (in child processes where a scenario measures each process); the
harness talks to them only over SOAP and SCIM afterwards.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

import connector
from harness.orchestration.paths import FIXTURES_DIR, SAP_HOST_CONFIG
from provlab.clock import FixedClock

if TYPE_CHECKING:
    from harness.orchestration import LabOptions

SAP_WSDL = FIXTURES_DIR / "templates" / "sap-ecc" / "wsdl" / "ZSAPCONNECTORWEBSERVICE.wsdl"
BENCH_SECRET = "provlab-bench-secret-0001"  # noqa: S105 - a lab secret for loopback benchmarks
SEED = 42
TODAY = date(2026, 11, 27)  # fixed, so seeded users (and their validity) are the same every run


def bench_options(**changes: Any) -> LabOptions:
    """The benchmarks' lab: SAP ECC on a fixed day and seed with the bench secret, keeping no
    transcript of Entra's exchanges (10,000 users' exchanges would be weighed too), with ``changes``."""
    from harness.orchestration import LabOptions  # here: a job that needs no lab does not load it

    defaults: dict[str, Any] = {
        "host_config": SAP_HOST_CONFIG,
        "secret": BENCH_SECRET,
        "clock": FixedClock(f"{TODAY.isoformat()}T09:00:00+00:00"),
        "seed": SEED,
        "record_exchanges": False,
    }
    return LabOptions(**{**defaults, **changes})


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


def sap_connector_config() -> Any:
    """The shipped SAP ECC connector of ``fixtures/hosts/sap-ecc/Configuration.xml``."""
    return connector.load_host_config(SAP_HOST_CONFIG).connectors[0]


def sap_credentials() -> tuple[str, str]:
    """The SAP user and password the shipped host configuration sends (the simulator's defaults)."""
    web_service = sap_connector_config().web_service
    return web_service.user_name, web_service.password
