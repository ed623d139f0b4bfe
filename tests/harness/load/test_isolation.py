"""Locust monkey-patches the whole interpreter with gevent when imported: it must run only in
the load's child processes, never in the command's process, the other commands or the tests."""

from __future__ import annotations

import json
import subprocess
import sys

PROBE = r"""
import json, sys
from click.testing import CliRunner
import harness.load, harness.load.cli, harness.load.spec, harness.load.summary
import harness.load.consistency, harness.load.launch, harness.load.users, harness.load.provisioner
from harness.cli import cli
runner = CliRunner()
outputs = [runner.invoke(cli, ["--help"]), runner.invoke(cli, ["load", "--help"])]
assert all(o.exit_code == 0 for o in outputs), [o.output for o in outputs]
assert "load" in outputs[0].output and "--max-requests" in outputs[1].output
loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("locust", "gevent", "greenlet", "zmq"))
print(json.dumps(loaded))
"""


def test_importing_the_load_command_and_its_help_load_no_locust_or_gevent():
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []


def test_the_child_entry_point_does_load_locust():
    """The same probe on the child's module: it is where Locust lives (so the test above can fail)."""
    code = "import sys, harness.load.runner; print(int('locust' in sys.modules and 'gevent' in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "1"


def test_this_test_process_has_no_locust():
    assert "locust" not in sys.modules and "gevent.monkey" not in sys.modules
