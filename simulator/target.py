"""The interface a simulated target vendor implements: one :class:`Target` per vendor.

A vendor (SAP ECC, the LOB REST app, a test-only service, Oracle E-Business Suite …) is one folder
with a ``Target`` subclass and its registry entry (:mod:`simulator.registry`). The simulator's core
— ``create_app``, ``provlab simulator serve``, the admin API, the fault grammar, the journal — knows
vendors only through this class, so a new vendor touches no core file:

- :meth:`Target.build` gives its WSGI apps (routes, service description, its own authentication)
  as :class:`Mount` s, each with the wire adapter that names operations for the journal and the
  fault injector and says how an injected fault looks on its protocol;
- ``fault_kinds`` / ``fault_options`` / ``fault_defaults`` extend the vendor-neutral fault grammar
  (:mod:`provlab.faults`) with what only this vendor can suffer;
- ``settings`` are its own options (a token, a WS-Security user …): ``create_app`` keywords and
  ``simulator serve`` flags;
- :meth:`Target.admin_view`, :meth:`Target.user_from_admin` and :meth:`Target.sample_users` are
  how the admin API shows, creates and seeds its users over the one shared store;
- :meth:`Target.fixtures` says where its template, host configuration, mappings and scenarios live.

Everything except :meth:`Target.build` must stay cheap to import: the registry reads the class to
list vendors, build CLI flags and check fault rules, without starting anything.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from provlab.faults import KindSpec, Option
from simulator.admin_view import (
    SEEDABLE_FIELDS,
    STANDARD_FIELDS,
    AdminFieldError,
    standard_record,
    standard_view,
)

if TYPE_CHECKING:
    from provlab.transport import WSGIApp
    from simulator.observe import WireAdapter
    from simulator.store import UserRecord, UserStore

__all__ = [
    "AdminFieldError",
    "BuildContext",
    "Built",
    "Mount",
    "Setting",
    "Target",
    "TargetFixtures",
]


@dataclass(frozen=True)
class Setting:
    """One option of a vendor: a keyword of ``create_app`` (``name``) and a flag of
    ``provlab simulator serve`` (``flag``, optionally read from ``envvar``). Names and flags are
    unique across every registered vendor; prefix them with the vendor's name."""

    name: str
    default: str
    flag: str
    help: str
    envvar: str | None = None


@dataclass(frozen=True)
class TargetFixtures:
    """Where a vendor's shipped files live; None where it ships none.

    ``template`` a connector template folder, ``host_config`` an ECMA2Host ``Configuration.xml``
    (the default of scenarios and labs for this target), ``mappings`` an Entra mapping set (Graph
    JSON or the short YAML form, the default of its scenarios), ``scenarios`` a folder of
    ``*.scenario.yaml`` files."""

    template: Path | None = None
    host_config: Path | None = None
    mappings: Path | None = None
    scenarios: Path | None = None

    @classmethod
    def by_vendor(cls, root: Path, vendor: str) -> TargetFixtures:
        """The layout under a ``fixtures/`` folder by vendor name: ``templates/<vendor>``,
        ``hosts/<vendor>/Configuration.xml``, ``mappings/<vendor>.json`` (or ``.yaml``) and
        ``scenarios/<vendor>``; a part that does not exist is None."""
        mappings = next(
            (
                path
                for suffix in (".json", ".yaml")
                if (path := root / "mappings" / f"{vendor}{suffix}").is_file()
            ),
            None,
        )
        return cls(
            template=_existing(root / "templates" / vendor),
            host_config=_existing(root / "hosts" / vendor / "Configuration.xml"),
            mappings=mappings,
            scenarios=_existing(root / "scenarios" / vendor),
        )


def _existing(path: Path) -> Path | None:
    return path if path.exists() else None


@dataclass(frozen=True)
class BuildContext:
    """What a vendor's services are built on: the one user store (its clock is "today"), the
    simulator's HTTP basic credentials (a vendor may use them or its own settings), and the
    vendor's own settings with their defaults filled in."""

    store: UserStore
    credentials: tuple[str, str]
    settings: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Mount:
    """One WSGI app of a vendor under ``path`` (a prefix, e.g. ``/api/v1``). The core puts the
    journal and the fault injector in front of it through ``wire``, whose ``service`` must be the
    vendor's name. ``hint`` is the address the simulator's 404 page points to (default ``path``)."""

    path: str
    app: WSGIApp
    wire: WireAdapter
    hint: str | None = None


@dataclass(frozen=True)
class Built:
    """A vendor's built services: its mounts, and ``handle``, what ``SimulatorApp`` exposes under
    the vendor's ``handle_attribute`` for tests (SAP: its BAPIs, REST: its Flask app)."""

    mounts: tuple[Mount, ...]
    handle: Any = None


class Target:
    """One simulated target vendor. Subclass it, set the class attributes, implement :meth:`build`.

    ``name`` is the vendor everywhere: the ``service`` of its journal entries and fault rules, a
    scenario's ``target:``, ``--<name>/--no-<name>`` of ``simulator serve`` and the switch keyword
    of ``create_app`` — lower case letters, digits and ``_``. ``label`` names it in one word on the
    404 page; ``title`` says what it serves (``--<name>`` help). ``served_by_default``: whether
    ``create_app()`` and ``simulator serve`` start it without being asked.

    ``description_operations`` are the journal operations that only fetch its service description
    (SOAP: ``WSDL``), left out when scenarios and the demo count target calls. ``admin_fields`` are
    the keys of its admin view a scenario may expect (``expect.target``), ``seedable_fields`` those
    :meth:`user_from_admin` accepts (a scenario's ``target_users``). Every admin view carries
    ``userName``, the store's key, which reports and scenarios address users by.
    """

    name: str = ""
    label: str = ""
    title: str = ""
    served_by_default: bool = True
    handle_attribute: str | None = None  # None: the vendor's name
    settings: tuple[Setting, ...] = ()
    fault_kinds: tuple[KindSpec, ...] = ()
    fault_options: tuple[Option, ...] = ()
    fault_defaults: Mapping[str, Any] = MappingProxyType({})  # the rule field of each option, unset
    fault_example: str | None = None  # a rule shown by "should look like …" messages
    description_operations: tuple[str, ...] = ()
    admin_fields: tuple[str, ...] = STANDARD_FIELDS
    seedable_fields: tuple[str, ...] = SEEDABLE_FIELDS
    not_found_hint: str = ""  # added to the admin API's "no user …" answer

    def build(self, context: BuildContext) -> Built:
        """Build the vendor's WSGI apps on ``context`` (called once per ``create_app``)."""
        raise NotImplementedError(f"{type(self).__name__} must implement build()")

    def operations(self) -> tuple[str, ...]:
        """The operation names its wire adapter reports (what fault rules match), for listings."""
        return ()

    def description_url(self, base_url: str) -> str | None:
        """Where its service description (WSDL, OpenAPI) is served under ``base_url``."""
        return None

    def banner(self, base_url: str, context: BuildContext) -> list[str]:
        """The lines ``simulator serve`` and the demo print for it: its URLs and the credentials a
        client needs (``WSDL: …``, ``REST: …``)."""
        return []

    def admin_view(self, user: UserRecord, today: date) -> dict[str, Any]:
        """A user as the admin API shows it for this vendor (never a password or its hash)."""
        return standard_view(user, today)

    def user_from_admin(self, fields: Mapping[str, Any]) -> UserRecord:
        """The record an admin creates from ``seedable_fields`` (``POST /_admin/users``); raises
        :class:`AdminFieldError` saying which field is wrong."""
        return standard_record(fields)

    def sample_users(self, count: int, *, seed: int, today: date) -> list[UserRecord]:
        """``count`` realistic users valid for this vendor, the same for the same seed and day."""
        from simulator.seed import generate_users  # Faker: only when seeding

        return generate_users(count, seed=seed, today=today)

    def fixtures(self) -> TargetFixtures:
        """Its template, host configuration, mappings and scenarios."""
        return TargetFixtures()

    @property
    def attribute(self) -> str:
        """The ``SimulatorApp`` attribute its handle is exposed under."""
        return self.handle_attribute or self.name

    def __repr__(self) -> str:
        return f"<target {self.name}: {self.title}>"
