"""Where the shipped lab data lives: templates, host configurations, mappings, scenarios, traffic.

In a checkout or an editable install that is the top-level ``fixtures/`` folder; a wheel
installs the same folder as the data package ``provlab_fixtures`` (see setup.py).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path


@cache
def fixtures_dir() -> Path:
    """The root of the shipped fixtures."""
    source_tree = Path(__file__).resolve().parents[1] / "fixtures"
    if (source_tree / "templates").is_dir():
        return source_tree
    import provlab_fixtures  # installed from a wheel

    return Path(provlab_fixtures.__file__).resolve().parent


def fixture_path(*parts: str) -> Path:
    """A path inside the shipped fixtures, e.g. ``fixture_path("templates", "sap-ecc")``."""
    path = fixtures_dir().joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(f"shipped fixture {'/'.join(parts)} not found under {fixtures_dir()}")
    return path
