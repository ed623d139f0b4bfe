"""An in-process transport: a requests adapter that hands a request to a WSGI app.

With it, requests sessions, zeep clients (which take a requests session) and the SCIM
client reach the simulator and the connector host with no socket at all, the way httpx's
``WSGITransport`` does. The WSGI environ is built and the app run by Werkzeug's test
utilities (Flask's own dependency) rather than by hand.
"""

from __future__ import annotations

import io
import logging
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any
from urllib.parse import urlsplit

import requests
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict
from requests.utils import get_encoding_from_headers
from werkzeug.test import EnvironBuilder, run_wsgi_app

WSGIApp = Callable[[dict, Callable[..., Any]], Iterable[bytes]]

log = logging.getLogger("provlab.transport")


class DropConnection(BaseException):  # noqa: N818 - it names what the app asks for, not an error
    """Raised by an app (fault injection) to end the exchange without a complete response.

    A ``BaseException`` so that frameworks' catch-all handlers (Flask turns every
    ``Exception`` into a 500) let it through. In process it becomes
    ``requests.ConnectionError``; behind :mod:`provlab.serving` the connection breaks."""


class WSGITransport(BaseAdapter):
    """Route requests to ``app`` in this process.

    An exception raised by the app becomes a ``500 Internal Server Error`` response, as a
    real server would answer, unless ``raise_app_exceptions`` is set. A request ``timeout``
    is honoured: the app runs in a worker thread and ``requests.ReadTimeout`` is raised when
    it takes longer (the worker finishes in the background).
    """

    def __init__(self, app: WSGIApp, *, raise_app_exceptions: bool = False, max_workers: int = 8) -> None:
        super().__init__()
        self.app = app
        self.raise_app_exceptions = raise_app_exceptions
        self._max_workers = max_workers
        self._pool: ThreadPoolExecutor | None = None
        self._pool_lock = threading.Lock()

    # requests' adapter interface -------------------------------------------------------
    def send(  # noqa: PLR0913 - the signature is requests'
        self,
        request: requests.PreparedRequest,
        stream: bool = False,
        timeout: float | tuple[float | None, float | None] | None = None,
        verify: bool | str = True,
        cert: Any = None,
        proxies: Any = None,
    ) -> requests.Response:
        read_timeout = timeout[1] if isinstance(timeout, tuple) else timeout
        if read_timeout is None:
            status, headers, body = self._call_app(request)
        else:
            future = self._executor().submit(self._call_app, request)
            try:
                status, headers, body = future.result(timeout=read_timeout)
            except FutureTimeout:
                raise requests.ReadTimeout(
                    f"in-process app did not answer {request.method} {request.url} within {read_timeout} s",
                    request=request,
                ) from None
        return self._build_response(request, status, headers, body)

    def close(self) -> None:
        with self._pool_lock:
            if self._pool is not None:
                self._pool.shutdown(wait=False, cancel_futures=True)
                self._pool = None

    # internals ----------------------------------------------------------------------------
    def _executor(self) -> ThreadPoolExecutor:
        with self._pool_lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(self._max_workers, thread_name_prefix="wsgi-transport")
            return self._pool

    def _call_app(self, request: requests.PreparedRequest) -> tuple[str, list[tuple[str, str]], bytes]:
        url = urlsplit(request.url or "")
        body = request.body or b""
        if isinstance(body, str):
            body = body.encode("utf-8")
        elif not isinstance(body, bytes):  # a file-like or generator body
            body = b"".join(body) if not hasattr(body, "read") else body.read()
        headers = {k: v for k, v in request.headers.items() if k.lower() != "content-length"}
        builder = EnvironBuilder(
            path=url.path or "/",
            query_string=url.query,
            method=request.method,
            headers=headers,
            data=body,
            base_url=f"{url.scheme}://{url.netloc}",
        )
        try:
            environ = builder.get_environ()
        finally:
            builder.close()
        environ["REMOTE_ADDR"] = "127.0.0.1"
        try:
            app_iter, status, response_headers = run_wsgi_app(self.app, environ, buffered=True)
            payload = b"".join(app_iter)
            close = getattr(app_iter, "close", None)
            if close is not None:
                close()
        except DropConnection:
            raise requests.ConnectionError(
                f"connection to {url.netloc} was closed without a response", request=request
            ) from None
        except Exception:
            if self.raise_app_exceptions:
                raise
            log.exception("in-process app raised while serving %s %s", request.method, url.path)
            return "500 Internal Server Error", [("Content-Type", "text/plain")], b"Internal Server Error"
        return status, list(response_headers.items()), payload

    def _build_response(
        self, request: requests.PreparedRequest, status: str, headers: list[tuple[str, str]], body: bytes
    ) -> requests.Response:
        response = requests.Response()
        code, _, reason = status.partition(" ")
        response.status_code = int(code)
        response.reason = reason
        response.headers = CaseInsensitiveDict(headers)
        response.encoding = get_encoding_from_headers(response.headers)
        response.raw = io.BytesIO(body)
        response._content = body  # already read: .content, .text and .json() work at once
        response.url = request.url or ""
        response.request = request
        response.connection = self
        return response


def mount_wsgi(session: requests.Session, base_url: str, app: WSGIApp, **kwargs: Any) -> requests.Session:
    """Mount ``app`` on ``session`` for every URL that starts with ``base_url``."""
    session.mount(base_url.rstrip("/") + "/", WSGITransport(app, **kwargs))
    return session


def wsgi_session(base_url: str, app: WSGIApp, **kwargs: Any) -> requests.Session:
    """A new requests session whose requests under ``base_url`` go to ``app`` in-process."""
    session = requests.Session()
    session.trust_env = False  # no proxies or REQUESTS_CA_BUNDLE from the environment
    return mount_wsgi(session, base_url, app, **kwargs)
