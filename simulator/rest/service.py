"""The REST user service as a Flask app: ``/users`` CRUD, paging, delta reads, OpenAPI.

Mounted under ``/api/v1`` by :func:`simulator.app.create_app`. Every error is JSON
``{"code": …, "message": …}``; a failed request changes nothing.
"""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Flask, Response, jsonify, request

from simulator.auth import basic_auth_ok, bearer_ok
from simulator.jsonapi import ApiError, install_json_errors, json_body
from simulator.rest import model
from simulator.rest.openapi import openapi_document
from simulator.store import UserExistsError, UserNotFoundError, UserStore

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 500
API_PREFIX = "/api/v1"
REST_REALM = "provlab REST users"


def _page_args() -> tuple[int, int]:
    def positive(name: str, default: int) -> int:
        raw = request.args.get(name, str(default))
        if not raw.isdigit() or int(raw) < 1:
            raise model.invalid(f"{name} must be a whole number of at least 1, not {raw!r}")
        return int(raw)

    page_size = positive("pageSize", DEFAULT_PAGE_SIZE)
    if page_size > MAX_PAGE_SIZE:
        raise model.invalid(f"pageSize must be at most {MAX_PAGE_SIZE}")
    return positive("page", 1), page_size


def create_rest_app(store: UserStore, *, credentials: tuple[str, str], token: str) -> Flask:
    """The REST service for ``store``.

    Clients authenticate with ``Authorization: Bearer <token>`` or HTTP basic ``credentials``."""
    app = Flask("simulator.rest")
    app.json.sort_keys = False

    install_json_errors(app, challenge=f'Bearer realm="{REST_REALM}", Basic realm="{REST_REALM}"')

    @app.errorhandler(UserNotFoundError)
    def vanished(error: UserNotFoundError):  # deleted by a concurrent call between read and write
        return jsonify(ApiError(404, "not_found", f"no user with id {error.args[0]!r}").as_json()), 404

    @app.before_request
    def authenticate() -> None:
        if request.path == "/openapi.json":
            return
        header = request.headers.get("Authorization")
        if not (bearer_ok(header, token) or basic_auth_ok(header, credentials)):
            raise ApiError(
                401, "unauthorized", "send Authorization: Bearer <token> or HTTP basic credentials"
            )

    def user_url(username: str) -> str:
        return f"{request.script_root}/users/{username}"

    def found(user_id: str):
        user = store.get(user_id)
        if user is None:
            raise ApiError(404, "not_found", f"no user with id {user_id!r}")
        return user

    @app.get("/openapi.json")
    def openapi() -> Response:
        return jsonify(openapi_document(request.script_root or API_PREFIX))

    @app.get("/users")
    def list_users() -> Response:
        page, page_size = _page_args()
        users = store.users()
        since_text = request.args.get("modifiedSince")
        if since_text:
            since = model.parse_modified_since(since_text)
            users = [u for u in users if u.modified_at and u.modified_at > since]
        start = (page - 1) * page_size
        chunk = users[start : start + page_size]
        next_link = None
        if start + page_size < len(users):
            query = {"page": page + 1, "pageSize": page_size}
            if since_text:
                query["modifiedSince"] = since_text
            next_link = f"{request.host_url.rstrip('/')}{request.script_root}/users?{urlencode(query)}"
        today = store.today()
        return jsonify(
            {
                "users": [model.to_json(u, today) for u in chunk],
                "total": len(users),
                "page": page,
                "pageSize": page_size,
                "next": next_link,
            }
        )

    @app.post("/users")
    def create_user():
        record = model.new_user(json_body(request))
        try:
            stored = store.add(record)
        except UserExistsError:
            raise ApiError(
                409, "conflict", f"a user with userName {record.username!r} already exists"
            ) from None
        response = jsonify(model.to_json(stored, store.today()))
        response.status_code = 201
        response.headers["Location"] = user_url(stored.username)
        return response

    @app.get("/users/<user_id>")
    def get_user(user_id: str) -> Response:
        return jsonify(model.to_json(found(user_id), store.today()))

    @app.patch("/users/<user_id>")
    def patch_user(user_id: str) -> Response:
        body = json_body(request)
        stored = store.replace(model.patched(found(user_id), body))
        return jsonify(model.to_json(stored, store.today()))

    @app.put("/users/<user_id>")
    def put_user(user_id: str) -> Response:
        body = json_body(request)
        stored = store.replace(model.replaced(found(user_id), body))
        return jsonify(model.to_json(stored, store.today()))

    @app.delete("/users/<user_id>")
    def delete_user(user_id: str):
        if not store.delete(user_id):
            raise ApiError(404, "not_found", f"no user with id {user_id!r}")
        return "", 204

    return app
