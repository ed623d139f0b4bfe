"""Lazy re-exports for a package's public face (PEP 562).

``connector``, ``simulator`` and ``harness.orchestration`` export names from their sub-modules
without importing them until a name is used: ``provlab --help`` stays fast, and static import graphs
(import-linter) see no arrow from the package to its sub-modules, only the caller's arrow to the face.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def lazy_exports(
    package: str, exports: Mapping[str, str], namespace: dict[str, Any]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """``__getattr__`` and ``__dir__`` for ``package``, where ``exports`` maps each public name to
    the module (absolute, or relative to ``package``) that defines it; ``namespace`` is the
    package's ``globals()``, where a name is kept once loaded so later lookups are plain."""

    def __getattr__(name: str) -> Any:  # noqa: N807 - the module-level hook PEP 562 names
        module = exports.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module, package), name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:  # noqa: N807
        return sorted({*namespace, *exports})

    return __getattr__, __dir__
