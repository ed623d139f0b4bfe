"""Work run in a child process of its own, so its peak RSS is its own (module-level functions:
``spawn`` pickles them by name). Each returns plain data."""

from __future__ import annotations

import time
from typing import Any

from harness.directory import Directory, seed_users
from harness.mappings import sap_ecc_mapping_set
from harness.orchestration.processes import cpu_seconds
from harness.provisioning import EngineSettings, ProvisioningEngine, rules_from_mapping_set
from harness.scim_client import ScimClient
from provlab.transport import wsgi_session

from .floors import sap_endpoint, user_floor_seconds
from .setup import BENCH_SECRET, SEED, bench_options, constant_app, sap_credentials
from .wire import RawSoap, ScimFloor

FLOOR_BASE = "https://floor.bench"


def connector_full_import(target_url: str) -> dict[str, Any]:
    """One Full Import of the SAP ECC connector from the simulator at ``target_url``."""
    from harness.orchestration import Lab  # here: the Entra job does not load the lab

    with Lab(bench_options(target_url=target_url, initial_import=False)) as lab:
        start, cpu = time.perf_counter(), cpu_seconds()
        summary = lab.host.full_import()
        seconds = time.perf_counter() - start
        return {
            "cpu_seconds": cpu_seconds() - cpu,
            "seconds": seconds,
            "entries": summary.entries,
            "status": summary.status,
            "cached": lab.host.cached(),
        }


def _engine(directory_size: int, client: Any, workers: int) -> Any:
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
    client = ScimClient(tenant, BENCH_SECRET, ca_cert=ca_cert)
    return _timed_cycle(_engine(n, client, workers), n)


def inprocess_initial_cycle(n: int, workers: int) -> dict[str, Any]:
    """Simulator, host and Entra in this one process over WSGI transports (the lab in-process);
    then the in-process floor over the same transports, side by side."""
    from harness.orchestration import Lab

    options = bench_options(source_users=seed_users(n, seed=SEED), workers=workers)
    with Lab(options) as lab:
        result = _timed_cycle(lab.entra.engine, n)
        sap_session = wsgi_session(lab.target.base_url, lab.simulator)
        raw = RawSoap(sap_endpoint(lab.target.base_url), sap_credentials(), session=sap_session)
        scim = ScimFloor(FLOOR_BASE, verify=True, session=wsgi_session(FLOOR_BASE, constant_app()))
        result["floor_seconds"] = user_floor_seconds(scim, raw, raw.list_usernames(n), n, workers)
        return result


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
