"""Child processes: servers that run until told to stop, and one-shot jobs, each reporting
its own peak RSS.

``spawn`` (not ``fork``) so each process starts clean: its peak RSS is its own, not pages
inherited from the benchmark driver. Results travel back over a pipe.
"""

from __future__ import annotations

import multiprocessing
import resource
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from provlab.tls import TLSFiles

_CONTEXT = multiprocessing.get_context("spawn")
START_TIMEOUT = 120.0
STOP = "stop"
CPU = "cpu"


class ChildError(RuntimeError):
    """A child process failed; the message carries its traceback."""


def peak_rss_mb() -> float:
    """This process's own peak resident set size in MiB.

    On Linux from ``VmHWM`` in ``/proc/self/status``, the high-water mark of this process's own
    memory: ``getrusage``'s ``ru_maxrss`` survives ``exec``, so a spawned child would report at least
    the RSS its parent had when it started it. Elsewhere ``ru_maxrss`` (macOS reports bytes)."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024  # kB
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def cpu_seconds() -> float:
    """CPU time (user + system) this process has used so far, all threads."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def current_rss_mb() -> float:
    """This process's resident set size right now, in MiB (``/proc/self/statm`` on Linux)."""
    try:
        with open("/proc/self/statm") as statm:
            pages = int(statm.read().split()[1])
    except OSError:  # not Linux: fall back to the peak, the closest figure available
        return peak_rss_mb()
    return pages * resource.getpagesize() / (1024 * 1024)


def _receive(conn: Any, timeout: float, what: str) -> Any:
    if not conn.poll(timeout):
        raise ChildError(f"{what}: no answer from the child process within {timeout:.0f} s")
    kind, payload = conn.recv()
    if kind == "error":
        raise ChildError(f"{what} failed in its child process:\n{payload}")
    return payload


# -- one-shot jobs --------------------------------------------------------------------------
def _job_main(conn: Any, function: Callable[..., Any], kwargs: dict[str, Any]) -> None:
    try:
        result = function(**kwargs)
        conn.send(("ok", (result, peak_rss_mb())))
    except BaseException:  # noqa: BLE001 - everything goes back to the parent as text
        conn.send(("error", traceback.format_exc()))
    finally:
        conn.close()


def run_job(function: Callable[..., Any], *, timeout: float = 3600.0, **kwargs: Any) -> tuple[Any, float]:
    """Run ``function(**kwargs)`` (a module-level function) in a fresh process.

    Returns its result and the process's peak RSS in MiB."""
    parent, child = _CONTEXT.Pipe()
    process = _CONTEXT.Process(target=_job_main, args=(child, function, kwargs), daemon=True)
    process.start()
    child.close()
    try:
        return _receive(parent, timeout, getattr(function, "__name__", "job"))
    finally:
        process.join(10)
        if process.is_alive():  # pragma: no cover - a stuck child
            process.kill()


# -- servers ----------------------------------------------------------------------------------
def _server_main(
    conn: Any, factory: Callable[..., Any], kwargs: dict[str, Any], tls: TLSFiles | None, threads: int
) -> None:
    from provlab.serving import serve_in_thread

    app = None
    try:
        app = factory(**kwargs)
        handle = serve_in_thread(app, tls=tls, threads=threads)
    except BaseException:  # noqa: BLE001 - reported to the parent
        conn.send(("error", traceback.format_exc()))
        conn.close()
        return
    try:
        conn.send(("ok", handle.url))
        while conn.recv() != STOP:  # CPU: how much CPU so far; STOP (or EOF: the parent died)
            conn.send(("ok", cpu_seconds()))
    except EOFError:
        pass
    finally:
        handle.stop()
        close = getattr(app, "close", None)
        if close is not None:
            close()
    conn.send(("ok", peak_rss_mb()))
    conn.close()


@dataclass
class ChildServer:
    """``factory(**kwargs)`` (a module-level function returning a WSGI app) served in its own
    process on an ephemeral loopback port, HTTPS when ``tls`` is given.

    Use as a context manager: ``url`` is set on entry; ``peak_rss_mb`` after exit."""

    factory: Callable[..., Any]
    kwargs: dict[str, Any]
    tls: TLSFiles | None = None
    threads: int = 8
    url: str = ""
    peak_rss_mb: float = 0.0

    def start(self) -> ChildServer:
        self._conn, child = _CONTEXT.Pipe()
        self._process = _CONTEXT.Process(
            target=_server_main,
            args=(child, self.factory, self.kwargs, self.tls, self.threads),
            daemon=True,
        )
        self._process.start()
        child.close()
        return self

    def wait_ready(self) -> ChildServer:
        try:
            self.url = _receive(self._conn, START_TIMEOUT, f"server {self.factory.__name__}")
        except BaseException:
            self._kill()
            raise
        return self

    def cpu_seconds(self) -> float:
        """CPU seconds the server process has used so far (take differences around a phase)."""
        self._conn.send(CPU)
        return _receive(self._conn, 30.0, f"CPU time of {self.factory.__name__}")

    def stop(self) -> None:
        if not self._process.is_alive():
            return
        if not self.url:  # never became ready: nothing to stop cleanly
            self._kill()
            return
        try:
            self._conn.send(STOP)
            self.peak_rss_mb = _receive(self._conn, 30.0, f"stopping {self.factory.__name__}")
        finally:
            self._process.join(10)
            self._kill()

    def _kill(self) -> None:
        if self._process.is_alive():  # pragma: no cover - a stuck child
            self._process.kill()
            self._process.join(5)

    def __enter__(self) -> ChildServer:
        return self.start().wait_ready()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()
