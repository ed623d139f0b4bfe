"""The `provlab template discover-rest` runs that wrote fixtures/templates/rest-lob/discovery.xml.

Kept as data so a test can replay them and check the shipped discovery.xml is exactly what
discovery writes (docs/rest-lob-template.md shows the same commands).
"""

from __future__ import annotations

from pathlib import Path

SAMPLES = Path(__file__).resolve().parent / "samples"
ENDPOINT = "http://localhost:8090/api/v1"  # the simulator's default address; Host/Port override it
COMMON = ("--service", "lob", "--endpoint", ENDPOINT)


def discovery_runs(into: Path) -> list[list[str]]:
    """One argument list per REST method, in the order they were discovered."""
    target = ("--into", str(into), *COMMON)
    return [
        [
            *target,
            "--resource",
            "/users",
            "--method",
            "GET",
            "--param",
            "page:query:integer",
            "--param",
            "pageSize:query:integer",
            "--param",
            "modifiedSince:query:datetime",
            "--sample-response",
            str(SAMPLES / "users-page.json"),
        ],
        [*target, "--resource", "/users/{id}", "--method", "GET"],
        [
            *target,
            "--resource",
            "/users",
            "--method",
            "POST",
            "--sample-request",
            str(SAMPLES / "user-request.json"),
        ],
        [
            *target,
            "--resource",
            "/users/{id}",
            "--method",
            "PUT",
            "--sample-request",
            str(SAMPLES / "user-request.json"),
        ],
        [*target, "--resource", "/users/{id}", "--method", "DELETE"],
    ]
