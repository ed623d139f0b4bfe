"""Entra's provisioning service over time: cycles, on demand, escrow, quarantine and logs."""

from .engine import CycleReport, EngineSettings, ProvisioningEngine
from .logstore import LogStore
from .ondemand import STEP_TITLES, OnDemandError, OnDemandResult
from .policies import ENTRA_BACKOFF, EscrowPolicy, QuarantinePolicy
from .processor import OUTCOME_TEXT
from .records import Step
from .rules import ProvisioningRules, rules_from_mapping_set
from .state import ProvisioningState, load_state, save_state

__all__ = [
    "ENTRA_BACKOFF",
    "OUTCOME_TEXT",
    "STEP_TITLES",
    "CycleReport",
    "EngineSettings",
    "EscrowPolicy",
    "LogStore",
    "OnDemandError",
    "OnDemandResult",
    "ProvisioningEngine",
    "ProvisioningRules",
    "ProvisioningState",
    "QuarantinePolicy",
    "Step",
    "load_state",
    "rules_from_mapping_set",
    "save_state",
]
