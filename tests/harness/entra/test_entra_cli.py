"""The ``entra`` command group: separate invocations sharing --state-dir."""

import json
from functools import partial

import pytest
from click.testing import CliRunner

import harness.entra.cli as entra_cli
import harness.entra.session as entra_session
from harness.scim_client import ScimClient
from provlab.transport import wsgi_session
from tests.harness.provisioning.conftest import BASE, TENANT


@pytest.fixture
def run(fake, tmp_path, monkeypatch):
    monkeypatch.setattr(entra_session, "ScimClient", partial(ScimClient, session=wsgi_session(BASE, fake)))
    runner = CliRunner()
    connection = ["--tenant-url", TENANT, "--secret", fake.secret, "--state-dir", str(tmp_path)]

    def invoke(*args, connect=True):
        extra = connection if connect else ["--state-dir", str(tmp_path)]
        return runner.invoke(entra_cli.cli, [*args, *extra], catch_exceptions=False)

    return invoke


def test_cycle_event_cycle_logs(run, fake):
    first = run("cycle", "--seed-users", "5", "--json")
    assert first.exit_code == 0, first.output
    assert json.loads(first.output)["counts"] == [{"action": "create", "status": "success", "count": 5}]
    assert len(fake.users) == 5
    listed = json.loads(run("users", "list", "--json", connect=False).output)
    upn = listed[0]["userPrincipalName"]
    assert run("users", "event", "disable", upn, connect=False).exit_code == 0
    second = run("cycle", "--json")
    assert json.loads(second.output)["counts"] == [{"action": "disable", "status": "success", "count": 1}]
    assert fake.users[upn.split("@")[0].upper()]["expirationTime"] == "1990-01-01"
    logs = json.loads(run("logs", "--json", "--action", "disable", connect=False).output)
    assert len(logs) == 1 and logs[0]["sourceIdentity"]["displayName"] == upn
    table = run("logs", connect=False)
    assert "disable" in table.output and "Provisioning logs (6)" in table.output


def test_cycle_prints_a_summary_table(run):
    result = run("cycle", "--seed-users", "3")
    assert result.exit_code == 0
    assert "create" in result.output and "success" in result.output and "3" in result.output


def test_on_demand_for_a_user_from_a_file(run, tmp_path, fake):
    users = tmp_path / "users.csv"
    users.write_text("userPrincipalName,givenName,surname,city\nada@contoso.com,Ada,Lovelace,London\n")
    run("cycle", "--users", str(users), "--deletion-threshold", "0")
    fake.users.clear()
    result = run("on-demand", "ada@contoso.com")
    assert result.exit_code == 0, result.output
    for title in ("Import user", "Determine if user is in scope", "Match user between source and target"):
        assert title in result.output
    assert "Successfully created user in target system" in result.output
    as_json = json.loads(run("on-demand", "ada@contoso.com", "--json").output)
    assert as_json["status"] == "skipped" and len(as_json["steps"]) == 4
    assert fake.users["ADA"]["city"] == "London"


def test_clear_errors_for_bad_input(run, tmp_path, fake):
    bad = tmp_path / "users.json"
    bad.write_text("[{")
    result = run("cycle", "--users", str(bad))
    assert result.exit_code == 1 and "users.json:1: invalid JSON" in result.output
    unknown = run("on-demand", "nobody@contoso.com")
    assert unknown.exit_code == 1 and "no user with id or userPrincipalName" in unknown.output
    flag = run("users", "event", "disable", "x@y.z", "--set", "city=A", connect=False)
    assert flag.exit_code == 2


def test_a_failed_test_connection_exits_1_and_never_prints_the_secret(run, fake):
    fake.secret = "rotated-secret-0001"
    result = run("cycle", "--seed-users", "1")
    assert result.exit_code == 1
    assert "CredentialValidationFailure" in result.output
    assert "rotated-secret-0001" not in result.output
    assert run("cycle").exit_code == 3, "rejected credentials quarantine the job"


def test_deletion_threshold_and_allow_deletes_from_the_command_line(run, fake):
    assert run("cycle", "--seed-users", "6").exit_code == 0
    for user in json.loads(run("users", "list", "--json", connect=False).output):
        run("users", "event", "unassign", user["id"], connect=False)
    held = run("cycle", "--deletion-threshold", "5", "--json")
    assert held.exit_code == 3
    assert json.loads(held.output)["quarantine"]["reason"] == "TooManyDeletes"
    assert fake.calls("PATCH") == []
    released = run("cycle", "--deletion-threshold", "5", "--allow-deletes", "--json")
    assert released.exit_code == 0
    assert json.loads(released.output)["counts"] == [{"action": "disable", "status": "success", "count": 6}]


def test_text_output_keeps_brackets_and_counts_in_agreement(run, tmp_path):
    users = tmp_path / "users.csv"
    users.write_text("userPrincipalName,givenName,surname,city\nada@contoso.com,Ada,Lovelace,[hq] London\n")
    cycle = run("cycle", "--users", str(users))
    assert "processed 1 user\n" in cycle.output  # not "1 users"
    shown = run("on-demand", "ada@contoso.com")
    assert "city: [hq] London" in shown.output  # rich would drop "[hq]" as a style tag
    assert " 1 user " in run("users", "list", connect=False).output


def test_an_unknown_user_points_to_the_command_that_lists_users(run):
    for args in (("on-demand", "nobody@contoso.com"), ("users", "event", "disable", "nobody@contoso.com")):
        result = run(*args, connect=args[0] == "on-demand")
        assert result.exit_code == 1
        assert "no user with id or userPrincipalName 'nobody@contoso.com'" in result.output
        assert "list them with `provlab entra users list`" in result.output


@pytest.mark.parametrize("command", [("cycle", "--seed-users", "2"), ("on-demand", "ada@contoso.com")])
def test_an_unwritable_report_path_is_refused_before_anything_is_provisioned(run, fake, tmp_path, command):
    (tmp_path / "afile").write_text("not a folder")
    (tmp_path / "r.json").mkdir()  # where the JSON beside r.html would go
    cases = {"afile/r.html": "afile is a file, not a directory", "r.html": "r.json is a directory"}
    for report, problem in cases.items():
        result = run(*command, "--report", str(tmp_path / report))
        assert result.exit_code == 2, result.output  # a bad option, not a failed run
        assert f"cannot write the report to {tmp_path / report}: " in result.output
        assert problem in result.output and "pick a writable --report path" in result.output
    assert fake.users == {} and fake.calls("GET") == []  # refused before anything was sent


@pytest.mark.sockets
def test_plain_http_to_the_https_host_gets_a_hint(tmp_path):
    """A TLS server cuts off plain HTTP ("Connection reset"); say the host speaks HTTPS."""
    from flask import Flask

    from provlab.serving import serve_in_thread
    from provlab.tls import ensure_self_signed

    with serve_in_thread(Flask("tls-host"), tls=ensure_self_signed(tmp_path / "tls")) as host:
        plain = host.url.replace("https://", "http://") + "/ecma2host_SAPECC/scim"
        args = ["--tenant-url", plain, "--secret", "lab-secret-0123456789", "--state-dir", str(tmp_path)]
        runner = CliRunner()
        cycle = runner.invoke(entra_cli.cli, ["cycle", "--seed-users", "1", *args])
        listed = runner.invoke(entra_cli.cli, ["users", "list", "--json", "--state-dir", str(tmp_path)])
        upn = json.loads(listed.output)[0]["userPrincipalName"]
        on_demand = runner.invoke(entra_cli.cli, ["on-demand", upn, *args])
    for result in (cycle, on_demand):
        assert result.exit_code == 1, result.output
        assert "Connection reset" in result.output or "Connection aborted" in result.output
        assert "hint: the connector host speaks HTTPS" in result.output and "--ca-cert" in result.output
