"""Over real loopback HTTPS: the connector's certificate is verified against --ca-cert only."""

import pytest

from harness.scim_client import ScimCallError, ScimClient
from provlab.serving import serve_in_thread
from provlab.tls import ensure_self_signed
from tests.harness.scim_client.fake_scim import FakeScim

pytestmark = pytest.mark.sockets


@pytest.fixture(scope="module")
def https_fake(tmp_path_factory):
    tls = ensure_self_signed(tmp_path_factory.mktemp("tls"), ["localhost"])
    other = ensure_self_signed(tmp_path_factory.mktemp("other"), ["localhost"])
    fake = FakeScim()
    with serve_in_thread(fake, tls=tls) as server:
        yield fake, server.url + fake.prefix, tls.cert_path, other.cert_path


def test_verified_against_the_given_ca_file(https_fake):
    fake, tenant, cert, _ = https_fake
    client = ScimClient(tenant, fake.secret, ca_cert=cert, timeout=5)
    client.test_connection("userName")
    assert fake.requests[-1].filter.startswith("userName eq ")


def test_requests_ca_bundle_cannot_override_the_ca_file(https_fake, monkeypatch):
    fake, tenant, cert, other = https_fake
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(cert))
    for ca in (other, None):  # the wrong CA file, or the system store
        with pytest.raises(ScimCallError, match="TLS verification failed") as raised:
            ScimClient(tenant, fake.secret, ca_cert=ca, timeout=5).get_user("X")
        assert raised.value.status is None
