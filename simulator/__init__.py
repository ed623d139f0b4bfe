"""Mock target systems: an SAP ECC SU_USER service over SOAP (Spyne), a line-of-business
REST user service (Flask) and any vendor another package registers (``provlab.targets``
entry points, :mod:`simulator.registry`), on one user store, with a call journal, fault
injection and an admin API."""

import sys

if sys.version_info >= (3, 12):  # pragma: no cover - exercised only on newer interpreters
    raise ImportError(
        "provlab's simulator needs Python 3.11: Spyne 2.14, which serves the SAP SOAP service, "
        "does not import on Python 3.12 or newer."
    )

# The simulator's public face: what the harness (or any embedder) may use to start it. The names
# load on first use (PEP 562), so ``import simulator`` costs nothing until one is needed.
from provlab.lazy import lazy_exports as _lazy_exports  # noqa: E402 - after the interpreter check on purpose

_EXPORTS = {
    "DEFAULT_ADMIN_TOKEN": "simulator.app",
    "DEFAULT_REST_TOKEN": "simulator.rest.target",
    "DEFAULT_SAP_PASSWORD": "simulator.app",
    "DEFAULT_SAP_USER": "simulator.app",
    "FaultRuleError": "simulator.faults",  # = provlab.faults.FaultRuleError
    "SimulatorApp": "simulator.app",
    "TargetRegistryError": "simulator.registry",
    "UnknownTargetError": "simulator.registry",
    "create_app": "simulator.app",
    "get_target": "simulator.registry",  # a registered vendor: its fixtures, admin fields, banner
    "parse_fault_rule": "simulator.faults",  # the full grammar: generic kinds plus every target's
    "rest_url": "simulator.rest.target",
    "target_names": "simulator.registry",
    "wsdl_url": "simulator.sap.target",
}


__getattr__, __dir__ = _lazy_exports(__name__, _EXPORTS, globals())
