"""Start the whole chain — simulator, connector host, simulated Entra — and stop it again.

In-process (the default) every hop is a WSGI transport, so nothing listens on a port;
with ``sockets=True`` the simulator is served on an ephemeral loopback port and the host
over HTTPS with a freshly generated self-signed certificate, exactly as a user runs them.
"""

from __future__ import annotations

import shutil
import tempfile
import threading
from collections.abc import Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

from harness.directory import Directory, SourceUser
from harness.provisioning import EngineSettings, LogStore, ProvisioningEngine, rules_from_mapping_set
from harness.scim_client import Exchange, ScimClient, decoded_body
from provlab.clock import SYSTEM_CLOCK, Clock
from provlab.logsetup import redact_mapping
from provlab.transport import wsgi_session

from .paths import SAP_HOST_CONFIG
from .target import TargetView

IN_PROCESS_TARGET = "http://simulator.test"
IN_PROCESS_HOST = "https://ecma2host.test"
FLAG_DIALECT = "aadOptscim062020"


@dataclass(frozen=True)
class LabOptions:
    """What to start. ``target_users`` are admin-view dicts (``userName``, ``lastName``, …)
    created in the target before the host's first Full Import; ``target_seed`` adds that many
    seeded users. ``mapping_set`` is a :class:`harness.mappings.MappingSet` (None: the SAP
    ECC mappings of Microsoft's page). ``template`` replaces the host configuration's Web
    Service Project (a template folder or ``.wsconfig`` file)."""

    host_config: Path = SAP_HOST_CONFIG
    connector: str | None = None
    template: Path | None = None  # overrides the configuration's Web Service Project
    secret: str | None = None  # overrides <SecretToken> (a customer's export leaves it empty)
    sockets: bool = False
    clock: Clock = SYSTEM_CLOCK
    mapping_set: Any = None
    source_users: Sequence[SourceUser] = ()
    target_users: Sequence[dict[str, Any]] = ()
    target_seed: int = 0
    seed: int = 42
    flag_dialect: bool = False
    workers: int = 4
    state_dir: Path | None = None


@dataclass
class HostEndpoint:
    """The running connector host as Entra's admin sees it: Tenant URL, secret, certificate."""

    app: Any
    name: str
    tenant_url: str
    secret: str
    ca_cert: Path | None
    session: requests.Session

    def full_import(self) -> Any:
        """Refresh the host's cache from the target now (what the autosync timer does)."""
        return self.app.runtimes[self.name].full_import()


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
    Entra job and from :meth:`scim_request`, so failures can show what went over the wire."""

    options: LabOptions = field(default_factory=LabOptions)
    exchanges: list[Exchange] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._stack = ExitStack()
        self._lock = threading.Lock()
        try:
            self._start()
        except BaseException:
            self._stack.close()
            raise

    # wiring --------------------------------------------------------------------------------
    def _start(self) -> None:
        from connector.config import load_host_config
        from connector.host import create_host_app, resolve_secret, template_backend
        from simulator.app import DEFAULT_ADMIN_TOKEN, DEFAULT_REST_TOKEN, create_app

        options = self.options
        self.simulator = create_app(clock=options.clock)
        target_url = self._serve_target()
        self.target = TargetView(
            target_url,
            self._session(target_url, self.simulator),
            admin_token=DEFAULT_ADMIN_TOKEN,
            rest_token=DEFAULT_REST_TOKEN,
            app=self.simulator,
        )
        if options.target_seed:
            self.target.seed(options.target_seed, options.seed)
        for user in options.target_users:
            self.target.create_user(user)

        connector = self._connector(load_host_config(_existing(options.host_config)))
        backend_session = None if options.sockets else self._session(target_url, self.simulator)
        backend = template_backend(
            connector, target_url=target_url, session=backend_session, clock=options.clock
        )
        config = _single_connector_config(connector)
        host_app = create_host_app(
            config, {connector.name: backend}, secret_override=options.secret, clock=options.clock
        )
        self._stack.callback(host_app.close)
        host_app.start(initial_import="sync", autosync=False)
        host_url, ca_cert = self._serve_host(host_app)
        self.host = HostEndpoint(
            app=host_app,
            name=connector.name,
            tenant_url=f"{host_url}{connector.scim_base_path}",
            secret=resolve_secret(connector, options.secret),
            ca_cert=ca_cert,
            session=self._session(host_url, host_app),
        )
        if ca_cert is not None:
            self.host.session.verify = str(ca_cert)
        self.entra = self._entra(host_url, host_app)

    def _connector(self, config: Any) -> Any:
        from connector.config import UnknownConnectorError

        options = self.options
        try:
            connector = config.select(options.connector)
        except UnknownConnectorError as exc:
            raise ValueError(f"{options.host_config}: {exc}") from None
        if options.template is not None:
            connector = connector.with_project(_existing(options.template))
        return connector

    def _serve_target(self) -> str:
        if not self.options.sockets:
            return IN_PROCESS_TARGET
        from provlab.serving import serve_in_thread

        return self._stack.enter_context(serve_in_thread(self.simulator)).url

    def _serve_host(self, host_app: Any) -> tuple[str, Path | None]:
        if not self.options.sockets:
            return IN_PROCESS_HOST, None
        from provlab.serving import serve_in_thread
        from provlab.tls import ensure_self_signed

        state_dir = self.options.state_dir
        if state_dir is None:
            state_dir = Path(tempfile.mkdtemp(prefix="provlab-lab-"))
            self._stack.callback(shutil.rmtree, state_dir, True)
        tls = ensure_self_signed(state_dir, ["localhost"])
        server = self._stack.enter_context(serve_in_thread(host_app, tls=tls))
        return server.url, Path(tls.cert_path)

    def _session(self, base_url: str, app: Any) -> requests.Session:
        session = requests.Session() if self.options.sockets else wsgi_session(base_url, app)
        session.trust_env = False
        self._stack.callback(session.close)
        return session

    def _entra(self, host_url: str, host_app: Any) -> EntraSide:
        from harness.mappings import sap_ecc_mapping_set

        options = self.options
        tenant_url = self.host.tenant_url + (f"?{FLAG_DIALECT}" if options.flag_dialect else "")
        client = ScimClient(
            tenant_url,
            self.host.secret,
            ca_cert=self.host.ca_cert,
            session=self._session(host_url, host_app),
            on_exchange=self.record_exchange,
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


def _single_connector_config(connector: Any) -> Any:
    """A host configuration serving only the chosen connector (the lab wires one target)."""
    from connector.config import HostConfig

    return HostConfig(connectors=(connector,))
