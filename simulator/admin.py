"""The admin API under ``/_admin`` (bearer token): look at users with their computed
status, create, reset and seed them, read the journal, set fault rules, list the served
targets — for tests and demos.

Users live in one store for every target; each target shows them in its own admin view
(``?target=NAME``, default: the first target served) and creates and seeds them by its
own rules."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask import Flask, Response, jsonify, request

from simulator.auth import bearer_ok
from simulator.faults import FaultInjector, FaultRuleError
from simulator.journal import Journal
from simulator.jsonapi import ApiError, install_json_errors, invalid, json_body
from simulator.store import UserExistsError, UserStatus, UserStore
from simulator.target import AdminFieldError, Target

ADMIN_PREFIX = "/_admin"
MAX_SEED = 100_000


def _flag(body: dict[str, Any], name: str) -> bool:
    value = body.get(name, True)
    if not isinstance(value, bool):
        raise invalid(f"{name} must be true or false")
    return value


def _target_summary(target: Target, base_url: str, default: bool) -> dict[str, Any]:
    return {
        "name": target.name,
        "title": target.title,
        "default": default,
        "description": target.description_url(base_url),
        "operations": list(target.operations()),
        "faultKinds": [spec.kind.value for spec in target.fault_kinds],
        "adminFields": list(target.admin_fields),
        "seedableFields": list(target.seedable_fields),
    }


def create_admin_app(
    store: UserStore,
    journal: Journal,
    faults: FaultInjector,
    *,
    token: str,
    targets: Sequence[Target] = (),
) -> Flask:
    """The admin API over ``store``; ``targets`` are the served vendors, the first the default view."""
    app = Flask("simulator.admin")
    app.json.sort_keys = False
    install_json_errors(app, challenge='Bearer realm="provlab simulator admin"')
    served = {target.name: target for target in targets}
    default = next(iter(served.values()), None) or Target()  # no target served: the standard view

    def chosen() -> Target:
        name = request.args.get("target")
        if name is None:
            return default
        found = served.get(name)
        if found is None:
            raise ApiError(
                404, "not_found", f"target {name!r} is not served here; served: {', '.join(served) or 'none'}"
            )
        return found

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
        target = chosen()
        views = [target.admin_view(u, today) for u in store.users()]
        views = [v for v in views if wanted is None or v["status"] == wanted]
        return jsonify({"users": views, "total": len(views), "today": today.isoformat()})

    @app.get("/users/<username>")
    def user(username: str) -> Response:
        target = chosen()
        found = store.get(username)
        if found is None:
            hint = f" ({target.not_found_hint})" if target.not_found_hint else ""
            raise ApiError(404, "not_found", f"no user {username!r}{hint}")
        return jsonify(target.admin_view(found, store.today()))

    @app.post("/users")
    def create_user():
        target = chosen()
        body = json_body(request)
        if not isinstance(body, dict):
            raise invalid(f"the body must be an object of user fields: {', '.join(target.seedable_fields)}")
        try:
            stored = store.add(target.user_from_admin(body))
        except AdminFieldError as error:
            raise invalid(str(error)) from None
        except UserExistsError as error:
            raise ApiError(409, "conflict", f"a user {error.args[0]!r} already exists") from None
        response = jsonify(target.admin_view(stored, store.today()))
        response.status_code = 201
        return response

    @app.get("/targets")
    def list_targets() -> Response:
        base_url = request.host_url.rstrip("/")
        return jsonify({"targets": [_target_summary(t, base_url, t is default) for t in served.values()]})

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

    def _seeding_target(body: dict[str, Any]) -> Target:
        name = body.get("target")
        if name is None:
            return chosen()
        if name not in served:
            raise invalid(f"target {name!r} is not served here; served: {', '.join(served) or 'none'}")
        return served[name]

    @app.post("/seed")
    def seed() -> Response:
        body = json_body(request)
        if not isinstance(body, dict):
            raise invalid('the body must be an object such as {"count": 50, "seed": 42, "target": "sap"}')
        count, seed_value = body.get("count"), body.get("seed", 42)
        if not isinstance(count, int) or isinstance(count, bool) or not 0 <= count <= MAX_SEED:
            raise invalid(f"count must be a whole number from 0 to {MAX_SEED}")
        if not isinstance(seed_value, int) or isinstance(seed_value, bool):
            raise invalid("seed must be a whole number")
        target = _seeding_target(body)
        added = store.add_many(target.sample_users(count, seed=seed_value, today=store.today()))
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
