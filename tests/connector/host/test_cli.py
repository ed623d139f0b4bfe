"""The `connector` command group: serve (over real HTTPS), import and test-connection."""

from __future__ import annotations

import re
import threading

import pytest
import requests
from click.testing import CliRunner

import provlab.serving
from connector.cli import cli
from tests.connector.scim.conftest import ECMA, SAP_CONFIG, SECRET, seed_users
from tests.connector.scim.fakes import FakeSapBackend

SCIM_JSON = {"Content-Type": "application/scim+json"}
PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp"


def invoke(args, backend):
    runner = CliRunner()
    return runner.invoke(
        cli, args, obj={"backend_factory": lambda config, **_: backend}, catch_exceptions=False
    )


def test_import_prints_a_summary_and_fills_the_state_dir(tmp_path):
    backend = FakeSapBackend(seed_users())
    result = invoke(["import", "--config", str(SAP_CONFIG), "--state-dir", str(tmp_path)], backend)
    assert result.exit_code == 0, result.output
    assert re.search(r"SAPECC: 2 objects imported in [\d.]+ s, status Success", result.output)
    assert (tmp_path / "SAPECC.sqlite3").exists()


def test_import_failure_exits_1_with_the_target_message():
    backend = FakeSapBackend(seed_users())
    backend.unavailable = "connection refused"
    result = invoke(["import", "--config", str(SAP_CONFIG)], backend)
    assert (
        result.exit_code == 1
        and "SAPECC: Full Import failed" in result.output
        and "connection refused" in result.output
    )


def test_test_connection_reports_status_and_exit_code():
    backend = FakeSapBackend()
    ok = invoke(["test-connection", "--config", str(SAP_CONFIG)], backend)
    assert ok.exit_code == 0 and "SAPECC: Success: connected" in ok.output
    backend.unavailable = "no route to host"
    down = invoke(["test-connection", "--config", str(SAP_CONFIG), "--connector", "SAPECC"], backend)
    assert down.exit_code == 1 and "target unavailable: no route to host" in down.output


def test_unknown_connector_and_bad_config_are_clear_errors(tmp_path):
    backend = FakeSapBackend()
    unknown = CliRunner().invoke(
        cli,
        ["test-connection", "--config", str(SAP_CONFIG), "--connector", "sapecc"],
        obj={"backend_factory": lambda c, **_: backend},
    )
    assert unknown.exit_code != 0 and "no connector named 'sapecc'" in unknown.output
    bad = tmp_path / "Configuration.xml"
    bad.write_text("<Configuration><Connectors/></Configuration>", encoding="utf-8")
    broken = CliRunner().invoke(cli, ["import", "--config", str(bad)])
    assert broken.exit_code != 0 and f"{bad}:1:" in broken.output


def test_serve_refuses_a_short_secret(tmp_path):
    result = CliRunner().invoke(
        cli,
        ["serve", "--config", str(SAP_CONFIG), "--secret", "short", "--state-dir", str(tmp_path)],
        obj={"backend_factory": lambda c, **_: FakeSapBackend()},
    )
    assert result.exit_code != 0 and "at least 12" in result.output


@pytest.mark.sockets
def test_serve_over_https_trusting_only_the_printed_certificate(tmp_path, monkeypatch):
    backend = FakeSapBackend(seed_users())
    outcome: dict = {}

    def serve_and_drive(app, *, host, port, tls, on_ready, **_):
        with provlab.serving.serve_in_thread(app, host=host, port=port, tls=tls) as handle:
            printed: list[str] = []
            monkeypatch.setattr("click.echo", lambda line="", **_: printed.append(str(line)))
            on_ready(handle)
            outcome["printed"] = printed
            outcome["result"] = drive_entra_sequence(printed)

    monkeypatch.setattr(provlab.serving, "serve_forever", serve_and_drive)
    # On these machines REQUESTS_CA_BUNDLE would override a session's verify: the client passes
    # verify on every request and ignores the environment.
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(tmp_path / "does-not-matter.pem"))
    result = CliRunner().invoke(
        cli,
        [
            "serve",
            "--config",
            str(SAP_CONFIG),
            "--port",
            "0",
            "--state-dir",
            str(tmp_path),
            "--secret",
            SECRET,
        ],
        obj={"backend_factory": lambda c, **_: backend},
        catch_exceptions=False,
    )
    assert result.exit_code == 0
    assert outcome["result"] == "ok"
    assert "MMUSTER" not in backend.users and backend.exports() == ["Add", "Replace", "Delete"]
    key = tmp_path / "scim-key.pem"
    assert key.stat().st_mode & 0o077 == 0


def drive_entra_sequence(printed: list[str]) -> str:
    tenant_url = next(line.split(": ", 1)[1] for line in printed if line.startswith("Tenant URL: "))
    cert_file = next(line.split(": ", 1)[1] for line in printed if line.startswith("Certificate file"))
    assert any(line.startswith("Certificate fingerprint (SHA-256): ") for line in printed)
    assert tenant_url.startswith("https://localhost:") and tenant_url.endswith("/ecma2host_SAPECC/scim")
    session = requests.Session()
    session.trust_env = False
    session.headers["Authorization"] = f"Bearer {SECRET}"

    with pytest.raises(requests.exceptions.SSLError):
        session.get(f"{tenant_url}/Users", verify=True, timeout=10)  # trusting nothing of ours

    def call(method, path, **kwargs):
        return session.request(method, f"{tenant_url}{path}", verify=cert_file, timeout=10, **kwargs)

    wait_ready(call)
    assert call("GET", '/Users?filter=userName+eq+"MMUSTER"').json()["totalResults"] == 0
    body = {ECMA: {"userName": "MMUSTER", "lastName": "Muster", "export_password": "Pass@w0rd1"}}
    assert call("POST", "/Users", json=body, headers=SCIM_JSON).status_code == 201
    assert call("GET", "/Users/MMUSTER").status_code == 200
    patch = {
        "schemas": [PATCH_OP],
        "Operations": [{"op": "Replace", "path": f"{ECMA}:city", "value": "Rome"}],
    }
    assert call("PATCH", "/Users/MMUSTER", json=patch, headers=SCIM_JSON).json()[ECMA]["city"] == "Rome"
    assert call("DELETE", "/Users/MMUSTER").status_code == 204
    return "ok"


def wait_ready(call, timeout: float = 10.0) -> None:
    done = threading.Event()
    for _ in range(int(timeout / 0.05)):
        if call("GET", "/Users").status_code == 200:
            done.set()
            break
        done.wait(0.05)
    assert done.is_set(), "the initial Full Import did not finish"


@pytest.mark.sockets
def test_serve_on_a_taken_port_says_so_before_importing(tmp_path, taken_port):
    backend = FakeSapBackend(seed_users())
    args = ["serve", "--config", str(SAP_CONFIG), "--port", str(taken_port), "--state-dir", str(tmp_path)]
    result = CliRunner().invoke(
        cli, [*args, "--secret", SECRET], obj={"backend_factory": lambda c, **_: backend}
    )
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: cannot listen on 127.0.0.1:{taken_port}")
    assert "pick another --port" in result.output
    assert not isinstance(result.exception, OSError)
    assert backend.import_parameters == []  # no Full Import ran against the target
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", ["serve", "import", "test-connection"])
@pytest.mark.parametrize("url", ["notaurl", "ftp://sap.test", "http://", "http://sap.test:99999"])
def test_a_target_url_that_is_not_http_is_refused(command, url, tmp_path):
    backend = FakeSapBackend(seed_users())
    args = [command, "--config", str(SAP_CONFIG), "--target-url", url]
    result = CliRunner().invoke(cli, args, obj={"backend_factory": lambda c, **_: backend})
    assert result.exit_code == 2
    assert f"{url!r} is not an http(s) URL" in result.output
    assert backend.import_parameters == [] and backend.calls == []
