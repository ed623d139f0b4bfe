"""Fixtures for the expression-language tests: a deterministic context and a helper to evaluate."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from harness.expressions import EvaluationContext, evaluate

# FUN's Now() example value, 7/2/2021 3:33:38 PM.
DOC_NOW = datetime(2021, 7, 2, 15, 33, 38, tzinfo=UTC)


@pytest.fixture
def fixed_context() -> EvaluationContext:
    return EvaluationContext.fixed(DOC_NOW, seed=7)


@pytest.fixture
def run():
    """Evaluate with a fixed, seeded context unless the test passes its own."""

    def _run(expression: str, attributes: dict | None = None, **kwargs):
        kwargs.setdefault("context", EvaluationContext.fixed(DOC_NOW, seed=7))
        return evaluate(expression, attributes or {}, **kwargs)

    return _run
