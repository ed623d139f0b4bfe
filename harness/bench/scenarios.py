"""The scenarios: each starts what it measures, runs it ``runs`` times and returns medians."""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from harness.orchestration import Lab
from harness.orchestration.processes import ChildServer, run_job
from provlab.tls import TLSFiles

from .floors import UserFloor, sap_endpoint, user_floor_seconds
from .jobs import connector_full_import, entra_initial_cycle, inprocess_initial_cycle, run_suite
from .model import Measurement, RunSample, summarise
from .setup import SAP_WSDL, bench_options, constant_app, sap_credentials
from .space_jobs import fill_space, reload_space
from .wire import FloorError, RawSoap, ScimFloor, cycle, timed, zeep_detail_service

REPO_ROOT = Path(__file__).resolve().parents[2]
FLOOR_SAMPLE_USERS = 200  # distinct users the floors read (calls cycle over them)


@dataclass
class BenchContext:
    """What every scenario gets: size, repetitions, the engine's worker count, a scratch folder,
    and the pytest arguments of the ``suite`` scenario."""

    n: int
    runs: int
    workers: int = 4
    work_dir: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="provlab-bench-")))
    suite_args: list[str] = field(default_factory=lambda: ["tests"])

    def tls(self) -> TLSFiles:
        """The lab's self-signed certificate for the HTTPS servers, made once per benchmark."""
        from provlab.tls import ensure_self_signed

        return ensure_self_signed(self.work_dir / "tls", ["localhost"])


def _cpu(**servers: ChildServer) -> dict[str, float]:
    """CPU seconds used so far by each server process, by role."""
    return {role: server.cpu_seconds() for role, server in servers.items()}


def _cpu_ms_per_user(before: dict[str, float], after: dict[str, float], n: int) -> dict[str, float]:
    return {f"cpu_ms_per_user_{role}": (after[role] - before[role]) * 1000 / n for role in before}


def _floor_with_cpu(floor: UserFloor, n: int, **servers: ChildServer) -> tuple[float, float]:
    """Wall seconds of ``n`` floor users and the CPU milliseconds per user they cost, summed over
    the floor's servers and this process (the floor's client)."""
    floor.warm_up()
    before, client = _cpu(**servers), time.process_time()
    seconds = floor.seconds(n)
    client = time.process_time() - client
    servers_ms = sum(_cpu_ms_per_user(before, _cpu(**servers), n).values())
    return seconds, servers_ms + client * 1000 / n


def _add_rss(samples: list[RunSample], **roles: float) -> None:
    for sample in samples:
        sample.peak_rss_mb.update(roles)


def _target_lab(seed_users: int) -> Lab:
    """Only the simulator, in a child process, with ``seed_users`` deterministic users."""
    return Lab(bench_options(processes=True, start_host=False, target_seed=seed_users))


def floor(ctx: BenchContext) -> Measurement:
    """Two SCIM exchanges against a constant app behind the connector's HTTPS server, plus one raw
    SOAP call to the simulator, per user; sequential per-exchange costs in the details."""
    tls = ctx.tls()
    samples: list[RunSample] = []
    with ChildServer(constant_app, {}, tls=tls) as scim_server, _target_lab(FLOOR_SAMPLE_USERS) as lab:
        sap = lab.processes["simulator"]
        scim = ScimFloor(scim_server.url, verify=str(tls.cert_path))
        raw = RawSoap(sap_endpoint(sap.url), sap_credentials())
        names = raw.list_usernames(FLOOR_SAMPLE_USERS)
        items = cycle(names, ctx.n)
        for _ in range(ctx.runs):
            https_s = timed(scim.new_user, items)
            soap_s = timed(raw.get_detail, items)
            user_s = user_floor_seconds(scim, raw, names, ctx.n, ctx.workers)
            details = {
                "https_exchange_ms": https_s / (2 * ctx.n) * 1000,
                "raw_soap_call_ms": soap_s / ctx.n * 1000,
                "sequential_user_ms": (https_s + soap_s) / ctx.n * 1000,
                "workers": ctx.workers,
            }
            samples.append(RunSample(ctx.n, user_s, user_s, {}, details))
    _add_rss(samples, https_server=scim_server.peak_rss_mb, simulator=sap.peak_rss_mb)
    return summarise("floor", samples)


def soap_client(ctx: BenchContext) -> Measurement:
    """N zeep BAPI_USER_GET_DETAIL calls against N raw-envelope calls, same server, same run."""
    samples: list[RunSample] = []
    with _target_lab(FLOOR_SAMPLE_USERS) as lab:
        sap = lab.processes["simulator"]
        endpoint = sap_endpoint(sap.url)
        raw = RawSoap(endpoint, sap_credentials())
        service = zeep_detail_service(str(SAP_WSDL), endpoint, sap_credentials())
        items = cycle(raw.list_usernames(FLOOR_SAMPLE_USERS), ctx.n)

        def zeep_call(name: str) -> None:
            if service.BAPI_USER_GET_DETAIL(USERNAME=name).ADDRESS is None:
                raise FloorError(f"zeep: no ADDRESS in the detail of {name}")

        for _ in range(ctx.runs):
            cpu = time.process_time()
            raw_s = timed(raw.get_detail, items)
            cpu, raw_cpu = time.process_time(), time.process_time() - cpu
            zeep_s = timed(zeep_call, items)
            zeep_cpu = time.process_time() - cpu
            details = {
                "raw_call_ms": raw_s / ctx.n * 1000,
                "zeep_call_ms": zeep_s / ctx.n * 1000,
                "client_cpu_ms_raw": raw_cpu / ctx.n * 1000,
                "client_cpu_ms_zeep": zeep_cpu / ctx.n * 1000,
            }
            samples.append(RunSample(ctx.n, zeep_s, raw_s, {}, details))
    _add_rss(samples, simulator=sap.peak_rss_mb)
    return summarise("soap-client", samples)


def full_import(ctx: BenchContext) -> Measurement:
    """The connector's Full Import of N users from the simulator over loopback, against N raw
    sequential GET_DETAIL calls in the same run (and N raw calls 4 at a time, in the details)."""
    samples: list[RunSample] = []
    with _target_lab(ctx.n) as lab:
        sap = lab.processes["simulator"]
        raw = RawSoap(sap_endpoint(sap.url), sap_credentials())
        names = raw.list_usernames(ctx.n)
        if len(names) != ctx.n:
            raise FloorError(f"the simulator lists {len(names)} users, expected {ctx.n}")
        for _ in range(ctx.runs):
            before = _cpu(simulator=sap)
            floor_s = timed(raw.get_detail, names)
            raw_cpu = _cpu_ms_per_user(before, _cpu(simulator=sap), ctx.n)["cpu_ms_per_user_simulator"]
            parallel_s = timed(raw.get_detail, names, concurrency=ctx.workers)
            before = _cpu(simulator=sap)
            result, rss = run_job(connector_full_import, target_url=sap.url)
            if result["cached"] != ctx.n:
                raise FloorError(
                    f"the Full Import cached {result['cached']} of {ctx.n} users ({result['status']})"
                )
            details = {
                "raw_detail_per_s": ctx.n / floor_s,
                "raw_detail_parallel_per_s": ctx.n / parallel_s,
                "ratio_to_parallel_floor": result["seconds"] / parallel_s,
                "cpu_ms_per_raw_call_simulator": raw_cpu,
                "cpu_ms_per_user_connector": result["cpu_seconds"] * 1000 / ctx.n,
                **_cpu_ms_per_user(before, _cpu(simulator=sap), ctx.n),
            }
            samples.append(RunSample(ctx.n, result["seconds"], floor_s, {"connector": rss}, details))
    _add_rss(samples, simulator=sap.peak_rss_mb)
    return summarise("full-import", samples)


def initial_cycle(ctx: BenchContext) -> Measurement:
    """Entra → HTTPS SCIM → connector host → SOAP → simulator, each in its own process; the
    floor (constant HTTPS app + raw SOAP, same concurrency) measured right after, same servers."""
    tls = ctx.tls()
    samples: list[RunSample] = []
    for _ in range(ctx.runs):
        lab_options = bench_options(processes=True, state_dir=ctx.work_dir / "tls")  # the same certificate
        with ChildServer(constant_app, {}, tls=tls) as scim_server, Lab(lab_options) as lab:
            sap, host = lab.processes["simulator"], lab.processes["connector"]
            before = _cpu(connector=host, simulator=sap)
            result, entra_rss = run_job(
                entra_initial_cycle,
                tenant=lab.host.tenant_url,
                ca_cert=str(lab.host.ca_cert),
                n=ctx.n,
                workers=ctx.workers,
            )
            details = {
                "workers": ctx.workers,
                "cpu_ms_per_user_entra": result["cpu_seconds"] * 1000 / ctx.n,
                **_cpu_ms_per_user(before, _cpu(connector=host, simulator=sap), ctx.n),
            }
            raw = RawSoap(sap_endpoint(sap.url), sap_credentials())
            scim = ScimFloor(scim_server.url, verify=str(tls.cert_path))
            floor = UserFloor(scim, raw, raw.list_usernames(FLOOR_SAMPLE_USERS), ctx.workers)
            floor_s, floor_cpu_ms = _floor_with_cpu(floor, ctx.n, https_server=scim_server, simulator=sap)
            cycle_cpu_ms = sum(v for k, v in details.items() if k.startswith("cpu_ms_per_user_"))
            details["floor_cpu_ms_per_user"] = floor_cpu_ms
            details["cpu_ratio_to_floor"] = cycle_cpu_ms / floor_cpu_ms
        rss = {"entra": entra_rss, "connector": host.peak_rss_mb, "simulator": sap.peak_rss_mb}
        samples.append(RunSample(ctx.n, result["seconds"], floor_s, rss, details))
    return summarise("initial-cycle", samples)


def initial_cycle_inprocess(ctx: BenchContext) -> Measurement:
    """The same chain in one process over WSGI transports, against the in-process floor."""
    samples: list[RunSample] = []
    for _ in range(ctx.runs):
        result, rss = run_job(inprocess_initial_cycle, n=ctx.n, workers=ctx.workers)
        samples.append(
            RunSample(
                ctx.n,
                result["seconds"],
                result["floor_seconds"],
                {"all-in-one": rss},
                {"workers": ctx.workers, "cpu_ms_per_user_all": result["cpu_seconds"] * 1000 / ctx.n},
            )
        )
    return summarise("initial-cycle-inprocess", samples)


def cache_memory(ctx: BenchContext) -> Measurement:
    """N users in the SQLite connector space: reload time and memory per cached user, in a fresh process."""
    state_dir = ctx.work_dir / f"space-{ctx.n}"
    filled, writer_rss = run_job(fill_space, state_dir=str(state_dir), n=ctx.n)
    samples: list[RunSample] = []
    for _ in range(ctx.runs):
        result, rss = run_job(reload_space, state_dir=str(state_dir))
        if result["count"] != ctx.n:
            raise FloorError(f"the reloaded connector space holds {result['count']} of {ctx.n} users")
        details = {
            "kib_per_user": result["cache_mb"] * 1024 / ctx.n,
            "cache_mb": result["cache_mb"],
            "write_seconds": filled["seconds"],
        }
        samples.append(RunSample(ctx.n, result["seconds"], None, {"connector": rss}, details))
    _add_rss(samples, writer=writer_rss)  # the process that built and wrote the N entries
    return summarise("cache-memory", samples)


def suite(ctx: BenchContext) -> Measurement:
    """Wall time of the default test suite (``pytest -q -p no:cacheprovider``, as ``tox`` runs it)."""
    samples: list[RunSample] = []
    for _ in range(ctx.runs):
        result, _ = run_job(run_suite, args=ctx.suite_args, cwd=str(REPO_ROOT))
        counts = result["counts"]
        if result["returncode"] not in (0, 5) and not counts:
            raise FloorError(f"the test suite did not run: {result['summary']}")
        details = {f"tests_{kind}": float(num) for kind, num in counts.items()}
        samples.append(
            RunSample(
                counts.get("passed", 0), result["seconds"], None, {"pytest": result["peak_mb"]}, details
            )
        )
    return summarise("suite", samples, per_user=False)


__all__ = [
    "BenchContext",
    "cache_memory",
    "floor",
    "full_import",
    "initial_cycle",
    "initial_cycle_inprocess",
    "soap_client",
    "suite",
]
