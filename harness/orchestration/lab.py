"""Start the whole chain — simulator, connector host, simulated Entra — and stop it again.

The one lab of provlab: the demo, the pytest plugin, the scenario runner, ``provlab validate``
and the benchmarks all start their chain here. Three ways to run it:

- in-process (the default): every hop is a WSGI transport, nothing listens on a port;
- ``sockets=True``: the simulator on an ephemeral loopback port, the host over HTTPS with a
  freshly generated self-signed certificate, both in threads, exactly as a user runs them;
- ``processes=True``: the same over loopback, each server in a child process of its own
  (the benchmarks measure each process's CPU and memory).

``target`` names the simulated vendor (a registered target: ``sap``, ``rest`` or one an
installed package adds): the simulator serves it, its admin view and seeding apply, and its
shipped host configuration is the default. With ``target_url`` no simulator starts: the host
works against that target (a customer's own). The harness builds the parts through the public
faces of ``simulator`` and ``connector`` (:mod:`.parts`) and talks to them only over their
protocols afterwards.
"""

from __future__ import annotations

import shutil
import tempfile
import threading
from collections.abc import Mapping, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

import connector
import simulator
from harness.directory import Directory, SourceUser
from harness.provisioning import EngineSettings, LogStore, ProvisioningEngine, rules_from_mapping_set
from harness.scim_client import Exchange, ScimClient, decoded_body
from provlab.clock import SYSTEM_CLOCK, Clock
from provlab.logsetup import redact_mapping
from provlab.transport import wsgi_session

from . import parts
from .processes import ChildServer
from .target import TargetView

IN_PROCESS_TARGET = "http://simulator.test"
IN_PROCESS_HOST = "https://ecma2host.test"
FLAG_DIALECT = "aadOptscim062020"


@dataclass(frozen=True)
class LabOptions:
    """What to start. ``target`` is the simulated vendor; ``host_config`` None means its shipped
    host configuration. ``target_users`` are admin-view dicts of that target (``userName``,
    ``lastName``, …) created in it before the host's first Full Import; ``target_seed`` adds
    that many seeded users. ``mapping_set`` is a :class:`harness.mappings.MappingSet` (None: the
    SAP ECC mappings of Microsoft's page). ``template`` replaces the host configuration's Web
    Service Project (a template folder or ``.wsconfig`` file)."""

    target: str = "sap"
    host_config: Path | None = None
    connector: str | None = None
    template: Path | None = None  # overrides the configuration's Web Service Project
    secret: str | None = None  # overrides <SecretToken> (a customer's export leaves it empty)
    sockets: bool = False
    processes: bool = False  # each server in a child process (implies sockets)
    clock: Clock = SYSTEM_CLOCK
    mapping_set: Any = None
    source_users: Sequence[SourceUser] = ()
    target_users: Sequence[dict[str, Any]] = ()
    target_seed: int = 0
    seed: int = 42
    flag_dialect: bool = False
    workers: int = 4
    state_dir: Path | None = None
    # a given target instead of the simulator, and how to reach it (None: a plain session)
    target_url: str | None = None
    target_session: requests.Session | None = None
    simulator_options: Mapping[str, Any] = field(default_factory=dict)  # create_app's, e.g. rest=False
    record: Path | None = None  # append the host's SCIM traffic to this file (``--record``)
    initial_import: bool = True  # the host's first Full Import runs before the lab is ready
    start_host: bool = True  # False: only the target (floors that measure the simulator alone)
    record_exchanges: bool = True  # keep Entra's SCIM exchanges in Lab.exchanges

    @property
    def served(self) -> bool:
        """Whether the parts listen on loopback ports (threads or child processes)."""
        return self.sockets or self.processes


@dataclass
class HostEndpoint:
    """The running connector host as Entra's admin sees it: Tenant URL, secret, certificate.

    ``app`` is the host's WSGI app when it runs in this process (None in a child process)."""

    app: Any
    connector: Any  # the connector.ConnectorConfig it serves
    base_url: str
    tenant_url: str
    secret: str
    ca_cert: Path | None
    session: requests.Session

    @property
    def name(self) -> str:
        return self.connector.name

    def _runtime(self) -> Any:
        if self.app is None:
            raise RuntimeError(
                "the connector host runs in a child process; its runtime is not reachable here"
            )
        return self.app.runtimes[self.name]

    def full_import(self) -> Any:
        """Refresh the host's cache from the target now (what the autosync timer does)."""
        return self._runtime().full_import()

    def cached(self) -> int:
        """How many objects the host's connector space holds."""
        return self._runtime().space.count()


@dataclass
class EntraSide:
    directory: Directory
    engine: ProvisioningEngine
    client: ScimClient
    logs: LogStore


@dataclass
class Lab:
    """A running chain; use as a context manager or call :meth:`close`.

    ``exchanges`` records every SCIM request and answer (secrets masked) in order, from the
    Entra job and from :meth:`scim_request`, so failures can show what went over the wire.
    ``simulator`` is the in-process simulator app (None when served by a child process or with a
    given ``target_url``); ``target`` its admin view (None with a given target); ``vendor`` the
    registered target the lab is for (``simulator.get_target``: its fixtures, admin fields);
    ``processes`` the child servers by role ("simulator", "connector") when ``processes=True``."""

    options: LabOptions = field(default_factory=LabOptions)
    exchanges: list[Exchange] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._stack = ExitStack()
        self._lock = threading.Lock()
        self.vendor = simulator.get_target(self.options.target)
        self.host_config = self._host_config()
        self.simulator: Any = None
        self.target: TargetView | None = None
        self.host: HostEndpoint | None = None
        self.entra: EntraSide | None = None
        self.processes: dict[str, ChildServer] = {}
        try:
            self._start()
        except BaseException:
            self._stack.close()
            raise

    # wiring --------------------------------------------------------------------------------
    def _host_config(self) -> Path:
        if self.options.host_config is not None:
            return Path(self.options.host_config)
        shipped = self.vendor.fixtures().host_config
        if shipped is None:
            raise ValueError(
                f"target {self.vendor.name} ships no host configuration; pass LabOptions(host_config=...)"
            )
        return shipped

    def _start(self) -> None:
        options = self.options
        target_url = options.target_url or self._start_simulator()
        if options.start_host:
            self.host = self._start_host(target_url)
            self.entra = self._entra()

    def _start_simulator(self) -> str:
        options = self.options
        settings = dict(options.simulator_options)
        if "targets" in settings:
            settings["targets"] = [*settings["targets"], self.vendor.name]
        else:
            settings.setdefault(self.vendor.name, True)  # served even when not by default
        if options.processes:
            server = self._child("simulator", parts.simulator_process, settings)
            url = server.url
        else:
            self.simulator = parts.simulator_app(clock=options.clock, **settings)
            url = self._serve(self.simulator) if options.sockets else IN_PROCESS_TARGET
        self.target = TargetView(
            url,
            self._session(url, self.simulator),
            admin_token=settings.get("admin_token", simulator.DEFAULT_ADMIN_TOKEN),
            app=self.simulator,
            target=self.vendor.name,
        )
        if options.target_seed:
            self.target.seed(options.target_seed, options.seed)
        for user in options.target_users:
            self.target.create_user(user)
        return url

    def _start_host(self, target_url: str) -> HostEndpoint:
        options = self.options
        settings = {
            "connector_name": options.connector,
            "template": _existing(options.template) if options.template is not None else None,
            "secret": options.secret,
            "target_url": target_url,
            "record": options.record,
            "initial_import": options.initial_import,
        }
        config = _existing(self.host_config)
        try:
            if options.processes:
                # Built here too (not started) so a bad configuration fails before the child starts,
                # and for what Entra's admin needs: the connector's name, path and secret.
                host = parts.connector_host(config, **{**settings, "initial_import": False})
                host.app.close()
                server = self._child(
                    "connector", parts.connector_process, {"host_config": config, **settings}
                )
                app, host_url, ca_cert = None, server.url, self._tls_files().cert_path
            else:
                session = options.target_session
                if session is None and options.target_url is None and not options.served:
                    session = self._session(target_url, self.simulator)
                host = parts.connector_host(config, session=session, clock=options.clock, **settings)
                app = host.app
                self._stack.callback(app.close)
                host_url, ca_cert = IN_PROCESS_HOST, None
                if options.sockets:
                    host_url, ca_cert = self._serve(app, tls=True), self._tls_files().cert_path
        except connector.UnknownConnectorError as exc:
            raise ValueError(f"{self.host_config}: {exc}") from None
        endpoint = HostEndpoint(
            app=app,
            connector=host.connector,
            base_url=host_url,
            tenant_url=f"{host_url}{host.scim_base_path}",
            secret=host.secret,
            ca_cert=Path(ca_cert) if ca_cert else None,
            session=self._session(host_url, app),
        )
        if endpoint.ca_cert is not None:
            endpoint.session.verify = str(endpoint.ca_cert)
        return endpoint

    def _child(self, role: str, factory: Any, kwargs: dict[str, Any]) -> ChildServer:
        tls = self._tls_files() if role == "connector" else None
        kwargs = {"clock_start": parts.clock_start(self.options.clock), **kwargs}
        server = self._stack.enter_context(ChildServer(factory, kwargs, tls=tls))
        self.processes[role] = server
        return server

    def _serve(self, app: Any, *, tls: bool = False) -> str:
        from provlab.serving import serve_in_thread  # waitress and cheroot: only when serving

        files = self._tls_files() if tls else None
        return self._stack.enter_context(serve_in_thread(app, tls=files)).url

    def _tls_files(self) -> Any:
        """The lab's self-signed certificate (made once, in ``state_dir`` or a temporary folder)."""
        if getattr(self, "_tls", None) is None:
            from provlab.tls import ensure_self_signed  # cryptography: only when serving

            state_dir = self.options.state_dir
            if state_dir is None:
                state_dir = Path(tempfile.mkdtemp(prefix="provlab-lab-"))
                self._stack.callback(shutil.rmtree, state_dir, True)
            self._tls = ensure_self_signed(state_dir, ["localhost"])
        return self._tls

    def _session(self, base_url: str, app: Any) -> requests.Session:
        in_process = app is not None and not self.options.served
        session = wsgi_session(base_url, app) if in_process else requests.Session()
        session.trust_env = False
        self._stack.callback(session.close)
        return session

    def _entra(self) -> EntraSide:
        from harness.mappings import sap_ecc_mapping_set  # only when no mapping set is given: not at import

        options = self.options
        tenant_url = self.host.tenant_url + (f"?{FLAG_DIALECT}" if options.flag_dialect else "")
        client = ScimClient(
            tenant_url,
            self.host.secret,
            ca_cert=self.host.ca_cert,
            session=self._session(self.host.base_url, self.host.app),
            on_exchange=self.record_exchange if options.record_exchanges else None,
            timeout=30,
        )
        logs = LogStore()
        engine = ProvisioningEngine(
            Directory(options.source_users),
            rules_from_mapping_set(options.mapping_set or sap_ecc_mapping_set()),
            client,
            clock=options.clock,
            logs=logs,
            settings=EngineSettings(workers=options.workers),
        )
        return EntraSide(engine.directory, engine, client, logs)

    # use -----------------------------------------------------------------------------------
    def record_exchange(self, exchange: Exchange) -> None:
        with self._lock:
            self.exchanges.append(exchange)

    def scim_request(self, method: str, path: str, body: Any = None) -> requests.Response:
        """A direct SCIM request to the host (``path`` under the Tenant URL, e.g. ``/Users``),
        with the bearer secret, recorded in :attr:`exchanges`."""
        url = self.host.tenant_url + path
        headers = {"Authorization": f"Bearer {self.host.secret}", "Accept": "application/scim+json"}
        if body is not None:
            headers["Content-Type"] = "application/scim+json"
        response = self.host.session.request(method, url, json=body, headers=headers, timeout=30)
        answer = decoded_body(response)
        self.record_exchange(
            Exchange(method, url, redact_mapping(body), response.status_code, redact_mapping(answer))
        )
        return response

    def close(self) -> None:
        self._stack.close()

    def __enter__(self) -> Lab:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def _existing(path: Path) -> Path:
    if not Path(path).exists():
        raise FileNotFoundError(
            f"{path} does not exist: pass an existing host configuration or template, or reinstall "
            "provlab (its shipped fixtures come with the package as provlab_fixtures)"
        )
    return Path(path)
