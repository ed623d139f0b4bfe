"""``provlab bench SCENARIO [N]``: run benchmarks and print a table (or JSON lines)."""

from __future__ import annotations

import click

from .machine import describe_machine, machine_line
from .report import json_line, print_table
from .runner import ALL, SCENARIOS, Scenario, run_scenario
from .wire import FloorError


def _sizes(scenario: Scenario) -> str:
    if not scenario.sized:
        return "no N; --quick runs one test file"
    return f"N={scenario.default_n:,}, --quick {scenario.quick_n:,}"


_SCENARIO_HELP = "\n".join(f"  {name:<24} {sc.summary} ({_sizes(sc)})" for name, sc in SCENARIOS.items())


@click.command(
    name="bench",
    help=(
        "Benchmark the lab: throughput, scale and memory against the protocol floor.\n\n"
        "SCENARIO is one of the names below or 'all'; N overrides its size. Each result is the median "
        "of --runs runs; ratios compare the scenario with its floor measured in the same run; peak RSS "
        "is per process.\n\n\b\n" + _SCENARIO_HELP
    ),
)
@click.argument("scenario", type=click.Choice([*SCENARIOS, ALL]))
@click.argument("n", type=click.IntRange(min=1), required=False)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per scenario (one per line).")
@click.option("--quick", is_flag=True, help="Tiny sizes (and a one-file test suite) for the daily loop.")
@click.option("--runs", type=click.IntRange(min=1), default=3, show_default=True, help="Runs per scenario.")
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=4,
    show_default=True,
    help="Parallel users in the provisioning engine (and in the floor it is compared with).",
)
def bench(scenario: str, n: int | None, as_json: bool, quick: bool, runs: int, workers: int) -> None:
    names = list(SCENARIOS) if scenario == ALL else [scenario]
    if n is not None and len(names) > 1:
        raise click.UsageError("N applies to one scenario; leave it out with 'all'")
    if n is not None and not SCENARIOS[names[0]].sized:
        raise click.UsageError(f"{scenario} takes no N: it always runs the whole default test suite")
    machine = describe_machine()
    if not as_json:
        click.echo(f"machine: {machine_line(machine)}", err=True)
    results = []
    for name in names:
        if not as_json:
            click.echo(f"running {name} ...", err=True)
        try:
            measurement = run_scenario(name, n, runs=runs, quick=quick, workers=workers)
        except FloorError as error:
            raise click.ClickException(f"{name}: {error}") from None
        results.append(measurement)
        if as_json:
            click.echo(json_line(measurement, describe_machine()))
    if not as_json:
        print_table(results, describe_machine())


cli = bench
