"""The I/O-free parts: medians, ratios within one run, JSON shape, the machine line, the CLI's checks."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from harness.bench import SCENARIOS, RunSample, run_scenario, summarise
from harness.bench.cli import bench
from harness.bench.machine import describe_machine, machine_line
from harness.bench.report import json_line, results_table

REQUIRED_KEYS = {"scenario", "n", "runs", "seconds", "users_per_s", "ratio_to_floor", "peak_rss_mb"}


def test_medians_and_ratios_are_taken_run_by_run():
    samples = [
        RunSample(100, 2.0, 1.0, {"connector": 50.0}),  # ratio 2.0
        RunSample(100, 9.0, 3.0, {"connector": 70.0}),  # ratio 3.0, a slow run
        RunSample(100, 1.0, 1.0, {"connector": 60.0}),  # ratio 1.0
    ]
    m = summarise("full-import", samples)
    assert m.seconds == 2.0 and m.users_per_s == 50.0
    # the median of per-run ratios, not median(seconds) / median(floor) = 2.0 / 1.0
    assert m.ratio_to_floor == 2.0
    assert m.peak_rss_mb == {"connector": 70.0}  # the worst run: a memory limit must hold in every run
    assert m.runs == 3


def test_no_floor_means_no_ratio_and_json_has_every_field():
    m = summarise("cache-memory", [RunSample(10, 0.5, None, {"connector": 40.0}, {"kib_per_user": 3.0})])
    assert m.ratio_to_floor is None
    data = json.loads(json_line(m, describe_machine()))
    assert REQUIRED_KEYS <= data.keys()
    assert data["users_per_s"] == 20.0 and data["details"]["kib_per_user"] == 3.0
    assert data["machine"]["cores"] >= 1


def test_summarise_refuses_no_runs():
    with pytest.raises(ValueError, match="no runs"):
        summarise("floor", [])


def test_machine_line_names_cores_cpu_and_python():
    machine = describe_machine()
    line = machine_line(machine)
    assert f"{machine['cores']} cores" in line and "Python" in line and machine["cpu"] in line


def test_table_shows_each_scenario_with_its_ratio():
    m = summarise("soap-client", [RunSample(10, 2.0, 1.0, {"simulator": 60.0})])
    table = results_table([m], describe_machine())
    assert [c.header for c in table.columns][:2] == ["scenario", "N"]
    assert table.columns[0]._cells == ["soap-client"]
    assert table.columns[5]._cells == ["2.00×"]


def test_table_shows_counts_as_whole_numbers():
    m = summarise(
        "suite", [RunSample(1205, 50.0, None, {"pytest": 150.0}, {"tests_passed": 1205.0})], per_user=False
    )
    table = results_table([m], describe_machine())
    assert table.columns[1]._cells == ["1,205 tests"] and table.columns[7]._cells == ["tests_passed 1,205"]


def test_unknown_scenario_and_bad_sizes_are_refused_clearly():
    with pytest.raises(KeyError, match="choose one of floor"):
        run_scenario("nope")
    with pytest.raises(ValueError, match="--runs must be at least 1"):
        run_scenario("floor", 5, runs=0)


def test_cli_help_lists_every_scenario():
    result = CliRunner().invoke(bench, ["--help"])
    assert result.exit_code == 0
    for name in [*SCENARIOS, "all"]:
        assert name in result.output


def test_cli_refuses_n_with_all_or_suite_and_unknown_scenarios():
    runner = CliRunner()
    result = runner.invoke(bench, ["all", "10"])
    assert result.exit_code == 2 and "N applies to one scenario" in result.output
    result = runner.invoke(bench, ["warp-speed"])
    assert result.exit_code == 2 and "floor" in result.output
    result = runner.invoke(bench, ["suite", "5"])
    assert result.exit_code == 2 and "suite takes no N" in result.output
