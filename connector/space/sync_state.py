"""The connector space's sync state: when the space last changed, and the Delta Import watermark.

This module owns the keys these values are kept under in the space (``get_state`` /
``set_state``). The host's imports (:mod:`connector.host.runtime`) and the SCIM exports
(:mod:`connector.scim.service`) record through :func:`note_import` and :func:`note_export`;
the SCIM service reads them back with :func:`sync_times` for the ECMA2Host headers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .model import ConnectorSpace

LAST_IMPORT = "last_successful_import"
LAST_EXPORT = "last_successful_export"
LAST_CACHE_CHANGE = "last_successful_cache_change"
WATERMARK = "delta_import_watermark"


@dataclass(frozen=True)
class SyncTimes:
    """When the last import, the last export and the last change of either succeeded (ISO 8601),
    None for what has not happened in this space yet."""

    last_import: str | None = None
    last_export: str | None = None
    last_cache_change: str | None = None


def note_import(space: ConnectorSpace, when: datetime) -> None:
    """A Full or Delta Import filled the space at ``when``."""
    now = when.isoformat()
    space.set_state(LAST_IMPORT, now)
    space.set_state(LAST_CACHE_CHANGE, now)


def note_export(space: ConnectorSpace, when: datetime) -> None:
    """An export (Add, Replace, Delete, SetPassword) succeeded and the space followed at ``when``."""
    now = when.isoformat()
    space.set_state(LAST_EXPORT, now)
    space.set_state(LAST_CACHE_CHANGE, now)


def sync_times(space: ConnectorSpace) -> SyncTimes:
    return SyncTimes(
        last_import=space.get_state(LAST_IMPORT),
        last_export=space.get_state(LAST_EXPORT),
        last_cache_change=space.get_state(LAST_CACHE_CHANGE),
    )


def delta_watermark(space: ConnectorSpace) -> str | None:
    """The custom data the last import returned, handed to the next Delta Import."""
    return space.get_state(WATERMARK)


def set_delta_watermark(space: ConnectorSpace, custom_data: str) -> None:
    space.set_state(WATERMARK, custom_data)
