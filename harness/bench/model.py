"""What a scenario measures: one sample per run, folded into medians (I/O-free)."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class RunSample:
    """One run of a scenario.

    ``seconds`` is the wall time of the measured work for ``n`` users; ``floor_seconds`` the
    protocol floor measured in the same run for the same ``n`` (None where no floor applies);
    ``peak_rss_mb`` the peak resident memory of each process that took part, by role."""

    n: int
    seconds: float
    floor_seconds: float | None = None
    peak_rss_mb: dict[str, float] = field(default_factory=dict)
    details: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Measurement:
    """A scenario's result: medians over its runs. ``to_json`` is the ``--json`` object."""

    scenario: str
    n: int
    runs: int
    seconds: float
    users_per_s: float | None
    ratio_to_floor: float | None
    peak_rss_mb: dict[str, float]
    details: dict[str, float] = field(default_factory=dict)
    unit: str = "users"

    def to_json(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario,
            "n": self.n,
            "runs": self.runs,
            "seconds": round(self.seconds, 4),
            "users_per_s": None if self.users_per_s is None else round(self.users_per_s, 1),
            "ratio_to_floor": None if self.ratio_to_floor is None else round(self.ratio_to_floor, 3),
            "peak_rss_mb": {role: round(mb, 1) for role, mb in self.peak_rss_mb.items()},
            "details": {key: round(value, 4) for key, value in self.details.items()},
        }


def _median_of(values: list[float]) -> float:
    return statistics.median(values)


def summarise(scenario: str, samples: list[RunSample], *, per_user: bool = True) -> Measurement:
    """Medians over ``samples``. The ratio is the median of each run's own ratio, so the floor
    and the scenario are always compared within one run (same load on the machine)."""
    if not samples:
        raise ValueError(f"scenario {scenario}: no runs to summarise")
    n = samples[0].n
    seconds = _median_of([s.seconds for s in samples])
    ratios = [s.seconds / s.floor_seconds for s in samples if s.floor_seconds]
    roles = {role for s in samples for role in s.peak_rss_mb}
    # peak memory: the worst run, not the median, since a limit must hold in every run
    rss = {role: max(s.peak_rss_mb.get(role, 0.0) for s in samples) for role in sorted(roles)}
    keys = {key for s in samples for key in s.details}
    details = {key: _median_of([s.details[key] for s in samples if key in s.details]) for key in sorted(keys)}
    return Measurement(
        scenario=scenario,
        n=n,
        runs=len(samples),
        seconds=seconds,
        users_per_s=(n / seconds) if per_user and seconds > 0 else None,
        ratio_to_floor=_median_of(ratios) if ratios else None,
        peak_rss_mb=rss,
        details=details,
        unit="users" if per_user else "tests",
    )
