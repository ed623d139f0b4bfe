"""One WSGI app for the whole simulator: the SAP SOAP service, the REST user service and
the admin API over one user store, plus ``GET /_health``.

``create_app`` is the public factory: tests call it in-process (``provlab.transport``),
``provlab simulator serve`` serves it with waitress. Each service sits behind the call
journal and the fault injector (:mod:`simulator.observe`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask
from werkzeug.middleware.dispatcher import DispatcherMiddleware

from provlab.clock import SYSTEM_CLOCK, Clock
from provlab.serving import with_health
from provlab.transport import WSGIApp
from simulator.admin import ADMIN_PREFIX, create_admin_app
from simulator.auth import require_basic_auth
from simulator.faults import FaultInjector
from simulator.journal import Journal
from simulator.observe import ObservedService
from simulator.rest.service import API_PREFIX, create_rest_app
from simulator.rest.wire import RestWire
from simulator.sap.bapi import SuUserBapis
from simulator.sap.service import SAP_PATH, build_sap_wsgi_app
from simulator.sap.wire import SapWire
from simulator.store import UserStore

DEFAULT_SAP_USER = "PROVLAB"
DEFAULT_SAP_PASSWORD = "Provlab-Sim-2026"  # noqa: S105 - documented lab default, --password overrides
DEFAULT_CREDENTIALS = (DEFAULT_SAP_USER, DEFAULT_SAP_PASSWORD)
DEFAULT_REST_TOKEN = "provlab-rest-token"  # noqa: S105 - documented lab default, --rest-token overrides
DEFAULT_ADMIN_TOKEN = "provlab-admin-token"  # noqa: S105 - documented lab default, --admin-token overrides
WSDL_QUERY = "?wsdl"

__all__ = [
    "ADMIN_PREFIX",
    "API_PREFIX",
    "DEFAULT_ADMIN_TOKEN",
    "DEFAULT_CREDENTIALS",
    "DEFAULT_REST_TOKEN",
    "DEFAULT_SAP_PASSWORD",
    "DEFAULT_SAP_USER",
    "SAP_PATH",
    "SimulatorApp",
    "create_app",
    "export_wsdl",
    "rest_url",
    "wsdl_url",
]


def wsdl_url(base_url: str) -> str:
    """The WSDL address under a server's base URL, e.g. ``http://127.0.0.1:8090``."""
    return base_url.rstrip("/") + SAP_PATH + WSDL_QUERY


def export_wsdl(base_url: str = "http://127.0.0.1:8090") -> bytes:
    """The SAP service's WSDL as served under ``base_url``, without a server (e.g. for a
    connector template's ``wsdl/`` copy)."""
    from werkzeug.test import Client

    app = create_app(rest=False)
    response = Client(app).get(SAP_PATH + WSDL_QUERY, base_url=base_url, auth=DEFAULT_CREDENTIALS)
    if response.status_code != 200:  # pragma: no cover - would be a bug in the service
        raise RuntimeError(f"the SAP service answered {response.status} for its WSDL")
    return response.get_data()


def rest_url(base_url: str) -> str:
    """The REST service's base address under a server's base URL."""
    return base_url.rstrip("/") + API_PREFIX


def _not_found(environ: dict, start_response: Callable[..., Any]):
    body = f"Not found: {environ.get('PATH_INFO', '/')}. SAP: {SAP_PATH}, REST: {API_PREFIX}/users".encode()
    start_response(
        "404 Not Found", [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(body)))]
    )
    return [body]


class SimulatorApp:
    """The combined WSGI app; its parts are exposed for tests and the CLI.

    ``store`` the users, ``sap`` the SU_USER BAPIs (None when SAP is off), ``journal`` every
    call, ``faults`` the fault injector (``app.faults.add("sap:BAPI_USER_CREATE1:drop")``),
    ``rest_flask`` the REST service's Flask app (None when REST is off).
    """

    def __init__(
        self,
        *,
        store: UserStore,
        sap_bapis: SuUserBapis | None,
        journal: Journal,
        faults: FaultInjector,
        wsgi: WSGIApp,
        rest_flask: Flask | None = None,
    ) -> None:
        self.store = store
        self.sap = sap_bapis
        self.journal = journal
        self.faults = faults
        self.rest_flask = rest_flask
        self._wsgi = wsgi

    def __call__(self, environ: dict, start_response: Callable[..., Any]):
        return self._wsgi(environ, start_response)


def create_app(
    *,
    store: UserStore | None = None,
    clock: Clock | None = None,
    sap: bool = True,
    rest: bool = True,
    credentials: tuple[str, str] = DEFAULT_CREDENTIALS,
    rest_token: str = DEFAULT_REST_TOKEN,
    admin_token: str = DEFAULT_ADMIN_TOKEN,
    journal: Journal | None = None,
    faults: FaultInjector | None = None,
    fault_seed: int = 0,
) -> SimulatorApp:
    """Build the simulator.

    Without ``store`` a fresh in-memory store on ``clock`` (default: the system clock) is
    used. ``credentials`` are the HTTP basic user and password of SAP (and of REST, which
    also takes ``Bearer <rest_token>``); the admin API takes ``Bearer <admin_token>``.
    Random fault firing draws from a generator seeded with ``fault_seed``.
    """
    if store is None:
        store = UserStore(clock=clock or SYSTEM_CLOCK)
    journal = journal if journal is not None else Journal(clock=store.clock)
    faults = faults if faults is not None else FaultInjector(seed=fault_seed)
    mounts: dict[str, WSGIApp] = {ADMIN_PREFIX: create_admin_app(store, journal, faults, token=admin_token)}
    bapis = rest_app = None
    if sap:
        bapis = SuUserBapis(store)
        sap_app = require_basic_auth(build_sap_wsgi_app(bapis), credentials)
        mounts[SAP_PATH] = ObservedService(sap_app, SapWire(), journal=journal, faults=faults)
    if rest:
        rest_app = create_rest_app(store, credentials=credentials, token=rest_token)
        mounts[API_PREFIX] = ObservedService(rest_app, RestWire(rest_app), journal=journal, faults=faults)
    wsgi = with_health(DispatcherMiddleware(_not_found, mounts))
    return SimulatorApp(
        store=store, sap_bapis=bapis, journal=journal, faults=faults, wsgi=wsgi, rest_flask=rest_app
    )
