"""Fixtures: the shipped lab files, the broken customer configurations (one mistake each), and a
real run in the in-process lab (SAP mappings, two users, one soft-deleted) collected for reports."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

import pytest
import yaml

from harness.directory import Directory
from harness.mappings import load_mappings
from harness.orchestration import FIXTURES_DIR, Lab, LabOptions
from harness.provisioning import EngineSettings, ProvisioningEngine, rules_from_mapping_set
from harness.reports import ReportCollector
from harness.scim_client import ScimClient
from harness.validate import LAB_START
from provlab.clock import FixedClock

SAP_ECC_MAPPINGS = FIXTURES_DIR / "mappings" / "sap-ecc.json"

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures"
SHIPPED = (
    FIXTURES / "hosts" / "sap-ecc" / "Configuration.xml",
    FIXTURES / "templates" / "sap-ecc",
    FIXTURES / "mappings" / "sap-ecc.json",
)


@dataclass(frozen=True)
class CustomerCase:
    name: str
    mistake: str
    config: Path
    template: Path
    mappings: Path
    check: str
    message: str


def customer_cases() -> list[CustomerCase]:
    cases = []
    for folder in sorted((FIXTURES / "customer-configs").iterdir()):
        case = yaml.safe_load((folder / "case.yaml").read_text(encoding="utf-8"))
        cases.append(
            CustomerCase(
                folder.name,
                case["mistake"],
                folder / case["config"],
                folder / case["template"],
                folder / case["mappings"],
                case["expect"]["check"],
                case["expect"]["message"],
            )
        )
    return cases


STATE_FIELDS = ("first_name", "last_name", "email", "department", "city", "valid_to", "locked")


def target_state(lab) -> dict[str, dict]:
    """The SAP simulator's users, the way an admin would read them from its admin API."""
    return {
        user.username: {k: str(v) for k, v in asdict(user).items() if k in STATE_FIELDS}
        for user in lab.simulator.store.users()
    }


@pytest.fixture
def collected_run():
    collector = ReportCollector("provlab demo: soft delete through expirationTime")
    with Lab(LabOptions(clock=FixedClock(LAB_START))) as lab:
        collector.clock = lab.options.clock
        client = ScimClient(
            lab.host.tenant_url, lab.host.secret, session=lab.host.session, on_exchange=collector.on_exchange
        )
        directory = Directory()
        engine = ProvisioningEngine(
            directory,
            rules_from_mapping_set(load_mappings(SAP_ECC_MAPPINGS)),
            client,
            clock=lab.options.clock,
            settings=EngineSettings(workers=1),
        )
        keep = directory.new_user("asmith@contoso.example", givenName="Ann", surname="Smith", city="Berlin")
        leaver = directory.new_user("jdoe@contoso.example", givenName="John", surname="Doe", city="Walldorf")
        collector.add_records(engine.run_cycle().records)
        collector.before = target_state(lab)
        mark = lab.simulator.journal.entries()[-1].seq
        directory.soft_delete(leaver.id)
        directory.update(keep.id, city="Hamburg")
        collector.add_records(engine.run_cycle().records)
        collector.after = target_state(lab)
        collector.add_target_calls(e.as_dict() for e in lab.simulator.journal.entries(since_seq=mark))
        yield collector
