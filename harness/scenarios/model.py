"""A scenario as plain data: what to start, which users exist, the ordered steps and what
each step expects. Every part keeps the line it came from, so failures point into the file."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

STEP_KINDS = ("cycle", "on_demand", "event", "scim", "test_connection", "import", "fault", "target_user")

# Expectation keys every step accepts, and those only some kinds accept.
COMMON_EXPECTATIONS = ("target", "target_count", "calls", "no_calls", "log")
KIND_EXPECTATIONS = {
    "cycle": ("report", "counts"),
    "on_demand": ("action", "status", "message"),
    "scim": ("status", "body"),
    "test_connection": ("ok", "error"),
    "event": (),
    "import": ("count",),
    "fault": (),
    "target_user": (),
}
LOG_KEYS = ("user", "action", "status", "error_code", "reason")

# The fields a scenario may expect of a target user are its target's admin fields
# (``simulator.get_target(name).admin_fields``), checked by the loader.
ABSENT = "absent"


class ScenarioError(ValueError):
    """A scenario file that cannot run; the message starts with ``file:line:`` and says how to fix it."""


@dataclass(frozen=True)
class Expectation:
    """One expected fact, e.g. ``key="target"``, ``value={"MMUSTER": {"validTo": "1990-01-01"}}``."""

    key: str
    value: Any
    line: int


@dataclass(frozen=True)
class Step:
    kind: str
    argument: Any
    line: int
    options: dict[str, Any] = field(default_factory=dict)
    expectations: tuple[Expectation, ...] = ()
    label: str = ""

    @property
    def title(self) -> str:
        if self.label:
            return self.label
        if self.kind == "event":
            return f"event {self.argument} {self.options.get('user', '')}".strip()
        if self.kind == "scim":
            return f"SCIM {self.argument.get('method', 'GET')} {self.argument.get('path', '')}"
        if self.kind == "on_demand":
            return f"provision on demand {self.argument}"
        return self.kind.replace("_", " ")


@dataclass(frozen=True)
class Scenario:
    name: str
    path: Path
    line: int
    host_config: Path
    steps: tuple[Step, ...]
    description: str = ""
    target: str = "sap"
    connector: str | None = None
    mappings: Path | None = None
    template: Path | None = None
    flag_dialect: bool = False
    today: date = date(2026, 11, 27)
    target_users: tuple[dict[str, Any], ...] = ()
    target_seed: int = 0
    source_users: tuple[dict[str, Any], ...] = ()
    source_seed: int = 0
    seed: int = 42
    sockets: bool | None = None  # None: as the run decides (--provlab-sockets)

    def where(self, line: int) -> str:
        return f"{self.path}:{line}"
