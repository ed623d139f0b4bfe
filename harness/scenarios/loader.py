"""Read a ``*.scenario.yaml`` file into a :class:`Scenario`, refusing anything that could not
run with ``file:line`` and the fix, before a single service starts."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from harness.directory import EVENTS
from harness.directory.model import PROFILE_ATTRIBUTES
from simulator import (
    FaultRuleError,
    TargetRegistryError,
    UnknownTargetError,
    get_target,
    parse_fault_rule,
    target_names,
)

from .model import (
    ABSENT,
    COMMON_EXPECTATIONS,
    KIND_EXPECTATIONS,
    LOG_KEYS,
    STEP_KINDS,
    Expectation,
    Scenario,
    ScenarioError,
    Step,
)
from .yaml_lines import LineDict, YamlError, load_yaml

SCENARIO_SUFFIX = ".scenario.yaml"
DEFAULT_TARGET = "sap"
TOP_KEYS = (
    "name",
    "description",
    "target",
    "host",
    "template",
    "connector",
    "mappings",
    "dialect",
    "today",
    "target_users",
    "target_seed",
    "source_users",
    "source_seed",
    "seed",
    "sockets",
    "steps",
)
STEP_OPTIONS = {"event": ("user", "set"), "test_connection": ("secret",)}
SOURCE_FIELDS = (*PROFILE_ATTRIBUTES, "id", "accountEnabled", "assigned")
DIALECTS = ("default", "aadOptscim062020")


def load_scenario(path: str | Path) -> Scenario:
    """Load and check one scenario file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ScenarioError(f"{path}: cannot read the scenario file ({error.strerror})") from None
    try:
        data = load_yaml(text, path)
    except YamlError as error:
        raise ScenarioError(str(error)) from None
    return _Reader(path).scenario(data)


class _Reader:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.target: Any = None  # the registered target (simulator.get_target) the scenario names

    def fail(self, line: int, message: str) -> ScenarioError:
        return ScenarioError(f"{self.path}:{line}: {message}")

    def mapping(self, value: Any, line: int, what: str) -> LineDict:
        if not isinstance(value, LineDict):
            raise self.fail(line, f"{what} must be a mapping (key: value lines), not {_kind(value)}")
        return value

    def known_keys(self, data: LineDict, allowed: tuple[str, ...], what: str) -> None:
        for key in data:
            if key not in allowed:
                raise self.fail(
                    data.line_of(key), f"unknown key {key!r} in {what}; expected one of: {', '.join(allowed)}"
                )

    def scenario(self, data: Any) -> Scenario:
        data = self.mapping(data, 1, "a scenario file")
        self.known_keys(data, TOP_KEYS, "the scenario")
        if "steps" not in data:
            raise self.fail(
                data.line, "the scenario has no 'steps'; list what Entra does, e.g. '- cycle: {}'"
            )
        target = data.get("target", DEFAULT_TARGET)
        self.target = self.registered(target, data.line_of("target"))
        fixtures = self.target.fixtures()
        host = self.file(data, "host") or fixtures.host_config
        if host is None:
            raise self.fail(data.line, f"target {target} ships no host configuration; give 'host:' (a file)")
        dialect = data.get("dialect", "default")
        if dialect not in DIALECTS:
            raise self.fail(
                data.line_of("dialect"), f"dialect must be one of {', '.join(DIALECTS)}, not {dialect!r}"
            )
        steps = data["steps"]
        if not isinstance(steps, list) or not steps:
            raise self.fail(data.line_of("steps"), "steps must be a non-empty list")
        return Scenario(
            name=str(data.get("name") or self.path.name.removesuffix(SCENARIO_SUFFIX)),
            path=self.path,
            line=data.line,
            host_config=host,
            steps=tuple(self.step(raw, data.line_of("steps")) for raw in steps),
            description=str(data.get("description", "")),
            target=target,
            connector=data.get("connector"),
            mappings=self.file(data, "mappings") or fixtures.mappings,
            template=self.file(data, "template", directory=True),
            flag_dialect=dialect == "aadOptscim062020",
            today=self.today(data),
            target_users=self.users(data, "target_users", self.target.seedable_fields, "userName"),
            target_seed=self.count(data, "target_seed"),
            source_users=self.users(data, "source_users", SOURCE_FIELDS, "userPrincipalName"),
            source_seed=self.count(data, "source_seed"),
            seed=self.count(data, "seed", 42),
            sockets=self.flag(data, "sockets"),
        )

    def registered(self, name: Any, line: int) -> Any:
        """The registered target a scenario's ``target:`` names (shipped, or an installed package's)."""
        try:
            return get_target(str(name))
        except UnknownTargetError:
            raise self.fail(
                line,
                f"target must be one of {', '.join(target_names())}, not {name!r} (a target from another "
                "package must be installed: its provlab.targets entry point)",
            ) from None
        except TargetRegistryError as error:
            raise self.fail(line, str(error)) from None

    def file(self, data: LineDict, key: str, *, directory: bool = False) -> Path | None:
        if key not in data:
            return None
        path = (self.path.parent / str(data[key])).resolve()
        if not (path.is_file() or (directory and path.is_dir())):
            raise self.fail(
                data.line_of(key), f"{key} file {data[key]} not found (paths are relative to this file)"
            )
        return path

    def today(self, data: LineDict) -> date:
        value = data.get("today", "2026-11-27")
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            raise self.fail(
                data.line_of("today"), f"today must be a date YYYY-MM-DD, not {value!r}"
            ) from None

    def count(self, data: LineDict, key: str, default: int = 0) -> int:
        value = data.get(key, default)
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise self.fail(data.line_of(key), f"{key} must be a whole number >= 0, not {value!r}")
        return value

    def flag(self, data: LineDict, key: str) -> bool | None:
        value = data.get(key)
        if value is not None and not isinstance(value, bool):
            raise self.fail(data.line_of(key), f"{key} must be true or false, not {value!r}")
        return value

    def users(
        self, data: LineDict, key: str, fields: tuple[str, ...], required: str
    ) -> tuple[dict[str, Any], ...]:
        raw = data.get(key, [])
        if not isinstance(raw, list):
            raise self.fail(data.line_of(key), f"{key} must be a list of users")
        users = []
        for item in raw:
            user = self.mapping(item, data.line_of(key), f"each entry of {key}")
            self.known_keys(user, fields, f"a user of {key}")
            if required not in user:
                raise self.fail(user.line, f"a user of {key} has no {required}")
            users.append(dict(user))
        return tuple(users)

    # steps ---------------------------------------------------------------------------------
    def step(self, raw: Any, line: int) -> Step:
        if isinstance(raw, str) and raw in STEP_KINDS:
            return Step(raw, {}, line)
        data = self.mapping(raw, line, "a step")
        kinds = [k for k in data if k in STEP_KINDS]
        if len(kinds) != 1:
            found = ", ".join(kinds) or "none"
            raise self.fail(
                data.line, f"a step names exactly one of {', '.join(STEP_KINDS)} (found: {found})"
            )
        kind = kinds[0]
        options = STEP_OPTIONS.get(kind, ())
        self.known_keys(data, (kind, "expect", "name", *options), f"a {kind} step")
        argument = data[kind]
        argument = {} if argument is None else argument
        self.check_argument(kind, argument, data)
        expectations = self.expectations(kind, data)
        return Step(
            kind,
            argument,
            data.line,
            {k: data[k] for k in options if k in data},
            expectations,
            str(data.get("name", "")),
        )

    def check_argument(self, kind: str, argument: Any, data: LineDict) -> None:
        line = data.line_of(kind)
        if kind == "event":
            if argument not in EVENTS:
                raise self.fail(line, f"unknown event {argument!r}; use one of: {', '.join(EVENTS)}")
            if "user" not in data:
                raise self.fail(line, f"the {argument} event needs 'user:' (a userPrincipalName)")
            if argument == "create":
                user = self.mapping(data["user"], data.line_of("user"), "the user of a create event")
                self.known_keys(user, SOURCE_FIELDS, "the new user")
            if argument == "update" and not isinstance(data.get("set"), dict):
                raise self.fail(line, "the update event needs 'set:' with the attributes to change")
        elif kind == "scim":
            request = self.mapping(argument, line, "a scim step")
            self.known_keys(request, ("method", "path", "body"), "a scim request")
            if not str(request.get("path", "")).startswith("/"):
                raise self.fail(line, "a scim request needs a path under the Tenant URL, e.g. path: /Users")
        elif kind == "on_demand":
            if not isinstance(argument, str):
                raise self.fail(line, "on_demand takes the user's userPrincipalName")
        elif kind == "target_user":
            user = self.mapping(
                argument, line, "target_user (a user created in the target behind the host's back)"
            )
            self.known_keys(user, self.target.seedable_fields, "target_user")
            if "userName" not in user:
                raise self.fail(line, "target_user needs a userName")
        elif kind == "fault":
            if not isinstance(argument, str):
                raise self.fail(
                    line, "fault takes a rule in the simulator's text form, e.g. sap:*:drop:times=1"
                )
            self.check_fault_rule(argument, line)
        elif not isinstance(argument, dict) or argument:
            raise self.fail(line, f"{kind} takes no argument; write '- {kind}: {{}}' or '- {kind}'")

    def check_fault_rule(self, rule: str, line: int) -> None:
        """Refuse a rule the simulator's admin API would refuse mid-run. Its own parser decides
        (one grammar, one list of kinds and parameters), taken from the simulator's public face:
        the generic grammar lives in provlab.faults, but only the simulator knows its vendors'
        kinds (SAP's sap_error, soap_fault), and a copied list would drift from it."""
        try:
            parse_fault_rule(rule)
        except FaultRuleError as error:
            detail = str(error)
            if repr(rule) not in detail:
                detail = f"fault rule {rule!r}: {detail}"
            raise self.fail(line, detail) from None

    def expectations(self, kind: str, data: LineDict) -> tuple[Expectation, ...]:
        if "expect" not in data:
            return ()
        expect = self.mapping(data["expect"], data.line_of("expect"), "expect")
        allowed = (*KIND_EXPECTATIONS[kind], *COMMON_EXPECTATIONS)
        self.known_keys(expect, allowed, f"the expectations of a {kind} step")
        result = []
        for key, value in expect.items():
            line = expect.line_of(key)
            self.check_expectation(key, value, line)
            result.append(Expectation(key, value, line))
        return tuple(result)

    def check_expectation(self, key: str, value: Any, line: int) -> None:
        if key == "target":
            users = self.mapping(value, line, "expect.target (userName: fields or 'absent')")
            for name, fields in users.items():
                if fields == ABSENT:
                    continue
                fields = self.mapping(fields, users.line_of(name), f"the expected fields of {name}")
                self.known_keys(fields, self.target.admin_fields, f"the target user {name}")
        elif key in ("calls", "no_calls"):
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise self.fail(line, f"{key} must be a list of operation names, e.g. [BAPI_USER_CREATE1]")
        elif key == "log":
            log = self.mapping(value, line, "expect.log")
            self.known_keys(log, LOG_KEYS, "expect.log")
        elif key == "counts":
            counts = self.mapping(value, line, "expect.counts (action: number)")
            for name, number in counts.items():
                if not isinstance(number, int):
                    raise self.fail(counts.line_of(name), f"the count of {name} must be a number")
        elif key in ("target_count", "count") and not isinstance(value, int):
            raise self.fail(line, f"{key} must be a number")


def _kind(value: Any) -> str:
    return {list: "a list", str: "a string", int: "a number", type(None): "empty"}.get(
        type(value), type(value).__name__
    )
