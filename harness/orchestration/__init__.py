"""The one place that wires the simulator, the connector host and the simulated Entra together.

The demo, the pytest plugin, the scenario runner, ``provlab validate`` and the benchmarks all
build their chain with :class:`Lab`: in-process (WSGI transports, no sockets), over real loopback
sockets with HTTPS in front of the connector host, or with each server in a child process. The
harness talks to each part only over its protocol: SCIM to the host, the admin API and the REST
API to the simulator.

The names load on first use (PEP 562): a command that only reads a target (``TargetView``) does
not pay for the lab's imports.
"""

from __future__ import annotations

from provlab.lazy import lazy_exports

_EXPORTS = {
    "EntraSide": ".lab",
    "HostEndpoint": ".lab",
    "Lab": ".lab",
    "LabOptions": ".lab",
    "FIXTURES_DIR": ".paths",
    "REST_HOST_CONFIG": ".paths",
    "SAP_HOST_CONFIG": ".paths",
    "SCENARIOS_DIR": ".paths",
    "TargetView": ".target",
}

__all__ = sorted(_EXPORTS)


__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals())
