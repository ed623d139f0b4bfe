"""--record writes one JSON line per SCIM exchange, secrets redacted, and reads back."""

from __future__ import annotations

import json

import pytest

from connector.host.recording import RecordingMiddleware
from provlab.traffic import read_recording
from provlab.transport import wsgi_session
from tests.connector.scim.conftest import BASE, ECMA, SCIM, SECRET

SCIM_JSON = {"Content-Type": "application/scim+json"}
PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp"


def test_a_recorded_session_round_trips(make_host, clock, tmp_path):
    record = tmp_path / "traffic.jsonl"
    host = make_host(middleware=lambda app: RecordingMiddleware(app, record, clock=clock))
    client = wsgi_session(BASE, host)
    client.headers["Authorization"] = f"Bearer {SECRET}"
    seen = [
        client.get(f"{SCIM}/Users?filter=userName+eq+%22NEWBIE%22"),
        client.post(
            f"{SCIM}/Users",
            json={ECMA: {"userName": "NEWBIE", "lastName": "New", "export_password": "Pass@w0rd1"}},
            headers=SCIM_JSON,
        ),
        client.patch(
            f"{SCIM}/Users/NEWBIE",
            json={
                "schemas": [PATCH_OP],
                "Operations": [{"op": "replace", "value": {f"{ECMA}:export_password": "x1-Pass@w0rd2"}}],
            },
            headers=SCIM_JSON,
        ),
        client.delete(f"{SCIM}/Users/NEWBIE"),
        wsgi_session(BASE, host).get(f"{SCIM}/Users"),  # unauthenticated
    ]
    assert client.get(f"{BASE}/_health").status_code == 200  # not recorded

    text = record.read_text(encoding="utf-8")
    assert SECRET not in text and "Pass@w0rd1" not in text and "x1-Pass@w0rd2" not in text
    exchanges = read_recording(record)
    assert [(e.method, e.status) for e in exchanges] == [
        ("GET", 200),
        ("POST", 201),
        ("PATCH", 200),
        ("DELETE", 204),
        ("GET", 401),
    ]
    assert exchanges[0].query == "filter=userName+eq+%22NEWBIE%22"
    assert exchanges[0].connector == "SAPECC" and exchanges[0].path == "/ecma2host_SAPECC/scim/Users"
    assert exchanges[1].request_headers["Authorization"] == "Bearer ***"
    assert exchanges[1].request_body[ECMA]["export_password"] == "***"
    assert exchanges[1].response_headers["Location"].endswith("/Users/NEWBIE")
    for exchange, response in zip(exchanges, seen, strict=True):
        assert exchange.response_body == (response.json() if response.content else None)
    # Round trip: the documented line format is what to_json writes back.
    lines = [json.loads(line) for line in text.splitlines()]
    assert [e.to_json() for e in exchanges] == lines
    assert lines[0]["version"] == 1 and lines[0]["time"] == "2026-03-01T08:00:00+00:00"


def test_a_foreign_line_names_file_and_line(tmp_path):
    record = tmp_path / "bad.jsonl"
    record.write_text('{"version": 1, "time": "t", "request": {}, "response": {}}\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad.jsonl:1: not a recorded exchange"):
        read_recording(record)


def test_an_oversized_body_is_not_read_but_the_413_is_recorded(make_host, clock, tmp_path):
    record = tmp_path / "traffic.jsonl"
    host = make_host(
        max_body_bytes=200,
        middleware=lambda app: RecordingMiddleware(app, record, clock=clock, max_body_bytes=200),
    )
    client = wsgi_session(BASE, host)
    answer = client.post(
        f"{SCIM}/Users",
        json={ECMA: {"userName": "BIG", "lastName": "x" * 500}},
        headers={**SCIM_JSON, "Authorization": f"Bearer {SECRET}"},
    )
    assert answer.status_code == 413
    (exchange,) = read_recording(record)
    assert exchange.status == 413 and exchange.request_body is None
