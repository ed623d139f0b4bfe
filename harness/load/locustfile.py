"""The Locust side of ``provlab load``: one Locust user is one of Entra's provisioning workers.

Imported only by :mod:`.runner`, in a child process: importing Locust monkey-patches the
interpreter with gevent. :func:`attach` wires a run into a Locust environment: each process
that runs users (the local runner or a worker) builds its :class:`LoadContext` when the test
starts, from the run's shape (which a master sends to its workers with Locust's own
``parsed_options``) and from its own connection settings (Tenant URL, secret, CA file, which
never travel between machines).
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from typing import Any

import gevent
from gevent.event import Event
from locust import User, constant, task
from locust.env import Environment
from locust.runners import MasterRunner, WorkerRunner

from harness.mappings import mapping_set_from_short, sap_ecc_mapping_set
from harness.provisioning import rules_from_mapping_set

from .ledger import Ledger
from .metered import Budget, BudgetSpent, MeteredClient, ScimFailure
from .provisioner import Provisioner
from .users import RecordedUsers, SyntheticUsers, UserSource

LEDGER_MESSAGE = "provlab_ledger"
DONE_MESSAGE = "provlab_done"
STOP_MESSAGE = "provlab_stop"
IDLE_SECONDS = 0.05


@dataclass(frozen=True)
class Connection:
    """How this process reaches the tenant (its own command line, never sent over the wire)."""

    tenant_url: str
    secret: str
    ca_cert: str | None
    timeout: float


def budget_share(total: int | None, index: int, count: int) -> int | None:
    """Worker ``index`` of ``count``'s part of a request budget (the parts add up to ``total``)."""
    if total is None:
        return None
    return total // count + (1 if index < total % count else 0)


@dataclass
class LoadContext:
    """What the Locust users of one process share: the mappings, the users, the ledger, the budget."""

    environment: Environment
    connection: Connection
    options: Any
    index: int
    count: int
    ledger: Ledger = field(default_factory=Ledger)
    finished: set[int] = field(default_factory=set)
    done: Event = field(default_factory=Event)
    stopping: bool = False
    requests: int = 0

    def __post_init__(self) -> None:
        document = self.options.provlab_mappings
        mapping_set = mapping_set_from_short(document) if document else sap_ecc_mapping_set()
        seed = int(self.options.provlab_seed)
        recorded = self.options.provlab_recorded_users
        self.users: UserSource
        if recorded:
            self.users = RecordedUsers(
                mapping_set, recorded, worker_index=self.index, worker_count=self.count, seed=seed
            )
        else:
            self.users = SyntheticUsers(
                mapping_set, tag=self.options.provlab_run_tag, worker_index=self.index, seed=seed
            )
        self.rules = rules_from_mapping_set(self.users.mapping_set)
        self.budget = Budget(budget_share(self.options.provlab_max_requests, self.index, self.count))
        self.mix = dict(self.options.provlab_mix)
        self._serial = 0

    def provisioner(self) -> Provisioner:
        self._serial += 1
        client = MeteredClient(
            self.connection.tenant_url,
            self.connection.secret,
            ca_cert=self.connection.ca_cert,
            timeout=self.connection.timeout,
            on_request=self.report,
            budget=self.budget,
        )
        rng = random.Random(int(self.options.provlab_seed) * 1_000_003 + self.index * 10_007 + self._serial)
        return Provisioner(client, self.rules, self.users, self.ledger, self.mix, rng)

    def report(self, kind: str, method: str, ms: float, length: int, failure: ScimFailure | None) -> None:
        self.requests += 1
        self.environment.events.request.fire(
            request_type=method,
            name=kind,
            response_time=ms,
            response_length=length,
            exception=failure,
            context={},
        )

    def finish(self, user: User) -> None:
        """A Locust user has nothing left to do: the budget is spent, or a recording ran out."""
        self.finished.add(id(user))
        running = self.environment.runner.user_count if self.environment.runner else 0
        if not self.done.is_set() and (not self.budget.allows(1) or len(self.finished) >= running):
            self.done.set()
            if isinstance(self.environment.runner, WorkerRunner):
                self.environment.runner.send_message(DONE_MESSAGE, {"index": self.index})

    def drain(self, timeout: float) -> None:
        """Let every Locust user finish the operation it is in (so the ledger knows each write's
        outcome), then keep them idle; Locust's own stop would kill them mid-request."""
        self.stopping = True
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            running = self.environment.runner.user_count if self.environment.runner else 0
            if len(self.finished) >= running:
                return
            gevent.sleep(0.02)


class EntraProvisioningWorker(User):
    """Probes once as a cycle starts, then performs the mix's operations back to back (Entra's
    workers do not pause between users)."""

    wait_time = constant(0)

    def on_start(self) -> None:
        self.context: LoadContext = self.environment.provlab
        self.worker = self.context.provisioner()
        try:
            self.worker.probe()
        except BudgetSpent:
            self.context.finish(self)

    @task
    def provision(self) -> None:
        if self.context.stopping or id(self) in self.context.finished or not self.worker.step():
            self.context.finish(self)
            gevent.sleep(IDLE_SECONDS)  # wait quietly until the run stops this user


def attach(environment: Environment, connection: Connection | None) -> None:
    """Build the context when the test starts (where users run). Call before the runner is
    created, so no spawn message can come first."""
    environment.provlab_ledgers = {}  # master: worker index -> {"rows": ledger rows, "requests": count}
    environment.provlab_done = Event()

    def on_test_start(environment: Environment, **_: Any) -> None:
        runner = environment.runner
        if isinstance(runner, MasterRunner):
            return
        worker = isinstance(runner, WorkerRunner)
        count = max(1, int(environment.parsed_options.expect_workers or 1)) if worker else 1
        index = runner.worker_index if worker else 0
        context = LoadContext(environment, connection, environment.parsed_options, index, count)
        if not worker:
            context.done = environment.provlab_done
        environment.provlab = context

    def on_stop_message(environment: Environment, msg: Any, **_: Any) -> None:
        context = getattr(environment, "provlab", None)
        if context is None:  # never started: nothing written
            environment.runner.send_message(
                LEDGER_MESSAGE, {"index": environment.runner.worker_index, "rows": [], "requests": 0}
            )
            return
        context.drain(float(msg.data["timeout"]))
        environment.runner.send_message(
            LEDGER_MESSAGE,
            {"index": context.index, "rows": context.ledger.to_json(), "requests": context.requests},
        )

    environment.events.test_start.add_listener(on_test_start)
    environment.provlab_on_stop_message = on_stop_message


def attach_worker(runner: WorkerRunner) -> None:
    """The worker's side: drain and send the ledger when the master asks (in a greenlet of its
    own, so Locust's message loop keeps running meanwhile)."""
    runner.register_message(STOP_MESSAGE, runner.environment.provlab_on_stop_message, concurrent=True)


def attach_master(runner: MasterRunner) -> None:
    """The master's side of the custom messages: workers report "done" and send their ledgers."""
    done_workers: set[int] = set()

    def on_done(environment: Environment, msg: Any, **_: Any) -> None:
        done_workers.add(int(msg.data["index"]))
        if len(done_workers) >= int(environment.parsed_options.expect_workers or 1):
            environment.provlab_done.set()

    def on_ledger(environment: Environment, msg: Any, **_: Any) -> None:
        environment.provlab_ledgers[int(msg.data["index"])] = msg.data

    runner.register_message(DONE_MESSAGE, on_done)
    runner.register_message(LEDGER_MESSAGE, on_ledger)
