"""Fixtures: the shipped rest-lob template driving the in-process REST simulator."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from connector.host.wiring import TemplateBackend
from provlab.clock import FixedClock
from provlab.transport import wsgi_session
from simulator.app import DEFAULT_CREDENTIALS, create_app
from simulator.store import UserRecord, UserStore

ROOT = Path(__file__).resolve().parents[3]
TEMPLATE = ROOT / "fixtures" / "templates" / "rest-lob"
HOST_CONFIG = ROOT / "fixtures" / "hosts" / "rest-lob" / "Configuration.xml"
LOB_URL = "http://lob.test"
START = datetime(2026, 1, 15, 9, 0, tzinfo=UTC)


@pytest.fixture
def lob_clock() -> FixedClock:
    """The simulator's clock: decides lastModified stamps and "today"."""
    return FixedClock(START)


@pytest.fixture
def lob_store(lob_clock) -> UserStore:
    store = UserStore(clock=lob_clock)
    store.add(
        UserRecord(
            username="asmith",
            first_name="Ann",
            last_name="Smith",
            email="ann.smith@contoso.example",
            city="Berlin",
            valid_to=date(2026, 12, 31),
        )
    )
    store.add(UserRecord(username="bkhan", first_name="Bilal", last_name="Khan", locked=True))
    return store


@pytest.fixture
def lob_app(lob_store):
    return create_app(store=lob_store)


@pytest.fixture
def lob_session(lob_app):
    return wsgi_session(LOB_URL, lob_app)


@pytest.fixture
def lob_backend(lob_session, lob_clock) -> TemplateBackend:
    """The template's workflows against the simulator, with the simulator's basic credentials."""
    user, password = DEFAULT_CREDENTIALS
    return TemplateBackend.from_path(
        TEMPLATE,
        target_url=LOB_URL,
        username=user,
        password=password,
        session=lob_session,
        clock=lob_clock,
    )


def add_users(store: UserStore, count: int, prefix: str = "user") -> list[str]:
    """``count`` plain users named ``<prefix>0000``…, in the order the API lists them."""
    names = [f"{prefix}{i:04d}" for i in range(count)]
    for name in names:
        store.add(UserRecord(username=name, last_name=name.title()))
    return names
