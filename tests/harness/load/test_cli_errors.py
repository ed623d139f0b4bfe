"""Clear errors: bad options (exit 2) before anything starts; an unreachable tenant or a wrong
secret (exit 1) at the probe, before any load, with the secret never printed."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from harness.cli import cli
from harness.load.launch import free_port

TENANT = "https://127.0.0.1:9/ecma2host_SAPECC/scim"


def invoke(*args: str, env: dict | None = None):
    return CliRunner().invoke(
        cli, ["load", *args], env={"PROVLAB_TENANT_URL": None, "PROVLAB_SECRET": None, **(env or {})}
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "no Tenant URL: pass --tenant-url"),
        (["--tenant-url", TENANT], "no secret: pass --secret or set PROVLAB_SECRET"),
        (
            ["--tenant-url", TENANT, "--secret", "s" * 16, "--run-time", "soon"],
            "--run-time 'soon' is not a time span",
        ),
        (["--tenant-url", TENANT, "--secret", "s" * 16, "--mix", "rename=1"], "is not OPERATION=WEIGHT"),
        (["--tenant-url", TENANT, "--secret", "s" * 16, "--master", "--worker"], "exclude each other"),
        (
            ["--tenant-url", TENANT, "--secret", "s" * 16, "--local-workers", "2", "--master"],
            "leave out --master",
        ),
        (["--lab", "--tenant-url", TENANT], "leave out --tenant-url"),
        (["--lab", "--master"], "use it alone or with --local-workers"),
        (["--tenant-url", TENANT, "--secret", "s" * 16, "--users", "0"], "--users"),
        (
            ["--tenant-url", TENANT, "--secret", "s" * 16, "--target-admin-url", "http://127.0.0.1:9"],
            "both --target-admin-url",
        ),
    ],
)
def test_bad_options_are_refused_before_anything_starts(args, message):
    result = invoke(*args)
    assert result.exit_code == 2, result.output
    assert message in result.output


def test_a_file_in_the_way_of_a_report_is_a_bad_option(tmp_path):
    (tmp_path / "afile").write_text("")
    result = invoke(
        "--tenant-url", TENANT, "--secret", "s" * 16, "--html", str(tmp_path / "afile" / "r.html")
    )
    assert result.exit_code == 2
    assert "--html" in result.output and "pick a writable path" in result.output


def test_a_recording_without_users_is_a_bad_option(tmp_path):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    result = invoke("--tenant-url", TENANT, "--secret", "s" * 16, "--users-file", str(empty))
    assert result.exit_code == 2
    assert "no POST /Users" in result.output and "--record" in result.output


@pytest.mark.sockets
def test_an_unreachable_tenant_stops_at_the_probe():
    url = f"https://127.0.0.1:{free_port()}/ecma2host_SAPECC/scim"
    result = invoke("--tenant-url", url, "--secret", "a-secret-never-shown", "--run-time", "5s")
    assert result.exit_code == 1
    assert "failed Entra's test connection" in result.output
    assert f"nothing answered at {url}" in result.output
    assert "a-secret-never-shown" not in result.output


@pytest.mark.sockets
def test_a_wrong_secret_stops_at_the_probe_and_is_never_printed(served_lab):
    host = served_lab.host
    wrong = "wrong-secret-0123456789"
    result = invoke("--tenant-url", host.tenant_url, "--secret", wrong, "--ca-cert", str(host.ca_cert))
    assert result.exit_code == 1, result.output
    assert "HTTP 401" in result.output
    assert "pass its Secret Token with --secret" in result.output
    assert wrong not in result.output


@pytest.mark.sockets
def test_a_master_without_its_workers_gives_up_and_says_how_to_start_them(served_lab):
    host = served_lab.host
    done = subprocess.run(
        [
            sys.executable, "-m", "harness", "load",
            "--tenant-url", host.tenant_url, "--ca-cert", str(host.ca_cert),
            "--master", "--expect-workers", "2", "--master-port", str(free_port()), "--worker-wait", "1",
            "--run-time", "5s", "--no-check",
        ],
        env={**os.environ, "PROVLAB_SECRET": host.secret},
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert "0 of 2 workers connected" in done.stderr
    assert "provlab load --worker --master-host" in done.stderr
    assert "the load's master (exit 1) failed" in done.stderr
    assert host.secret not in done.stderr + done.stdout
