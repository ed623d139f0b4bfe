"""Host tests reuse the SCIM tests' fixtures and fake SAP-like backend, and the simulator tests'
taken port."""

from tests.connector.scim.conftest import backend, clock, make_host, sap_config  # noqa: F401
from tests.simulator.conftest import taken_port  # noqa: F401
