"""One command's hold on --state-dir: the directory and job state loaded, the engine connected, saved back."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from harness.directory import (
    Directory,
    InvalidUserError,
    StateFileError,
    UnknownUserError,
    UserFileError,
    load_directory,
    save_directory,
)
from harness.mappings import MappingError, load_mappings, sap_ecc_mapping_set
from harness.provisioning import (
    EngineSettings,
    LogStore,
    OnDemandError,
    ProvisioningEngine,
    ProvisioningRules,
    load_state,
    rules_from_mapping_set,
    save_state,
)
from harness.scim_client import Exchange, ScimClient, TenantUrlError

DEFAULT_STATE_DIR = Path(".provlab") / "entra"
_USER_ERRORS = (
    UserFileError,
    StateFileError,
    TenantUrlError,
    FileNotFoundError,
    UnknownUserError,
    InvalidUserError,
    OnDemandError,
    ValueError,
)


@dataclass(frozen=True)
class Connection:
    """How to reach the connector host and what to send it: the connection options of a command."""

    tenant_url: str
    secret: str
    ca_cert: Path | None
    mappings: Path | None
    timeout: float


@dataclass
class Session:
    """Everything one command loads from --state-dir, saved back on success."""

    state_dir: Path
    directory: Directory
    engine: ProvisioningEngine | None = None


def load_rules(mappings: Path | None) -> ProvisioningRules:
    """The engine's rules from --mappings (or the SAP ECC default), refused when Entra would refuse them."""
    try:
        mapping_set = load_mappings(mappings) if mappings else sap_ecc_mapping_set()
    except MappingError as error:
        raise click.ClickException(str(error)) from None
    problems = mapping_set.problems()
    if problems:
        raise click.ClickException(f"{mappings}: " + "; ".join(problems))
    return rules_from_mapping_set(mapping_set)


@contextmanager
def open_session(
    state_dir: Path,
    connection: Connection | None = None,
    on_exchange: Callable[[Exchange], None] | None = None,
    **settings: Any,
) -> Iterator[Session]:
    """Load --state-dir (and, given a connection, build the engine); save it back when the block
    succeeds. A user's mistake (a bad file, an unknown user, …) becomes a ClickException."""
    try:
        session = Session(state_dir, load_directory(state_dir))
        if connection is not None:
            client = ScimClient(
                connection.tenant_url,
                connection.secret,
                ca_cert=connection.ca_cert,
                timeout=connection.timeout,
                on_exchange=on_exchange,
            )
            session.engine = ProvisioningEngine(
                session.directory,
                load_rules(connection.mappings),
                client,
                state=load_state(state_dir),
                logs=LogStore(state_dir),
                settings=EngineSettings(**settings),
            )
        yield session
    except _USER_ERRORS as error:
        raise click.ClickException(str(error)) from None
    save_directory(session.directory, state_dir)
    if session.engine is not None:
        save_state(session.engine.state, state_dir)


def require_user(session: Session, key: str) -> None:
    """Refuse an unknown USER with a hint naming the command that lists the users."""
    try:
        session.directory.get(key)
    except UnknownUserError:
        raise click.ClickException(
            f"no user with id or userPrincipalName {key!r} in {session.state_dir}; "
            "list them with `provlab entra users list`"
        ) from None
