"""What one load run is: the options the command checked, as a JSON file its child processes read.

Kept free of Locust (and of everything heavy) because the command's own process parses and
checks it before any child starts, and the children rebuild it from JSON.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

# The operations a provisioning worker performs, and the request kinds they put on the wire.
OPERATIONS = ("probe", "create", "update", "soft-delete", "delete")
REQUEST_KINDS = ("probe", "filter", "create", "get", "patch", "soft delete", "delete")

# Realistic mixes (relative weights per operation). Every Locust user probes once when it starts,
# as Entra probes at the start of each cycle.
MIXES: dict[str, dict[str, float]] = {
    # Entra's initial cycle: every user is new (GET filter, then POST).
    "initial": {"create": 1.0},
    # An incremental cycle: mostly attribute changes, some joiners and leavers.
    "incremental": {"create": 2.0, "update": 6.0, "soft-delete": 1.0, "delete": 1.0, "probe": 0.1},
    # Heavy joiner/mover/leaver churn (a reorganisation, a migration wave).
    "churn": {"create": 3.0, "update": 3.0, "soft-delete": 2.0, "delete": 2.0, "probe": 0.1},
}
DEFAULT_MIX = "incremental"

SECRET_ENV = "PROVLAB_LOAD_SECRET"  # noqa: S105 - a variable name, not a secret; how the command hands the bearer secret to its children
_SPAN = re.compile(r"^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$")


class SpecError(ValueError):
    """An option value that cannot be used; the message says which and how to fix it."""


def parse_timespan(text: str, option: str = "--run-time") -> float:
    """``90``, ``90s``, ``2m``, ``1h30m`` → seconds (Locust's spelling, without importing Locust)."""
    value = str(text).strip().lower()
    if re.fullmatch(r"\d+(\.\d+)?", value):
        seconds = float(value)
    else:
        found = _SPAN.match(value)
        if not value or not found or not any(found.groups()):
            raise SpecError(f"{option} {text!r} is not a time span; write e.g. 30s, 2m or 1h30m")
        hours, minutes, secs = (int(part or 0) for part in found.groups())
        seconds = float(hours * 3600 + minutes * 60 + secs)
    if seconds <= 0:
        raise SpecError(f"{option} must be longer than 0 s; a load run is always bounded in time")
    return seconds


def parse_mix(text: str) -> dict[str, float]:
    """A named mix (``incremental``) or weights (``create=3,update=5,soft-delete=1,delete=1``)."""
    name = text.strip().lower()
    if name in MIXES:
        return dict(MIXES[name])
    weights: dict[str, float] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        operation, sep, weight = part.partition("=")
        operation = operation.strip().lower().replace("_", "-").replace(" ", "-")
        if not sep or operation not in OPERATIONS:
            raise SpecError(
                f"--mix {text!r}: {part!r} is not OPERATION=WEIGHT; use a named mix "
                f"({', '.join(MIXES)}) or weights for {', '.join(OPERATIONS)}, e.g. create=3,update=5"
            )
        try:
            weights[operation] = float(weight)
        except ValueError:
            raise SpecError(f"--mix {text!r}: the weight of {operation} is not a number") from None
        if weights[operation] < 0:
            raise SpecError(f"--mix {text!r}: the weight of {operation} is negative")
    if not any(weights.values()):
        raise SpecError(f"--mix {text!r} gives no operation a weight above 0")
    return weights


@dataclass
class LoadSpec:
    """One run. ``role``: ``local`` (one process), ``master`` or ``worker``. The bearer secret is
    not part of it: children read it from the environment (:data:`SECRET_ENV`), never a file."""

    role: str
    tenant_url: str
    ca_cert: str | None = None
    timeout: float = 30.0
    users: int = 4
    spawn_rate: float = 4.0
    run_time: float = 60.0
    max_requests: int | None = None
    mix: dict[str, float] = field(default_factory=lambda: dict(MIXES[DEFAULT_MIX]))
    seed: int = 0
    run_tag: str = "L000"
    mapping_document: dict[str, Any] | None = None  # the short mapping form (None: SAP ECC)
    recorded_users: list[dict[str, Any]] | None = None  # target values from a recording (None: synthetic)
    csv_prefix: str | None = None
    html_file: str | None = None
    master_host: str = "127.0.0.1"
    master_port: int = 5557
    master_bind_host: str = "127.0.0.1"
    expect_workers: int = 1
    worker_wait: float = 60.0
    stop_timeout: float = 30.0
    out_dir: str = "."

    def write(self, path: Path) -> None:
        path.write_text(json.dumps(asdict(self)), encoding="utf-8")

    @classmethod
    def read(cls, path: Path) -> LoadSpec:
        return cls(**json.loads(Path(path).read_text(encoding="utf-8")))

    @property
    def summary_path(self) -> Path:
        return Path(self.out_dir) / "summary.json"

    @property
    def ledger_path(self) -> Path:
        return Path(self.out_dir) / "ledger.json"
