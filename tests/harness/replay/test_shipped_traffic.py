"""Every shipped traffic file replays green against the lab; a tampered one fails with a diff."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from harness.replay import load_traffic, render_text
from harness.replay.cli import replay

from .conftest import TRAFFIC, TRAFFIC_FILES


def test_the_shipped_sessions_cover_what_the_issue_asks():
    names = {path.name for path in TRAFFIC_FILES}
    assert {
        "entra-documented-examples.jsonl",
        "soft-delete-lifecycle-default.jsonl",
        "soft-delete-lifecycle-aadoptscim062020.jsonl",
        "error-cases.jsonl",
    } <= names


@pytest.mark.parametrize("path", TRAFFIC_FILES, ids=lambda p: p.stem)
def test_each_shipped_file_replays_green_against_the_lab(replayer, path):
    report = replayer.replay(load_traffic(path))
    assert report.passed, render_text(report)
    assert len(report.results) == report.total > 5


def test_all_files_replay_in_a_row_against_one_host(replayer, lab):
    """Each session cleans up after itself, so a team can replay them all against one host."""
    for path in TRAFFIC_FILES:
        report = replayer.replay(load_traffic(path))
        assert report.passed, render_text(report)
    assert lab.simulator.store.get("MMUSTER") is None and lab.simulator.store.get("BJENSEN") is None


def test_the_soft_delete_session_really_expires_the_sap_user(replayer, lab):
    lines = load_traffic(TRAFFIC / "soft-delete-lifecycle-default.jsonl")
    soft_deleted = next(i for i, line in enumerate(lines) if "expired in SAP" in (line.note or ""))
    report = replayer.replay(lines[: soft_deleted + 1])
    assert report.passed, render_text(report)
    assert str(lab.simulator.store.get("MMUSTER").valid_to) == "1990-01-01"


def test_a_tampered_file_fails_with_a_readable_diff_and_exit_1(lab, tmp_path):
    source = TRAFFIC / "soft-delete-lifecycle-aadoptscim062020.jsonl"
    lines = source.read_text(encoding="utf-8").splitlines()
    tampered_line = next(i for i, text in enumerate(lines) if "expired in SAP" in text)
    document = json.loads(lines[tampered_line])
    extension = document["response"]["body"]["urn:ietf:params:scim:schemas:extension:ECMA2Host:2.0:User"]
    extension["expirationTime"] = "2030-12-31"
    lines[tampered_line] = json.dumps(document)
    tampered = tmp_path / "tampered.jsonl"
    tampered.write_text("\n".join(lines) + "\n", encoding="utf-8")

    result = CliRunner().invoke(
        replay,
        [str(tampered), "--tenant-url", lab.host.tenant_url, "--secret", lab.host.secret],
        obj={"session": lab.host.session},
    )
    assert result.exit_code == 1, result.output
    assert f"FAIL {tampered}:{tampered_line + 1}" in result.output
    assert (
        "body.urn:ietf:params:scim:schemas:extension:ECMA2Host:2.0:User.expirationTime: "
        'expected "2030-12-31", got "1990-01-01"'
    ) in result.output
    assert "FAILED: 10 of 11 exchanges matched, 1 differed" in result.output


def test_the_cli_passes_with_exit_0_and_reports_json(lab):
    result = CliRunner().invoke(
        replay,
        [
            str(TRAFFIC / "entra-documented-examples.jsonl"),
            "--tenant-url",
            lab.host.tenant_url,
            "--secret",
            lab.host.secret,
            "--json",
        ],
        obj={"session": lab.host.session},
    )
    assert result.exit_code == 0, result.output
    (report,) = json.loads(result.output)
    assert report["passed"] and report["failed"] == 0 and report["replayed"] == report["total"] == 11
    assert report["exchanges"][2]["method"] == "POST" and report["exchanges"][2]["status"] == 201


def test_a_wrong_secret_fails_every_authenticated_exchange(lab):
    result = CliRunner().invoke(
        replay,
        [
            str(TRAFFIC / "entra-documented-examples.jsonl"),
            "--tenant-url",
            lab.host.tenant_url,
            "--secret",
            "not-the-right-secret",
            "--stop-on-failure",
        ],
        obj={"session": lab.host.session},
    )
    assert result.exit_code == 1
    assert "status: expected 200, got 401" in result.output
    assert "10 not replayed (stopped at the first failure)" in result.output
