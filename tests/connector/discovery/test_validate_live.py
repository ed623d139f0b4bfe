"""`provlab template validate --live`: the stored WSDL copies against what the target publishes now."""

from __future__ import annotations

import json
import shutil

from click.testing import CliRunner

from connector.template_cli import cli as template_cli

from .conftest import SAP_BASE, SAP_TEMPLATE


def _validate(session, template, *extra):
    return CliRunner().invoke(
        template_cli, ["validate", str(template), "--live", "--target-url", SAP_BASE, *extra], obj=session
    )


def test_shipped_template_matches_the_simulator(sap_session):
    result = _validate(sap_session, SAP_TEMPLATE, "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["valid"] is True
    assert all(d["kind"] == "text-only" for d in report["live"])


def test_a_stale_copy_is_reported_and_fails(sap_session, tmp_path):
    stale = tmp_path / "sap-ecc"
    shutil.copytree(SAP_TEMPLATE, stale)
    # The template was discovered when the target still published an operation under another
    # name: rename it consistently in the stored copy and in discovery.xml.
    for stored in (stale / "wsdl" / "ZSAPCONNECTORWEBSERVICE.wsdl", stale / "discovery.xml"):
        stored.write_text(stored.read_text().replace("BAPI_USER_LOCK", "BAPI_USER_LOCKX"))
    result = _validate(sap_session, stale)
    assert result.exit_code == 1
    assert "live changed" in result.output
    assert "BAPI_USER_LOCK" in result.output


def test_unreachable_target_is_reported(tmp_path, refusing_network):
    import requests

    session = requests.Session()
    refusing_network(session)
    result = _validate(session, SAP_TEMPLATE)
    assert result.exit_code == 1
    assert "live unreachable" in result.output


def test_target_url_on_another_host_passes_against_the_shipped_template():
    """The simulator writes the URL it was read from into soap:address; that is no change."""
    from provlab.transport import wsgi_session
    from simulator.app import DEFAULT_CREDENTIALS, create_app

    elsewhere = "http://127.0.0.1:18190"
    session = wsgi_session(elsewhere, create_app())
    session.auth = DEFAULT_CREDENTIALS
    result = CliRunner().invoke(
        template_cli, ["validate", str(SAP_TEMPLATE), "--live", "--target-url", elsewhere], obj=session
    )
    assert result.exit_code == 0, result.output
    assert "address" not in result.output
