"""Small real load runs over loopback: a Locust child process (or a master and two workers)
sends Entra's traffic to the lab's HTTPS host, stops by itself at its request budget (or its
run time), and every user it wrote is checked through SCIM and the simulator's admin API."""

from __future__ import annotations

import csv
import json

import pytest
from click.testing import CliRunner

from harness.cli import cli
from harness.load.spec import REQUEST_KINDS
from simulator import DEFAULT_ADMIN_TOKEN

pytestmark = pytest.mark.sockets


def load(served_lab, *args: str) -> dict:
    host = served_lab.host
    result = CliRunner().invoke(
        cli,
        [
            "load",
            "--tenant-url", host.tenant_url,
            "--secret", host.secret,
            "--ca-cert", str(host.ca_cert),
            "--target-admin-url", served_lab.target.base_url + "/_admin",
            "--target-admin-token", DEFAULT_ADMIN_TOKEN,
            "--json",
            *args,
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_a_bounded_run_reports_every_request_kind_and_leaves_the_target_consistent(served_lab, tmp_path):
    outcome = load(
        served_lab,
        "--users", "4", "--run-time", "30s", "--max-requests", "240", "--seed", "7",
        "--csv", str(tmp_path / "run"), "--html", str(tmp_path / "run.html"),
    )  # fmt: skip
    summary, check = outcome["summary"], outcome["consistency"]
    assert summary["stopped_by"] == "budget or source"  # the budget, long before the 30 s
    assert 239 <= summary["total"]["requests"] <= 240 and summary["total"]["requests"] == summary["sent"]
    assert list(summary["kinds"]) == list(REQUEST_KINDS)
    for kind, row in summary["kinds"].items():
        assert row["requests"] > 0, kind
        assert row["failures"] == 0 and row["failures_by_status"] == {}, (kind, row)
        assert 0 < row["p50_ms"] <= row["p99_ms"] <= row["max_ms"] + 1, (kind, row)
        assert row["rps"] > 0
    assert summary["kinds"]["filter"]["requests"] == summary["kinds"]["create"]["requests"]
    assert sum(row["requests"] for row in summary["kinds"].values()) == summary["total"]["requests"]
    assert summary["exceptions"] == 0
    assert check["ok"], check["problems"]
    assert check["users"] == summary["kinds"]["create"]["requests"]
    assert check["present"] + check["deleted"] == check["users"]
    assert check["deleted"] == summary["kinds"]["delete"]["requests"]
    assert check["target_checked"] and check["target_problems"] == 0
    with (tmp_path / "run_stats.csv").open() as handle:
        rows = {row["Name"]: row for row in csv.DictReader(handle)}
    assert rows["Aggregated"]["Request Count"] == str(summary["total"]["requests"])
    assert set(REQUEST_KINDS) <= set(rows)
    assert "soft delete" in (tmp_path / "run.html").read_text()


def test_one_master_and_two_local_workers_share_the_budget(served_lab):
    outcome = load(
        served_lab, "--users", "4", "--run-time", "30s", "--max-requests", "160", "--local-workers", "2",
        "--mix", "create=2,update=3,soft-delete=1,delete=1", "--seed", "11",
    )  # fmt: skip
    summary, check = outcome["summary"], outcome["consistency"]
    assert summary["workers"] == 2
    assert summary["stopped_by"] == "budget or source"
    # 80 per worker at most (an operation that does not fit the rest is not started), and every
    # request the workers sent reached the master's statistics
    assert 158 <= summary["total"]["requests"] <= 160
    assert summary["total"]["requests"] == summary["sent"]
    assert summary["total"]["failures"] == 0
    assert {"probe", "filter", "create", "get"} <= set(summary["kinds"])
    assert check["ok"], check["problems"]
    assert check["users"] == summary["kinds"]["create"]["requests"]  # both workers' ledgers arrived
    assert check["target_checked"] and check["target_problems"] == 0
