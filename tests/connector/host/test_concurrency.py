"""Concurrent requests on one user serialize; racing POSTs create the user once."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from connector.host import sqlite_spaces
from provlab.transport import wsgi_session
from tests.connector.scim.conftest import BASE, ECMA, SCIM, SECRET

SCIM_JSON = {"Content-Type": "application/scim+json"}
PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp"


def session(host):
    s = wsgi_session(BASE, host)
    s.headers["Authorization"] = f"Bearer {SECRET}"
    return s


def test_sixteen_threads_patching_fifty_users(make_host, backend, tmp_path):
    backend.users = {f"U{n:02}": {"userName": f"U{n:02}", "lastName": "L"} for n in range(50)}
    backend.delay = 0.0002
    host = make_host(spaces=sqlite_spaces(tmp_path))

    def worker(thread: int) -> list[int]:
        client = session(host)
        statuses = []
        for n in range(50):
            user = f"U{(n + thread * 3) % 50:02}"
            body = {
                "schemas": [PATCH_OP],
                "Operations": [{"op": "Replace", "path": "city", "value": f"t{thread}"}],
            }
            statuses.append(client.patch(f"{SCIM}/Users/{user}", json=body, headers=SCIM_JSON).status_code)
        return statuses

    with ThreadPoolExecutor(16) as pool:
        statuses = [s for result in pool.map(worker, range(16)) for s in result]
    assert statuses == [200] * 800
    cache = {
        r["id"]: r[ECMA]
        for r in session(host).get(f"{SCIM}/Users", params={"count": 100}).json()["Resources"]
    }
    for anchor, attributes in backend.users.items():
        last_replace = [attrs for op, a, attrs in backend.calls if op == "Replace" and a == anchor][-1]
        # The last write wins everywhere: in the target, in the cache, and untouched attributes stay.
        assert attributes["city"] == last_replace["city"] == cache[anchor]["city"]
        assert attributes["lastName"] == "L"


def test_racing_posts_create_the_user_once(make_host, backend):
    backend.delay = 0.002
    host = make_host()
    body = {ECMA: {"userName": "RACER", "lastName": "Fast", "export_password": "Pass@w0rd1"}}

    def post(_: int) -> int:
        return session(host).post(f"{SCIM}/Users", json=body, headers=SCIM_JSON).status_code

    with ThreadPoolExecutor(16) as pool:
        statuses = sorted(pool.map(post, range(16)))
    assert statuses == [201] + [409] * 15
    assert backend.adds["RACER"] == 1
    assert backend.exports().count("Add") == 1  # the others were answered from the cache under the lock
