"""The child process of ``provlab load``: runs Locust (local, master or worker) for one spec.

``python -m harness.load.runner SPEC.json`` — started by :mod:`.launch`, never imported by the
command itself: importing Locust applies gevent's monkey-patching to this whole interpreter.
Writes ``summary.json`` and ``ledger.json`` into the spec's ``out_dir`` (local and master) and
Locust's own CSV and HTML reports where the spec says.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Any

import gevent
import locust.runners  # Locust's import monkey-patches this interpreter (before ssl loads)
from locust import stats as locust_stats
from locust.argument_parser import get_empty_argument_parser, setup_parser_arguments
from locust.env import Environment
from locust.html import get_html_report

from .ledger import Ledger
from .locustfile import (
    STOP_MESSAGE,
    Connection,
    EntraProvisioningWorker,
    attach,
    attach_master,
    attach_worker,
)
from .spec import SECRET_ENV, LoadSpec
from .summary import summarize

LEDGER_WAIT = 15.0  # seconds a master waits for its workers' ledgers after they stopped
REPORT_INTERVAL = 1.0  # seconds between a worker's statistics reports (Locust's default is 3)


class RunError(RuntimeError):
    """The run could not happen (workers missing, master unreachable); printed as one line."""


def parsed_options(spec: LoadSpec) -> Any:
    """Locust's options, with the run's shape as custom keys: a master sends every key Locust
    does not know to its workers at spawn time, so workers run the master's mix and budget."""
    parser = get_empty_argument_parser(add_help=False, default_config_files=[])
    setup_parser_arguments(parser)
    options = parser.parse_args(args=["--headless"])
    options.expect_workers = spec.expect_workers
    options.provlab_mix = spec.mix
    options.provlab_seed = spec.seed
    options.provlab_run_tag = spec.run_tag
    options.provlab_max_requests = spec.max_requests
    options.provlab_mappings = spec.mapping_document
    options.provlab_recorded_users = spec.recorded_users
    return options


def run(spec: LoadSpec, secret: str | None) -> int:
    environment = Environment(
        user_classes=[EntraProvisioningWorker],
        host=spec.tenant_url,
        stop_timeout=spec.stop_timeout,
        parsed_options=parsed_options(spec),
    )
    connection = None
    if spec.role != "master":
        connection = Connection(spec.tenant_url, secret or "", spec.ca_cert, spec.timeout)
    attach(environment, connection)
    if spec.role == "worker":
        return _work(environment, spec)
    if spec.role == "master":
        runner = environment.create_master_runner(spec.master_bind_host, spec.master_port)
        attach_master(runner)
        _await_workers(runner, spec)
    else:
        runner = environment.create_local_runner()
    csv_writer = _csv_writer(environment, spec)
    gevent.spawn(locust_stats.stats_history, runner)
    started = time.monotonic()
    runner.start(spec.users, spawn_rate=spec.spawn_rate)
    environment.provlab_done.wait(timeout=spec.run_time)
    stopped_by = "budget or source" if environment.provlab_done.is_set() else "run time"
    if spec.role == "master":
        runner.send_message(STOP_MESSAGE, {"timeout": spec.stop_timeout})
        ledger, sent = _collect(environment, spec)
    else:
        context = getattr(environment, "provlab", None)
        if context is not None:
            context.drain(spec.stop_timeout)
        ledger = context.ledger if context is not None else Ledger()
        sent = context.requests if context is not None else 0
    duration = time.monotonic() - started
    runner.quit()
    if csv_writer is not None:
        gevent.sleep(locust_stats.CSV_STATS_INTERVAL_SEC + 0.2)  # one more pass with the final numbers
        csv_writer.close_files()
    if spec.html_file:
        Path(spec.html_file).write_text(
            get_html_report(environment, show_download_link=False), encoding="utf-8"
        )
    summary = summarize(
        environment.stats,
        duration,
        exceptions=sum(row["count"] for row in runner.exceptions.values()),
        workers=spec.expect_workers if spec.role == "master" else 1,
    )
    summary["budget"] = spec.max_requests
    summary["stopped_by"] = stopped_by
    summary["sent"] = sent  # what the load processes counted themselves; the table is Locust's count
    spec.summary_path.write_text(json.dumps(summary, indent=1), encoding="utf-8")
    spec.ledger_path.write_text(json.dumps(ledger.to_json()), encoding="utf-8")
    return 0


def _work(environment: Environment, spec: LoadSpec) -> int:
    # Reports every second: the master's figures follow the run closely, and the last report
    # after the drain arrives a second after the ledger instead of three.
    locust.runners.WORKER_REPORT_INTERVAL = REPORT_INTERVAL
    # Locust tries every CONNECT_TIMEOUT seconds and gives up after CONNECT_RETRY_COUNT + 1 tries.
    locust.runners.CONNECT_RETRY_COUNT = max(0, round(spec.worker_wait / locust.runners.CONNECT_TIMEOUT) - 1)
    try:
        runner = environment.create_worker_runner(spec.master_host, spec.master_port)
        attach_worker(runner)
    except ConnectionError:
        raise RunError(
            f"no Locust master answered on {spec.master_host}:{spec.master_port} within "
            f"{spec.worker_wait:.0f} s; start `provlab load --master` there first, "
            "or fix --master-host/--master-port"
        ) from None
    runner.greenlet.join()
    return 0


def _await_workers(runner: Any, spec: LoadSpec) -> None:
    deadline = time.monotonic() + spec.worker_wait
    while len(runner.clients.ready) < spec.expect_workers:
        if time.monotonic() > deadline:
            runner.quit()
            raise RunError(
                f"{len(runner.clients.ready)} of {spec.expect_workers} workers connected to "
                f"{spec.master_bind_host}:{spec.master_port} within {spec.worker_wait:.0f} s; "
                "start each with "
                f"`provlab load --worker --master-host <this host> --master-port {spec.master_port} "
                "--tenant-url … --secret …`"
            )
        gevent.sleep(0.05)


def _csv_writer(environment: Environment, spec: LoadSpec) -> Any:
    if not spec.csv_prefix:
        return None
    writer = locust_stats.StatsCSVFileWriter(
        environment, locust_stats.PERCENTILES_TO_REPORT, spec.csv_prefix, full_history=False
    )
    gevent.spawn(writer.stats_writer)
    return writer


def _collect(environment: Environment, spec: LoadSpec) -> tuple[Ledger, int]:
    """The workers' ledgers, once each has drained; then wait until the master's statistics
    count every request the workers say they sent (their reports come every few seconds)."""
    deadline = time.monotonic() + spec.stop_timeout + LEDGER_WAIT
    while len(environment.provlab_ledgers) < spec.expect_workers and time.monotonic() < deadline:
        gevent.sleep(0.05)
    parts = environment.provlab_ledgers.values()
    sent = sum(int(part["requests"]) for part in parts)
    deadline = time.monotonic() + locust.runners.WORKER_REPORT_INTERVAL * 2
    while environment.stats.total.num_requests < sent and time.monotonic() < deadline:
        gevent.sleep(0.05)
    ledger = Ledger()
    for part in parts:
        ledger.add_json(part["rows"])
    missing = spec.expect_workers - len(environment.provlab_ledgers)
    if missing:
        print(f"warning: {missing} worker(s) sent no ledger; their users are not checked", file=sys.stderr)
    if environment.stats.total.num_requests < sent:
        print(
            f"warning: the workers sent {sent} requests, their reports reached the master for "
            f"{environment.stats.total.num_requests}",
            file=sys.stderr,
        )
    return ledger, sent


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    spec = LoadSpec.read(Path(args[0]))
    try:
        return run(spec, os.environ.get(SECRET_ENV))
    except RunError as error:
        print(f"Error: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
