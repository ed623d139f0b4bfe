"""The CLI and the app over real loopback sockets."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
import requests
import zeep
from click.testing import CliRunner
from zeep.transports import Transport

from provlab import xmlsafe
from provlab.serving import serve_in_thread
from provlab.transport import wsgi_session
from simulator.app import DEFAULT_CREDENTIALS, SAP_PATH, create_app, wsdl_url
from simulator.cli import cli
from simulator.store import UserStore


def test_serve_help_names_every_option():
    result = CliRunner().invoke(cli, ["serve", "--help"])
    assert result.exit_code == 0
    for option in (
        "--host",
        "--port",
        "--sap / --no-sap",
        "--seed-users",
        "--seed",
        "--state-dir",
        "--password",
    ):
        assert option in result.output


@pytest.mark.sockets
def test_zeep_over_a_real_socket():
    with serve_in_thread(create_app()) as server, requests.Session() as session:
        session.auth = DEFAULT_CREDENTIALS
        session.trust_env = False
        client = zeep.Client(
            wsdl_url(server.url),
            transport=Transport(session=session),
            settings=xmlsafe.zeep_settings(strict=True),
        )
        [row] = client.service.BAPI_USER_CREATE1(
            USERNAME="net", ADDRESS={"LASTNAME": "Net"}, PASSWORD={"BAPIPWD": "Init1234!"}
        )
        assert row.NUMBER == "102"
        assert client.service.BAPI_USER_EXISTENCE_CHECK(USERNAME="NET").NUMBER == "088"


def _read_banner(process: subprocess.Popen, timeout: float = 20.0) -> dict[str, str]:
    """The banner lines up to "Press Ctrl+C", keyed by their label."""
    lines: dict[str, str] = {}
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = process.stdout.readline().strip()
        if line.startswith("Press Ctrl+C"):
            break
        if line:
            label, _, rest = line.partition(": ")
            lines[label] = rest
    return lines


@pytest.mark.sockets
def test_cli_serve_prints_urls_and_credentials_seeds_persists_and_stops_on_sigterm(tmp_path):
    command = [
        *(sys.executable, "-m", "simulator", "serve", "--port", "0", "--seed-users", "7"),
        *(
            "--state-dir",
            str(tmp_path),
            "--fault",
            "rest:GET /api/v1/users:http_status:status=429,retry_after=1",
        ),
    ]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        banner = _read_banner(process)
        assert banner["WSDL"].startswith("http://127.0.0.1:") and banner["WSDL"].endswith("?wsdl"), banner
        assert banner["SAP user"] == "PROVLAB  password: Provlab-Sim-2026"
        assert banner["REST"].endswith("/api/v1/users")
        assert banner["Admin"].endswith("/_admin  token: provlab-admin-token")
        assert "7 seeded" in banner["Users"]
        assert banner["Fault rule 1"] == "rest:GET /api/v1/users:http_status"
        http = requests.Session()
        http.trust_env, http.auth = False, DEFAULT_CREDENTIALS
        assert http.get(banner["WSDL"], timeout=5).status_code == 200
        limited = http.get(banner["REST"], timeout=5)
        assert (limited.status_code, limited.headers["Retry-After"]) == (429, "1")
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        process.stdout.close()
        process.stderr.close()
    # The seeded users outlive the server in its state directory.
    store = UserStore(state_dir=tmp_path)
    assert store.count() == 7
    store.close()


def test_bad_fault_option_is_refused_before_serving():
    result = CliRunner().invoke(cli, ["serve", "--fault", "sap:*:explode"])
    assert result.exit_code == 2
    assert "unknown fault kind 'explode'" in result.output


@pytest.mark.parametrize(("sap", "rest"), [(True, False), (False, True)])
def test_services_can_be_switched_off(sap, rest):

    app = create_app(sap=sap, rest=rest)
    session = wsgi_session("http://sim.test", app)
    session.auth = DEFAULT_CREDENTIALS
    assert session.get("http://sim.test" + SAP_PATH + "?wsdl").status_code == (200 if sap else 404)
    assert session.get("http://sim.test/api/v1/users").status_code == (200 if rest else 404)
    assert (app.sap is None, app.rest_flask is None) == (not sap, not rest)


def test_wsdl_command_writes_the_served_wsdl(tmp_path, sap_session):
    target = tmp_path / "ZSAPCONNECTORWEBSERVICE.wsdl"
    result = CliRunner().invoke(cli, ["wsdl", "--base-url", "http://sap.test", "-o", str(target)])
    assert result.exit_code == 0, result.output
    served = sap_session.get(wsdl_url("http://sap.test")).content
    assert target.read_bytes() == served
    printed = CliRunner().invoke(cli, ["wsdl"]).output
    assert 'location="http://127.0.0.1:8090/sap/bc/srt/rfc/sap/' in printed


def test_wsdl_to_a_missing_folder_is_a_clear_error(tmp_path):
    target = tmp_path / "no-such-folder" / "x.wsdl"
    result = CliRunner().invoke(cli, ["wsdl", "-o", str(target)])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: cannot write the WSDL to {target}")
    assert "pick a writable -o path" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


@pytest.mark.parametrize(
    "base_url",
    ["notaurl", "127.0.0.1:8090", "ftp://sap.test", "http://", "http://sap.test:99999", "http://sap.test/x"],
)
def test_wsdl_refuses_a_base_url_that_is_not_http_host_port(base_url):
    result = CliRunner().invoke(cli, ["wsdl", "--base-url", base_url])
    assert result.exit_code == 2
    assert f"{base_url!r} is not an http(s)://host[:port] address" in result.output
    assert "location=" not in result.output


def test_wsdl_accepts_https_and_a_trailing_slash():
    result = CliRunner().invoke(cli, ["wsdl", "--base-url", "https://sap.example.com:8443/"])
    assert result.exit_code == 0, result.output
    assert 'location="https://sap.example.com:8443/sap/bc/srt/rfc/sap/' in result.output


@pytest.mark.sockets
def test_serve_on_a_taken_port_says_so_before_seeding(taken_port, tmp_path):
    args = ["serve", "--port", str(taken_port), "--seed-users", "3", "--state-dir", str(tmp_path)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: cannot listen on 127.0.0.1:{taken_port}")
    assert "pick another --port" in result.output
    assert not isinstance(result.exception, OSError)
    assert list(tmp_path.iterdir()) == []  # nothing was started or seeded
