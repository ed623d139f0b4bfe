"""The protocol floors: what the same client stack costs against servers that do (almost) nothing."""

from __future__ import annotations

from collections.abc import Sequence

from .wire import RawSoap, ScimFloor, cycle, timed

# The SAP service's path: the address in the template's WSDL copy and in the simulator.
SAP_SERVICE_PATH = "/sap/bc/srt/rfc/sap/zsapconnectorwebservice/001/zsapconnectorws/zsapconnectorws"
WARM_UP_CALLS = 10


def sap_endpoint(base_url: str) -> str:
    return base_url.rstrip("/") + SAP_SERVICE_PATH


class UserFloor:
    """The per-user floor: two SCIM exchanges (filter GET, POST) to a server that does no work,
    plus one raw SOAP call to the simulator, ``concurrency`` users at a time (the provisioning
    engine's worker count, so the floor and the cycle run equally parallel)."""

    def __init__(self, scim: ScimFloor, raw: RawSoap, names: Sequence[str], concurrency: int) -> None:
        self.scim, self.raw, self.names, self.concurrency = scim, raw, list(names), concurrency

    def _one_user(self, name: str) -> None:
        self.scim.new_user(name)
        self.raw.get_detail(name)

    def warm_up(self) -> None:
        """TLS handshakes and first-request costs, kept out of the measurement."""
        self.seconds(WARM_UP_CALLS * self.concurrency)

    def seconds(self, n: int) -> float:
        """Wall seconds for ``n`` floor users."""
        return timed(self._one_user, cycle(self.names, n), concurrency=self.concurrency)


def user_floor_seconds(
    scim: ScimFloor, raw: RawSoap, names: Sequence[str], n: int, concurrency: int
) -> float:
    """Seconds for ``n`` floor users after a warm-up (see :class:`UserFloor`)."""
    floor = UserFloor(scim, raw, names, concurrency)
    floor.warm_up()
    return floor.seconds(n)
