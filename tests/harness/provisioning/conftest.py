"""Fixtures: a provisioning engine over seeded users, SAP-like rules written in plain Python
(the mapping package has its own tests) and the recording fake SCIM server."""

from __future__ import annotations

import pytest

from harness.directory import Directory, seed_users
from harness.provisioning import EngineSettings, LogStore, ProvisioningEngine, ProvisioningRules
from harness.scim_client import ScimClient
from provlab.clock import FixedClock
from provlab.transport import wsgi_session
from tests.harness.scim_client.fake_scim import FakeScim

ECMA = "urn:ietf:params:scim:schemas:extension:ECMA2Host:2.0:User"
BASE = "https://ecma.test"
TENANT = f"{BASE}/ecma2host_SAPECC/scim"
USER_NAME = f"{ECMA}:userName"
EXPIRATION = f"{ECMA}:expirationTime"
_DIRECT = {
    "givenName": "firstName",
    "surname": "lastName",
    "mail": "email",
    "department": "department",
    "companyName": "company",
    "city": "city",
    "telephoneNumber": "telephoneNumber",
    "jobTitle": "jobTitle",
}


def sap_evaluate(attributes, is_new, current=None, changed=None):
    """The web services connector page's SAP mappings, spelled in Python."""
    values = {f"{ECMA}:{target}": attributes.get(source) for source, target in _DIRECT.items()}
    if is_new:  # "Only during object creation"
        values[USER_NAME] = attributes["userPrincipalName"].split("@")[0].upper()
        values[f"{ECMA}:export_password"] = "Pass@w0rd1"
    values[EXPIRATION] = {"False": "9999-12-31", "True": "1990-01-01"}[attributes["IsSoftDeleted"]]
    return values


SAP_RULES = ProvisioningRules(evaluate=sap_evaluate, matching_attributes=(USER_NAME,), target_name="SAPECC")


@pytest.fixture
def fake() -> FakeScim:
    return FakeScim()


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock("2026-03-02T07:00:00+00:00")


@pytest.fixture
def directory() -> Directory:
    return Directory(seed_users(10, seed=11))


@pytest.fixture
def make_engine(fake, clock, directory):
    def make(tenant=TENANT, rules=SAP_RULES, **settings) -> ProvisioningEngine:
        client = ScimClient(tenant, fake.secret, session=wsgi_session(BASE, fake))
        return ProvisioningEngine(
            directory, rules, client, clock=clock, logs=LogStore(), settings=EngineSettings(**settings)
        )

    return make


@pytest.fixture
def engine(make_engine) -> ProvisioningEngine:
    return make_engine()
