"""Options and the closing summary, without Locust: time spans, mixes, failures by SCIM status."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from harness.load.spec import MIXES, LoadSpec, SpecError, parse_mix, parse_timespan
from harness.load.summary import failure_status, format_summary, summarize


@pytest.mark.parametrize(("text", "seconds"), [("90", 90.0), ("30s", 30.0), ("2m", 120.0), ("1h30m", 5400.0)])
def test_time_spans(text, seconds):
    assert parse_timespan(text) == seconds


@pytest.mark.parametrize("text", ["", "soon", "0", "5x", "1m30"])
def test_bad_time_spans_say_how_to_write_one(text):
    with pytest.raises(SpecError, match="--run-time"):
        parse_timespan(text)


def test_mixes_by_name_and_by_weights():
    assert parse_mix("initial") == MIXES["initial"]
    assert parse_mix("create=3, update=5,soft_delete=1,delete=0.5") == {
        "create": 3.0, "update": 5.0, "soft-delete": 1.0, "delete": 0.5,
    }  # fmt: skip
    for bad, why in [
        ("rename=1", "OPERATION=WEIGHT"),
        ("create=x", "not a number"),
        ("create=0", "no operation"),
    ]:
        with pytest.raises(SpecError, match=why):
            parse_mix(bad)


def test_a_spec_survives_its_json_file(tmp_path):
    spec = LoadSpec(role="master", tenant_url="https://localhost:8585/ecma2host_SAPECC/scim", max_requests=10)
    spec.write(tmp_path / "spec.json")
    assert LoadSpec.read(tmp_path / "spec.json") == spec
    assert "secret" not in (tmp_path / "spec.json").read_text()


def entry(name, method, requests, failures, times):
    return SimpleNamespace(
        name=name,
        method=method,
        num_requests=requests,
        num_failures=failures,
        avg_response_time=sum(times) / len(times),
        max_response_time=max(times),
        get_response_time_percentile=lambda p: sorted(times)[min(len(times) - 1, int(p * len(times)))],
    )


def test_the_summary_groups_by_kind_and_failures_by_status():
    stats = SimpleNamespace(
        entries={
            ("create", "POST"): entry("create", "POST", 4, 3, [10, 20, 30, 40]),
            ("probe", "GET"): entry("probe", "GET", 2, 0, [5, 7]),
        },
        errors={
            "a": SimpleNamespace(
                name="create",
                error="HTTP 503 SystemForCrossDomainIdentityManagementServiceUnavailable",
                occurrences=2,
            ),
            "b": SimpleNamespace(
                name="create",
                error="'no response SystemForCrossDomainIdentityManagementTimeout'",
                occurrences=1,
            ),
        },
        total=entry("Aggregated", "", 6, 3, [5, 7, 10, 20, 30, 40]),
    )
    summary = summarize(stats, 2.0, workers=2)
    assert list(summary["kinds"]) == ["probe", "create"]  # Entra's order, not Locust's
    create = summary["kinds"]["create"]
    assert (
        create["requests"] == 4
        and create["rps"] == 2.0
        and create["failures_by_status"] == {"503": 2, "none": 1}
    )
    assert create["p50_ms"] == 30 and create["max_ms"] == 40
    text = format_summary(summary)
    assert "2× HTTP 503, 1× no response" in text
    assert "6 requests in 2.0 s from 2 load processes" in text
    assert failure_status("HTTP 409 …EntryConflict") == "409"
