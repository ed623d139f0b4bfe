"""The admin API under ``/_admin`` (bearer token): look at users with their computed
status, reset, seed, read the journal, and set fault rules — for tests and demos."""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, jsonify, request

from simulator.auth import bearer_ok
from simulator.faults import FaultInjector, FaultRuleError
from simulator.journal import Journal
from simulator.jsonapi import ApiError, install_json_errors, invalid, json_body
from simulator.sap.dates import format_date10
from simulator.seed import generate_users
from simulator.store import UserRecord, UserStatus, UserStore

ADMIN_PREFIX = "/_admin"
MAX_SEED = 100_000


def admin_view(user: UserRecord, today) -> dict[str, Any]:
    """A user as the admin sees it: every neutral field, the computed status, no password hash."""
    return {
        "userName": user.username,
        "status": user.status(today).value,
        "firstName": user.first_name,
        "lastName": user.last_name,
        "email": user.email,
        "department": user.department,
        "jobTitle": user.job_title,
        "city": user.city,
        "company": user.company,
        "phone": user.phone,
        "validFrom": format_date10(user.valid_from),
        "validTo": format_date10(user.valid_to),
        "locked": user.locked,
        "hasPassword": bool(user.password_hash),
        "passwordInitial": user.password_initial,
        "userType": user.user_type,
        "activityGroups": [g.name for g in user.activity_groups],
        "extra": dict(user.extra),
        "created": user.created_at.isoformat() if user.created_at else None,
        "modified": user.modified_at.isoformat() if user.modified_at else None,
    }


def _flag(body: dict[str, Any], name: str) -> bool:
    value = body.get(name, True)
    if not isinstance(value, bool):
        raise invalid(f"{name} must be true or false")
    return value


def create_admin_app(store: UserStore, journal: Journal, faults: FaultInjector, *, token: str) -> Flask:
    app = Flask("simulator.admin")
    app.json.sort_keys = False
    install_json_errors(app, challenge='Bearer realm="provlab simulator admin"')

    @app.before_request
    def authenticate() -> None:
        if not bearer_ok(request.headers.get("Authorization"), token):
            raise ApiError(401, "unauthorized", "send Authorization: Bearer <admin token> (printed at start)")

    @app.get("/users")
    def users() -> Response:
        today = store.today()
        wanted = request.args.get("status")
        if wanted is not None and wanted not in {s.value for s in UserStatus}:
            raise invalid(f"status must be one of {', '.join(s.value for s in UserStatus)}")
        views = [admin_view(u, today) for u in store.users()]
        views = [v for v in views if wanted is None or v["status"] == wanted]
        return jsonify({"users": views, "total": len(views), "today": today.isoformat()})

    @app.get("/users/<username>")
    def user(username: str) -> Response:
        found = store.get(username)
        if found is None:
            raise ApiError(404, "not_found", f"no user {username!r} (SAP user names are upper case)")
        return jsonify(admin_view(found, store.today()))

    @app.post("/reset")
    def reset() -> Response:
        body = json_body(request) if request.get_data() else {}
        if not isinstance(body, dict):
            raise invalid(
                'the body must be an object such as {"users": true, "journal": true, "faults": true}'
            )
        done = []
        if _flag(body, "users"):
            store.clear()
            done.append("users")
        if _flag(body, "journal"):
            journal.clear()
            done.append("journal")
        if _flag(body, "faults"):
            faults.clear()
            done.append("faults")
        return jsonify({"reset": done})

    @app.post("/seed")
    def seed() -> Response:
        body = json_body(request)
        if not isinstance(body, dict):
            raise invalid('the body must be an object such as {"count": 50, "seed": 42}')
        count, seed_value = body.get("count"), body.get("seed", 42)
        if not isinstance(count, int) or isinstance(count, bool) or not 0 <= count <= MAX_SEED:
            raise invalid(f"count must be a whole number from 0 to {MAX_SEED}")
        if not isinstance(seed_value, int) or isinstance(seed_value, bool):
            raise invalid("seed must be a whole number")
        added = store.add_many(generate_users(count, seed=seed_value, today=store.today()))
        return jsonify({"added": added, "total": store.count()})

    @app.get("/journal")
    def read_journal() -> Response:
        since = request.args.get("since", "0")
        if not since.isdigit():
            raise invalid(f"since must be a sequence number, not {since!r}")
        entries = journal.entries(
            service=request.args.get("service"),
            operation=request.args.get("operation"),
            outcome=request.args.get("outcome"),
            since_seq=int(since),
        )
        return jsonify({"entries": [e.as_dict() for e in entries]})

    @app.delete("/journal")
    def clear_journal():
        journal.clear()
        return "", 204

    @app.get("/faults")
    def list_faults() -> Response:
        return jsonify({"rules": [r.as_dict() for r in faults.rules()]})

    @app.post("/faults")
    def add_fault():
        body = json_body(request)
        try:
            if isinstance(body, dict) and set(body) == {"rule"} and isinstance(body["rule"], str):
                rule = faults.add(body["rule"])
            elif isinstance(body, dict):
                rule = faults.add(body)
            else:
                raise invalid('send a rule object, e.g. {"service": "sap", "operation": "*", "kind": "drop"}')
        except FaultRuleError as exc:
            raise invalid(str(exc)) from None
        response = jsonify(rule.as_dict())
        response.status_code = 201
        return response

    @app.delete("/faults")
    def clear_faults():
        faults.clear()
        return "", 204

    @app.delete("/faults/<int:rule_id>")
    def delete_fault(rule_id: int):
        if not faults.remove(rule_id):
            raise ApiError(404, "not_found", f"no fault rule with id {rule_id}")
        return "", 204

    return app
