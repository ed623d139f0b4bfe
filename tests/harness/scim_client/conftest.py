"""Fixtures: Entra's SCIM client wired in-process to a recording fake SCIM server."""

from __future__ import annotations

import pytest

from harness.scim_client import ScimClient
from provlab.transport import wsgi_session
from tests.harness.scim_client.fake_scim import FakeScim

BASE = "https://ecma.test"
TENANT = f"{BASE}/ecma2host_SAPECC/scim"
GUID = "8646d011-1693-4cd3-9ee6-0d7482ca2219"


@pytest.fixture
def fake() -> FakeScim:
    return FakeScim()


def make_client(fake: FakeScim, tenant_url: str = TENANT, **kwargs) -> ScimClient:
    return ScimClient(tenant_url, fake.secret, session=wsgi_session(BASE, fake), guid=lambda: GUID, **kwargs)


@pytest.fixture
def client(fake) -> ScimClient:
    return make_client(fake)


@pytest.fixture
def flag_client(fake) -> ScimClient:
    return make_client(fake, TENANT + "?aadOptscim062020")
