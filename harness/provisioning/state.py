"""What a provisioning job remembers between cycles: the delta watermark, the links from
source objects to target ids, escrowed objects, staged deletes and quarantine. Persisted as
JSON in ``--state-dir``."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from harness.directory import StateFileError, write_json_atomic

STATE_FILE = "provisioning.json"


@dataclass
class Link:
    """A source user provisioned (or matched) to ``target_id``; ``soft_deleted`` is the last
    IsSoftDeleted exported, so a disable is known before any request."""

    target_id: str
    soft_deleted: bool = False


@dataclass
class EscrowEntry:
    attempts: int
    first_failure: str
    next_retry: str
    code: str
    reason: str


@dataclass
class Quarantine:
    reason: str
    since: str
    next_attempt: str
    details: str = ""


@dataclass
class ProvisioningState:
    job_id: str = "ScimOnPremises.provlab"
    watermark: int | None = None
    cycles: int = 0
    links: dict[str, Link] = field(default_factory=dict)
    escrow: dict[str, EscrowEntry] = field(default_factory=dict)
    staged: list[str] = field(default_factory=list)
    quarantine: Quarantine | None = None
    allow_deletes: bool = False

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ProvisioningState:
        quarantine = data.get("quarantine")
        return cls(
            job_id=data.get("job_id", cls.job_id),
            watermark=data.get("watermark"),
            cycles=int(data.get("cycles", 0)),
            links={k: Link(**v) for k, v in data.get("links", {}).items()},
            escrow={k: EscrowEntry(**v) for k, v in data.get("escrow", {}).items()},
            staged=list(data.get("staged", [])),
            quarantine=Quarantine(**quarantine) if quarantine else None,
            allow_deletes=bool(data.get("allow_deletes", False)),
        )

    def restart(self) -> None:
        """Entra's "Restart provisioning": clear the watermark, escrow and quarantine (links stay)."""
        self.watermark = None
        self.escrow.clear()
        self.staged.clear()
        self.quarantine = None


def iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def parse_iso(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def load_state(state_dir: str | Path) -> ProvisioningState:
    file = Path(state_dir) / STATE_FILE
    if not file.exists():
        return ProvisioningState()
    try:
        return ProvisioningState.from_dict(json.loads(file.read_text(encoding="utf-8")))
    except (json.JSONDecodeError, TypeError, ValueError) as error:
        raise StateFileError(
            f"{file}: unreadable provisioning state ({error}); delete it to start with a fresh job"
        ) from None


def save_state(state: ProvisioningState, state_dir: str | Path) -> Path:
    return write_json_atomic(Path(state_dir) / STATE_FILE, state.to_dict())
