"""Fixtures for the benchmark tests: tiny sizes so every scenario runs in about a second or two."""

from __future__ import annotations

import pytest

# Per scenario: a size that still exercises every code path (paging, parallel workers, floors).
TINY = {
    "floor": 8,
    "soap-client": 8,
    "full-import": 12,
    "initial-cycle": 6,
    "initial-cycle-inprocess": 6,
    "cache-memory": 400,
    "suite": None,
}


@pytest.fixture
def tiny() -> dict[str, int | None]:
    return dict(TINY)
