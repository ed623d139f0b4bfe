"""The one place that wires the simulator, the connector host and the simulated Entra together.

The demo, the pytest plugin and the scenario runner all build their chain with :class:`Lab`,
in-process (WSGI transports, no sockets) or over real loopback sockets with HTTPS in front
of the connector host. The harness talks to each part only over its protocol: SCIM to the
host, the admin API and the REST API to the simulator.
"""

from .lab import EntraSide, HostEndpoint, Lab, LabOptions
from .paths import FIXTURES_DIR, REST_HOST_CONFIG, SAP_HOST_CONFIG, SCENARIOS_DIR
from .target import TargetView

__all__ = [
    "FIXTURES_DIR",
    "REST_HOST_CONFIG",
    "SAP_HOST_CONFIG",
    "SCENARIOS_DIR",
    "EntraSide",
    "HostEndpoint",
    "Lab",
    "LabOptions",
    "TargetView",
]
