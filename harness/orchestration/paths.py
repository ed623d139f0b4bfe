"""Where the shipped lab fixtures live (host configurations, templates, scenarios).

The fixtures sit next to the packages in the source tree (an editable install or a
checkout), so they are found relative to this file.
"""

from __future__ import annotations

from pathlib import Path

FIXTURES_DIR = Path(__file__).resolve().parents[2] / "fixtures"
SAP_HOST_CONFIG = FIXTURES_DIR / "hosts" / "sap-ecc" / "Configuration.xml"
REST_HOST_CONFIG = FIXTURES_DIR / "hosts" / "rest-lob" / "Configuration.xml"
SCENARIOS_DIR = FIXTURES_DIR / "scenarios"
