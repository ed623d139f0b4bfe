"""The demo's story, told against a running :class:`~harness.orchestration.Lab`.

Each chapter makes Entra do one thing (a cycle, provision on demand, …) and then reads the
featured user back from the simulator's admin API: what the chapter shows and checks is
what SAP holds, never what was sent. Output is left to a :class:`Narrator`, so the same
story drives the rich console, JSON and tests.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol

from harness.directory import seed_users
from harness.orchestration import Lab

FEATURED_UPN = "mmuster@contoso.com"
FEATURED_SAP_NAME = "MMUSTER"  # ToUpper(Word([userPrincipalName], 1, "@")), the default mapping
FEATURED_PROFILE = {
    "givenName": "Max",
    "surname": "Muster",
    "displayName": "Max Muster",
    "mail": FEATURED_UPN,
    "department": "Finance",
    "city": "Walldorf",
    "companyName": "Contoso",
    "jobTitle": "Accountant",
}
SHOWN_FIELDS = ("userName", "firstName", "lastName", "department", "city", "validTo", "status")
ABSENT = "(absent)"


@dataclass
class Chapter:
    """One step of the story and what the target showed afterwards."""

    title: str
    what: str
    counts: dict[str, int] = field(default_factory=dict)
    scim_requests: int = 0
    target_calls: dict[str, int] = field(default_factory=dict)
    readback: dict[str, Any] | None = None
    sample: list[dict[str, Any]] = field(default_factory=list)
    writes: list[str] = field(default_factory=list)
    expected: dict[str, Any] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    steps: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def entra_text(self) -> str:
        """What Entra did, e.g. ``create 50`` or ``update 1, update/failure 1``."""
        return ", ".join(f"{name} {count}" for name, count in self.counts.items()) or "nothing to do"

    @property
    def calls_text(self) -> str:
        """The SAP calls the chapter caused, e.g. ``BAPI_USER_CHANGE ×1`` (WSDL fetches left out)."""
        return ", ".join(f"{op} ×{n}" for op, n in self.target_calls.items() if op != "WSDL") or "none"


@dataclass
class StoryResult:
    users: int
    chapters: list[Chapter]
    target_users: int
    seconds: float

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.chapters)

    def to_dict(self) -> dict[str, Any]:
        """Machine-readable form (``--json``; the hook for reports)."""
        return {
            "ok": self.ok,
            "users": self.users,
            "targetUsers": self.target_users,
            "seconds": round(self.seconds, 2),
            "chapters": [{**asdict(c), "ok": c.ok} for c in self.chapters],
        }


class Narrator(Protocol):
    def chapter_started(self, title: str, what: str) -> None: ...
    def progress(self, done: int, total: int) -> None: ...
    def chapter_done(self, chapter: Chapter) -> None: ...


def tell_story(lab: Lab, *, users: int = 50, seed: int = 42, narrator: Narrator) -> StoryResult:
    """Run the six chapters; the lab's directory must be empty and the target clean."""
    started = time.monotonic()
    directory = lab.entra.directory
    engine = lab.entra.engine
    for user in seed_users(users, seed=seed):
        directory.create(user)

    def cycle() -> dict[str, int]:
        report = engine.run_cycle(on_progress=narrator.progress)
        return _counts(report.counts)

    chapters: list[Chapter] = []

    def chapter(title: str, what: str, act: Callable[[Chapter], None], expected: dict[str, Any]) -> None:
        narrator.chapter_started(title, what)
        current = Chapter(title, what, expected=expected)
        seq, sent, begun = lab.target.last_seq(), len(lab.exchanges), time.monotonic()
        act(current)
        current.seconds = time.monotonic() - begun
        exchanges = lab.exchanges[sent:]
        current.scim_requests = len(exchanges)
        writes = Counter(_short(e) for e in exchanges if e.method != "GET")
        current.writes = [text if n == 1 else f"{text} ×{n}" for text, n in writes.items()]
        calls = Counter(e["operation"] for e in lab.target.journal(since=seq))
        current.target_calls = dict(calls)
        current.readback = lab.target.user(FEATURED_SAP_NAME)
        current.problems = _compare(expected, current.readback)
        chapters.append(current)
        narrator.chapter_done(current)

    def initial(current: Chapter) -> None:
        current.counts = cycle()
        in_sap = lab.target.users()
        current.sample = in_sap[:5]
        if current.counts.get("create") != users or len(in_sap) != users:
            current.problems.append(f"expected {users} users created in SAP, SAP holds {len(in_sap)}")

    def on_demand(current: Chapter) -> None:
        hire = directory.new_user(FEATURED_UPN, **FEATURED_PROFILE)
        result = engine.provision_on_demand(hire.id)
        current.counts = _counts({(result.action, result.status): 1})
        current.steps = [(step.title, step.status) for step in result.steps]

    def featured(event: str, **changes: Any) -> Callable[[Chapter], None]:
        def act(current: Chapter) -> None:
            directory.apply(event, FEATURED_UPN, **changes)
            current.counts = cycle()

        return act

    active = {"validTo": "9999-12-31", "status": "active"}
    chapter(
        "Initial cycle",
        f"Entra provisions {users} assigned users into SAP ECC",
        initial,
        {"userName": ABSENT},
    )
    chapter(
        "Provision on demand",
        f"a new hire, {FEATURED_UPN}, is provisioned on demand",
        on_demand,
        {"userName": FEATURED_SAP_NAME, "firstName": "Max", "department": "Finance", **active},
    )
    chapter(
        "Attribute change",
        "Max moves to Sales in Berlin; the next cycle sends a PATCH",
        featured("update", department="Sales", city="Berlin"),
        {"department": "Sales", "city": "Berlin", **active},
    )
    chapter(
        "Soft delete",
        "Max is deleted in Entra (restorable); IsSoftDeleted flips expirationTime to 1990-01-01",
        featured("soft-delete"),
        {"validTo": "1990-01-01", "status": "expired"},
    )
    chapter(
        "Restore",
        "Max is restored from deleted items; expirationTime goes back to 9999-12-31",
        featured("restore"),
        {"department": "Sales", **active},
    )
    chapter(
        "Hard delete",
        "Max is purged from Entra; only now does Entra send DELETE",
        featured("hard-delete"),
        {"userName": ABSENT},
    )
    return StoryResult(users, chapters, len(lab.target.users()), time.monotonic() - started)


def _compare(expected: dict[str, Any], readback: dict[str, Any] | None) -> list[str]:
    if readback is None:
        return [] if expected.get("userName") == ABSENT else [f"{FEATURED_SAP_NAME} is not in SAP"]
    if expected.get("userName") == ABSENT:
        return [f"{FEATURED_SAP_NAME} should not be in SAP, but it is"]
    return [
        f"{name}: expected {want!r}, SAP holds {readback.get(name)!r}"
        for name, want in expected.items()
        if readback.get(name) != want
    ]


def _counts(counts: dict[tuple[str, str], int]) -> dict[str, int]:
    """``create 50``, or ``create/failure 2`` for anything but success."""
    return {
        action if status == "success" else f"{action}/{status}": n
        for (action, status), n in sorted(counts.items())
    }


def _short(exchange: Any) -> str:
    path = exchange.url.split("/scim", 1)[-1]
    return f"{exchange.method} {path} → {exchange.status}"
