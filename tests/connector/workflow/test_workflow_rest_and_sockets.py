"""The REST port against a small Flask app in process, and the SAP template over real loopback sockets."""

from __future__ import annotations

import pytest
from flask import Flask, jsonify, request

from connector.backend import SUCCESS, TargetUnavailableError
from connector.calls import TemplatePorts
from connector.host.wiring import TemplateBackend
from connector.template import load_template
from provlab.serving import serve_in_thread
from provlab.transport import wsgi_session
from simulator.app import DEFAULT_CREDENTIALS, create_app
from tests.connector.workflow.conftest import SAP_TEMPLATE, write_rest_template


def items_api() -> Flask:
    app = Flask("items")
    items = {"1": {"id": "1", "label": "one"}}

    @app.get("/v1/items/<item_id>")
    def get_item(item_id):
        if item_id == "boom":
            return "database on fire", 500
        if item_id not in items:
            return jsonify({"detail": f"no item {item_id}"}), 404
        return jsonify(items[item_id])

    @app.get("/v1/items")
    def list_items():
        offset, limit = int(request.args["offset"]), int(request.args["limit"])
        return jsonify(list(items.values())[offset : offset + limit])

    @app.post("/v1/items")
    def create_item():
        if request.authorization is None or request.authorization.username != "svc":
            return "", 401
        body = request.get_json()
        items[body["id"]] = body
        return jsonify({**body, "requestId": request.headers.get("X-Request-Id")}), 201

    return app


@pytest.fixture
def ports(tmp_path):
    template = load_template(write_rest_template(tmp_path / "t", {}))
    session = wsgi_session("http://items.internal:9000", items_api())
    return TemplatePorts(
        template, session=session, target_url="http://items.internal:9000", username="svc", password="x"
    )


def test_rest_parameters_go_where_discovery_says_and_answers_come_back_parsed(ports):
    created = ports.call_rest("api", "items", "create", {"X-Request-Id": "r-9"}, {"id": "2", "label": "two"})
    assert created["status"] == 201 and created["body"] == {"id": "2", "label": "two", "requestId": "r-9"}
    assert ports.call_rest("api", "items", "get", {"id": "2"}, None)["body"]["label"] == "two"
    listed = ports.call_rest("api", "items", "list", {"offset": 1, "limit": 5}, None)
    assert [i["id"] for i in listed["body"]] == ["2"]


def test_rest_4xx_reaches_the_workflow_and_5xx_is_a_typed_error(ports):
    missing = ports.call_rest("api", "items", "get", {"id": "nope"}, None)
    assert missing["status"] == 404 and missing["body"] == {"detail": "no item nope"}
    with pytest.raises(TargetUnavailableError) as info:
        ports.call_rest("api", "items", "get", {"id": "boom"}, None)
    assert info.value.kind == "http" and "HTTP 500: database on fire" in info.value.message


@pytest.mark.sockets
def test_the_sap_template_over_real_loopback_sockets():
    simulator = create_app()
    with serve_in_thread(simulator) as server:
        user, password = DEFAULT_CREDENTIALS
        backend = TemplateBackend.from_path(
            SAP_TEMPLATE, target_url=server.url, username=user, password=password
        )
        assert backend.test_connection().ok
        added = backend.export(
            "User", "Add", None, {"userName": "SOCK1", "lastName": "Net", "export_password": "Pw-12345678"}
        )
        assert added.status == SUCCESS
        assert [e.anchor for e in backend.full_import("User").entries] == ["SOCK1"]
        assert simulator.store.get("SOCK1").last_name == "Net"
