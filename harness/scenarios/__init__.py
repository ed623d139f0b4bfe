"""Scenario files: YAML descriptions of a provisioning story and what the target must show.

``load_scenario(path)`` reads and checks a ``*.scenario.yaml`` file (errors carry file:line);
``run_scenario(scenario, sockets=False)`` runs it on a fresh lab and raises
:class:`ScenarioFailure` with expected vs actual, the SCIM exchanges and the target calls;
with ``report_to=FILE.html`` it also writes the run as an HTML report plus JSON, passed or failed.
"""

from .expectations import Mismatch
from .loader import SCENARIO_SUFFIX, load_scenario
from .model import Scenario, ScenarioError, Step
from .runner import ScenarioFailure, StepRun, lab_options, run_scenario

__all__ = [
    "SCENARIO_SUFFIX",
    "Mismatch",
    "Scenario",
    "ScenarioError",
    "ScenarioFailure",
    "Step",
    "StepRun",
    "lab_options",
    "load_scenario",
    "run_scenario",
]
