"""The shipped scenario suite (Microsoft's SCIM validator tests as they apply to ECMA2Host)
runs green in-process, and a subset over real loopback HTTPS."""

from __future__ import annotations

import pytest

from harness.scenarios import load_scenario, run_scenario
from tests.harness.scenarios.conftest import SUITE, SUITE_DIR

VALIDATOR_TESTS = {
    "create-user",
    "duplicate-user",
    "filter-users",
    "update-user",
    "update-username",
    "disable-user",
    "delete-user",
    "delete-twice",
    "null-update",
    "paging",
    "test-connection",
    "on-demand",
    "soft-delete-restore",
}
REST_LIFECYCLE = SUITE_DIR / "rest" / "lifecycle.scenario.yaml"
OVER_SOCKETS = ("create-user", "soft-delete-restore", "test-connection")


def _stem(path) -> str:
    return path.name.removesuffix(".scenario.yaml")


def test_the_suite_covers_every_validator_test_that_applies():
    assert {_stem(p) for p in SUITE if p.parent.name == "sap"} >= VALIDATOR_TESTS
    assert REST_LIFECYCLE in SUITE


@pytest.mark.parametrize("path", SUITE, ids=lambda p: str(p.relative_to(SUITE_DIR)))
def test_scenario_in_process(path):
    runs = run_scenario(load_scenario(path))
    assert len(runs) == len(load_scenario(path).steps)


@pytest.mark.sockets
@pytest.mark.parametrize("name", OVER_SOCKETS)
def test_scenario_over_loopback_https(name, tmp_path):
    scenario = load_scenario(SUITE_DIR / "sap" / f"{name}.scenario.yaml")
    runs = run_scenario(scenario, sockets=True, state_dir=tmp_path)
    assert runs[0].exchanges[0].url.startswith("https://localhost:")
    from provlab.tls import CERT_FILE

    assert (tmp_path / CERT_FILE).exists()  # the host's certificate, verified by the Entra client
