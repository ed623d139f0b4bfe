"""The harness's SCIM client, timed per request and named by the kind of request it is.

Nothing here builds a request: every call goes to :class:`harness.scim_client.ScimClient`
unchanged; this subclass only measures it, reports it to ``on_request`` (Locust's request
event, in the load's child processes) and spends one request of the budget before it goes out.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import requests

from harness.scim_client import AttributeChange, ScimCallError, ScimClient

# on_request(kind, method, milliseconds, response bytes, failure or None)
OnRequest = Callable[[str, str, float, int, "ScimFailure | None"], None]


class BudgetSpent(Exception):
    """The run's request budget is used up: the request was not sent."""


class Budget:
    """How many requests this process may still send (None: no limit). An operation reserves
    what it needs before its first request, so no other worker can spend the rest between its
    GET and its POST or PATCH; what it did not use goes back. Greenlets switch only on I/O, so
    this needs no lock."""

    def __init__(self, limit: int | None) -> None:
        self.remaining = limit

    @property
    def limited(self) -> bool:
        return self.remaining is not None

    def allows(self, count: int) -> bool:
        return self.remaining is None or self.remaining >= count

    def reserve(self, count: int) -> bool:
        if not self.allows(count):
            return False
        if self.remaining is not None:
            self.remaining -= count
        return True

    def refund(self, count: int) -> None:
        if self.remaining is not None:
            self.remaining += count


class ScimFailure(Exception):
    """A failed request as Locust groups failures: by SCIM status and Entra's error code only,
    so ten thousand 503s are one row, not ten thousand."""

    def __init__(self, status: int | None, code: str, message: str = "") -> None:
        super().__init__(status, code)
        self.status = status
        self.code = code
        self.message = message

    @classmethod
    def of(cls, error: ScimCallError) -> ScimFailure:
        return cls(error.status, error.code, error.message)

    def __repr__(self) -> str:
        status = f"HTTP {self.status}" if self.status is not None else "no response"
        return f"{status} {self.code}"

    __str__ = __repr__


class MeteredClient(ScimClient):
    """A :class:`ScimClient` whose calls are reported as ``probe``, ``filter``, ``create``,
    ``get``, ``patch`` (``soft delete`` while :attr:`patch_kind` says so) and ``delete``."""

    def __init__(
        self,
        tenant_url: str,
        secret: str,
        *,
        on_request: OnRequest,
        budget: Budget,
        session: requests.Session | None = None,
        **options: Any,
    ) -> None:
        super().__init__(tenant_url, secret, session=session or requests.Session(), **options)
        self.session.hooks["response"].append(self._measure_body)
        self.on_request = on_request
        self.budget = budget
        self.patch_kind = "patch"
        self.allowance = 0  # requests reserved by the operation in progress
        self._last_length = 0

    def spend(self) -> None:
        """One request of the operation's reservation; none left (or none made) → not sent."""
        if not self.budget.limited:
            return
        if self.allowance <= 0:
            raise BudgetSpent()
        self.allowance -= 1

    def _measure_body(self, response: requests.Response, *_args: Any, **_kwargs: Any) -> None:
        self._last_length = len(response.content or b"")

    def _measured(self, kind: str, method: str, call: Callable[[], Any]) -> Any:
        self.spend()
        started = time.perf_counter()
        try:
            result = call()
        except ScimCallError as error:
            self._report(kind, method, started, ScimFailure.of(error))
            raise
        self._report(kind, method, started, None)
        return result

    def _report(self, kind: str, method: str, started: float, failure: ScimFailure | None) -> None:
        elapsed = (time.perf_counter() - started) * 1000.0
        self.on_request(kind, method, elapsed, self._last_length, failure)
        self._last_length = 0

    def test_connection(self, matching_attribute: str) -> None:
        self._measured("probe", "GET", lambda: ScimClient.test_connection(self, matching_attribute))

    def find_user(self, attribute: str, value: str) -> dict[str, Any] | None:
        return self._measured("filter", "GET", lambda: ScimClient.find_user(self, attribute, value))

    def get_user(self, user_id: str) -> dict[str, Any] | None:
        self.spend()
        started = time.perf_counter()
        try:
            found = ScimClient.get_user(self, user_id)
        except ScimCallError as error:
            self._report("get", "GET", started, ScimFailure.of(error))
            raise
        # ScimClient answers a 404 with None (Entra then matches or creates again); under load
        # a user the run wrote and cannot read back is a failure worth counting.
        missing = (
            ScimFailure(404, "SystemForCrossDomainIdentityManagementNotFound") if found is None else None
        )
        self._report("get", "GET", started, missing)
        return found

    def create_user(self, values: dict[str, Any]) -> dict[str, Any]:
        return self._measured("create", "POST", lambda: ScimClient.create_user(self, values))

    def patch_user(self, user_id: str, changes: list[AttributeChange]) -> dict[str, Any] | None:
        return self._measured(self.patch_kind, "PATCH", lambda: ScimClient.patch_user(self, user_id, changes))

    def delete_user(self, user_id: str) -> None:
        self._measured("delete", "DELETE", lambda: ScimClient.delete_user(self, user_id))
