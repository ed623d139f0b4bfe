"""Entra's source-object scope: "sync only assigned" and scoping filters with every documented operator."""

from .model import (
    UNSUPPORTED_ATTRIBUTES,
    ScopingClause,
    ScopingError,
    ScopingFilter,
    ScopingFilters,
    in_scope,
)
from .operators import OPERATORS, apply_operator, canonical_operator

__all__ = [
    "OPERATORS",
    "UNSUPPORTED_ATTRIBUTES",
    "ScopingClause",
    "ScopingError",
    "ScopingFilter",
    "ScopingFilters",
    "apply_operator",
    "canonical_operator",
    "in_scope",
]
