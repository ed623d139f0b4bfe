"""The HTML and JSON report of a run: per user, the steps, SCIM exchanges, target calls and state."""

from __future__ import annotations

import json

import lxml.html

from harness.reports import build_run_report, render_html, write_report


def test_the_soft_deleted_user_shows_its_steps_exchanges_calls_and_state(collected_run):
    report = collected_run.build()
    jdoe = report.user("JDOE")
    assert jdoe.source_name == "jdoe@contoso.example" and jdoe.target_id == "JDOE"
    assert [a.action for a in jdoe.attempts] == ["create", "disable"]  # Entra logs a soft delete as a disable
    soft_delete = jdoe.attempts[1]
    assert [s.title for s in soft_delete.steps][-1] == "Perform action"
    assert "Match user between source and target" in [s.title for s in soft_delete.steps]
    patch = next(call for call in jdoe.scim if call.method == "PATCH")
    assert patch.status == 200 and "1990-01-01" in json.dumps(patch.request_body)
    assert [c.operation for c in jdoe.target_calls if c.outcome == "ok"][-1] == "BAPI_USER_CHANGE"
    assert (jdoe.before["valid_to"], jdoe.after["valid_to"]) == ("9999-12-31", "1990-01-01")
    assert jdoe.changed_attributes == ["valid_to"]
    assert report.user("ASMITH").changed_attributes == ["city"]
    assert any("filter" in call.url for call in report.other_scim)  # the test-connection probes


def test_the_html_is_self_contained_and_shows_the_soft_delete(collected_run, tmp_path):
    html_path, json_path = write_report(collected_run.build(), tmp_path / "report.html")
    document = lxml.html.fromstring(html_path.read_text(encoding="utf-8"))
    assert not document.xpath("//script | //link | //img | //iframe")  # nothing to fetch: opens offline
    sections = {s.xpath("string(h2)").strip(): s for s in document.xpath("//section[@class='user']")}
    jdoe = sections["jdoe@contoso.example → JDOE"]
    steps = [" ".join(t.split()) for t in jdoe.xpath(".//div[contains(@class,'step')]/strong/text()")]
    assert steps.count("Perform action") == 2
    changed = jdoe.xpath(".//tr[@class='changed']/td/text()")
    assert changed == ["valid_to", "9999-12-31", "1990-01-01"]
    assert "BAPI_USER_CHANGE" in jdoe.text_content()
    data = json.loads(json_path.read_text(encoding="utf-8"))
    assert [u["target_id"] for u in data["users"]] == ["ASMITH", "JDOE"]
    assert data["users"][1]["changedAttributes"] == ["valid_to"]


def test_values_are_escaped_and_secrets_stay_redacted():
    record = {
        "activityDateTime": "2026-03-02T07:00:00Z",
        "provisioningAction": "create",
        "provisioningStatusInfo": {
            "status": "failure",
            "errorInformation": {"reason": "<script>alert(1)</script>"},
        },
        "provisioningSteps": [],
        "sourceIdentity": {"displayName": "x@contoso.example"},
        "targetIdentity": {"id": "X1"},
    }
    exchange = {
        "method": "POST",
        "url": "https://h/Users",
        "status": 400,
        "request_body": {"userName": "X1", "export_password": "***"},
        "response_body": None,
    }
    html = render_html(build_run_report(title="t", generated="now", records=[record], exchanges=[exchange]))
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert '"export_password": "***"' in html.replace("&#34;", '"')
