"""Build the WSGI app that serves every connector of a host configuration.

The connector behind each endpoint is injected (``backends``), so the lead wires the
template-driven backend in one place (:mod:`connector.host.backends`) and tests wire fakes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from connector.backend import ConnectorBackend
from connector.config import MIN_SECRET_LENGTH, ConnectorConfig, HostConfig
from connector.scim import DEFAULT_MAX_BODY_BYTES, ConnectorEndpoint, ScimRouter, UsersService
from connector.scim.flask_app import create_flask_app
from connector.space import AnchorLocks, ConnectorSpace, MemorySpace
from provlab.clock import SYSTEM_CLOCK, Clock
from provlab.serving import with_health

from .runtime import INITIAL_IMPORT_RETRY_DELAYS, ConnectorRuntime

SpaceFactory = Callable[[ConnectorConfig], ConnectorSpace]


class HostStartupError(ValueError):
    """The host cannot start as configured; the message says which connector and how to fix it."""


def memory_space(config: ConnectorConfig) -> ConnectorSpace:
    """The default connector space: in memory, indexed on the query attributes."""
    return MemorySpace(config.object_type, [a.name for a in config.entry_schema.query_attributes])


def sqlite_spaces(state_dir: str | Path) -> SpaceFactory:
    """Connector spaces persisted in ``state_dir/<name>.sqlite3`` (kept across restarts)."""
    from connector.space.sqlite import SqliteSpace

    directory = Path(state_dir)

    def factory(config: ConnectorConfig) -> ConnectorSpace:
        return SqliteSpace(
            directory / f"{config.name}.sqlite3",
            config.object_type,
            [a.name for a in config.entry_schema.query_attributes],
        )

    return factory


def resolve_secret(config: ConnectorConfig, secret_override: str | None) -> str:
    """The connector's bearer secret: ``--secret`` / PROVLAB_SECRET wins over the file's SecretToken."""
    secret = secret_override if secret_override else config.secret_token
    if len(secret or "") < MIN_SECRET_LENGTH:
        source = "--secret / PROVLAB_SECRET" if secret_override else "<SecretToken> in the configuration"
        raise HostStartupError(
            f"connector {config.name}: the secret token from {source} has {len(secret or '')} characters; "
            f"ECMA2Host requires at least {MIN_SECRET_LENGTH}. "
            "Set <SecretToken>, pass --secret or set PROVLAB_SECRET."
        )
    return secret


class HostApp:
    """The WSGI app of a running host, with its per-connector runtimes (start/stop imports)."""

    def __init__(self, wsgi: Any, router: ScimRouter, runtimes: Mapping[str, ConnectorRuntime]) -> None:
        self._wsgi = wsgi
        self.router = router
        self.runtimes = dict(runtimes)

    def __call__(self, environ: dict, start_response: Callable[..., Any]):
        return self._wsgi(environ, start_response)

    def start(self, *, initial_import: str = "background", autosync: bool = True) -> None:
        """Run the first Full Import of every connector ("sync", "background" or "none")
        and start the autosync timers."""
        for runtime in self.runtimes.values():
            runtime.start(initial_import=initial_import, autosync=autosync)

    def close(self) -> None:
        for runtime in self.runtimes.values():
            runtime.stop()
            runtime.space.close()

    def __enter__(self) -> HostApp:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def create_host_app(
    config: HostConfig,
    backends: Mapping[str, ConnectorBackend],
    *,
    secret_override: str | None = None,
    clock: Clock | None = None,
    debug: bool = False,
    spaces: SpaceFactory = memory_space,
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
    middleware: Callable[[Any], Any] | None = None,
    import_retry_delays: Sequence[float] = INITIAL_IMPORT_RETRY_DELAYS,
) -> HostApp:
    """The host's WSGI app: ``/ecma2host_{name}/scim`` per connector plus ``/_health``.

    ``backends`` maps each connector name to its backend. Nothing is imported until
    :meth:`HostApp.start` runs; until the first Full Import succeeds, ``/Users`` answers 503.
    ``middleware`` wraps the SCIM app (e.g. recording) inside ``/_health``.
    ``import_retry_delays``: seconds between attempts of a background first Full Import.
    """
    clock = clock or SYSTEM_CLOCK
    missing = [c.name for c in config.connectors if c.name not in backends]
    if missing:
        raise HostStartupError(f"no backend for connector(s) {', '.join(missing)}")
    endpoints: dict[str, ConnectorEndpoint] = {}
    runtimes: dict[str, ConnectorRuntime] = {}
    for connector in config.connectors:
        secret = resolve_secret(connector, secret_override)
        space = spaces(connector)
        backend = backends[connector.name]
        runtime = ConnectorRuntime(connector, backend, space, clock, retry_delays=import_retry_delays)
        users = UsersService(connector, backend, space, clock=clock, locks=AnchorLocks())
        endpoints[connector.name] = ConnectorEndpoint(connector.name, secret, users, runtime.readiness)
        runtimes[connector.name] = runtime
    router = ScimRouter(endpoints, max_body_bytes=max_body_bytes, debug=debug)
    wsgi = create_flask_app(router).wsgi_app
    if middleware is not None:
        wsgi = middleware(wsgi)
    return HostApp(with_health(wsgi), router, runtimes)
