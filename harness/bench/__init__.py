"""``provlab bench``: throughput, scale and memory of the lab, measured against the protocol floor.

Each scenario runs the product's own client stacks and servers (requests over cheroot HTTPS,
zeep and raw envelopes against the Spyne simulator) in separate processes where the issue asks
for it, repeats the measurement and reports medians, ratios taken side by side in one run, and
peak RSS per process.

The names load on first use (:mod:`provlab.lazy`): a child process that runs one job imports only
that job's module, so its peak RSS is the job's, not the whole benchmark package's.
"""

from provlab.lazy import lazy_exports

_EXPORTS = {
    "Measurement": ".model",
    "RunSample": ".model",
    "summarise": ".model",
    "SCENARIOS": ".runner",
    "Scenario": ".runner",
    "run_scenario": ".runner",
}

__all__ = sorted(_EXPORTS)

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals())
