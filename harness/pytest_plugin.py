"""provlab's pytest plugin: scenario files as test items, and fixtures for the whole chain.

Files named ``*.scenario.yaml`` anywhere pytest looks are collected, one test item each; a
failing scenario reports expected vs actual, the SCIM exchanges and the target calls instead
of a traceback. Fixtures ``sap_simulator``, ``rest_simulator``, ``connector_host`` and
``entra`` are parts of one fresh lab per test (``provlab_lab``), in-process by default;
``--provlab-sockets`` (or ``@pytest.mark.sockets``) runs them over real loopback HTTPS.
Each item starts its own lab on ephemeral ports, so pytest-xdist can spread them freely.
``--provlab-report DIR`` writes one HTML report (plus JSON) per scenario item, passed or failed,
and per test that uses the lab fixtures.

Heavy imports happen inside hooks and fixtures, so loading the plugin costs nothing.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

SCENARIO_SUFFIX = ".scenario.yaml"
FIXED_NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
SPYNE_CGI_WARNING = "ignore:'cgi' is deprecated:DeprecationWarning:spyne"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("provlab")
    group.addoption(
        "--provlab-sockets",
        action="store_true",
        default=False,
        help="run provlab scenarios and fixtures over real loopback sockets (HTTPS to the connector host)",
    )
    group.addoption(
        "--provlab-report",
        metavar="DIR",
        default=None,
        help="write an HTML report (self-contained) and its JSON into DIR per scenario item and per test "
        "using the lab fixtures, passed or failed: the outcome, then per user the steps, SCIM exchanges, "
        "target calls and the target's state before and after",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "sockets: runs over real loopback sockets")
    config.addinivalue_line("markers", "provlab_scenario: a provlab *.scenario.yaml file")
    # Spyne 2.14 (the simulator's SOAP service) imports the deprecated cgi module; the warning would
    # show in every user's summary although only a Spyne release can fix it. Scoped to spyne's
    # modules, so a user's own cgi import still warns.
    config.addinivalue_line("filterwarnings", SPYNE_CGI_WARNING)


def pytest_collect_file(file_path: Any, parent: pytest.Collector) -> pytest.Collector | None:
    if file_path.name.endswith(SCENARIO_SUFFIX):
        return ScenarioFile.from_parent(parent, path=file_path)
    return None


class ScenarioFile(pytest.File):
    """One scenario file; a file that cannot be read fails collection with ``file:line``."""

    def collect(self) -> Iterator[pytest.Item]:
        from harness.scenarios import ScenarioError, load_scenario

        try:
            scenario = load_scenario(self.path)
        except ScenarioError as error:
            raise self.CollectError(str(error)) from None
        yield ScenarioItem.from_parent(self, name=scenario.name, scenario=scenario)


class ScenarioItem(pytest.Item):
    def __init__(self, *, scenario: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.scenario = scenario
        self.add_marker("provlab_scenario")
        if scenario.sockets:
            self.add_marker("sockets")

    def runtest(self) -> None:
        from harness.scenarios import run_scenario

        run_scenario(
            self.scenario,
            sockets=bool(self.config.getoption("provlab_sockets")),
            report_to=report_path(self.config, self.nodeid),
        )

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> Any:
        from harness.scenarios import ScenarioFailure

        if isinstance(excinfo.value, ScenarioFailure):
            return excinfo.value.report
        return super().repr_failure(excinfo, style=style)

    def reportinfo(self) -> tuple[Any, int, str]:
        return self.path, self.scenario.line - 1, f"scenario: {self.scenario.name}"


# reports ---------------------------------------------------------------------------------------
def report_dir(config: pytest.Config) -> Path | None:
    """``--provlab-report DIR``, relative to where pytest was started."""
    value = config.getoption("provlab_report", default=None)
    return None if not value else Path(config.invocation_params.dir, value)


def report_path(config: pytest.Config, nodeid: str) -> Path | None:
    """The item's report file: its node id made a file name (unique, readable, not too long)."""
    directory = report_dir(config)
    if directory is None:
        return None
    name = re.sub(r"[^\w.-]+", "_", nodeid).strip("_")
    if len(name) > 120:
        name = f"{name[:110]}-{hashlib.sha256(nodeid.encode()).hexdigest()[:8]}"
    return directory / f"{name}.html"


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    directory = report_dir(config)
    if directory is not None and directory.is_dir():
        count = sum(1 for _ in directory.glob("*.html"))
        terminalreporter.write_line(f"provlab: {count} report(s) in {directory}")


_PHASES = pytest.StashKey[dict[str, pytest.TestReport]]()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """Keep each phase's outcome on the item, so a lab fixture's report can say how the test went."""
    report = yield
    item.stash.setdefault(_PHASES, {})[report.when] = report
    return report


def _write_lab_report(node: pytest.Item, recorder: Any, path: Path) -> None:
    """The report of a test that used lab fixtures: its outcome, then what its lab did."""
    from harness.orchestration.reporting import outcome_section, write_report_page

    phases = node.stash.get(_PHASES, {})
    failed = [report for report in phases.values() if report.failed]
    failure = "\n\n".join(report.longreprtext for report in failed) or None
    outcome = "passed" if failure is None else "failed"
    report = recorder.finish(f"{node.nodeid}: {outcome}")
    extra = {"test": {"nodeid": node.nodeid, "outcome": outcome, "failure": failure}}
    write_report_page(report, path, preface=outcome_section("Test", node.nodeid, failure), extra=extra)


# fixtures --------------------------------------------------------------------------------------
def _wants_sockets(request: pytest.FixtureRequest) -> bool:
    marked = request.node.get_closest_marker("sockets") is not None
    return marked or bool(request.config.getoption("provlab_sockets", default=False))


@pytest.fixture
def provlab_make_lab(request: pytest.FixtureRequest) -> Iterator[Callable[..., Any]]:
    """``make(**LabOptions fields)`` starts a lab (closed after the test); by default the
    clock is fixed at 2026-11-27 09:00 UTC and sockets follow ``--provlab-sockets``. With
    ``--provlab-report DIR`` each lab's run is written there, named after the test."""
    from harness.orchestration import Lab, LabOptions
    from harness.orchestration.reporting import LabRecorder
    from provlab.clock import FixedClock

    path = report_path(request.config, request.node.nodeid)
    labs: list[tuple[Any, Any]] = []

    def make(**options: Any) -> Any:
        options.setdefault("sockets", _wants_sockets(request))
        options.setdefault("clock", FixedClock(FIXED_NOW))
        lab = Lab(LabOptions(**options))
        labs.append((lab, LabRecorder(lab, request.node.nodeid) if path else None))
        return lab

    yield make
    for number, (lab, recorder) in enumerate(labs, 1):
        try:
            if recorder is not None and path is not None:
                target = path if number == 1 else path.with_name(f"{path.stem}-{number}.html")
                _write_lab_report(request.node, recorder, target)
        finally:
            lab.close()


@pytest.fixture
def provlab_lab(provlab_make_lab: Callable[..., Any]) -> Any:
    """The SAP chain with no users: simulator, host (connector SAPECC) and Entra."""
    return provlab_make_lab()


@pytest.fixture
def sap_simulator(provlab_lab: Any) -> Any:
    """The simulator as a :class:`harness.orchestration.TargetView` (admin API, journal, faults)."""
    return provlab_lab.target


@pytest.fixture
def rest_simulator(provlab_lab: Any) -> Any:
    """The same simulator, whose REST user API is at ``.rest_url`` (one store behind SAP and REST)."""
    return provlab_lab.target


@pytest.fixture
def connector_host(provlab_lab: Any) -> Any:
    """The running host: ``.tenant_url``, ``.secret``, ``.ca_cert``, ``.session``, ``.full_import()``."""
    return provlab_lab.host


@pytest.fixture
def entra(provlab_lab: Any) -> Any:
    """The simulated Entra job: ``.directory``, ``.engine`` (cycles, on demand), ``.client``, ``.logs``."""
    return provlab_lab.entra
