"""Fixtures for workflow tests: the simulator in process, and the SAP template wired to it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from connector.host.wiring import TemplateBackend
from provlab.clock import FixedClock
from provlab.transport import wsgi_session
from simulator.app import DEFAULT_CREDENTIALS, create_app
from simulator.seed import generate_users
from simulator.store import UserStore

REPO = Path(__file__).resolve().parents[3]
SAP_TEMPLATE = REPO / "fixtures" / "templates" / "sap-ecc"
SAP_URL = "http://sap.test"
TODAY = date(2026, 11, 27)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 11, 27, 9, 0, tzinfo=UTC))


@pytest.fixture
def store(clock) -> UserStore:
    return UserStore(clock=clock)


@pytest.fixture
def simulator(store):
    return create_app(store=store)


@pytest.fixture
def make_backend(simulator) -> Callable[..., TemplateBackend]:
    """A SAP template backend reaching ``app`` (the simulator unless given) in process."""

    def build(app=None, *, session=None, credentials=DEFAULT_CREDENTIALS, **kwargs) -> TemplateBackend:
        session = session or wsgi_session(SAP_URL, app or simulator)
        user, password = credentials
        kwargs.setdefault("target_url", SAP_URL)
        return TemplateBackend.from_path(
            SAP_TEMPLATE, session=session, username=user, password=password, **kwargs
        )

    return build


@pytest.fixture
def sap(make_backend) -> TemplateBackend:
    return make_backend()


@pytest.fixture
def seed(store) -> Callable[[int], list]:
    def add(count: int) -> list:
        users = generate_users(count, seed=7, today=TODAY)
        store.add_many(users)
        return users

    return add


REST_DISCOVERY = """<Discovery>
  <RestService name="api" baseAddress="http://api.test/v1" security="Basic">
    <Resource name="items">
      <Method name="list" verb="GET" address="/items">
        <Parameter name="offset" in="query" type="int"/>
        <Parameter name="limit" in="query" type="int"/>
      </Method>
      <Method name="get" verb="GET" address="/items/{id}">
        <Parameter name="id" in="path" required="true"/>
      </Method>
      <Method name="create" verb="POST" address="/items">
        <Parameter name="X-Request-Id" in="header"/>
      </Method>
    </Resource>
  </RestService>
</Discovery>
"""

ITEM_SCHEMA = """<Schema>
  <Capabilities fullImport="true" export="true" deltaImport="{delta}" testConnection="false"/>
  <ObjectType name="Item">
    <Attribute name="id" anchor="true"/>
    <Attribute name="label"/>
    <Attribute name="tags" multivalued="true"/>
  </ObjectType>
</Schema>
"""

EMPTY_WORKFLOW = "<Workflow/>"


def write_rest_template(root: Path, workflows: dict[str, str]) -> Path:
    """A small REST template (object type Item) whose workflows are given as XML bodies."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "discovery.xml").write_text(REST_DISCOVERY)
    (root / "schema.xml").write_text(
        ITEM_SCHEMA.format(delta="true" if "DeltaImport" in workflows else "false")
    )
    folder = root / "workflows" / "Item"
    folder.mkdir(parents=True, exist_ok=True)
    for operation in ("FullImport", "Add", "Replace", "Delete"):
        body = workflows.get(operation, "")
        (folder / f"{operation}.xml").write_text(f"<Workflow>\n{body}\n</Workflow>\n")
    for operation in set(workflows) - {"FullImport", "Add", "Replace", "Delete"}:
        (folder / f"{operation}.xml").write_text(f"<Workflow>\n{workflows[operation]}\n</Workflow>\n")
    return root


class FakePorts:
    """ServicePorts that record calls and answer from a script (a function of the call)."""

    def __init__(self, answer=None) -> None:
        self.calls: list[tuple] = []
        self.answer = answer or (lambda *call: {"status": 200, "body": None, "headers": {}})

    def call_soap(self, service, endpoint, operation, arguments):
        self.calls.append(("soap", service, endpoint, operation, dict(arguments)))
        return self.answer("soap", operation, arguments)

    def call_rest(self, service, resource, method, parameters, body, *, url=None):
        self.calls.append(
            ("rest", service, resource, method, dict(parameters), body) + ((url,) if url else ())
        )
        return self.answer("rest", method, parameters, body)
