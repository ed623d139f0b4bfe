"""Start-up import, readiness, autosync and the debug cache view."""

from __future__ import annotations

import dataclasses
import logging
import threading
import time

import pytest

from connector.backend import ImportedEntry
from connector.host import ConnectorRuntime, memory_space
from connector.host.runtime import RETRY_AFTER_SECONDS
from connector.scim.constants import IMPORTING_MESSAGE
from provlab.transport import wsgi_session
from tests.connector.scim.conftest import BASE, ECMA, SCIM, SECRET


def session(host):
    s = wsgi_session(BASE, host)
    s.headers["Authorization"] = f"Bearer {SECRET}"
    return s


def wait_until(predicate, timeout=5.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.01)
    return False


def test_requests_get_503_while_the_first_full_import_runs(make_host, backend):
    backend.import_gate = threading.Event()
    host = make_host(start="background")
    client = session(host)
    busy = client.get(f"{SCIM}/Users")
    assert busy.status_code == 503
    assert busy.json()["detail"] == IMPORTING_MESSAGE
    assert busy.headers["Retry-After"] == "30"
    assert client.get(f"{SCIM}/Schemas").status_code == 200  # discovery does not wait for the cache
    backend.import_gate.set()
    assert wait_until(lambda: host.runtimes["SAPECC"].ready)
    assert client.get(f"{SCIM}/Users").json()["totalResults"] == 2


def test_failed_first_import_keeps_answering_503_with_the_reason(make_host, backend):
    backend.unavailable = "SAP gateway timeout"
    host = make_host(start="sync")
    answer = session(host).get(f"{SCIM}/Users/JDOE")
    assert answer.status_code == 503 and "SAP gateway timeout" in answer.json()["detail"]
    backend.unavailable = None
    host.runtimes["SAPECC"].full_import()
    assert session(host).get(f"{SCIM}/Users/JDOE").status_code == 200


def test_full_import_replaces_the_cache_with_the_target(make_host, backend):
    host = make_host()
    backend.users.pop("ASMITH")
    backend.users["NEWONE"] = {"userName": "NEWONE", "lastName": "New"}
    summary = host.runtimes["SAPECC"].sync_once()
    assert summary.kind == "full" and summary.entries == 2
    ids = [r["id"] for r in session(host).get(f"{SCIM}/Users").json()["Resources"]]
    assert ids == ["JDOE", "NEWONE"]


def test_autosync_uses_delta_import_when_enabled_and_keeps_the_watermark(make_host, sap_config, backend):
    connector = sap_config.connectors[0]
    capabilities = dataclasses.replace(connector.capabilities, enable_delta_import=True)
    config = dataclasses.replace(
        sap_config, connectors=(dataclasses.replace(connector, capabilities=capabilities),)
    )
    backend.supports_delta = True
    host = make_host(config)
    runtime = host.runtimes["SAPECC"]
    backend.delta_entries = [
        ImportedEntry("User", "JDOE", {"userName": "JDOE", "lastName": "Doe", "city": "Oslo"}, "Replace"),
        ImportedEntry("User", "ASMITH", {}, "Delete"),
    ]
    assert runtime.sync_once().kind == "delta"
    runtime.sync_once()
    # The first delta starts from the full import's watermark, the next from the delta's own.
    assert backend.watermarks == ["after-full", "w1"]
    resources = session(host).get(f"{SCIM}/Users").json()["Resources"]
    assert [(r["id"], r[ECMA].get("city")) for r in resources] == [("JDOE", "Oslo")]
    assert backend.full_imports == 1


def test_cache_view_only_in_debug_mode(make_host):
    assert session(make_host()).get(f"{SCIM}/cache").status_code == 404
    view = session(make_host(debug=True)).get(f"{SCIM}/cache").json()
    assert view["count"] == 2
    assert view["entries"][1]["dn"] == "CN=JDOE,OBJECT=User"


def test_health_answers_without_auth(make_host):
    assert wsgi_session(BASE, make_host()).get(f"{BASE}/_health").status_code == 200


def test_an_export_that_finishes_during_a_full_import_survives_it(make_host, backend):
    host = make_host()
    runtime = host.runtimes["SAPECC"]
    client = session(host)
    original = backend.full_import

    def import_then_race(object_type, **kwargs):
        result = original(object_type, **kwargs)  # the target as it was before the export below
        created = client.post(
            f"{SCIM}/Users",
            json={ECMA: {"userName": "RACE", "lastName": "Race"}},
            headers={"Content-Type": "application/scim+json"},
        )
        assert created.status_code == 201
        return result

    backend.full_import = import_then_race
    runtime.full_import()
    assert client.get(f"{SCIM}/Users/RACE").status_code == 200
    backend.full_import = original
    runtime.full_import()  # the next import sees it in the target anyway
    assert client.get(f"{SCIM}/Users/RACE").status_code == 200


def test_a_first_import_that_fails_is_retried_on_a_backoff_until_the_target_answers(
    make_host, backend, caplog
):
    """A host started before its target recovers at once, not at the autosync tick hours later."""
    caplog.set_level(logging.INFO, logger="connector.host.runtime")
    backend.unavailable = "connection refused"
    host = make_host(start="background", import_retry_delays=(0.001, 0.002))
    assert wait_until(lambda: len(backend.import_parameters) >= 4)
    busy = session(host).get(f"{SCIM}/Users")  # requests are answered meanwhile, not held
    assert busy.status_code == 503 and busy.headers["Retry-After"] == "30"
    assert (
        busy.json()["detail"].startswith(IMPORTING_MESSAGE) and "connection refused" in busy.json()["detail"]
    )
    backend.unavailable = None
    assert wait_until(lambda: host.runtimes["SAPECC"].ready)
    assert session(host).get(f"{SCIM}/Users").json()["totalResults"] == 2
    attempts = len(backend.import_parameters)
    time.sleep(0.05)
    assert len(backend.import_parameters) == attempts  # no more retries once it succeeded
    delays = [
        r.getMessage().rsplit("retrying in ", 1)[1] for r in caplog.records if "retrying in" in r.message
    ]
    assert delays[:3] == ["0.001 s", "0.002 s", "0.002 s"]  # the last delay repeats


def test_closing_the_host_stops_the_retries(make_host, backend):
    backend.unavailable = "connection refused"
    host = make_host(start="background", import_retry_delays=(0.001,))
    assert wait_until(lambda: len(backend.import_parameters) >= 2)
    host.close()
    stopped_at = len(backend.import_parameters)
    time.sleep(0.05)
    assert len(backend.import_parameters) == stopped_at
    assert not host.runtimes["SAPECC"].ready


def test_the_default_backoff_starts_fast_and_settles_on_the_advertised_retry_after(
    sap_config, backend, clock
):
    connector = sap_config.connectors[0]
    runtime = ConnectorRuntime(connector, backend, memory_space(connector), clock)
    assert runtime.retry_delays[0] <= 1 and runtime.retry_delays[-1] == RETRY_AFTER_SECONDS
    with pytest.raises(ValueError, match="retry_delays must be positive"):
        ConnectorRuntime(connector, backend, memory_space(connector), clock, retry_delays=(1, 0))
