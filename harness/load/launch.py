"""Start the run's Locust processes and wait for them: one local process, a master with local
workers, or this machine's part of a distributed run. Every Locust process is a child
(``python -m harness.load.runner``), so gevent never patches the command's own interpreter."""

from __future__ import annotations

import dataclasses
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

from .spec import SECRET_ENV, LoadSpec

EXTRA_WAIT = 60.0  # seconds beyond the run's own bounds before a child is stopped by force


class LaunchError(RuntimeError):
    """A child process failed or overran its bounds; the message says which and what to do."""


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


def deadline_for(spec: LoadSpec) -> float:
    """The longest a run may take: waiting for workers, the run, stopping, then the ledger."""
    waiting = spec.worker_wait if spec.role in ("master", "worker") else 0.0
    return waiting + spec.run_time + spec.stop_timeout + EXTRA_WAIT


def start(spec: LoadSpec, secret: str | None, work_dir: Path, name: str) -> subprocess.Popen[bytes]:
    path = work_dir / f"{name}.json"
    spec.write(path)
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    if secret is not None:
        env[SECRET_ENV] = secret
    return subprocess.Popen([sys.executable, "-m", "harness.load.runner", str(path)], env=env)


def wait_all(children: dict[str, subprocess.Popen[bytes]], timeout: float) -> dict[str, int]:
    """Wait for every child; past ``timeout`` each is terminated and the run reported as overrun."""
    deadline = time.monotonic() + timeout
    codes: dict[str, int] = {}
    try:
        for name, child in children.items():
            try:
                codes[name] = child.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                stop_all(children)
                raise LaunchError(
                    f"the load's {name} process ran past {timeout:.0f} s and was stopped; "
                    "lower --run-time or --stop-timeout, or check that the tenant answers"
                ) from None
    except KeyboardInterrupt:
        stop_all(children)
        raise
    return codes


def stop_all(children: dict[str, subprocess.Popen[bytes]]) -> None:
    for child in children.values():
        if child.poll() is None:
            child.terminate()
    for child in children.values():
        try:
            child.wait(timeout=10)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def run_local(spec: LoadSpec, secret: str, work_dir: Path) -> None:
    children = {"local": start(spec, secret, work_dir, "local")}
    _check(wait_all(children, deadline_for(spec)))


def run_local_workers(spec: LoadSpec, secret: str, work_dir: Path, workers: int) -> None:
    """One master and ``workers`` worker processes on this machine, over loopback."""
    port = free_port()
    master = dataclasses.replace(
        spec, role="master", master_bind_host="127.0.0.1", master_port=port, expect_workers=workers
    )
    children = {"master": start(master, None, work_dir, "master")}
    try:
        for number in range(1, workers + 1):
            worker = dataclasses.replace(spec, role="worker", master_host="127.0.0.1", master_port=port)
            children[f"worker {number}"] = start(worker, secret, work_dir, f"worker-{number}")
    except OSError:
        stop_all(children)
        raise
    _check(wait_all(children, deadline_for(master)))


def run_role(spec: LoadSpec, secret: str | None, work_dir: Path) -> None:
    """This machine's part of a distributed run: the master alone, or one worker."""
    children = {spec.role: start(spec, secret if spec.role == "worker" else None, work_dir, spec.role)}
    _check(wait_all(children, deadline_for(spec)))


def _check(codes: dict[str, int]) -> None:
    failed = {name: code for name, code in codes.items() if code != 0}
    if failed:
        which = ", ".join(f"{name} (exit {code})" for name, code in failed.items())
        raise LaunchError(f"the load's {which} failed; its error is printed above")
