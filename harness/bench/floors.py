"""The protocol floors: what the same client stack costs against servers that do (almost) nothing."""

from __future__ import annotations

from collections.abc import Sequence

from .wire import RawSoap, ScimFloor, cycle, timed

# The SAP service's path: the address in the template's WSDL copy and in the simulator.
SAP_SERVICE_PATH = "/sap/bc/srt/rfc/sap/zsapconnectorwebservice/001/zsapconnectorws/zsapconnectorws"
WARM_UP_CALLS = 10


def sap_endpoint(base_url: str) -> str:
    return base_url.rstrip("/") + SAP_SERVICE_PATH


def user_floor_seconds(
    scim: ScimFloor, raw: RawSoap, names: Sequence[str], n: int, concurrency: int
) -> float:
    """Seconds for ``n`` floor users: two SCIM exchanges (filter GET, POST) to a server that does
    no work, plus one raw SOAP call to the simulator, ``concurrency`` users at a time (the
    provisioning engine's worker count, so the floor and the cycle run equally parallel)."""
    items = cycle(list(names), n)

    def one_user(name: str) -> None:
        scim.new_user(name)
        raw.get_detail(name)

    timed(one_user, items[: WARM_UP_CALLS * concurrency], concurrency=concurrency)  # TLS handshakes
    return timed(one_user, items, concurrency=concurrency)
