"""Fixtures: the in-process lab (SAP simulator behind the host with the sap-ecc configuration)
and the shipped traffic files."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.orchestration import Lab, LabOptions
from harness.replay import Replayer
from harness.validate import LAB_START
from provlab.clock import FixedClock

TRAFFIC = Path(__file__).resolve().parents[3] / "fixtures" / "traffic"
TRAFFIC_FILES = sorted(TRAFFIC.glob("*.jsonl"))


@pytest.fixture
def lab():
    with Lab(LabOptions(clock=FixedClock(LAB_START))) as running:
        yield running


@pytest.fixture
def replayer(lab) -> Replayer:
    return Replayer(lab.host.tenant_url, lab.host.secret, session=lab.host.session)
