"""Host tests reuse the SCIM tests' fixtures and fake SAP-like backend."""

from tests.connector.scim.conftest import backend, clock, make_host, sap_config  # noqa: F401
