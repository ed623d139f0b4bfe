"""Fixtures: the in-process lab (SAP simulator behind the host with the sap-ecc configuration)
and the shipped traffic files."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.replay import Replayer
from harness.validate.lab import start_lab

TRAFFIC = Path(__file__).resolve().parents[3] / "fixtures" / "traffic"
TRAFFIC_FILES = sorted(TRAFFIC.glob("*.jsonl"))


@pytest.fixture
def lab():
    with start_lab() as running:
        yield running


@pytest.fixture
def replayer(lab) -> Replayer:
    return Replayer(lab.tenant_url, lab.secret, session=lab.session)
