"""The distribution as a user meets it: the console script, the Python version guard."""

import glob
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import provlab
from harness.cli import COMMANDS, cli

ROOT = Path(__file__).resolve().parents[1]


def test_root_command_help_and_version():
    runner = CliRunner()
    result = runner.invoke(cli, ["--help"])
    assert result.exit_code == 0
    assert "--log-level" in result.output and "--log-json" in result.output
    result = runner.invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert provlab.__version__ in result.output


def test_bad_log_level_is_refused_with_the_choices():
    result = CliRunner().invoke(cli, ["--log-level", "LOUD"])
    assert result.exit_code == 2
    assert "debug" in result.output.lower() and "LOUD" in result.output


def _newer_python() -> str | None:
    """A working Python 3.12+ interpreter, if this machine has one (pyenv's or on PATH)."""
    candidates = [shutil.which(name) for name in ("python3.12", "python3.13")]
    candidates += sorted(glob.glob(os.path.expanduser("~/.pyenv/versions/3.1[2-9]*/bin/python3")))
    for candidate in filter(None, candidates):
        probe = subprocess.run(
            [candidate, "-c", "import sys; assert sys.version_info >= (3, 12)"],
            capture_output=True,
            timeout=60,
        )
        if probe.returncode == 0:
            return candidate
    return None


def test_simulator_on_python_312_fails_with_one_clear_sentence():
    interpreter = _newer_python()
    if interpreter is None:
        pytest.skip("no Python 3.12+ interpreter on this machine")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [interpreter, "-c", "import simulator"], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.returncode != 0
    last_line = result.stderr.strip().splitlines()[-1]
    assert last_line.startswith("ImportError: provlab's simulator needs Python 3.11")
    assert "Spyne" in last_line


def test_running_on_311():
    assert sys.version_info[:2] == (3, 11)


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_mounted_command_loads_and_explains_itself(name):
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage: cli " + name in result.output or f"Usage: provlab {name}" in result.output


def test_template_group_offers_discovery():
    result = CliRunner().invoke(cli, ["template", "--help"])
    assert "discover-soap" in result.output and "discover-rest" in result.output
