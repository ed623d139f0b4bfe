"""How REST calls look to the journal and the fault injector.

The operation of a request is its method and Flask route, e.g. ``GET /api/v1/users`` or
``PATCH /api/v1/users/<user_id>``; inputs are the query, the path arguments and the JSON
body. Injected HTTP errors answer in the service's own JSON error format.
"""

from __future__ import annotations

import json
from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qsl

from flask import Flask
from werkzeug.exceptions import HTTPException

from provlab.faults import FaultRule
from simulator.observe import Call, Reply

JSON_HEADERS = [("Content-Type", "application/json")]
LIST_OPERATION_SUFFIX = "/users"
MAX_RAW_BODY = 200


def _json_or_text(body: bytes) -> Any:
    if not body:
        return None
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return body[:MAX_RAW_BODY].decode("utf-8", "replace")


class RestWire:
    service = "rest"

    def __init__(self, flask_app: Flask) -> None:
        self.flask_app = flask_app

    def describe(self, environ: dict, body: bytes) -> Call:
        method = environ.get("REQUEST_METHOD", "GET")
        prefix = environ.get("SCRIPT_NAME", "")
        try:
            rule, args = self.flask_app.url_map.bind_to_environ(environ).match(
                method=method, return_rule=True
            )
            route = prefix + rule.rule
        except HTTPException:
            route, args = prefix + environ.get("PATH_INFO", ""), {}
        inputs: dict[str, Any] = {}
        query = dict(parse_qsl(environ.get("QUERY_STRING", "")))
        if query:
            inputs["query"] = query
        if args:
            inputs["path"] = dict(args)
        if body:
            inputs["body"] = _json_or_text(body)
        return Call(f"{method} {route}", inputs)

    def judge(self, call: Call, reply: Reply) -> tuple[str, dict[str, Any]]:
        if reply.status < 400:
            return "ok", {"http": reply.status}
        data = _json_or_text(reply.body)
        detail: dict[str, Any] = {"http": reply.status}
        if isinstance(data, dict) and "code" in data:
            detail["code"] = data["code"]
        return ("error" if reply.status < 500 else "fault"), detail

    def injected(self, rule: FaultRule, call: Call) -> Reply:
        phrase = HTTPStatus(rule.status).phrase
        body = {
            "code": phrase.lower().replace(" ", "_"),
            "message": f"{phrase} (simulated by fault injection)",
        }
        headers = list(JSON_HEADERS)
        if rule.retry_after is not None:
            headers.append(("Retry-After", str(rule.retry_after)))
        return Reply(rule.status, headers, json.dumps(body).encode())

    def truncate_page(self, call: Call, reply: Reply) -> Reply:
        if not call.operation.endswith(LIST_OPERATION_SUFFIX) or reply.status != 200:
            return reply
        data = json.loads(reply.body)
        users = data.get("users", [])
        data["users"] = users[: len(users) // 2]  # total and next still promise the full page
        return reply.with_body(json.dumps(data).encode())
