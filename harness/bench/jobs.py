"""Work run in a child process of its own, so its peak RSS is its own (module-level functions:
``spawn`` pickles them by name). Each returns plain data."""

from __future__ import annotations

import gc
import time
from pathlib import Path
from typing import Any

from .children import cpu_seconds, current_rss_mb
from .lab import (
    BENCH_SECRET,
    SEED,
    connector_host,
    constant_app,
    sap_connector_config,
    simulator_app,
    tenant_url,
)

SAP_BASE = "http://sap.bench"
HOST_BASE = "https://ecma.bench"
FLOOR_BASE = "https://floor.bench"


def connector_full_import(target_url: str) -> dict[str, Any]:
    """One Full Import of the SAP ECC connector from the simulator at ``target_url``."""
    host = connector_host(target_url, start=False)
    try:
        runtime = next(iter(host.runtimes.values()))
        start, cpu = time.perf_counter(), cpu_seconds()
        summary = runtime.full_import()
        seconds = time.perf_counter() - start
        return {
            "cpu_seconds": cpu_seconds() - cpu,
            "seconds": seconds,
            "entries": summary.entries,
            "status": summary.status,
            "cached": runtime.space.count(),
        }
    finally:
        host.close()


def _engine(directory_size: int, client: Any, workers: int) -> Any:
    from harness.directory import Directory, seed_users
    from harness.mappings import sap_ecc_mapping_set
    from harness.provisioning import EngineSettings, ProvisioningEngine, rules_from_mapping_set

    return ProvisioningEngine(
        Directory(seed_users(directory_size, seed=SEED)),
        rules_from_mapping_set(sap_ecc_mapping_set()),
        client,
        settings=EngineSettings(workers=workers),
    )


def _timed_cycle(engine: Any, n: int) -> dict[str, Any]:
    start, cpu = time.perf_counter(), cpu_seconds()
    report = engine.run_cycle()
    seconds, cpu = time.perf_counter() - start, cpu_seconds() - cpu
    created = report.count("create")
    if created != n:
        failures = [r for r in report.records if r["provisioningStatusInfo"]["status"] != "success"][:3]
        raise RuntimeError(
            f"the initial cycle created {created} of {n} users ({report.status}: {report.message}); "
            f"first failures: {failures}"
        )
    return {"seconds": seconds, "created": created, "cpu_seconds": cpu}


def entra_initial_cycle(tenant: str, ca_cert: str, n: int, workers: int) -> dict[str, Any]:
    """Entra's side over HTTPS: ``n`` new users, one initial cycle against the host at ``tenant``."""
    from harness.scim_client import ScimClient

    client = ScimClient(tenant, BENCH_SECRET, ca_cert=ca_cert)
    return _timed_cycle(_engine(n, client, workers), n)


def inprocess_initial_cycle(n: int, workers: int) -> dict[str, Any]:
    """Simulator, host and Entra in this one process over WSGI transports; then the in-process
    floor over the same transports, side by side."""
    from harness.scim_client import ScimClient
    from provlab.transport import wsgi_session

    from .floors import sap_endpoint, user_floor_seconds
    from .lab import sap_credentials
    from .wire import RawSoap, ScimFloor

    sap_session = wsgi_session(SAP_BASE, simulator_app())
    host = connector_host(SAP_BASE, session=sap_session)
    try:
        client = ScimClient(tenant_url(HOST_BASE), BENCH_SECRET, session=wsgi_session(HOST_BASE, host))
        result = _timed_cycle(_engine(n, client, workers), n)
        raw = RawSoap(sap_endpoint(SAP_BASE), sap_credentials(), session=sap_session)
        scim = ScimFloor(FLOOR_BASE, verify=True, session=wsgi_session(FLOOR_BASE, constant_app()))
        result["floor_seconds"] = user_floor_seconds(scim, raw, raw.list_usernames(n), n, workers)
        return result
    finally:
        host.close()


# -- the connector space --------------------------------------------------------------------
_FIRST = ("Anna", "Bernd", "Chloe", "David", "Elif", "Farid", "Greta", "Hugo", "Ines", "Jonas")
_LAST = ("Schmidt", "Meyer", "Garcia", "Nguyen", "Kowalski", "Rossi", "Dubois", "Smith", "Yilmaz", "Okafor")
_DEPARTMENTS = ("Finance", "Sales", "Human Resources", "IT", "Procurement", "Logistics", "Marketing", "Legal")


def synthetic_attributes(index: int) -> dict[str, Any]:
    """The attributes a Full Import of the SAP template caches for one user, deterministic and
    cheap to make (Faker would dominate a 100,000-user fill)."""
    first, last = _FIRST[index % 10], _LAST[(index // 10) % 10]
    name = f"U{index:07d}"
    return {
        "userName": name,
        "firstName": first,
        "lastName": last,
        "middleName": None,
        "email": f"{first.lower()}.{last.lower()}.{index}@example.com",
        "department": _DEPARTMENTS[index % len(_DEPARTMENTS)],
        "jobTitle": "Accountant",
        "city": "Berlin",
        "telephoneNumber": f"+49 30 {index:07d}",
        "company": "Contoso GmbH",
        "expirationTime": "9999-12-31",
    }


def _space(state_dir: str) -> Any:
    from connector.host import sqlite_spaces

    return sqlite_spaces(state_dir)(sap_connector_config().connectors[0])


def fill_space(state_dir: str, n: int) -> dict[str, Any]:
    """Write ``n`` users into the SQLite connector space in ``state_dir`` as one import would."""
    from connector.space import SpaceEntry

    space = _space(state_dir)
    try:
        entries = [SpaceEntry(space_type(), f"U{i:07d}", synthetic_attributes(i)) for i in range(n)]
        start = time.perf_counter()
        space.replace_all(entries)
        return {"seconds": time.perf_counter() - start, "count": space.count()}
    finally:
        space.close()


def space_type() -> str:
    return sap_connector_config().connectors[0].object_type


def reload_space(state_dir: str) -> dict[str, Any]:
    """Open the SQLite connector space as a restarting host does; time it and weigh it."""
    import tempfile

    with tempfile.TemporaryDirectory() as empty:  # imports, SQLite and parsing before the baseline,
        _space(empty).close()  # so only the cache itself is weighed
    gc.collect()
    before = current_rss_mb()
    start = time.perf_counter()
    space = _space(state_dir)
    seconds = time.perf_counter() - start
    gc.collect()
    after = current_rss_mb()
    try:
        count = space.count()
    finally:
        space.close()
    return {"seconds": seconds, "count": count, "cache_mb": after - before, "path": str(Path(state_dir))}


def run_suite(args: list[str], cwd: str) -> dict[str, Any]:
    """The test suite in a subprocess: wall time, outcome counts and the subprocess's peak RSS."""
    import re
    import resource
    import subprocess
    import sys

    start = time.perf_counter()
    completed = subprocess.run(  # noqa: S603 - our own interpreter running pytest
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - start
    tail = completed.stdout.strip().splitlines()[-1] if completed.stdout.strip() else completed.stderr[-300:]
    counts = {kind: int(num) for num, kind in re.findall(r"(\d+) (passed|failed|errors?|skipped)", tail)}
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {
        "seconds": seconds,
        "returncode": completed.returncode,
        "summary": tail,
        "counts": counts,
        "peak_mb": peak,
    }
