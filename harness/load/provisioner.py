"""One of Entra's provisioning workers under load: its own users, its own SCIM client.

Each operation hands a source user to the provisioning engine's own per-user processor
(:class:`harness.provisioning.processor.UserProcessor`), which decides the requests exactly as
a cycle does: a new user is matched with one GET filter per matching attribute and POSTed,
a changed one is read by id and PATCHed with only what differs (in the Tenant URL's dialect),
a disabled one gets the soft-delete PATCH, a hard-deleted one a DELETE. No Locust here: a
Locust user (:mod:`.locustfile`) drives it, and tests drive it directly.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from harness.directory import SourceUser
from harness.provisioning import ProvisioningRules
from harness.provisioning.processor import DROP, UserOutcome, UserProcessor
from harness.provisioning.records import CREATE
from harness.provisioning.state import Link
from harness.scim_client import ScimCallError

from .ledger import DELETED, PRESENT, Entry, Ledger
from .metered import BudgetSpent, MeteredClient
from .users import UserSource, copy_user

WRITES = frozenset({"POST", "PATCH", "DELETE"})


def answer_lost(failure: ScimCallError | None) -> bool:
    """A write whose outcome is unknown: no response, or a 5xx (the target may have applied it)."""
    return (
        failure is not None and failure.method in WRITES and (failure.status is None or failure.status >= 500)
    )


class Provisioner:
    """Performs the mix's operations on its own users (no two workers touch the same user, so
    the last written values are known exactly)."""

    def __init__(
        self,
        client: MeteredClient,
        rules: ProvisioningRules,
        users: UserSource,
        ledger: Ledger,
        mix: dict[str, float],
        rng: random.Random,
    ) -> None:
        self.client = client
        self.rules = rules
        self.users = users
        self.ledger = ledger
        self.rng = rng
        self.processor = UserProcessor(client, rules)
        self.operations = [op for op, weight in mix.items() if weight > 0]
        self.weights = [mix[op] for op in self.operations]
        self.active: list[str] = []  # provisioned, enabled
        self.disabled: list[str] = []  # provisioned, soft-deleted
        self._run: dict[str, Callable[[], bool]] = {
            "probe": self.probe,
            "create": self.create,
            "update": self.update,
            "soft-delete": self.soft_delete,
            "delete": self.delete,
        }

    # one step --------------------------------------------------------------------------------
    def step(self) -> bool:
        """Perform one operation of the mix; False when there was nothing left to do or the
        request budget does not cover it (the caller stops)."""
        operation = self.rng.choices(self.operations, self.weights)[0]
        try:
            return self._run[operation]()
        except BudgetSpent:
            return False

    @contextmanager
    def _reserved(self, requests: int) -> Iterator[None]:
        """Reserve an operation's usual requests up front. (A user lost during the run needs a
        few more to be matched and created again; near the end of a budget that retry is cut.)"""
        if not self.client.budget.reserve(requests):
            raise BudgetSpent()
        self.client.allowance = requests
        try:
            yield
        finally:
            self.client.budget.refund(self.client.allowance)
            self.client.allowance = 0

    # operations ------------------------------------------------------------------------------
    def probe(self) -> bool:
        """Entra's test connection: a filter on the first matching attribute for a random GUID."""
        with self._reserved(1):
            try:
                self.client.test_connection(self.rules.matching_attributes[0])
            except ScimCallError:
                pass  # reported to Locust by the metered client; the worker carries on, as the load should
        return True

    def create(self) -> bool:
        with self._reserved(len(self.rules.matching_attributes) + 1):
            user = self.users.new_user()
            outcome = self.processor.process(user, None) if user is not None else None
        if user is None or outcome is None:  # a recording has run out: keep changing the users it had
            return self.update() if self.active or self.disabled else False
        target = outcome.link.target_id if isinstance(outcome.link, Link) else None
        if target is not None:
            self.ledger.created(user, target)
            self.active.append(user.userPrincipalName)
        elif answer_lost(outcome.failure):
            self.ledger.lost_create(user)
        return True

    def update(self) -> bool:
        key = self._pick(self.active + self.disabled)
        if key is None:
            return self.create()
        entry = self.ledger.entries[key]
        changed = self.users.changed(entry.user, self.rng)
        if changed is None:  # the mappings carry no attribute an update can change
            return self.probe()
        with self._reserved(2):
            outcome = self._process(changed, entry)
        self._settle(entry, changed, outcome)
        return True

    def soft_delete(self) -> bool:
        key = self._pick(self.active)
        if key is None:
            return self.create()
        entry = self.ledger.entries[key]
        disabled = copy_user(entry.user, accountEnabled=False)
        self.client.patch_kind = "soft delete"
        try:
            with self._reserved(2):
                outcome = self._process(disabled, entry)
        finally:
            self.client.patch_kind = "patch"
        self._settle(entry, disabled, outcome)
        if entry.state == PRESENT and entry.pending is None:
            self.active.remove(key)
            self.disabled.append(key)
        return True

    def delete(self) -> bool:
        key = self._pick(self.active + self.disabled)
        if key is None:
            return self.create()
        entry = self.ledger.entries[key]
        deleted = copy_user(entry.user, hard_deleted=True)
        with self._reserved(1):
            outcome = self._process(deleted, entry)
        self._settle(entry, deleted, outcome)
        return True

    # bookkeeping -----------------------------------------------------------------------------
    def _pick(self, keys: list[str]) -> str | None:
        return self.rng.choice(keys) if keys else None

    def _process(self, user: SourceUser, entry: Entry) -> UserOutcome:
        link = Link(str(entry.target_id), soft_deleted=not entry.user.accountEnabled)
        return self.processor.process(user, link)

    def _settle(self, entry: Entry, user: SourceUser, outcome: UserOutcome) -> None:
        """Record what the target now holds; a user whose write was lost leaves the pools."""
        if outcome.link == DROP and outcome.failure is None:
            entry.confirm(user, entry.target_id, DELETED)
            self._forget(entry.key)
        elif isinstance(outcome.link, Link) and outcome.failure is None:
            if outcome.action == CREATE:  # the target had lost the user; the processor created it again
                entry.relinked += 1
            entry.confirm(user, outcome.link.target_id, PRESENT)
        elif answer_lost(outcome.failure):
            entry.uncertain(user, DELETED if user.hard_deleted else PRESENT)
            self._forget(entry.key)
        # else: a definite refusal (4xx) or a failed read: the target keeps the last confirmed state

    def _forget(self, key: str) -> None:
        for pool in (self.active, self.disabled):
            if key in pool:
                pool.remove(key)
