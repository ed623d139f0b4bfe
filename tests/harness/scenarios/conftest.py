"""The provlab pytest plugin's fixtures for these tests, and the shipped scenario suite.

``pytest_plugins`` may only be set in the root conftest, so the fixtures are imported here;
once the plugin is registered through the ``pytest11`` entry point these imports simply
shadow the same fixtures."""

from __future__ import annotations

from pathlib import Path

from harness.pytest_plugin import (  # noqa: F401 - fixtures
    connector_host,
    entra,
    provlab_lab,
    provlab_make_lab,
    rest_simulator,
    sap_simulator,
)

ROOT = Path(__file__).resolve().parents[3]
SUITE_DIR = ROOT / "fixtures" / "scenarios"
SUITE = sorted(SUITE_DIR.rglob("*.scenario.yaml"))
