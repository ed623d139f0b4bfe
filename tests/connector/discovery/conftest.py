"""Fixtures for discovery tests: WSDL fixture files, in-process servers for WSDLs and the SAP simulator,
and a session that records (and refuses) every request, to prove nothing else is fetched."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import requests
from requests.adapters import BaseAdapter

from provlab.transport import mount_wsgi, wsgi_session

HERE = Path(__file__).resolve().parent
WSDL_DIR = HERE / "wsdl"
REPO = HERE.parents[2]
SAP_TEMPLATE = REPO / "fixtures" / "templates" / "sap-ecc"
SAP_BASE = "http://sap.test"


def wsdl_path(name: str) -> Path:
    return WSDL_DIR / name


class RefusingAdapter(BaseAdapter):
    """Records every request it is asked to send and refuses it (a network that must not be used)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def send(self, request, **kwargs):  # noqa: ANN001, ANN003 - requests' adapter interface
        self.urls.append(request.url)
        raise requests.ConnectionError(f"test network: {request.url} must not be fetched")

    def close(self) -> None:
        pass


class WsdlServer:
    """A WSGI app answering GET requests with whatever document a test puts at a path."""

    def __init__(self) -> None:
        self.documents: dict[str, tuple[str, bytes]] = {}
        self.requests: list[str] = []

    def put(self, path_and_query: str, data: bytes, status: str = "200 OK") -> None:
        self.documents[path_and_query] = (status, data)

    def __call__(self, environ, start_response):  # noqa: ANN001 - WSGI
        query = environ.get("QUERY_STRING", "")
        key = environ["PATH_INFO"] + (f"?{query}" if query else "")
        self.requests.append(key)
        status, body = self.documents.get(key, ("404 Not Found", b"no such document"))
        start_response(status, [("Content-Type", "text/xml; charset=utf-8")])
        return [body]


@pytest.fixture
def refusing_network() -> Callable[[requests.Session], RefusingAdapter]:
    """Mount a recording, refusing adapter for every http(s) URL a session has no other route for."""

    def install(session: requests.Session) -> RefusingAdapter:
        adapter = RefusingAdapter()
        session.mount("http://", adapter)
        session.mount("https://", adapter)
        return adapter

    return install


@pytest.fixture
def hr_server() -> WsdlServer:
    return WsdlServer()


@pytest.fixture
def hr_session(hr_server: WsdlServer, refusing_network) -> requests.Session:
    """Requests to http://hr.test go to ``hr_server``; any other URL is recorded and refused."""
    session = requests.Session()
    session.trust_env = False
    network = refusing_network(session)
    session.network = network  # type: ignore[attr-defined] - tests read what was attempted
    return mount_wsgi(session, "http://hr.test", hr_server)


@pytest.fixture
def sap_session() -> requests.Session:
    """An authenticated in-process session to a fresh SAP simulator at http://sap.test."""
    from simulator.app import DEFAULT_CREDENTIALS, create_app

    session = wsgi_session(SAP_BASE, create_app())
    session.auth = DEFAULT_CREDENTIALS
    return session


@pytest.fixture
def sap_wsdl_url() -> str:
    from simulator.app import wsdl_url

    return wsdl_url(SAP_BASE)


# --- OpenAPI discovery ------------------------------------------------------------------------------

OPENAPI_DIR = HERE / "openapi"
REST_BASE = "http://localhost:8090"  # the simulator's default address, as the shipped rest-lob stores it


def openapi_path(name: str) -> Path:
    return OPENAPI_DIR / name


def shipped_template(name: str) -> Path:
    """A shipped template by name, wherever the fixtures keep it (they may move into vendor folders)."""
    from provlab.fixtures import fixture_path, fixtures_dir

    direct = fixture_path("templates", name)
    if (direct / "discovery.xml").is_file():
        return direct
    found = sorted(p.parent for p in fixtures_dir().rglob(f"{name}/discovery.xml"))
    assert found, f"no shipped template {name!r} under {fixtures_dir()}"
    return found[0]


@pytest.fixture
def rest_session(refusing_network) -> requests.Session:
    """An in-process REST simulator at http://localhost:8090; any other URL is recorded and refused."""
    from simulator import create_app

    session = requests.Session()
    session.trust_env = False
    session.network = refusing_network(session)  # type: ignore[attr-defined]
    return mount_wsgi(session, REST_BASE, create_app())


@pytest.fixture
def openapi_url() -> str:
    from simulator import rest_url

    return rest_url(REST_BASE) + "/openapi.json"
