"""The replay engine's rules: subsets, captures and substitution, implicit ids, errors with file:line."""

from __future__ import annotations

import itertools
import json

import pytest
import requests
from flask import Flask, jsonify, request

from harness.orchestration import Lab, LabOptions
from harness.replay import (
    PlaceholderError,
    Replayer,
    TrafficError,
    match_subset,
    parse_traffic,
    render_text,
    substitute,
)
from harness.replay.compare import MISSING
from harness.validate import LAB_START
from provlab.clock import FixedClock
from provlab.transport import wsgi_session

TENANT = "https://ids.test/ecma2host_APP/scim"


def line(method, path, status, *, body=None, response=None, query="", headers=None, note=None) -> str:
    document = {
        "version": 1,
        "time": "2026-03-01T08:00:00+00:00",
        "connector": "APP",
        "request": {
            "method": method,
            "path": f"/ecma2host_APP/scim{path}",
            "query": query,
            "headers": headers if headers is not None else default_headers(body),
            "body": body,
        },
        "response": {"status": status, "headers": {}, "body": response},
    }
    if note:
        document["note"] = note
    return json.dumps(document)


def default_headers(body) -> dict:
    headers = {"Authorization": "Bearer ***"}
    if body is not None:
        headers["Content-Type"] = "application/scim+json"
    return headers


def id_assigning_app():
    """A SCIM-ish server that assigns its own ids, as a generic SCIM app (not ECMA2Host) does."""
    app, users, numbers = Flask("ids"), {}, itertools.count(1)

    @app.post("/ecma2host_APP/scim/Users")
    def create():
        if request.headers.get("Authorization") != "Bearer the-secret-token":
            return jsonify(detail="unauthorized"), 401
        user = {**request.get_json(), "id": f"u-{next(numbers)}", "meta": {"created": "2026-11-27T10:00:00Z"}}
        users[user["id"]] = user
        return jsonify(user), 201

    @app.get("/ecma2host_APP/scim/Users/<user_id>")
    def read(user_id):
        return (jsonify(users[user_id]), 200) if user_id in users else (jsonify(detail="no"), 404)

    return app


def replay_text(text: str, app=None):
    session = wsgi_session("https://ids.test", app or id_assigning_app())
    return Replayer(TENANT, "the-secret-token", session=session).replay(parse_traffic(text, source="t.jsonl"))


def test_captured_values_are_substituted_into_later_requests_and_expectations():
    text = "\n".join(
        [
            line(
                "POST",
                "/Users",
                201,
                body={"userName": "a"},
                response={"id": "{{?uid}}", "meta": {"created": "{{?when}}"}},
            ),
            line(
                "GET",
                "/Users/{{uid}}",
                200,
                response={"id": "{{uid}}", "userName": "a", "meta": {"created": "{{when}}"}},
            ),
        ]
    )
    report = replay_text(text)
    assert report.passed, render_text(report)
    assert report.results[1].url == f"{TENANT}/Users/u-1"


def test_a_raw_recordings_created_id_is_replaced_by_the_one_the_server_assigns():
    text = "\n".join(
        [
            line(
                "POST",
                "/Users",
                201,
                body={"userName": "a"},
                response={"id": "OLD-ID", "userName": "a", "meta": {"created": "2020-01-01T00:00:00Z"}},
            ),
            line("GET", "/Users/OLD-ID", 200, response={"id": "OLD-ID", "userName": "a"}),
        ]
    )
    report = replay_text(text)
    assert report.passed, render_text(report)
    assert report.results[1].url.endswith("/Users/u-1")


def test_a_variable_used_before_it_was_captured_is_reported_with_file_and_line():
    report = replay_text("\n" + line("GET", "/Users/{{uid}}", 200))
    assert not report.passed
    assert report.results[0].error.startswith("t.jsonl:2: {{uid}} is used before anything captured it")
    assert "{{?uid}}" in report.results[0].error


def test_the_recorded_bearer_mask_becomes_the_secret_and_a_literal_token_is_sent_as_is():
    masked = line("POST", "/Users", 201, body={"userName": "a"})
    literal = line(
        "POST",
        "/Users",
        401,
        body={"userName": "b"},
        headers={"Authorization": "Bearer wrong-token-123", "Content-Type": "application/scim+json"},
    )
    report = replay_text(masked + "\n" + literal)
    assert report.passed, render_text(report)


def test_subset_matching_rules():
    captures: dict = {}
    actual = {
        "id": "X",
        "Name": {"givenName": "Ann", "familyName": "Lee"},
        "emails": [{"value": "a@b"}],
        "n": 3,
    }
    assert match_subset({"name": {"givenName": "Ann"}, "n": "{{?count}}"}, actual, "body", captures) == []
    assert captures == {"count": 3}  # a whole-value capture keeps the JSON type
    assert match_subset({"emails": []}, actual, "body", {})[0].where == "body.emails"  # lists: same length
    assert str(match_subset({"n": "3"}, actual, "body", {})[0]) == 'body.n: expected "3", got 3'
    missing = match_subset({"city": "{{*}}"}, actual, "body", {})[0]
    assert missing.actual is MISSING and "nothing (missing)" in str(missing)
    captures = {}
    assert match_subset("https://h/Users/{{?id}}", "https://h/Users/JDOE", "header Location", captures) == []
    assert captures == {"id": "JDOE"}


def test_substitution_keeps_types_and_embeds_text():
    variables = {"n": 3, "id": "JDOE"}
    assert substitute({"count": "{{n}}", "path": "/Users/{{id}}", "keep": "{{?x}}"}, variables) == {
        "count": 3,
        "path": "/Users/JDOE",
        "keep": "{{?x}}",
    }
    with pytest.raises(PlaceholderError):
        substitute("{{nope}}", variables)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("\n\n{not json", "t.jsonl:3: not valid JSON"),
        ('{"version": 2, "time": "x", "request": {}, "response": {}}', "t.jsonl:1: not a recorded exchange"),
        (
            '{"version": 1, "time": "x", "request": {"method": "GET"}, "response": {"status": 200}}',
            "t.jsonl:1: not a recorded exchange",
        ),
        ("\n  \n", "t.jsonl: no exchanges"),
    ],
)
def test_bad_traffic_files_are_refused_with_file_and_line(text, message):
    with pytest.raises(TrafficError, match="^" + message.replace("(", r"\(")):
        parse_traffic(text, source="t.jsonl")


def test_a_raw_recording_of_the_host_replays_green_against_a_fresh_lab(tmp_path):
    """`provlab connector serve --record FILE` output is consumed exactly as written."""
    recording = tmp_path / "recorded.jsonl"
    ecma = "urn:ietf:params:scim:schemas:extension:ECMA2Host:2.0:User"
    with Lab(LabOptions(clock=FixedClock(LAB_START), record=recording)) as lab:
        session, tenant = lab.host.session, lab.host.tenant_url
        session.headers["Authorization"] = f"Bearer {lab.host.secret}"
        scim = {"Content-Type": "application/scim+json"}
        user = {
            ecma: {
                "userName": "RAW",
                "lastName": "Raw",
                "expirationTime": "9999-12-31",
                "export_password": "Xy!12345",
            }
        }
        assert session.post(f"{tenant}/Users", json=user, headers=scim).status_code == 201
        patch = {
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations": [{"op": "replace", "value": {f"{ecma}:city": "Bonn"}}],
        }
        assert session.patch(f"{tenant}/Users/RAW", json=patch, headers=scim).status_code == 200
        assert session.get(f"{tenant}/Users/RAW").json()[ecma]["city"] == "Bonn"
    assert '"export_password": "***"' in recording.read_text()
    with Lab(LabOptions(clock=FixedClock(LAB_START))) as fresh:
        report = Replayer(fresh.host.tenant_url, fresh.host.secret, session=fresh.host.session).replay(
            parse_traffic(recording.read_text(), source=str(recording))
        )
        assert report.passed, render_text(report)
        assert fresh.simulator.store.get("RAW").city == "Bonn"


def test_a_piece_the_recorder_masked_matches_anything_and_tenant_urls_follow_the_tenant():
    app = Flask("masked")

    @app.get("/ecma2host_APP/scim/Users/X")
    def read():
        return jsonify(detail="the bearer token was refused", meta={"location": f"{TENANT}/Users/X"}), 200

    recorded = line(
        "GET",
        "/Users/X",
        200,
        response={
            "detail": "the bearer *** was refused",
            "meta": {"location": "https://old.host:8585/ecma2host_APP/scim/Users/X"},
        },
    )
    report = replay_text(recorded, app)
    assert report.passed, render_text(report)


class _FailingAdapter(requests.adapters.BaseAdapter):
    """A transport that fails every request the way a real one does for a setup mistake."""

    def __init__(self, error: requests.RequestException) -> None:
        super().__init__()
        self.error = error

    def send(self, request, **kwargs):
        raise self.error

    def close(self) -> None:
        pass


@pytest.mark.parametrize(
    ("tenant", "ca_cert", "error", "hint"),
    [
        (
            TENANT,
            None,
            requests.exceptions.SSLError("certificate verify failed"),
            "certificate with --ca-cert",
        ),
        (
            TENANT,
            "old.pem",
            requests.exceptions.SSLError("verify failed"),
            "does not chain to --ca-cert old.pem",
        ),
        (
            TENANT.replace("https", "http"),
            None,
            requests.ConnectionError("('Connection aborted.', ConnectionResetError(104, 'reset'))"),
            "the connector host speaks HTTPS",
        ),
    ],
)
def test_a_setup_mistake_gets_a_hint_beside_the_raw_error(tenant, ca_cert, error, hint):
    session = requests.Session()
    session.mount(tenant.split("/ecma2host")[0], _FailingAdapter(error))
    replayer = Replayer(tenant, "the-secret-token", session=session, ca_cert=ca_cert)
    report = replayer.replay(parse_traffic(line("GET", "/Users", 200), source="t.jsonl"))
    assert type(error).__name__ in report.results[0].error and hint in report.results[0].error
