"""Fixtures for template tests: a writable copy of the shipped SAP template to break on purpose."""

from __future__ import annotations

import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
SAP_TEMPLATE = REPO / "fixtures" / "templates" / "sap-ecc"


def zip_template(directory: Path, destination: Path, *, top_folder: bool = False) -> Path:
    """Zip a template directory the way a customer would ship it as .wsconfig."""
    with zipfile.ZipFile(destination, "w") as archive:
        for f in sorted(directory.rglob("*")):
            if f.is_file():
                name = f.relative_to(directory).as_posix()
                archive.write(f, f"{directory.name}/{name}" if top_folder else name)
    return destination


def line_of(path: Path, needle: str) -> int:
    """1-based line of the first line containing ``needle``."""
    for number, line in enumerate(path.read_text().splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


@pytest.fixture
def sap_copy(tmp_path: Path) -> Path:
    target = tmp_path / "sap-ecc"
    shutil.copytree(SAP_TEMPLATE, target)
    return target


@pytest.fixture
def edit() -> Callable[[Path, str, str], Path]:
    """Replace ``old`` by ``new`` in a file (exactly once), failing loudly if ``old`` is absent."""

    def apply(path: Path, old: str, new: str) -> Path:
        text = path.read_text()
        assert old in text, f"{old!r} not in {path}"
        path.write_text(text.replace(old, new, 1))
        return path

    return apply
