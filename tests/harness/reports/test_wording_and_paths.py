"""A report path is checked before a run; counts and connection hints read right."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from harness.reports import (
    HTTPS_HINT,
    ReportPathError,
    check_report_path,
    counted,
    plain_http_to_tls_hint,
)


def test_counts_agree_with_their_noun() -> None:
    assert [counted(n, "user") for n in (0, 1, 2)] == ["0 users", "1 user", "2 users"]
    assert counted(1, "disable or delete", "disables and deletes") == "1 disable or delete"
    assert counted(3, "disable or delete", "disables and deletes") == "3 disables and deletes"


def test_a_writable_report_path_passes_without_creating_anything(tmp_path: Path) -> None:
    check_report_path(tmp_path / "new" / "deeper" / "r.html")
    assert not (tmp_path / "new").exists()  # a check only: a run that fails leaves no folders behind


@pytest.mark.parametrize(
    ("report", "problem"),
    [
        ("afile/r.html", "afile is a file, not a directory"),
        ("afile/sub/r.html", "afile is a file, not a directory"),
        ("folder.html", "folder.html is a directory"),
        ("x.html", "x.json is a directory"),
    ],
)
def test_an_unwritable_report_path_says_what_is_in_the_way(tmp_path: Path, report: str, problem: str) -> None:
    (tmp_path / "afile").write_text("a file")
    (tmp_path / "folder.html").mkdir()
    (tmp_path / "x.json").mkdir()
    with pytest.raises(ReportPathError) as caught:
        check_report_path(tmp_path / report)
    message = str(caught.value)
    assert message.startswith(f"cannot write the report to {tmp_path / report}: ")
    assert problem in message and message.endswith("pick a writable --report path")


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_a_read_only_folder_is_refused(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    with pytest.raises(ReportPathError, match="no permission to write in"):
        check_report_path(locked / "r.html")


def test_the_https_hint_only_for_plain_http_cut_off_by_the_server() -> None:
    reset = "('Connection aborted.', ConnectionResetError(104, 'Connection reset by peer'))"
    assert plain_http_to_tls_hint("http://localhost:8585/scim", reset) == HTTPS_HINT
    assert plain_http_to_tls_hint("https://localhost:8585/scim", reset) is None
    refused = "Failed to establish a new connection: [Errno 111] Connection refused"
    assert plain_http_to_tls_hint("http://localhost:8585/scim", refused) is None  # nothing listens
