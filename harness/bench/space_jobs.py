"""Jobs on the SQLite connector space, each run in a child process of its own so its memory is its
own: this module imports only the connector (the space's own cost is what is weighed)."""

from __future__ import annotations

import gc
import tempfile
import time
from pathlib import Path
from typing import Any

import connector
from harness.orchestration.processes import current_rss_mb

from .setup import sap_connector_config

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
    return connector.sqlite_spaces(state_dir)(sap_connector_config())


def fill_space(state_dir: str, n: int) -> dict[str, Any]:
    """Write ``n`` users into the SQLite connector space in ``state_dir`` as one import would."""
    space = _space(state_dir)
    try:
        entries = [connector.SpaceEntry(space_type(), f"U{i:07d}", synthetic_attributes(i)) for i in range(n)]
        start = time.perf_counter()
        space.replace_all(entries)
        return {"seconds": time.perf_counter() - start, "count": space.count()}
    finally:
        space.close()


def space_type() -> str:
    return sap_connector_config().object_type


def reload_space(state_dir: str) -> dict[str, Any]:
    """Open the SQLite connector space as a restarting host does; time it and weigh it."""
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
