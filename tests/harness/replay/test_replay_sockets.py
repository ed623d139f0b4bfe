"""One replay over real loopback HTTPS, trusting the host's self-signed certificate."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from harness.replay.cli import replay
from provlab.serving import serve_in_thread
from provlab.tls import ensure_self_signed

from .conftest import TRAFFIC

pytestmark = pytest.mark.sockets


def test_the_soft_delete_lifecycle_replays_over_https(lab, tmp_path):
    tls = ensure_self_signed(tmp_path / "state")
    with serve_in_thread(lab.host.app, tls=tls) as server:
        tenant_url = f"{server.url}{lab.host.connector.scim_base_path}?aadOptscim062020"
        result = CliRunner().invoke(
            replay,
            [
                str(TRAFFIC / "soft-delete-lifecycle-default.jsonl"),
                "--tenant-url",
                tenant_url,
                "--secret",
                lab.host.secret,
                "--ca-cert",
                str(tls.cert_path),
            ],
        )
    assert result.exit_code == 0, result.output
    assert "PASSED: 11 of 11 exchanges matched" in result.output
    assert f"PATCH {server.url}{lab.host.connector.scim_base_path}/Users/MMUSTER -> 200" in result.output


def test_an_untrusted_certificate_is_a_clear_failure(lab, tmp_path):
    tls = ensure_self_signed(tmp_path / "state")
    with serve_in_thread(lab.host.app, tls=tls) as server:
        result = CliRunner().invoke(
            replay,
            [
                str(TRAFFIC / "error-cases.jsonl"),
                "--tenant-url",
                server.url + lab.host.connector.scim_base_path,
                "--secret",
                lab.host.secret,
                "--stop-on-failure",
            ],
            env={"REQUESTS_CA_BUNDLE": "", "CURL_CA_BUNDLE": ""},
        )
    assert result.exit_code == 1
    assert "SSLError" in result.output
    assert "pass the connector's certificate with --ca-cert" in result.output
