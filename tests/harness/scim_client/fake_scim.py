"""A recording fake of ECMA2Host's SCIM surface, for client and cycle tests that must not
depend on the real host: it keeps users by ``id`` (the upper-cased userName), records every
request as sent, and can be told to fail."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

from werkzeug.wrappers import Request, Response

ECMA = "urn:ietf:params:scim:schemas:extension:ECMA2Host:2.0:User"
CORE = "urn:ietf:params:scim:schemas:core:2.0:User"
LIST = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
ERROR = "urn:ietf:params:scim:api:messages:2.0:Error"


@dataclass
class Recorded:
    method: str
    path: str
    query: str
    headers: dict[str, str]
    body: Any

    @property
    def filter(self) -> str | None:
        return parse_qs(self.query).get("filter", [None])[0]


@dataclass
class FakeScim:
    secret: str = "fake-secret-123456"
    prefix: str = "/ecma2host_SAPECC/scim"
    users: dict[str, dict[str, Any]] = field(default_factory=dict)
    requests: list[Recorded] = field(default_factory=list)
    fail_writes: int | None = None  # answer POST/PATCH/DELETE with this status
    refuse: dict[str, tuple[int, str]] = field(default_factory=dict)  # userName -> (status, detail)

    def __call__(self, environ, start_response):
        request = Request(environ)
        body = request.get_json(silent=True) if request.data else None
        self.requests.append(
            Recorded(
                request.method, request.path, environ.get("QUERY_STRING", ""), dict(request.headers), body
            )
        )
        return self._answer(request, body)(environ, start_response)

    # views ---------------------------------------------------------------------------------
    def calls(self, *methods: str) -> list[Recorded]:
        wanted = methods or ("GET", "POST", "PATCH", "DELETE")
        return [r for r in self.requests if r.method in wanted]

    def resource(self, user_id: str) -> dict[str, Any]:
        attributes = self.users[user_id]
        extension = {k: v for k, v in attributes.items() if k not in ("active", "export_password")}
        resource = {
            "schemas": [CORE, ECMA],
            "id": user_id,
            "userName": attributes["userName"],
            ECMA: extension,
        }
        if "active" in attributes:
            resource["active"] = attributes["active"]
        return resource

    # behaviour -----------------------------------------------------------------------------
    def _answer(self, request: Request, body: Any) -> Response:
        if request.headers.get("Authorization") != f"Bearer {self.secret}":
            return _error(401, "bearer token rejected")
        if not request.path.startswith(self.prefix + "/Users"):
            return _error(404, f"no resource at {request.path}")
        user_id = request.path[len(self.prefix + "/Users/") :] or None
        if request.method != "GET" and self.fail_writes:
            return _error(self.fail_writes, "target unreachable", {"Retry-After": "60"})
        if request.method == "GET" and user_id is None:
            attribute, _, value = (parse_qs(request.query_string.decode()).get("filter", [""])[0]).partition(
                " eq "
            )
            value = json.loads(value) if value else None
            found = [self.resource(i) for i, a in self.users.items() if str(a.get(attribute)) == value]
            return _json(
                200,
                {
                    "schemas": [LIST],
                    "totalResults": len(found),
                    "startIndex": 1,
                    "itemsPerPage": len(found),
                    "Resources": found,
                },
            )
        if request.method == "POST":
            attributes = dict(body.get(ECMA, {}))
            if "active" in body:
                attributes["active"] = body["active"]
            name = attributes.get("userName", "")
            if name in self.refuse:
                status, detail = self.refuse[name]
                return _error(status, detail)
            if name.upper() in self.users:
                return _error(409, f"user {name} already exists", scim_type="uniqueness")
            self.users[name.upper()] = attributes
            return _json(201, self.resource(name.upper()))
        if user_id not in self.users:
            return _error(404, f"user {user_id} not found")
        if request.method == "GET":
            return _json(200, self.resource(user_id))
        if request.method == "DELETE":
            del self.users[user_id]
            return Response(status=204)
        for operation in body["Operations"]:
            changes = (
                operation["value"] if "path" not in operation else {operation["path"]: operation["value"]}
            )
            for path, value in changes.items():
                self.users[user_id][path.rsplit(":", 1)[-1]] = value
        return _json(200, self.resource(user_id))


def _json(status: int, data: Any, headers: dict | None = None) -> Response:
    return Response(json.dumps(data), status=status, headers=headers, content_type="application/scim+json")


def _error(status: int, detail: str, headers: dict | None = None, scim_type: str | None = None) -> Response:
    body = {"schemas": [ERROR], "status": str(status), "detail": detail}
    if scim_type:
        body["scimType"] = scim_type
    return _json(status, body, headers)
