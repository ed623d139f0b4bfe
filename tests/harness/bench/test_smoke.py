"""Every scenario end to end at a tiny size: real processes, real loopback servers, no timing
assertions, only that each measured what it claims (sizes, processes, floors)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from harness.bench import run_scenario
from harness.bench.cli import bench

# scenario → the processes whose peak RSS it reports, and whether it has a floor to compare with
EXPECTED = {
    "floor": ({"https_server", "simulator"}, True),
    "soap-client": ({"simulator"}, True),
    "full-import": ({"connector", "simulator"}, True),
    "initial-cycle": ({"entra", "connector", "simulator"}, True),
    "initial-cycle-inprocess": ({"all-in-one"}, True),
    "cache-memory": ({"connector", "writer"}, False),
}


NO_SOCKETS = {"initial-cycle-inprocess", "cache-memory"}


@pytest.mark.parametrize(
    "name", [pytest.param(n, marks=() if n in NO_SOCKETS else pytest.mark.sockets) for n in EXPECTED]
)
def test_scenario_runs_at_tiny_size(name, tiny):
    m = run_scenario(name, tiny[name], runs=1, workers=2)
    roles, has_floor = EXPECTED[name]
    assert m.scenario == name and m.n == tiny[name] and m.runs == 1
    assert m.seconds > 0 and m.users_per_s and m.users_per_s > 0
    assert set(m.peak_rss_mb) == roles and all(mb > 10 for mb in m.peak_rss_mb.values())
    assert (m.ratio_to_floor is not None and m.ratio_to_floor > 0) is has_floor
    cpu = {
        k.removeprefix("cpu_ms_per_user_") for k, v in m.details.items() if k.startswith("cpu_ms_per_user_")
    }
    if name in ("full-import", "initial-cycle"):  # CPU per user of every process that worked
        assert cpu == roles - {"https_server"} and all(
            m.details[f"cpu_ms_per_user_{role}"] > 0 for role in cpu
        )
    if name == "cache-memory":  # a few KiB per cached user, not the interpreter's own memory
        assert m.details["write_seconds"] > 0 and 0.2 < m.details["kib_per_user"] < 100


def test_suite_scenario_counts_tests_through_the_cli():
    result = CliRunner().invoke(bench, ["suite", "--quick", "--runs", "1", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output.strip().splitlines()[-1])
    assert data["scenario"] == "suite" and data["n"] == data["details"]["tests_passed"] > 0
    assert data["users_per_s"] is None and data["peak_rss_mb"]["pytest"] > 0
