"""Serving WSGI apps: plain HTTP on waitress, TLS on cheroot (waitress has no TLS).

``serve_in_thread`` runs an app on an ephemeral loopback port for tests and the demo,
waits until ``GET /_health`` answers, and stops cleanly; ``serve_forever`` is what the
``serve`` commands call, ending cleanly on SIGTERM/SIGINT.
"""

from __future__ import annotations

import errno
import logging
import ssl
import threading
import time
from collections.abc import Callable
from types import TracebackType
from typing import Any

import requests

from provlab.signals import StopSignals
from provlab.tls import TLSFiles
from provlab.transport import DropConnection, WSGIApp

log = logging.getLogger("provlab.serving")

HEALTH_PATH = "/_health"


def with_health(app: WSGIApp) -> WSGIApp:
    """Answer ``GET /_health`` with 200 ``ok`` in front of ``app``."""

    def health_app(environ: dict, start_response: Callable[..., Any]):
        if environ.get("PATH_INFO") == HEALTH_PATH and environ.get("REQUEST_METHOD") in ("GET", "HEAD"):
            start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "2")])
            return [b"ok"]
        return app(environ, start_response)

    return health_app


def _dropping(app: WSGIApp) -> WSGIApp:
    """Turn ``DropConnection`` from the app into a broken connection.

    A WSGI app cannot reach its socket, but both servers close the connection when the
    body fails after the status line went out: we promise two bytes and send one, so
    the client sees the connection break before a complete response arrives. (waitress
    sends the status line only with the first non-empty chunk, hence one byte of two.)
    """

    def broken_body() -> Any:
        yield b"<"
        # A plain Exception here: the server must catch it and close the connection.
        raise ConnectionAbortedError("connection dropped on purpose (fault injection)")

    def wrapper(environ: dict, start_response: Callable[..., Any]):
        try:
            return app(environ, start_response)
        except DropConnection:
            start_response("200 OK", [("Content-Length", "2"), ("Content-Type", "text/plain")])
            return broken_body()

    return wrapper


class PortUnavailableError(OSError):
    """The server cannot listen where it was asked to; the message says what to do."""


def check_port_free(host: str, port: int) -> None:
    """Raise :class:`PortUnavailableError` when ``host:port`` cannot be listened on.

    Commands call it before slow start-up work (an initial import), so a taken port is
    reported at once; :func:`serve_in_thread` reports it too."""
    if port == 0:
        return
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise PortUnavailableError(f"cannot listen on {host}:{port}: unknown host ({exc.strerror})") from None
    family, _, _, _, address = infos[0]
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            raise _unavailable(host, port, exc) from None


def _unavailable(host: str, port: int, exc: OSError) -> PortUnavailableError:
    return PortUnavailableError(
        f"cannot listen on {host}:{port}: {exc.strerror or exc}; "
        "pick another --port (0 picks a free one) or stop what is using it"
    )


class ServerHandle:
    """A server running in a background thread. Use as a context manager."""

    def __init__(self, *, url: str, port: int, stop: Callable[[], None], thread: threading.Thread) -> None:
        self.url = url
        self.port = port
        self._stop = stop
        self._thread = thread
        self._stopped = False

    def stop(self, timeout: float = 10.0) -> None:
        if self._stopped:
            return
        self._stopped = True
        self._stop()
        self._thread.join(timeout)
        if self._thread.is_alive():  # pragma: no cover - a hung server is a bug worth hearing about
            log.warning("server thread for %s did not stop within %.0f s", self.url, timeout)

    def __enter__(self) -> ServerHandle:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


def _waitress_server(app: WSGIApp, host: str, port: int, threads: int):
    from waitress.server import create_server

    return create_server(
        app, host=host, port=port, threads=threads, ident="provlab", clear_untrusted_proxy_headers=True
    )


def _stop_waitress(server: Any) -> None:
    server.task_dispatcher.shutdown(cancel_pending=True, timeout=2)

    def close_everything() -> None:
        # Runs in the server's own loop thread: its loop ends once its socket map is empty.
        for channel in list(server._map.values()):
            try:
                channel.close()
            except OSError:  # pragma: no cover - already closed
                pass

    # Waking the loop through its trigger stops it at once, instead of after its
    # one-second select timeout.
    server.trigger.pull_trigger(close_everything)


def _cheroot_server(app: WSGIApp, host: str, port: int, threads: int, tls: TLSFiles):
    from cheroot import wsgi
    from cheroot.ssl.builtin import BuiltinSSLAdapter

    server = wsgi.Server((host, port), app, numthreads=threads, server_name="provlab", shutdown_timeout=2)
    adapter = BuiltinSSLAdapter(str(tls.cert_path), str(tls.key_path))
    adapter.context.minimum_version = ssl.TLSVersion.TLSv1_2
    server.ssl_adapter = adapter
    # cheroot notices stop() between two polls of this length (0.5 s by default).
    server.expiration_interval = 0.1
    return server


def _wait_healthy(url: str, tls: TLSFiles | None, deadline: float) -> None:
    verify: bool | str = str(tls.cert_path) if tls else True
    last_error: Exception | None = None
    with requests.Session() as session:
        session.trust_env = False
        while time.monotonic() < deadline:
            try:
                if session.get(url + HEALTH_PATH, timeout=2, verify=verify).status_code == 200:
                    return
            except requests.RequestException as exc:
                last_error = exc
            time.sleep(0.02)
    raise RuntimeError(f"server at {url} did not answer {HEALTH_PATH} in time: {last_error}")


def serve_in_thread(
    app: WSGIApp,
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    tls: TLSFiles | None = None,
    threads: int = 8,
    health: bool = True,
    wait: float = 15.0,
) -> ServerHandle:
    """Serve ``app`` in a daemon thread; return once it answers ``GET /_health``.

    ``port=0`` picks a free ephemeral port. With ``tls`` the server speaks HTTPS (cheroot).
    """
    wrapped = _dropping(with_health(app) if health else app)
    check_port_free(host, port)  # cheroot's own bind error carries no errno to tell why
    try:
        return _start(wrapped, host, port, tls, threads, health, wait)
    except PortUnavailableError:
        raise
    except OSError as exc:
        if exc.errno in (errno.EADDRINUSE, errno.EACCES, errno.EADDRNOTAVAIL):
            raise _unavailable(host, port, exc) from None
        raise


def _start(
    wrapped: WSGIApp, host: str, port: int, tls: TLSFiles | None, threads: int, health: bool, wait: float
) -> ServerHandle:
    if tls is None:
        server = _waitress_server(wrapped, host, port, threads)
        bound_port = int(server.effective_port)
        thread = threading.Thread(target=server.run, name=f"waitress:{bound_port}", daemon=True)

        def stop() -> None:
            _stop_waitress(server)

        scheme = "http"
    else:
        server = _cheroot_server(wrapped, host, port, threads, tls)
        server.prepare()
        bound_port = server.bind_addr[1]
        thread = threading.Thread(target=server.serve, name=f"cheroot:{bound_port}", daemon=True)
        stop = server.stop
        scheme = "https"
    thread.start()
    url_host = "localhost" if tls is not None and host in ("127.0.0.1", "localhost") else host
    handle = ServerHandle(
        url=f"{scheme}://{url_host}:{bound_port}", port=bound_port, stop=stop, thread=thread
    )
    try:
        if health:
            _wait_healthy(handle.url, tls, time.monotonic() + wait)
    except Exception:
        handle.stop()
        raise
    return handle


def serve_forever(
    app: WSGIApp,
    *,
    host: str = "127.0.0.1",
    port: int,
    tls: TLSFiles | None = None,
    threads: int = 8,
    on_ready: Callable[[ServerHandle], None] | None = None,
) -> None:
    """Serve until SIGTERM or SIGINT, then stop cleanly. ``on_ready`` prints the banner."""
    handle = serve_in_thread(app, host=host, port=port, tls=tls, threads=threads)
    with StopSignals() as stop:
        try:
            if on_ready is not None:
                on_ready(handle)
            log.info("received %s, shutting down", stop.wait().name)
        finally:
            handle.stop()
