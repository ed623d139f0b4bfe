"""The target as the lab sees it: read back through the simulator's admin API, never from
what was sent, so every value shown or checked is what the target really holds."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import requests

# Admin-view field names (what expectations and seeds use) → the REST API's field names.
_REST_FIELDS = {
    "userName": "userName",
    "firstName": "givenName",
    "lastName": "surname",
    "email": "email",
    "department": "department",
    "jobTitle": "jobTitle",
    "city": "city",
    "company": "company",
    "phone": "phoneNumber",
    "validTo": "validUntil",
}
SEEDABLE_FIELDS = (*_REST_FIELDS, "locked")


class TargetError(RuntimeError):
    """The simulator refused an admin or seeding request; the message carries its answer."""


class TargetView:
    """The simulator's admin API (users, journal, faults) and REST API (seeding users).

    ``session`` reaches ``base_url`` (an in-process WSGI session or a real one); ``app`` is
    the in-process simulator object when the caller wants it (tests), never needed here."""

    def __init__(
        self,
        base_url: str,
        session: requests.Session,
        *,
        admin_token: str,
        rest_token: str,
        app: Any = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.session = session
        self.app = app
        self._admin = {"Authorization": f"Bearer {admin_token}"}
        self._rest = {"Authorization": f"Bearer {rest_token}"}

    @property
    def rest_url(self) -> str:
        return f"{self.base_url}/api/v1/users"

    # reading -------------------------------------------------------------------------------
    def user(self, username: str) -> dict[str, Any] | None:
        """One user as the admin API shows it (``status``, ``validTo``, …), None if absent."""
        response = self._call("GET", f"/_admin/users/{quote(username, safe='')}", ok=(200, 404))
        return None if response.status_code == 404 else response.json()

    def users(self) -> list[dict[str, Any]]:
        return self._call("GET", "/_admin/users").json()["users"]

    def journal(self, since: int = 0) -> list[dict[str, Any]]:
        """Calls to SAP and REST after sequence number ``since``, oldest first."""
        return self._call("GET", f"/_admin/journal?since={since}").json()["entries"]

    def last_seq(self) -> int:
        entries = self.journal()
        return max((e["seq"] for e in entries), default=0)

    # steering ------------------------------------------------------------------------------
    def seed(self, count: int, seed: int = 42) -> int:
        """Add ``count`` realistic users (the simulator's seeder); returns how many were added."""
        return self._call("POST", "/_admin/seed", json={"count": count, "seed": seed}).json()["added"]

    def create_user(self, fields: dict[str, Any]) -> None:
        """Create a user over the REST API, from admin-view field names (``lastName``, ``validTo``)."""
        unknown = sorted(set(fields) - set(SEEDABLE_FIELDS))
        if unknown:
            raise TargetError(
                f"unknown target user field(s) {', '.join(unknown)}; use: {', '.join(SEEDABLE_FIELDS)}"
            )
        body = {_REST_FIELDS[k]: v for k, v in fields.items() if k in _REST_FIELDS}
        if "locked" in fields:
            body["active"] = not fields["locked"]
        response = self.session.post(self.rest_url, json=body, headers=self._rest, timeout=30)
        if response.status_code != 201:
            raise TargetError(
                f"the simulator refused target user {fields.get('userName')!r}: {response.text}"
            )

    def add_fault(self, rule: str) -> dict[str, Any]:
        """A fault rule in the simulator's text form (``sap:BAPI_USER_CREATE1:sap_error:number=224``)."""
        return self._call("POST", "/_admin/faults", json={"rule": rule}, ok=(201,)).json()

    def clear_faults(self) -> None:
        self._call("DELETE", "/_admin/faults", ok=(204,))

    def _call(
        self, method: str, path: str, *, ok: tuple[int, ...] = (200,), **kwargs: Any
    ) -> requests.Response:
        response = self.session.request(
            method, self.base_url + path, headers=self._admin, timeout=30, **kwargs
        )
        if response.status_code not in ok:
            raise TargetError(f"{method} {path} answered {response.status_code}: {response.text[:300]}")
        return response
