"""After a run: does the target hold what the load wrote? Checked through SCIM only (GET by id
and a filter on the matching attribute, so it works against a real ECMA2Host) and, against the
lab's simulator, through the target's own admin view as well.

A user is consistent when a new Entra cycle would find nothing to write: the mappings,
evaluated for the last written source state against what GET returns, differ in nothing
(:func:`harness.scim_client.diff`, as the engine decides a PATCH), and the filter finds it once,
under the same id. Deleted users must be gone by id and by filter.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from harness.directory import SourceUser
from harness.provisioning import ProvisioningRules
from harness.provisioning.processor import evaluate_scope
from harness.scim_client import ScimCallError, ScimClient, diff, flatten_resource
from harness.scim_client.errors import MULTIPLE_ENTRIES
from harness.scim_client.wire import as_text, split_target

from .ledger import DELETED, NOT_CREATED, PRESENT, Entry, Ledger

CHECK_THREADS = 8
ABSENT = "absent"
# Target admin-view fields named differently from the SCIM attribute (the lab's templates map them).
TARGET_ALIASES = {"expirationtime": "validTo", "telephonenumber": "phone"}


@dataclass(frozen=True)
class Problem:
    key: str
    kind: str  # lost, duplicated, stale, not deleted, unreadable, target
    detail: str

    def __str__(self) -> str:
        return f"{self.key}: {self.kind}: {self.detail}"


@dataclass
class Verdict:
    """One user after the check: the state it was found in, and its values there."""

    entry: Entry
    state: str | None  # PRESENT / DELETED / ABSENT (a lost create that did not land); None: inconsistent
    user: SourceUser | None
    resource: dict[str, Any] | None = None
    problem: Problem | None = None


@dataclass
class ConsistencyReport:
    verdicts: list[Verdict] = field(default_factory=list)
    target_problems: list[Problem] = field(default_factory=list)
    target_checked: bool = False

    @property
    def problems(self) -> list[Problem]:
        return [v.problem for v in self.verdicts if v.problem] + self.target_problems

    def count(self, state: str) -> int:
        return sum(1 for v in self.verdicts if v.state == state)

    def kinds(self, kind: str) -> int:
        return sum(1 for v in self.verdicts if v.problem and v.problem.kind == kind)

    @property
    def ok(self) -> bool:
        return not self.problems

    def lines(self) -> list[str]:
        uncertain = sum(
            1 for v in self.verdicts if v.entry.pending is not None or v.entry.state == NOT_CREATED
        )
        relinked = sum(v.entry.relinked for v in self.verdicts)
        lines = [
            f"consistency through SCIM ({len(self.verdicts)} users the load wrote): "
            f"{self.count(PRESENT)} present once with their last written values, "
            f"{self.count(DELETED)} deleted and gone; "
            f"{self.kinds('lost')} lost, {self.kinds('duplicated')} duplicated, {self.kinds('stale')} stale, "
            f"{self.kinds('not deleted')} not deleted, {self.kinds('unreadable')} unreadable"
            + (f"; {uncertain} writes without an answer (either outcome accepted)" if uncertain else "")
            + (f"; {relinked} users vanished during the run and were created again" if relinked else "")
        ]
        if self.target_checked:
            lines.append(
                f"target view (the simulator's admin API): {len(self.target_problems)} problem(s) in "
                f"{self.count(PRESENT)} present and {self.count(DELETED)} deleted users"
            )
        lines += [f"  {problem}" for problem in self.problems[:20]]
        if len(self.problems) > 20:
            lines.append(f"  … and {len(self.problems) - 20} more")
        return lines

    def to_json(self) -> dict[str, Any]:
        return {
            "users": len(self.verdicts),
            "present": self.count(PRESENT),
            "deleted": self.count(DELETED),
            "lost": self.kinds("lost"),
            "duplicated": self.kinds("duplicated"),
            "stale": self.kinds("stale"),
            "not_deleted": self.kinds("not deleted"),
            "unreadable": self.kinds("unreadable"),
            "target_checked": self.target_checked,
            "target_problems": len(self.target_problems),
            "problems": [str(p) for p in self.problems],
            "ok": self.ok,
        }


def desired(rules: ProvisioningRules, user: SourceUser, resource: dict[str, Any] | None) -> dict[str, Any]:
    """What the mappings give for ``user``: as at creation (``resource`` None) or as an update sees it."""
    scope = evaluate_scope(user, rules)
    current = flatten_resource(resource) if resource is not None else None
    return dict(rules.evaluate(scope.attributes, resource is None, current, None))


def check_scim(
    ledger: Ledger, rules: ProvisioningRules, client_factory: Callable[[], ScimClient]
) -> ConsistencyReport:
    """Read every user the load wrote back through SCIM (a few threads, one client each)."""
    local = threading.local()

    def one(entry: Entry) -> Verdict:
        if getattr(local, "client", None) is None:
            local.client = client_factory()
        return _check_entry(entry, rules, local.client)

    with ThreadPoolExecutor(CHECK_THREADS) as pool:
        verdicts = list(pool.map(one, ledger.entries.values()))
    return ConsistencyReport(verdicts)


def _check_entry(entry: Entry, rules: ProvisioningRules, client: ScimClient) -> Verdict:
    candidates: list[tuple[str, SourceUser]] = []
    if entry.state == NOT_CREATED:
        candidates.append((ABSENT, entry.user))
    else:
        candidates.append((entry.state, entry.user))
    if entry.pending is not None and entry.pending_user is not None:
        candidates.append((entry.pending_state or PRESENT, entry.pending_user))
    attribute = rules.matching_attributes[0]
    try:
        by_id = client.get_user(entry.target_id) if entry.target_id else None
        match_value = as_text(desired(rules, entry.user, None).get(attribute)) or ""
        by_filter = client.find_user(attribute, match_value)
    except ScimCallError as error:
        if error.code == MULTIPLE_ENTRIES:
            problem = Problem(entry.key, "duplicated", f"{error.message}")
        else:
            problem = Problem(entry.key, "unreadable", str(error))
        return Verdict(entry, None, None, problem=problem)
    if by_id is None and by_filter is not None and entry.state == NOT_CREATED:
        by_id = by_filter  # a create whose answer was lost, found by its matching value
    first_problem: Problem | None = None
    for state, user in candidates:
        problem = _compare(entry, state, user, rules, by_id, by_filter, attribute, match_value)
        if problem is None:
            return Verdict(entry, state, user, by_id)
        first_problem = first_problem or problem
    return Verdict(entry, None, None, by_id, first_problem)


def _compare(
    entry: Entry,
    state: str,
    user: SourceUser,
    rules: ProvisioningRules,
    by_id: dict[str, Any] | None,
    by_filter: dict[str, Any] | None,
    attribute: str,
    match_value: str,
) -> Problem | None:
    if state in (DELETED, ABSENT):
        if by_id is not None or by_filter is not None:
            found = by_id or by_filter or {}
            return Problem(entry.key, "not deleted", f"the target still answers id {found.get('id')!r}")
        return None
    if by_id is None:
        where = (
            f"; the filter {attribute} eq {match_value!r} finds id {by_filter.get('id')!r}"
            if by_filter
            else ""
        )
        return Problem(entry.key, "lost", f"GET /Users/{entry.target_id} answers 404{where}")
    if by_filter is None or str(by_filter.get("id")) != str(by_id.get("id")):
        found = "nothing" if by_filter is None else f"id {by_filter.get('id')!r}"
        return Problem(
            entry.key,
            "lost",
            f"the filter {attribute} eq {match_value!r} finds {found}, not id {by_id.get('id')!r}",
        )
    changes = diff(desired(rules, user, by_id), by_id)
    if changes:
        text = "; ".join(
            f"{c.name.rsplit(':', 1)[-1]}: target {c.old!r}, last written {c.new!r}" for c in changes
        )
        return Problem(entry.key, "stale", text)
    return None


def check_target(
    report: ConsistencyReport,
    rules: ProvisioningRules,
    target_users: Iterable[dict[str, Any]],
    tag: str | None,
) -> None:
    """The target's own view (the simulator's admin API): every present user is there with the
    values the mappings gave it (fields of the same name, plus ``TARGET_ALIASES``), every
    deleted one is gone, and no other user of this run's tag exists."""
    report.target_checked = True
    by_name = {str(u.get("userName", "")).upper(): u for u in target_users}
    attribute = rules.matching_attributes[0]
    accounted: set[str] = set()
    for verdict in report.verdicts:
        if verdict.state not in (PRESENT, DELETED) or verdict.user is None:
            continue
        name = (as_text(desired(rules, verdict.user, None).get(attribute)) or "").upper()
        accounted.add(name)
        held = by_name.get(name)
        if verdict.state == DELETED:
            if held is not None:
                report.target_problems.append(Problem(verdict.entry.key, "target", f"{name} still exists"))
        elif held is None:
            report.target_problems.append(Problem(verdict.entry.key, "target", f"{name} is missing"))
        else:
            values = desired(rules, verdict.user, verdict.resource) if verdict.resource else {}
            report.target_problems += _field_problems(verdict.entry.key, name, held, values)
    if tag:
        for name in sorted(n for n in by_name if n.startswith(tag.upper()) and n not in accounted):
            report.target_problems.append(
                Problem(name, "target", "a user of this run the ledger does not hold")
            )


def _field_problems(key: str, name: str, held: dict[str, Any], values: dict[str, Any]) -> list[Problem]:
    fields = {k.lower(): k for k in held}
    problems = []
    for target, value in values.items():
        leaf = split_target(target).path.lower()
        field_name = fields.get(leaf) or TARGET_ALIASES.get(leaf)
        if value is None or field_name not in held or leaf == "username":
            continue
        if str(held[field_name]) != str(as_text(value)):
            problems.append(
                Problem(
                    key,
                    "target",
                    f"{name}.{field_name} is {held[field_name]!r}, the mappings give {as_text(value)!r}",
                )
            )
    return problems
