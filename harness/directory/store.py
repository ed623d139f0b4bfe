"""The directory persisted as one JSON file in ``--state-dir``, so separate CLI commands
(seed, events, cycles) share it. Written atomically (temp file + rename)."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from .directory import Directory
from .model import SourceUser

DIRECTORY_FILE = "directory.json"
FORMAT_VERSION = 1


class StateFileError(ValueError):
    """A state file that exists but cannot be read."""


def load_directory(state_dir: str | Path) -> Directory:
    """The directory saved in ``state_dir``, or an empty one."""
    file = Path(state_dir) / DIRECTORY_FILE
    if not file.exists():
        return Directory()
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
        users = [SourceUser.from_dict(item) for item in data["users"]]
        return Directory(users, sequence=int(data["sequence"]))
    except (json.JSONDecodeError, KeyError, TypeError, ValueError) as error:
        raise StateFileError(
            f"{file}: unreadable directory state ({error}); delete the file to start from an empty directory"
        ) from None


def save_directory(directory: Directory, state_dir: str | Path) -> Path:
    data = {
        "version": FORMAT_VERSION,
        "sequence": directory.sequence,
        "users": [u.to_dict() for u in directory],
    }
    return write_json_atomic(Path(state_dir) / DIRECTORY_FILE, data)


def write_json_atomic(file: Path, data: object) -> Path:
    """Write ``data`` as JSON to ``file`` so a crash never leaves half a file."""
    file.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=file.name, suffix=".tmp", dir=file.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, indent=1, ensure_ascii=False)
        os.replace(temp, file)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return file
