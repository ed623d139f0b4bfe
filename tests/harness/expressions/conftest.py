"""Fixtures for the expression-language tests."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from harness.expressions import EvaluationContext


@pytest.fixture
def fixed_context() -> EvaluationContext:
    """FUN's Now() example time (7/2/2021 3:33:38 PM), seeded GUIDs and random strings."""
    return EvaluationContext.fixed(datetime(2021, 7, 2, 15, 33, 38, tzinfo=UTC), seed=7)
