"""``provlab demo --keep-running`` stops cleanly on SIGTERM and Ctrl+C, in a real process.

A signal is only real in a real process, so these start ``python -m harness demo`` and
signal it, bounded in time: the process must exit 0 after a successful story, say it
stopped, and leave no temporary directory (certificate and key) behind."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

STARTUP_SECONDS = 60
STOP_SECONDS = 20
CERT_LINE = "Certificate file (trust this in clients): "


class RunningDemo:
    """The demo in a child process, its output read line by line in a thread so waits are bounded."""

    def __init__(self) -> None:
        env = {**os.environ, "PYTHONUNBUFFERED": "1", "COLUMNS": "200"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "harness", "demo", "--keep-running", "--users", "3"],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            text=True,
            env=env,
        )
        self.lines: list[str] = []
        self._queue: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self._queue.put(line.rstrip("\n"))
        self._queue.put(None)

    def wait_for(self, text: str, seconds: float) -> str:
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = self._queue.get(timeout=left)
            except queue.Empty:
                break
            if line is None:
                break
            self.lines.append(line)
            if text in line:
                return line
        raise AssertionError(f"no line with {text!r} within {seconds} s; output so far:\n" + self.output)

    def finish(self, seconds: float) -> int:
        try:
            code = self.process.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise AssertionError(f"still running {seconds} s after the signal:\n{self.output}") from None
        while (line := self._queue.get(timeout=5)) is not None:
            self.lines.append(line)
        return code

    @property
    def output(self) -> str:
        return "\n".join(self.lines)

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def running_demo():
    demo = RunningDemo()
    yield demo
    demo.kill()


@pytest.mark.sockets
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_keep_running_stops_cleanly_and_removes_its_certificate(running_demo, signum):
    cert_line = running_demo.wait_for(CERT_LINE, STARTUP_SECONDS)
    running_demo.wait_for("Press Ctrl+C to stop.", 5)
    temp_dir = Path(cert_line.split(CERT_LINE, 1)[1].strip()).parent
    assert temp_dir.name.startswith("provlab-lab-") and temp_dir.is_dir()

    running_demo.process.send_signal(signum)
    code = running_demo.finish(STOP_SECONDS)

    assert code == 0, running_demo.output
    assert not temp_dir.exists(), f"{temp_dir} was left behind"
    assert "Aborted" not in running_demo.output
    assert running_demo.lines[-1].startswith("stopped"), running_demo.output
