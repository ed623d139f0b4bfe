"""The import contracts in pyproject.toml ([tool.importlinter], run by ``tox -e lint``) catch a bad
import: a scratch copy of the four packages with one bad import fails the contract it breaks, and
the real tree keeps them all. import-linter reads the source (grimp), it imports nothing of it, so
the copy is analysed without being importable as a whole; it runs in a child process whose working
directory (first on sys.path) is the copy."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

pytest.importorskip("importlinter")

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("provlab", "simulator", "connector", "harness")
CONTRACTS = {
    contract["id"]: contract["name"]
    for contract in tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
        "importlinter"
    ]["contracts"]
}

# (case, {file: code appended to it}, contracts it must break, text the report must show)
BAD_IMPORTS = [
    (
        "connector imports the harness",
        {"connector/cli.py": "from harness import cli as _harness_cli  # noqa\n"},
        {"layers"},
        "connector.cli -> harness.cli",
    ),
    (
        "harness imports a connector sub-module inside a function",
        {"harness/cli.py": "\n\ndef _sneaky():\n    from connector.host import x  # noqa\n\n    return x\n"},
        {"public-faces"},
        "harness.cli -> connector.host",
    ),
    (
        "simulator imports the connector",
        {"simulator/journal.py": "import connector  # noqa\n"},
        {"layers", "independence"},
        "simulator.journal -> connector",
    ),
    (
        "a cycle in provlab, one side hidden in a function",
        {
            "provlab/urls.py": "from provlab import wording  # noqa\n",
            "provlab/wording.py": "\n\ndef _back():\n    from provlab import urls\n\n    return urls\n",
        },
        {"acyclic"},
        "No cycles are allowed in provlab",
    ),
]


def lint_imports(root: Path) -> tuple[int, str]:
    """Run lint-imports on ``root`` (its pyproject.toml); the exit status and the report, with
    the console's line wrapping undone."""
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from importlinter.cli import lint_imports_command; sys.exit(lint_imports_command())",
            "--no-cache",
            "--no-logo",
        ],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return result.returncode, " ".join((result.stdout + result.stderr).split())


def broken(report: str) -> set[str]:
    return {cid for cid, name in CONTRACTS.items() if f"{name} BROKEN" in report}


@pytest.fixture(scope="module")
def pristine_copy(tmp_path_factory) -> Path:
    copy = tmp_path_factory.mktemp("tree")
    for package in PACKAGES:
        shutil.copytree(ROOT / package, copy / package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(ROOT / "pyproject.toml", copy / "pyproject.toml")
    return copy


def test_the_contracts_are_the_ones_the_issue_asks_for():
    assert set(CONTRACTS) == {"layers", "public-faces", "independence", "acyclic"}


@pytest.mark.parametrize(
    ("edits", "contracts", "shown"),
    [case[1:] for case in BAD_IMPORTS],
    ids=[case[0] for case in BAD_IMPORTS],
)
def test_a_bad_import_in_a_scratch_copy_breaks_its_contract(pristine_copy, tmp_path, edits, contracts, shown):
    copy = tmp_path / "tree"
    shutil.copytree(pristine_copy, copy)
    assert (copy / "connector" / "host").is_dir(), "a case imports connector.host: pick another sub-package"
    for file, code in edits.items():
        target = copy / file
        target.write_text(target.read_text(encoding="utf-8") + code, encoding="utf-8")
    status, report = lint_imports(copy)
    assert status == 1, report
    assert contracts <= broken(report), report
    assert shown in report, report


def test_the_real_tree_keeps_every_contract():
    status, report = lint_imports(ROOT)
    assert broken(report) == set(), report
    assert status == 0, report
    assert f"Contracts: {len(CONTRACTS)} kept, 0 broken." in report, report
