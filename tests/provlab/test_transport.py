"""The in-process transport must behave like a socket for requests and zeep users."""

import time

import pytest
import requests
from flask import Flask, jsonify, request

from provlab.transport import DropConnection, wsgi_session

BASE = "http://app.test"


@pytest.fixture()
def app() -> Flask:
    app = Flask("transport-test")

    @app.route("/echo/<name>", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
    def echo(name):
        return (
            jsonify(
                method=request.method,
                name=name,
                query=request.args.to_dict(),
                body=request.get_data(as_text=True),
                auth=request.headers.get("Authorization"),
                content_type=request.content_type,
                host=request.host,
            ),
            201 if request.method == "POST" else 200,
            {"X-Trace": "t-1"},
        )

    @app.route("/gone", methods=["DELETE"])
    def gone():
        return "", 204

    @app.route("/boom")
    def boom():
        raise RuntimeError("the app failed")

    @app.route("/drop")
    def drop():
        raise DropConnection()

    @app.route("/slow")
    def slow():
        time.sleep(0.5)
        return "late"

    return app


@pytest.mark.parametrize("method", ["GET", "POST", "PUT", "PATCH", "DELETE"])
def test_methods_reach_the_app_with_path_query_and_headers(app, method):
    session = wsgi_session(BASE, app)
    response = session.request(
        method,
        f"{BASE}/echo/jane?filter=userName%20eq%20%22a%40b%22&x=1",
        data=b"payload" if method != "GET" else None,
        headers={"Authorization": "Bearer s3cret-token-123", "Content-Type": "application/scim+json"},
    )
    assert response.status_code == (201 if method == "POST" else 200)
    body = response.json()
    assert body["method"] == method
    assert body["name"] == "jane"
    assert body["query"] == {"filter": 'userName eq "a@b"', "x": "1"}
    assert body["auth"] == "Bearer s3cret-token-123"
    assert body["host"] == "app.test"
    if method != "GET":
        assert body["body"] == "payload"
        assert body["content_type"] == "application/scim+json"
    assert response.headers["x-trace"] == "t-1"


def test_empty_body_status(app):
    response = wsgi_session(BASE, app).delete(f"{BASE}/gone")
    assert response.status_code == 204
    assert response.content == b""


def test_exception_inside_app_becomes_500_like_a_server(app):
    response = wsgi_session(BASE, app).get(f"{BASE}/boom")
    assert response.status_code == 500


def test_exception_can_be_raised_for_debugging():
    def failing(environ, start_response):
        raise ValueError("raw failure")

    with pytest.raises(ValueError, match="raw failure"):
        wsgi_session(BASE, failing, raise_app_exceptions=True).get(f"{BASE}/")


def test_dropped_connection_is_a_connection_error(app):
    with pytest.raises(requests.ConnectionError):
        wsgi_session(BASE, app).get(f"{BASE}/drop")


def test_timeout_is_honoured(app):
    with pytest.raises(requests.ReadTimeout):
        wsgi_session(BASE, app).get(f"{BASE}/slow", timeout=0.05)


def test_other_hosts_are_not_routed(app):
    session = wsgi_session(BASE, app)
    assert session.get_adapter(f"{BASE}/x").__class__.__name__ == "WSGITransport"
    assert session.get_adapter("http://elsewhere.test/x").__class__.__name__ == "HTTPAdapter"
