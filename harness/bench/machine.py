"""The machine a benchmark ran on: figures mean little without cores, CPU and load."""

from __future__ import annotations

import os
import platform
import sys
from pathlib import Path
from typing import Any


def _cpu_model() -> str:
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        for line in cpuinfo.read_text(errors="replace").splitlines():
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or platform.machine() or "unknown CPU"


def _usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def describe_machine() -> dict[str, Any]:
    """Cores (usable by this process), CPU model, Python and the 1/5/15-minute load average."""
    try:
        load = [round(x, 2) for x in os.getloadavg()]
    except OSError:  # pragma: no cover - no load average on this platform
        load = []
    return {
        "cores": _usable_cores(),
        "cpu": _cpu_model(),
        "python": f"{platform.python_implementation()} {sys.version.split()[0]}",
        "platform": platform.platform(terse=True),
        "load_average": load,
    }


def machine_line(machine: dict[str, Any]) -> str:
    load = "/".join(str(x) for x in machine["load_average"]) or "n/a"
    return (
        f"{machine['cores']} cores, {machine['cpu']}, {machine['python']}, {machine['platform']}, load {load}"
    )
