"""What the discovery commands share: the session documents are read with, and how results and
failures are reported."""

from __future__ import annotations

import json
import sys
from typing import NoReturn

import click
import requests

from connector.discovery.describe import refusal_dict
from connector.discovery.errors import DiscoveryError
from connector.discovery.writer import Written


def wsdl_session(
    ctx: click.Context, user: str | None, password: str | None, ca_cert: str | None
) -> requests.Session:
    """The session WSDLs are read with: injected by tests through the click context, else a new one."""
    session = ctx.find_object(requests.Session)
    if session is None:
        session = requests.Session()
        session.trust_env = False  # REQUESTS_CA_BUNDLE would otherwise override --ca-cert
    if user:
        if password is None:
            password = click.prompt(f"Password for {user}", hide_input=True, err=True)
        session.auth = (user, password)
    if ca_cert:
        session.verify = ca_cert
    return session


def fail(exc: DiscoveryError, as_json: bool) -> NoReturn:
    """Report the error (refusals in full) and exit 1."""
    if as_json:
        rules = [refusal_dict(r) for r in getattr(exc, "refusals", [])]
        click.echo(json.dumps({"ok": False, "error": str(exc), "refusals": rules}))
    else:
        click.echo(f"Error: {exc}", err=True)
    sys.exit(1)


def report_written(written: Written, what: str) -> None:
    copy = f" and {written.wsdl_copy}" if written.wsdl_copy else ""
    click.echo(f"{what} {written.action} in {written.discovery_xml}{copy}")
