"""Entra's job against the real connector host, the shipped SAP template and the SAP simulator,
in-process (and one run over real loopback HTTPS)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from harness.directory import Directory, seed_users
from harness.provisioning import EngineSettings, LogStore, ProvisioningEngine, rules_from_mapping_set
from harness.scim_client import ScimClient
from provlab.clock import FixedClock
from provlab.transport import wsgi_session

mappings = pytest.importorskip("harness.mappings")
host_package = pytest.importorskip("connector.host")
simulator_app = pytest.importorskip("simulator.app")

from connector.config import load_host_config  # noqa: E402
from connector.host.backends import template_backend  # noqa: E402
from simulator.store import UserStore  # noqa: E402

ROOT = Path(__file__).resolve().parents[3]
SAP_CONFIG = ROOT / "fixtures" / "hosts" / "sap-ecc" / "Configuration.xml"
SECRET = "provlab-lab-secret-0001"  # the fixture configuration's <SecretToken>
BASE = "https://ecma.test"
SCIM = f"{BASE}/ecma2host_SAPECC/scim"
SAP_URL = "http://sap.test"
ECMA = "urn:ietf:params:scim:schemas:extension:ECMA2Host:2.0:User"


class Lab:
    """Simulator + host + Entra job, wired in-process."""

    def __init__(self, users: int, clock: FixedClock, tenant: str = SCIM, **settings) -> None:
        self.clock = clock
        self.sap = UserStore(clock=clock)
        self.simulator = simulator_app.create_app(store=self.sap)
        config = load_host_config(SAP_CONFIG)
        connector = config.connectors[0]
        backend = template_backend(
            connector, target_url=SAP_URL, session=wsgi_session(SAP_URL, self.simulator), clock=clock
        )
        self.host = host_package.create_host_app(config, {connector.name: backend}, clock=clock)
        self.host.start(initial_import="sync", autosync=False)
        self.directory = Directory(seed_users(users, seed=42))
        self.client = ScimClient(tenant, SECRET, session=wsgi_session(BASE, self.host))
        self.engine = ProvisioningEngine(
            self.directory,
            rules_from_mapping_set(mappings.sap_ecc_mapping_set()),
            self.client,
            clock=clock,
            logs=LogStore(),
            settings=EngineSettings(**settings),
        )

    def close(self) -> None:
        self.host.close()


@pytest.fixture
def clock():
    return FixedClock(datetime(2026, 11, 27, 9, 0, tzinfo=UTC))


@pytest.fixture
def make_lab(clock):
    labs = []

    def make(users: int = 10, **settings) -> Lab:
        lab = Lab(users, clock, **settings)
        labs.append(lab)
        return lab

    yield make
    for lab in labs:
        lab.close()


def _username(user) -> str:
    return user.local_part.upper()


def test_two_hundred_users_then_disable_restore_and_hard_delete(make_lab):
    lab = make_lab(200, workers=8)
    report = lab.engine.run_cycle()
    assert report.count("create") == 200, report.counts
    assert lab.sap.count() == 200
    user = next(iter(lab.directory))
    record = lab.sap.get(_username(user))
    assert (record.first_name, record.last_name, record.email, record.city, record.company) == (
        user.givenName,
        user.surname,
        user.mail,
        user.city,
        user.companyName,
    )
    assert (record.department, record.job_title, record.phone) == (
        user.department,
        user.jobTitle,
        user.telephoneNumber,
    )
    assert record.valid_to == date(9999, 12, 31)

    lab.directory.disable(user.id)
    assert lab.engine.run_cycle().count("disable") == 1
    assert lab.sap.get(_username(user)).valid_to == date(1990, 1, 1)
    assert lab.sap.get(_username(user)).status(lab.clock.today()).value == "expired"

    lab.directory.enable(user.id)
    assert lab.engine.run_cycle().count("update") == 1
    assert lab.sap.get(_username(user)).valid_to == date(9999, 12, 31)

    lab.directory.soft_delete(user.id)
    lab.engine.run_cycle()
    lab.directory.hard_delete(user.id)
    assert lab.engine.run_cycle().count("delete") == 1
    assert lab.sap.get(_username(user)) is None
    assert lab.sap.count() == 199


def test_flag_dialect_updates_and_disables_through_the_host(make_lab):
    lab = make_lab(3, tenant=SCIM + "?aadOptscim062020")
    lab.engine.run_cycle()
    user = next(iter(lab.directory))
    lab.directory.update(user.id, city="Walldorf", department="Legal")
    assert lab.engine.run_cycle().count("update") == 1
    record = lab.sap.get(_username(user))
    assert (record.city, record.department) == ("Walldorf", "Legal")
    lab.directory.unassign(user.id)
    assert lab.engine.run_cycle().count("disable") == 1
    assert lab.sap.get(_username(user)).valid_to == date(1990, 1, 1)


def test_unchanged_users_get_no_patch_on_a_full_resync(make_lab):
    lab = make_lab(10)
    lab.engine.run_cycle()
    lab.engine.restart()
    report = lab.engine.run_cycle()
    assert report.count("other", "skipped") == 10, report.counts
    assert report.count("update") == 0


def test_on_demand_reports_the_steps_against_sap(make_lab):
    lab = make_lab(3)
    user = next(iter(lab.directory))
    result = lab.engine.provision_on_demand(user.userPrincipalName)
    assert result.message == "Successfully created user in target system", result.to_dict()
    assert [s.title for s in result.steps] == [
        "Import user",
        "Determine if user is in scope",
        "Match user between source and target",
        "Perform action",
    ]
    assert lab.sap.get(_username(user)) is not None


def test_deletion_threshold_holds_six_disables_back(make_lab):
    lab = make_lab(10, deletion_threshold=5)
    lab.engine.run_cycle()
    victims = list(lab.directory)[:6]
    for user in victims:
        lab.directory.disable(user.id)
    report = lab.engine.run_cycle()
    assert report.status == "quarantined" and report.count("stagedDelete", "skipped") == 6
    assert all(lab.sap.get(_username(u)).valid_to == date(9999, 12, 31) for u in victims)
    lab.engine.allow_deletes()
    assert lab.engine.run_cycle().count("disable") == 6
    assert all(lab.sap.get(_username(u)).valid_to == date(1990, 1, 1) for u in victims)


def test_escrowed_users_succeed_once_sap_recovers(make_lab):
    lab = make_lab(5)
    rule = lab.simulator.faults.add(
        {"service": "sap", "operation": "*", "kind": "http_status", "status": 503}
    )
    failed = lab.engine.run_cycle()
    assert failed.count("create", "failure") == 5, failed.counts
    assert lab.sap.count() == 0 and len(lab.engine.state.escrow) == 5
    lab.simulator.faults.remove(rule.id)
    recovered = lab.engine.run_cycle()
    assert recovered.count("create") == 5
    assert lab.sap.count() == 5 and lab.engine.state.escrow == {}


def test_a_thirteen_character_user_name_is_refused_with_saps_message(make_lab):
    lab = make_lab(0)
    lab.directory.new_user("abcdefghijklm@contoso.com", givenName="Long", surname="Name")
    report = lab.engine.run_cycle()
    (record,) = report.records
    error = record["provisioningStatusInfo"]["errorInformation"]
    assert (
        record["provisioningAction"] == "create" and record["provisioningStatusInfo"]["status"] == "failure"
    )
    assert error["errorCode"] == "SystemForCrossDomainIdentityManagementBadRequest"
    assert "User name ABCDEFGHIJKLM is longer than 12 characters" in error["reason"]
    assert lab.sap.get("ABCDEFGHIJKLM") is None


@pytest.mark.sockets
def test_the_same_story_over_loopback_https(clock, tmp_path):
    from provlab.serving import serve_in_thread
    from provlab.tls import ensure_self_signed

    sap = UserStore(clock=clock)
    simulator = simulator_app.create_app(store=sap)
    tls = ensure_self_signed(tmp_path, ["localhost"])
    with serve_in_thread(simulator) as sap_server:
        config = load_host_config(SAP_CONFIG)
        connector = config.connectors[0]
        backend = template_backend(connector, target_url=sap_server.url, clock=clock)
        host = host_package.create_host_app(config, {connector.name: backend}, clock=clock)
        host.start(initial_import="sync", autosync=False)
        try:
            with serve_in_thread(host, tls=tls) as host_server:
                tenant = f"{host_server.url}/ecma2host_{connector.name}/scim"
                client = ScimClient(tenant, SECRET, ca_cert=tls.cert_path, timeout=10)
                directory = Directory(seed_users(20, seed=42))
                engine = ProvisioningEngine(
                    directory,
                    rules_from_mapping_set(mappings.sap_ecc_mapping_set()),
                    client,
                    clock=clock,
                    settings=EngineSettings(workers=4),
                )
                assert engine.run_cycle().count("create") == 20
                user = next(iter(directory))
                directory.disable(user.id)
                assert engine.run_cycle().count("disable") == 1
                assert sap.get(_username(user)).valid_to == date(1990, 1, 1)
                directory.enable(user.id)
                engine.run_cycle()
                assert sap.get(_username(user)).valid_to == date(9999, 12, 31)
                directory.hard_delete(user.id)
                assert engine.run_cycle().count("delete") == 1
                assert sap.get(_username(user)) is None and sap.count() == 19
        finally:
            host.close()
