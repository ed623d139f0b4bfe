"""One WSGI app for the whole simulator: the registered targets' services (SAP SOAP, REST, any
installed vendor's) and the admin API over one user store, plus ``GET /_health``.

``create_app`` is the public factory: tests call it in-process (``provlab.transport``),
``provlab simulator serve`` serves it with waitress. Which targets it serves comes from the
registry (:mod:`simulator.registry`): those served by default, switched with ``sap=False`` or
``hello=True``, or exactly ``targets=[…]``. Each service sits behind the call journal and the
fault injector (:mod:`simulator.observe`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from werkzeug.middleware.dispatcher import DispatcherMiddleware

from provlab.clock import SYSTEM_CLOCK, Clock
from provlab.serving import with_health
from provlab.transport import WSGIApp
from simulator.admin import ADMIN_PREFIX, create_admin_app
from simulator.faults import FaultInjector
from simulator.journal import Journal
from simulator.observe import ObservedService
from simulator.registry import Registry, TargetRegistryError, registry
from simulator.rest.target import DEFAULT_REST_TOKEN, rest_url
from simulator.sap.target import WSDL_QUERY, wsdl_url
from simulator.store import UserStore
from simulator.target import BuildContext, Mount, Target

DEFAULT_SAP_USER = "PROVLAB"  # the simulator's HTTP basic user (SAP's, and REST's alternative to its token)
DEFAULT_SAP_PASSWORD = "Provlab-Sim-2026"  # noqa: S105 - documented lab default, --password overrides
DEFAULT_CREDENTIALS = (DEFAULT_SAP_USER, DEFAULT_SAP_PASSWORD)
DEFAULT_ADMIN_TOKEN = "provlab-admin-token"  # noqa: S105 - documented lab default, --admin-token overrides
RESERVED_PATHS = (ADMIN_PREFIX, "/_health")

__all__ = [
    "ADMIN_PREFIX",
    "DEFAULT_ADMIN_TOKEN",
    "DEFAULT_CREDENTIALS",
    "DEFAULT_REST_TOKEN",
    "DEFAULT_SAP_PASSWORD",
    "DEFAULT_SAP_USER",
    "SimulatorApp",
    "create_app",
    "export_wsdl",
    "rest_url",
    "wsdl_url",
]


def __getattr__(name: str) -> Any:
    """``SAP_PATH`` and ``API_PREFIX``, importable from here as they always were, without loading
    Spyne or Flask for every importer of this module."""
    if name == "SAP_PATH":
        from simulator.sap.service import SAP_PATH

        return SAP_PATH
    if name == "API_PREFIX":
        from simulator.rest.service import API_PREFIX

        return API_PREFIX
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def export_wsdl(base_url: str = "http://127.0.0.1:8090") -> bytes:
    """The SAP service's WSDL as served under ``base_url``, without a server (e.g. for a
    connector template's ``wsdl/`` copy)."""
    from werkzeug.test import Client

    from simulator.sap.service import SAP_PATH

    app = create_app(targets=["sap"])
    response = Client(app).get(SAP_PATH + WSDL_QUERY, base_url=base_url, auth=DEFAULT_CREDENTIALS)
    if response.status_code != 200:  # pragma: no cover - would be a bug in the service
        raise RuntimeError(f"the SAP service answered {response.status} for its WSDL")
    return response.get_data()


class SimulatorApp:
    """The combined WSGI app; its parts are exposed for tests and the CLI.

    ``store`` the users, ``journal`` every call, ``faults`` the fault injector
    (``app.faults.add("sap:BAPI_USER_CREATE1:drop")``), ``targets`` the served vendors by name.
    Each registered vendor's handle is an attribute named by its ``handle_attribute`` — ``app.sap``
    the SU_USER BAPIs, ``app.rest_flask`` the REST service's Flask app — None when not served.
    """

    def __init__(
        self,
        *,
        store: UserStore,
        journal: Journal,
        faults: FaultInjector,
        wsgi: WSGIApp,
        targets: Mapping[str, Target],
        contexts: Mapping[str, BuildContext],
        handles: Mapping[str, Any],
        attributes: Mapping[str, str],
        admin_token: str,
    ) -> None:
        self.store = store
        self.journal = journal
        self.faults = faults
        self.targets = dict(targets)
        self._contexts = dict(contexts)
        self._handles = dict(handles)
        self._attributes = dict(attributes)
        self._admin_token = admin_token
        self._wsgi = wsgi

    def __getattr__(self, name: str) -> Any:
        attributes = self.__dict__.get("_attributes", {})
        if name in attributes:
            return self._handles.get(attributes[name])
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def handle(self, target: str) -> Any:
        """A served vendor's handle (what its ``build`` returned), None when it is not served."""
        return self._handles.get(target)

    def banner(self, base_url: str) -> list[str]:
        """What a client needs, one line each: every served vendor's URLs and credentials, then the
        admin API's (``simulator serve`` and ``provlab demo --keep-running`` print these)."""
        lines = [
            line for name, t in self.targets.items() for line in t.banner(base_url, self._contexts[name])
        ]
        return [*lines, f"Admin: {base_url.rstrip('/')}{ADMIN_PREFIX}  token: {self._admin_token}"]

    def __call__(self, environ: dict, start_response: Callable[..., Any]):
        return self._wsgi(environ, start_response)


def _served(registry_: Registry, targets: Iterable[str] | None, switches: Mapping[str, bool]) -> list[Target]:
    """The vendors to serve, in registry order: ``targets`` exactly, else the defaults, switched."""
    for name, value in switches.items():
        if not isinstance(value, bool):
            raise TypeError(f"create_app(): the switch {name}= takes True or False, not {value!r}")
    if targets is not None:
        wanted = {registry_.get(name).name for name in targets}
    else:
        wanted = set(registry_.default_names())
    wanted |= {name for name, on in switches.items() if on}
    wanted -= {name for name, on in switches.items() if not on}
    return [registry_.get(name) for name in registry_.names() if name in wanted]


def _split_options(registry_: Registry, options: Mapping[str, Any]) -> tuple[dict[str, bool], dict[str, Any]]:
    """``create_app``'s extra keywords: target switches (``sap=False``) and target settings."""
    names = set(registry_.names())
    setting_names = {s.name for t in registry_.targets() for s in t.settings}
    unknown = sorted(set(options) - names - setting_names)
    if unknown:
        raise TypeError(
            f"create_app() got unexpected keyword(s) {', '.join(unknown)}: not a registered target "
            f"({', '.join(sorted(names))}) nor a target's setting "
            f"({', '.join(sorted(setting_names)) or 'none'})"
        )
    switches = {k: v for k, v in options.items() if k in names}
    return switches, {k: v for k, v in options.items() if k in setting_names}


def _check_mounts(mounts: list[tuple[Target, Mount]]) -> None:
    taken: dict[str, str] = {path: "the simulator" for path in RESERVED_PATHS}
    for target, mount in mounts:
        if mount.wire.service != target.name:
            raise TargetRegistryError(
                f"target {target.name}: the wire adapter of {mount.path} reports service "
                f"{mount.wire.service!r}; it must report {target.name!r} (journal and fault rules use it)"
            )
        path = mount.path.rstrip("/")
        for other, owner in taken.items():
            if path == other or path.startswith(other + "/") or other.startswith(path + "/"):
                raise TargetRegistryError(
                    f"target {target.name} mounts {mount.path}, which overlaps {other} of {owner}; "
                    "give each target a path of its own"
                )
        taken[path] = f"target {target.name}"


def _not_found(hints: list[str]) -> WSGIApp:
    def answer(environ: dict, start_response: Callable[..., Any]):
        where = f". {', '.join(hints)}" if hints else ""
        body = f"Not found: {environ.get('PATH_INFO', '/')}{where}".encode()
        start_response(
            "404 Not Found",
            [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(body)))],
        )
        return [body]

    return answer


def create_app(
    *,
    store: UserStore | None = None,
    clock: Clock | None = None,
    credentials: tuple[str, str] = DEFAULT_CREDENTIALS,
    admin_token: str = DEFAULT_ADMIN_TOKEN,
    journal: Journal | None = None,
    faults: FaultInjector | None = None,
    fault_seed: int = 0,
    targets: Iterable[str] | None = None,
    **options: Any,
) -> SimulatorApp:
    """Build the simulator.

    Without ``store`` a fresh in-memory store on ``clock`` (default: the system clock) is
    used. ``credentials`` are the simulator's HTTP basic user and password (SAP's; REST also
    takes ``Bearer <rest_token>``); the admin API takes ``Bearer <admin_token>``. Random fault
    firing draws from a generator seeded with ``fault_seed``.

    ``options`` are target switches (``sap=False``, ``hello=True``) and target settings
    (``rest_token="…"``); ``targets`` names exactly the vendors to serve instead of the defaults.
    """
    registry_ = registry()
    switches, settings = _split_options(registry_, options)
    served = _served(registry_, targets, switches)
    if store is None:
        store = UserStore(clock=clock or SYSTEM_CLOCK)
    journal = journal if journal is not None else Journal(clock=store.clock)
    faults = faults if faults is not None else FaultInjector(seed=fault_seed)
    contexts: dict[str, BuildContext] = {}
    handles: dict[str, Any] = {}
    mounts: list[tuple[Target, Mount]] = []
    for target in served:
        own = {s.name: str(settings.get(s.name, s.default)) for s in target.settings}
        contexts[target.name] = context = BuildContext(store=store, credentials=credentials, settings=own)
        built = target.build(context)
        handles[target.name] = built.handle
        mounts += [(target, mount) for mount in built.mounts]
    _check_mounts(mounts)
    admin = create_admin_app(store, journal, faults, token=admin_token, targets=served)
    apps: dict[str, WSGIApp] = {ADMIN_PREFIX: admin}
    for _target, mount in mounts:
        apps[mount.path.rstrip("/")] = ObservedService(mount.app, mount.wire, journal=journal, faults=faults)
    hints = [f"{target.label or target.name}: {mount.hint or mount.path}" for target, mount in mounts]
    wsgi = with_health(DispatcherMiddleware(_not_found(hints), apps))
    return SimulatorApp(
        store=store,
        journal=journal,
        faults=faults,
        wsgi=wsgi,
        targets={t.name: t for t in served},
        contexts=contexts,
        handles=handles,
        attributes={t.attribute: t.name for t in registry_.targets()},
        admin_token=admin_token,
    )
