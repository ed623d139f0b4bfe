"""Where the shipped lab fixtures live (host configurations, templates, scenarios).

``provlab.fixtures`` finds them in a checkout, an editable install or a wheel."""

from __future__ import annotations

from provlab.fixtures import fixtures_dir

FIXTURES_DIR = fixtures_dir()
SAP_HOST_CONFIG = FIXTURES_DIR / "hosts" / "sap-ecc" / "Configuration.xml"
REST_HOST_CONFIG = FIXTURES_DIR / "hosts" / "rest-lob" / "Configuration.xml"
SCENARIOS_DIR = FIXTURES_DIR / "scenarios"
