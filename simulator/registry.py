"""The registry of simulated target vendors: the shipped ones, listed here, and any other
installed package's through the ``provlab.targets`` entry point group.

A package adds a vendor by declaring, in its ``pyproject.toml``::

    [project.entry-points."provlab.targets"]
    hello = "provlab_hello_users.target:HelloUsers"

(the name is the vendor's ``Target.name``; the object a :class:`~simulator.target.Target` subclass
or instance). Every process reads the same installed metadata, so a separate ``provlab simulator
serve`` finds the vendor as well as the process that installed it. Shipped vendors come first, in
the order below, then the others by name; that order is the order of CLI flags, fault kinds and
the banner. The registry is read again when ``sys.path`` changes (a test that puts a package on
the path), otherwise once per process.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import re
import sys
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from simulator.target import Target

ENTRY_POINT_GROUP = "provlab.targets"
# The vendors provlab ships, registered in code ("module:attribute", loaded when first needed).
SHIPPED: tuple[tuple[str, str], ...] = (
    ("sap", "simulator.sap.target:SapTarget"),
    ("rest", "simulator.rest.target:RestTarget"),
)
SHIPPED_SOURCE = "provlab (shipped)"
NAME_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")

__all__ = [
    "ENTRY_POINT_GROUP",
    "Registration",
    "Registry",
    "TargetRegistryError",
    "UnknownTargetError",
    "get_target",
    "registry",
    "target_names",
]


class UnknownTargetError(LookupError):
    """No vendor of that name is registered; the message lists the ones that are."""


class TargetRegistryError(RuntimeError):
    """A registered vendor cannot be used (its entry point does not load, or it is inconsistent);
    the message names the entry point and its package, and says how to fix it."""


@dataclass(frozen=True)
class Registration:
    """Where a vendor comes from: its name, ``module:attribute`` and who registered it."""

    name: str
    reference: str
    source: str

    @property
    def where(self) -> str:
        return f"{ENTRY_POINT_GROUP} entry point {self.name} = {self.reference} ({self.source})"


def _entry_point_registrations() -> list[Registration]:
    found: dict[str, Registration] = {}
    for entry in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
        dist = getattr(entry, "dist", None)
        source = f"distribution {dist.name} {dist.version}" if dist is not None else "an installed package"
        registration = Registration(entry.name, entry.value, source)
        earlier = found.get(entry.name)
        if earlier is not None and earlier.reference != entry.value:
            raise TargetRegistryError(
                f"two packages register the simulated target {entry.name!r}: {earlier.where} and "
                f"{registration.where}; uninstall one of them"
            )
        found.setdefault(entry.name, registration)  # one package seen twice on sys.path is one
    return sorted(found.values(), key=lambda r: r.name)


class Registry:
    """The registered vendors by name; a vendor's code is loaded when first asked for."""

    def __init__(self, registrations: Iterable[Registration]) -> None:
        self._registrations: dict[str, Registration] = {}
        for registration in registrations:
            if not NAME_PATTERN.match(registration.name):
                raise TargetRegistryError(
                    f"{registration.where}: {registration.name!r} cannot name a target; use lower case "
                    "letters, digits and _ (it becomes a CLI flag and a fault rule's service)"
                )
            earlier = self._registrations.get(registration.name)
            if earlier is not None:
                raise TargetRegistryError(
                    f"{registration.where}: the target name {registration.name!r} is taken by "
                    f"{earlier.where}; rename the entry point (and its Target.name)"
                )
            self._registrations[registration.name] = registration
        self._loaded: dict[str, Target] = {}
        self._lock = threading.Lock()

    @classmethod
    def installed(cls) -> Registry:
        """The shipped vendors, then every ``provlab.targets`` entry point installed."""
        shipped = [Registration(name, reference, SHIPPED_SOURCE) for name, reference in SHIPPED]
        return cls([*shipped, *_entry_point_registrations()])

    def names(self) -> tuple[str, ...]:
        """Every registered vendor's name, shipped ones first."""
        return tuple(self._registrations)

    def registration(self, name: str) -> Registration:
        found = self._registrations.get(name)
        if found is None:
            raise UnknownTargetError(
                f"no simulated target {name!r}; the registered ones are {', '.join(self.names())}. A vendor "
                f"from another package is found once that package is installed (its {ENTRY_POINT_GROUP} "
                "entry point); `provlab simulator targets` lists what is registered"
            )
        return found

    def get(self, name: str) -> Target:
        """The vendor called ``name``, loaded and checked."""
        registration = self.registration(name)
        with self._lock:
            target = self._loaded.get(name)
            if target is None:
                target = self._loaded[name] = _load(registration)
            return target

    def targets(self) -> tuple[Target, ...]:
        """Every registered vendor, loaded, in registry order; they are checked against each other."""
        loaded = tuple(self.get(name) for name in self.names())
        self._consistent  # noqa: B018 - checked once, raises when two vendors clash
        return loaded

    def default_names(self) -> tuple[str, ...]:
        """The vendors ``create_app()`` and ``simulator serve`` start unless told otherwise."""
        return tuple(t.name for t in self.targets() if t.served_by_default)

    @cached_property
    def _consistent(self) -> bool:
        _check_together([self.get(name) for name in self.names()], self)
        return True


def _load(registration: Registration) -> Target:
    module_name, _, attribute = registration.reference.partition(":")
    try:
        value = importlib.import_module(module_name)
        for part in attribute.split(".") if attribute else ():
            value = getattr(value, part)
    except Exception as error:  # noqa: BLE001 - any failure of a plug-in's code is reported the same way
        raise TargetRegistryError(
            f"cannot load the simulated target {registration.name!r} from {registration.where}: "
            f"{type(error).__name__}: {error}. Fix that package, or uninstall it"
        ) from error
    target = value() if isinstance(value, type) and issubclass(value, Target) else value
    if not isinstance(target, Target):
        raise TargetRegistryError(
            f"{registration.where} gives {value!r}, not a simulator.target.Target; point it at a Target "
            "subclass or instance"
        )
    if target.name != registration.name:
        raise TargetRegistryError(
            f"{registration.where} loads a target named {target.name!r}; the entry point's name and "
            "Target.name must be the same"
        )
    for setting in target.settings:
        if not setting.name.isidentifier() or not setting.flag.startswith("--"):
            raise TargetRegistryError(
                f"{registration.where}: setting {setting.name!r} needs an identifier for a name and a "
                f"--flag (has {setting.flag!r})"
            )
    return target


# Names the core already uses as create_app keywords and serve flags.
CORE_KEYWORDS = frozenset(
    {"store", "clock", "credentials", "admin_token", "journal", "faults", "fault_seed", "targets"}
)
CORE_FLAGS = frozenset(
    {
        "--host",
        "--port",
        "--seed-users",
        "--seed",
        "--state-dir",
        "--user",
        "--password",
        "--admin-token",
        "--fault",
        "--fault-seed",
        "--help",
    }
)


def _check_together(targets: list[Target], registry: Registry) -> None:
    """Vendors share one keyword space (``create_app``) and one set of ``serve`` flags: refuse clashes."""
    keywords = dict.fromkeys(CORE_KEYWORDS, "provlab's simulator")
    flags = dict.fromkeys(CORE_FLAGS, "provlab's simulator")
    for target in targets:
        where = registry.registration(target.name).where
        claims = [(target.name, f"--{target.name}"), (None, f"--no-{target.name}")]
        claims += [(setting.name, setting.flag) for setting in target.settings]
        for keyword, flag in claims:
            if keyword is not None and keyword in keywords:
                raise TargetRegistryError(
                    f"{where}: the name {keyword!r} is already used by {keywords[keyword]}; rename the "
                    "setting (prefix it with the target's name)"
                )
            if flag in flags:
                raise TargetRegistryError(
                    f"{where}: the flag {flag} is already used by {flags[flag]}; pick another"
                )
            if keyword is not None:
                keywords[keyword] = target.name
            flags[flag] = target.name


def _cache_key() -> tuple[str, ...]:
    return tuple(sys.path)


_CURRENT: tuple[tuple[str, ...], Registry] | None = None
_CURRENT_LOCK = threading.Lock()


def registry() -> Registry:
    """The installed vendors, read once per ``sys.path``."""
    global _CURRENT
    key = _cache_key()
    with _CURRENT_LOCK:
        if _CURRENT is None or _CURRENT[0] != key:
            _CURRENT = (key, Registry.installed())
        return _CURRENT[1]


def get_target(name: str) -> Target:
    """The registered vendor called ``name`` (:class:`UnknownTargetError` lists the others)."""
    return registry().get(name)


def target_names() -> tuple[str, ...]:
    """The names of every registered vendor, shipped ones first."""
    return registry().names()
