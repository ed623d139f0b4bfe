"""The SQLite connector space survives restarts and is changed only by imports and exports."""

from __future__ import annotations

import sqlite3

from connector.backend import ImportedEntry
from connector.host import sqlite_spaces
from connector.space import SpaceEntry
from connector.space.sqlite import SqliteSpace
from provlab.transport import wsgi_session
from tests.connector.scim.conftest import BASE, ECMA, SCIM, SECRET

SCIM_JSON = {"Content-Type": "application/scim+json"}


def session(host):
    s = wsgi_session(BASE, host)
    s.headers["Authorization"] = f"Bearer {SECRET}"
    return s


def test_a_restart_keeps_the_cache(make_host, tmp_path, backend):
    spaces = sqlite_spaces(tmp_path)
    first = make_host(spaces=spaces)
    created = session(first).post(
        f"{SCIM}/Users",
        json={ECMA: {"userName": "KEEPME", "lastName": "Kept", "city": "Lyon"}},
        headers=SCIM_JSON,
    )
    assert created.status_code == 201
    first.close()

    backend.unavailable = "target down during restart"  # nothing can come from the target now
    second = make_host(spaces=spaces, start="none")
    kept = session(second).get(f"{SCIM}/Users/KEEPME")
    assert kept.status_code == 200 and kept.json()[ECMA]["city"] == "Lyon"
    assert session(second).get(f"{SCIM}/Users").json()["totalResults"] == 3
    assert "Last-Successful-Export" in kept.headers  # the timestamps persist too


def test_database_layout_and_pragmas(tmp_path):
    space = SqliteSpace(tmp_path / "SAPECC.sqlite3", "User", ["userName"])
    space.replace_all([SpaceEntry("User", f"U{i:05}", {"userName": f"U{i:05}"}) for i in range(2000)])
    space.apply_delta(
        [
            ImportedEntry("User", "U00001", {}, "Delete"),
            ImportedEntry("User", "NEW", {"userName": "NEW"}, "Add"),
        ]
    )
    space.set_state("delta_import_watermark", "42")
    space.close()
    db = sqlite3.connect(tmp_path / "SAPECC.sqlite3")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("SELECT count(*) FROM entries").fetchone()[0] == 2000
    assert db.execute("SELECT dn FROM entries WHERE anchor='NEW'").fetchone()[0] == "CN=NEW,OBJECT=User"
    db.close()
    reopened = SqliteSpace(tmp_path / "SAPECC.sqlite3", "User", ["userName"])
    assert reopened.get("U00001") is None and reopened.find({"userName": "NEW"})[0].anchor == "NEW"
    assert reopened.get_state("delta_import_watermark") == "42"
    reopened.close()


def test_failed_exports_leave_the_persisted_space_unchanged(make_host, tmp_path, backend):
    spaces = sqlite_spaces(tmp_path)
    host = make_host(spaces=spaces)
    refused = session(host).post(f"{SCIM}/Users", json={ECMA: {"userName": "NOLAST"}}, headers=SCIM_JSON)
    assert refused.status_code == 400
    host.close()
    reopened = SqliteSpace(tmp_path / "SAPECC.sqlite3", "User")
    assert [e.anchor for e in reopened.entries()] == ["ASMITH", "JDOE"]
    reopened.close()
