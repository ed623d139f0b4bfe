"""``entra cycle --report`` and ``entra on-demand --report`` against the in-process lab (SAP
simulator behind a connector host): the HTML a person opens and the JSON beside it."""

from __future__ import annotations

import json
from functools import partial
from pathlib import Path

import lxml.html
import pytest
import requests
from click.testing import CliRunner

import harness.entra.cli as entra_cli
import harness.entra.report as entra_report
import harness.entra.session as entra_session
from harness.orchestration import Lab, LabOptions
from harness.orchestration.lab import IN_PROCESS_TARGET as TARGET_BASE
from harness.orchestration.target import TargetView
from harness.scim_client import ScimClient
from harness.validate import LAB_START
from provlab.clock import FixedClock
from provlab.serving import serve_in_thread
from provlab.transport import wsgi_session
from simulator.app import create_app

ADMIN_TOKEN = "report-test-admin-token"  # noqa: S105 - the in-process simulator's admin token
ADMIN_URL = f"{TARGET_BASE}/_admin"
USERS = (
    "userPrincipalName,givenName,surname,city\n"
    "asmith@contoso.example,Ann,Smith,Berlin\n"
    "jdoe@contoso.example,John,Doe,Walldorf\n"
)


@pytest.fixture
def lab(monkeypatch):
    """The lab, with the CLI's SCIM client and admin reader reaching it in-process."""
    for name in ("PROVLAB_ADMIN_TOKEN", "PROVLAB_TARGET_ADMIN_URL"):
        monkeypatch.delenv(name, raising=False)
    with Lab(LabOptions(clock=FixedClock(LAB_START), simulator_options={"admin_token": ADMIN_TOKEN})) as lab:
        monkeypatch.setattr(entra_session, "ScimClient", partial(ScimClient, session=lab.host.session))
        target_session = wsgi_session(TARGET_BASE, lab.simulator)
        monkeypatch.setattr(
            entra_report, "TargetView", lambda base, session, **kw: TargetView(base, target_session, **kw)
        )
        yield lab


@pytest.fixture
def entra(lab, tmp_path):
    """``provlab entra ARGS`` with the lab's tenant URL and secret, state kept in tmp_path."""
    users = tmp_path / "users.csv"
    users.write_text(USERS, encoding="utf-8")
    runner = CliRunner()

    def invoke(*args: str, secret: str = lab.host.secret, connect: bool = True):
        state = ["--state-dir", str(tmp_path / "state")]
        connection = ["--tenant-url", lab.host.tenant_url, "--secret", secret] if connect else []
        return runner.invoke(entra_cli.cli, [*args, *connection, *state], catch_exceptions=False)

    assert invoke("cycle", "--users", str(users), "--json").exit_code == 0
    return invoke


def _read(html_path: Path) -> tuple[lxml.html.HtmlElement, dict, str]:
    html = html_path.read_text(encoding="utf-8")
    data_text = html_path.with_suffix(".json").read_text(encoding="utf-8")
    return lxml.html.fromstring(html), json.loads(data_text), html + data_text


def _user_sections(document: lxml.html.HtmlElement) -> dict[str, lxml.html.HtmlElement]:
    return {" ".join(s.xpath("string(h2)").split()): s for s in document.xpath("//section[@class='user']")}


def _step_titles(section: lxml.html.HtmlElement) -> list[str]:
    return [" ".join(t.split()) for t in section.xpath(".//div[contains(@class,'step')]/strong/text()")]


def test_cycle_report_shows_the_soft_delete_with_target_calls_and_state(entra, lab, tmp_path):
    assert entra("users", "event", "soft-delete", "jdoe@contoso.example", connect=False).exit_code == 0
    report = tmp_path / "out" / "cycle.html"
    admin = ["--target-admin-url", ADMIN_URL, "--target-admin-token", ADMIN_TOKEN]
    result = entra("cycle", "--json", "--report", str(report), *admin)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["counts"] == [{"action": "disable", "status": "success", "count": 1}]

    document, data, both = _read(report)
    sections = _user_sections(document)
    assert list(sections) == ["jdoe@contoso.example → JDOE"]  # asmith was not processed this cycle
    jdoe = sections["jdoe@contoso.example → JDOE"]
    assert _step_titles(jdoe) == [
        "Import user",
        "Determine if user is in scope",
        "Match user between source and target",
        "Perform action",
    ]
    assert "Disabled User 'jdoe@contoso.example'" in jdoe.text_content()
    patch_row = jdoe.xpath(".//tr[td[contains(., 'PATCH https://ecma2host.test/')]]")[0]
    patch_body = json.loads(patch_row.xpath(".//pre")[0].text_content())
    assert patch_body["Operations"] == [
        {
            "op": "Replace",
            "path": "urn:ietf:params:scim:schemas:extension:ECMA2Host:2.0:User:expirationTime",
            "value": "1990-01-01",
        }
    ]
    assert patch_row.xpath("string(td[3])") == "200"
    assert "BAPI_USER_CHANGE" in jdoe.xpath("string(.//table[tr/th='operation'])")
    assert "validTo" in jdoe.xpath(".//tr[@class='changed']/td[1]/text()")
    assert not document.xpath("//p[contains(@class,'target-unavailable')]")

    (user,) = data["users"]
    assert data["target_unavailable"] is None
    assert [a["action"] for a in user["attempts"]] == ["disable"]
    assert (user["before"]["validTo"], user["after"]["validTo"]) == ("9999-12-31", "1990-01-01")
    assert lab.simulator.store.get("JDOE").valid_to.isoformat() == user["after"]["validTo"]
    assert lab.host.secret not in both and ADMIN_TOKEN not in both


def test_on_demand_report_without_admin_options_says_the_target_view_is_unavailable(entra, lab, tmp_path):
    report = tmp_path / "on-demand.html"
    result = entra("on-demand", "asmith@contoso.example", "--report", str(report))
    assert result.exit_code == 0, result.output

    document, data, both = _read(report)
    notice = document.xpath("string(//p[contains(@class,'target-unavailable')])")
    assert "Target view unavailable" in notice and "--target-admin-url" in notice
    asmith = _user_sections(document)["asmith@contoso.example → ASMITH"]
    assert _step_titles(asmith) == [
        "Import user",
        "Determine if user is in scope",
        "Match user between source and target",
        "Perform action",
    ]
    assert not asmith.xpath(".//h3[. = 'Target state' or starts-with(., 'Calls to the target')]")
    assert data["users"][0]["before"] is None and data["users"][0]["target_calls"] == []
    assert data["target_unavailable"].startswith("no --target-admin-url")
    assert lab.host.secret not in both


def test_a_failed_test_connection_is_reported_without_the_wrong_secret(entra, tmp_path):
    report = tmp_path / "failed.html"
    wrong = "wrong-secret-0123456789"
    result = entra("on-demand", "asmith@contoso.example", "--report", str(report), secret=wrong)
    assert result.exit_code == 1

    document, data, both = _read(report)
    section = _user_sections(document)["asmith@contoso.example"]
    assert _step_titles(section) == ["Test connection"]
    assert "Failed to connect to the target system" in section.text_content()
    assert data["users"][0]["attempts"][0]["status"] == "failure"
    assert wrong not in both and wrong not in result.output


def test_admin_option_mistakes_are_refused_before_anything_is_provisioned(entra, lab, tmp_path):
    report = str(tmp_path / "r.html")
    entra("users", "event", "soft-delete", "jdoe@contoso.example", connect=False)
    without_report = entra("cycle", "--target-admin-url", ADMIN_URL, "--target-admin-token", ADMIN_TOKEN)
    assert without_report.exit_code == 2 and "add --report FILE.html" in without_report.output
    without_token = entra("cycle", "--report", report, "--target-admin-url", ADMIN_URL)
    assert without_token.exit_code == 2 and "needs --target-admin-token" in without_token.output
    not_a_url = entra(
        "cycle", "--report", report, "--target-admin-url", "sap.lab", "--target-admin-token", "x"
    )
    assert not_a_url.exit_code == 2 and "is not an http(s) URL" in not_a_url.output
    wrong_token = "not-the-admin-token"
    refused = entra(
        "cycle", "--report", report, "--target-admin-url", ADMIN_URL, "--target-admin-token", wrong_token
    )
    assert refused.exit_code == 1 and "cannot read the target through its admin API" in refused.output
    assert wrong_token not in refused.output
    assert lab.simulator.store.get("JDOE").valid_to.isoformat() == "9999-12-31"  # nothing was sent
    assert not (tmp_path / "r.html").exists()


@pytest.mark.sockets
def test_the_report_reads_a_simulator_over_real_loopback(tmp_path, monkeypatch):
    monkeypatch.delenv("PROVLAB_TARGET_ADMIN_URL", raising=False)
    with (
        serve_in_thread(create_app(admin_token=ADMIN_TOKEN)) as simulator,
        requests.Session() as to_target,
        Lab(LabOptions(target_url=simulator.url, target_session=to_target)) as lab,
    ):
        monkeypatch.setattr(entra_session, "ScimClient", partial(ScimClient, session=lab.host.session))
        users = tmp_path / "users.csv"
        users.write_text(USERS, encoding="utf-8")
        report = tmp_path / "loopback.html"
        connection = [
            "--tenant-url",
            lab.host.tenant_url,
            "--secret",
            lab.host.secret,
            "--state-dir",
            str(tmp_path),
        ]
        admin = ["--target-admin-url", f"{simulator.url}/_admin/", "--target-admin-token", ADMIN_TOKEN]
        result = CliRunner().invoke(
            entra_cli.cli, ["cycle", "--users", str(users), "--report", str(report), *admin, *connection]
        )
        assert result.exit_code == 0, result.output
    _, data, both = _read(report)
    assert [u["target_id"] for u in data["users"]] == ["ASMITH", "JDOE"]
    for user in data["users"]:
        assert user["before"] is None and user["after"]["validTo"] == "9999-12-31"  # created by this run
        assert [c["operation"] for c in user["target_calls"] if c["outcome"] == "ok"][
            -1
        ] == "BAPI_USER_CREATE1"
    assert ADMIN_TOKEN not in both and lab.host.secret not in both
