"""The scenario registry: names, default and quick sizes, and how one is run."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from . import scenarios as s
from .model import Measurement

QUICK_SUITE_ARGS = ["tests/provlab/test_clock.py"]


@dataclass(frozen=True)
class Scenario:
    name: str
    run: Callable[[s.BenchContext], Measurement]
    default_n: int
    quick_n: int
    summary: str

    @property
    def sized(self) -> bool:
        """False for ``suite``, whose size is the test suite itself."""
        return self.default_n > 0


SCENARIOS: dict[str, Scenario] = {
    sc.name: sc
    for sc in (
        Scenario("floor", s.floor, 2_000, 50, "HTTPS round trips to a constant app + raw SOAP calls"),
        Scenario("soap-client", s.soap_client, 2_000, 50, "zeep GET_DETAIL calls against raw envelopes"),
        Scenario("full-import", s.full_import, 10_000, 200, "connector Full Import from the SAP simulator"),
        Scenario(
            "initial-cycle", s.initial_cycle, 10_000, 100, "Entra → HTTPS SCIM → host → SOAP, 3 processes"
        ),
        Scenario(
            "initial-cycle-inprocess", s.initial_cycle_inprocess, 10_000, 100, "the same chain in one process"
        ),
        Scenario(
            "cache-memory", s.cache_memory, 100_000, 2_000, "SQLite connector space: RSS per user, reload"
        ),
        Scenario("suite", s.suite, 0, 0, "wall time of the default test suite"),
    )
}
ALL = "all"


def run_scenario(
    name: str, n: int | None = None, *, runs: int = 3, quick: bool = False, workers: int = 4
) -> Measurement:
    """Run one scenario; ``n`` defaults to its default size (its quick size with ``quick``)."""
    scenario = SCENARIOS.get(name)
    if scenario is None:
        raise KeyError(f"no scenario {name!r}; choose one of {', '.join(SCENARIOS)} or {ALL}")
    size = n if n is not None else (scenario.quick_n if quick else scenario.default_n)
    if size < 1 and scenario.sized:
        raise ValueError(f"{name}: N must be at least 1, not {size}")
    if runs < 1:
        raise ValueError(f"--runs must be at least 1, not {runs}")
    ctx = s.BenchContext(n=size, runs=runs, workers=workers)
    if quick:
        ctx.suite_args = list(QUICK_SUITE_ARGS)
    try:
        return scenario.run(ctx)
    finally:
        import shutil

        shutil.rmtree(ctx.work_dir, ignore_errors=True)
