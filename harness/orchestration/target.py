"""The target as the lab sees it: read back through the simulator's admin API, never from
what was sent, so every value shown or checked is what the target really holds."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import requests


class TargetError(RuntimeError):
    """The simulator refused an admin or seeding request; the message carries its answer."""


class TargetView:
    """The simulator's admin API: users as a target shows them, the journal, faults, seeding.

    ``session`` reaches ``base_url`` (an in-process WSGI session or a real one); ``target`` is the
    vendor whose admin view and seeding rules apply (None: the simulator's default, the first it
    serves); ``app`` is the in-process simulator object when the caller wants it (tests), never
    needed here. ``rest_token`` is accepted for earlier callers and not used: users are created
    through the admin API, for every target."""

    def __init__(
        self,
        base_url: str,
        session: requests.Session,
        *,
        admin_token: str,
        rest_token: str = "",
        app: Any = None,
        target: str | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.session = session
        self.app = app
        self.target = target
        self._admin = {"Authorization": f"Bearer {admin_token}"}
        self._query = f"?target={quote(target, safe='')}" if target else ""

    @property
    def rest_url(self) -> str:
        return f"{self.base_url}/api/v1/users"

    # reading -------------------------------------------------------------------------------
    def user(self, username: str) -> dict[str, Any] | None:
        """One user as the admin API shows it (``status``, ``validTo``, …), None if absent."""
        path = f"/_admin/users/{quote(username, safe='')}{self._query}"
        response = self._call("GET", path, ok=(200, 404))
        return None if response.status_code == 404 else response.json()

    def users(self) -> list[dict[str, Any]]:
        return self._call("GET", f"/_admin/users{self._query}").json()["users"]

    def journal(self, since: int = 0) -> list[dict[str, Any]]:
        """Calls to the served targets after sequence number ``since``, oldest first."""
        return self._call("GET", f"/_admin/journal?since={since}").json()["entries"]

    def last_seq(self) -> int:
        entries = self.journal()
        return max((e["seq"] for e in entries), default=0)

    # steering ------------------------------------------------------------------------------
    def seed(self, count: int, seed: int = 42) -> int:
        """Add ``count`` realistic users (the target's seeder); returns how many were added."""
        body: dict[str, Any] = {"count": count, "seed": seed}
        if self.target:
            body["target"] = self.target
        return self._call("POST", "/_admin/seed", json=body).json()["added"]

    def create_user(self, fields: dict[str, Any]) -> None:
        """Create a user as an admin would, behind the host's back, from the target's admin field
        names (``userName``, ``lastName``, ``validTo`` for SAP and REST)."""
        response = self.session.post(
            f"{self.base_url}/_admin/users{self._query}", json=fields, headers=self._admin, timeout=30
        )
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
