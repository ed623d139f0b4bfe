"""What "Provision on demand" shows: the portal's steps in order and the outcome text."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from harness.scim_client import ScimCallError

from . import records as r
from .records import Step


@dataclass
class OnDemandResult:
    """The steps shown by "Provision on demand", the outcome text and the exported attributes."""

    user: str
    steps: list[Step]
    action: str
    status: str
    message: str
    exported: dict[str, Any]
    record: dict[str, Any] | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "user": self.user,
            "action": self.action,
            "status": self.status,
            "message": self.message,
            "steps": [{"title": s.title, **s.to_graph()} for s in self.steps],
            "exportedAttributes": self.exported,
        }


class OnDemandError(ValueError):
    """A user provision-on-demand cannot take (Entra's search does not show it)."""


STEP_TITLES = (
    "Import user",
    "Determine if user is in scope",
    "Match user between source and target",
    "Perform action",
)


def test_connection_step(error: ScimCallError) -> Step:
    return Step(
        "Test connection",
        "EntryTestConnection",
        "import",
        r.FAILURE,
        f"Failed to connect to the target: {error}",
        {"Request": f"{error.method} {error.url}", "Error code": error.code},
    )


def five_steps(steps: list[Step]) -> list[Step]:
    """The portal's steps in order; a step that did not run shows as skipped."""
    by_title = {}
    for step in steps:
        by_title.setdefault(step.title, step)
    return [
        by_title.get(title)
        or Step(title, "", "processing", r.SKIPPED, "Not run: an earlier step ended processing")
        for title in STEP_TITLES
    ]
