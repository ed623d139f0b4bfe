"""Fixtures: an in-process lab (no sockets) and a loopback lab (HTTPS host in a thread) for the
load's child processes to reach."""

from __future__ import annotations

import random

import pytest

from harness.load.ledger import Ledger
from harness.load.metered import Budget, MeteredClient
from harness.load.provisioner import Provisioner
from harness.load.users import SyntheticUsers
from harness.mappings import sap_ecc_mapping_set
from harness.orchestration import Lab, LabOptions
from harness.provisioning import rules_from_mapping_set
from provlab.transport import wsgi_session


@pytest.fixture
def lab():
    with Lab(LabOptions()) as running:
        yield running


@pytest.fixture(scope="module")
def served_lab():
    """The simulator and the connector host over loopback (HTTPS), shared by a module's runs."""
    with Lab(LabOptions(sockets=True, record_exchanges=False)) as running:
        yield running


class Recorder:
    """Collects what the metered client reports, as Locust's request event would receive it."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, str, object]] = []

    def __call__(self, kind, method, ms, length, failure) -> None:
        assert ms >= 0 and length >= 0
        self.requests.append((kind, method, failure))

    def kinds(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for kind, _method, _failure in self.requests:
            counts[kind] = counts.get(kind, 0) + 1
        return counts


def make_provisioner(
    lab, *, budget=None, mix=None, seed=1, ledger=None, recorder=None, users=None, tenant_query=""
):
    mapping_set = users.mapping_set if users is not None else sap_ecc_mapping_set()
    users = users or SyntheticUsers(mapping_set, tag="ltst", worker_index=0, seed=seed)
    client = MeteredClient(
        lab.host.tenant_url + tenant_query,
        lab.host.secret,
        on_request=recorder or Recorder(),
        budget=Budget(budget),
        session=wsgi_session(lab.host.base_url, lab.host.app),
    )
    mix = mix or {"create": 2.0, "update": 6.0, "soft-delete": 1.0, "delete": 1.0, "probe": 0.1}
    return Provisioner(
        client, rules_from_mapping_set(mapping_set), users, ledger or Ledger(), mix, random.Random(seed)
    )
