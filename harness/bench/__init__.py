"""``provlab bench``: throughput, scale and memory of the lab, measured against the protocol floor.

Each scenario runs the product's own client stacks and servers (requests over cheroot HTTPS,
zeep and raw envelopes against the Spyne simulator) in separate processes where the issue asks
for it, repeats the measurement and reports medians, ratios taken side by side in one run, and
peak RSS per process.
"""

from .model import Measurement, RunSample, summarise
from .runner import SCENARIOS, Scenario, run_scenario

__all__ = ["SCENARIOS", "Measurement", "RunSample", "Scenario", "run_scenario", "summarise"]
