"""The pytest plugin: scenario files become test items (also under pytest-xdist), failures read
as reports, broken files fail collection with file:line; and its fixtures wire the chain."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap

import pytest

from tests.harness.scenarios.conftest import ROOT, SUITE_DIR

FIXTURE_TEST = textwrap.dedent(
    """\
    def test_the_fixtures_form_one_chain(entra, sap_simulator, connector_host):
        entra.directory.new_user("mmuster@contoso.com", givenName="Max", surname="Muster")
        assert entra.engine.run_cycle().count("create") == 1
        assert sap_simulator.user("MMUSTER")["lastName"] == "Muster"
        assert connector_host.tenant_url.endswith("/ecma2host_SAPECC/scim")
    """
)


def _load_plugin() -> list[str]:
    """``-p harness.pytest_plugin`` unless the installed package already registers it (pytest11)."""
    from importlib.metadata import entry_points

    installed = any(ep.value == "harness.pytest_plugin" for ep in entry_points(group="pytest11"))
    return [] if installed else ["-p", "harness.pytest_plugin"]


def test_fixtures_in_process(entra, sap_simulator, rest_simulator, connector_host):
    entra.directory.new_user("asmith@contoso.com", givenName="Ann", surname="Smith", city="Berlin")
    assert entra.engine.run_cycle().count("create") == 1
    assert sap_simulator.user("ASMITH")["city"] == "Berlin"
    rest = rest_simulator.session.get(
        f"{rest_simulator.rest_url}/ASMITH", headers={"Authorization": "Bearer provlab-rest-token"}
    )
    assert rest.json()["surname"] == "Smith"  # one store behind SAP and REST
    assert connector_host.ca_cert is None and connector_host.tenant_url.startswith("https://ecma2host.test/")


@pytest.mark.sockets
def test_fixtures_over_sockets_when_marked(connector_host, sap_simulator):
    assert connector_host.tenant_url.startswith("https://localhost:") and connector_host.ca_cert.exists()
    assert sap_simulator.base_url.startswith("http://127.0.0.1:")


def test_the_plugin_collects_scenarios_under_xdist(tmp_path):
    shutil.copy(SUITE_DIR / "sap" / "create-user.scenario.yaml", tmp_path)
    wrong = (SUITE_DIR / "sap" / "disable-user.scenario.yaml").read_text()
    (tmp_path / "wrong.scenario.yaml").write_text(wrong.replace("validTo: 1990-01-01", "validTo: 1999-12-31"))
    (tmp_path / "broken.scenario.yaml").write_text("name: broken\nsteps:\n  - cycel: {}\n")
    (tmp_path / "bad-fault.scenario.yaml").write_text('name: bad fault\nsteps:\n  - fault: "sap:*:explode"\n')
    (tmp_path / "test_fixtures.py").write_text(FIXTURE_TEST)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "pytest", *_load_plugin(), "-p", "no:cacheprovider"]
    command += [
        "-n",
        "2",
        "--rootdir",
        str(tmp_path),
        "-q",
        str(tmp_path),
    ]
    result = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "1 failed, 2 passed, 2 errors" in output, output
    assert "broken.scenario.yaml:3: a step names exactly one of cycle" in output
    assert "bad-fault.scenario.yaml:3: fault rule 'sap:*:explode': unknown fault kind 'explode'" in output
    assert "use one of: latency, hang, soap_fault, sap_error" in output
    assert "wrong.scenario.yaml::Disable through expirationTime, then re-enable" in output
    assert (
        "field validTo" in output
        and "expected: '1999-12-31'" in output
        and "actual:   '1990-01-01'" in output
    )
    assert "Traceback" not in output and "TargetError" not in output  # a report, not a stack trace
    assert "'cgi' is deprecated" not in output  # Spyne's import warning is not the user's to fix
