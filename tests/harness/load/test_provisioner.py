"""The load's operations, in-process: each request kind goes out as the harness's own client
sends it, the budget bounds the count exactly, and the ledger knows what the target holds."""

from __future__ import annotations

import pytest

from harness.load.consistency import check_scim, check_target
from harness.load.ledger import DELETED, PRESENT
from harness.load.metered import Budget, BudgetSpent
from harness.load.spec import REQUEST_KINDS
from harness.scim_client import PATCH_OP, AttributeChange, ScimClient
from provlab.transport import wsgi_session

from .conftest import Recorder, make_provisioner

ECMA = "urn:ietf:params:scim:schemas:extension:ECMA2Host:2.0:User"


def scim_client(lab) -> ScimClient:
    return ScimClient(
        lab.host.tenant_url, lab.host.secret, session=wsgi_session(lab.host.base_url, lab.host.app)
    )


def run_steps(provisioner, count: int) -> None:
    for _ in range(count):
        assert provisioner.step()


def test_every_request_kind_goes_out_and_the_target_ends_consistent(lab):
    recorder = Recorder()
    worker = make_provisioner(lab, recorder=recorder, seed=3)
    worker.probe()
    run_steps(worker, 60)
    kinds = recorder.kinds()
    assert set(kinds) == set(REQUEST_KINDS), kinds
    assert all(failure is None for *_rest, failure in recorder.requests)
    methods = {kind: method for kind, method, _failure in recorder.requests}
    assert methods == {
        "probe": "GET", "filter": "GET", "create": "POST", "get": "GET",
        "patch": "PATCH", "soft delete": "PATCH", "delete": "DELETE",
    }  # fmt: skip
    # every create was matched first (one filter per matching attribute), every PATCH read first
    assert kinds["filter"] == kinds["create"]
    assert kinds["get"] >= kinds["patch"] + kinds["soft delete"]
    states = [entry.state for entry in worker.ledger.entries.values()]
    assert PRESENT in states and DELETED in states

    report = check_scim(worker.ledger, worker.rules, lambda: scim_client(lab))
    assert report.ok, report.lines()
    assert report.count(PRESENT) + report.count(DELETED) == len(worker.ledger.entries)
    check_target(report, worker.rules, lab.target.users(), "ltst")
    assert report.target_checked and report.ok, report.lines()


@pytest.mark.parametrize(("query", "op"), [("", "Replace"), ("?aadOptscim062020", "replace")])
def test_the_soft_delete_is_the_mappings_expiration_patch_in_the_tenants_dialect(lab, query, op):
    seen = []
    worker = make_provisioner(lab, mix={"create": 1.0}, tenant_query=query)
    original = worker.client._json

    def spy(method, url, body=None):
        seen.append((method, body))
        return original(method, url, body)

    worker.client._json = spy
    assert worker.create()
    assert worker.soft_delete()
    method, body = seen[-1]
    assert method == "PATCH"
    assert body == {
        "schemas": [PATCH_OP],
        "Operations": [{"op": op, "path": f"{ECMA}:expirationTime", "value": "1990-01-01"}],
    }
    entry = next(iter(worker.ledger.entries.values()))
    assert entry.user.accountEnabled is False
    assert lab.target.user(entry.target_id)["validTo"] == "1990-01-01"


def test_the_budget_bounds_the_request_count_exactly(lab):
    recorder = Recorder()
    worker = make_provisioner(lab, budget=25, recorder=recorder)
    steps = 0
    while worker.step():
        steps += 1
        assert steps < 100
    assert len(recorder.requests) <= 25
    assert len(recorder.requests) >= 25 - 2  # stops only when the next operation does not fit
    budget = Budget(3)
    assert budget.reserve(2) and not budget.reserve(2)
    budget.refund(1)
    assert budget.reserve(2) and budget.remaining == 0
    worker.client.allowance = 0
    with pytest.raises(BudgetSpent):  # a request outside an operation's reservation is not sent
        worker.client.get_user("ANYONE")


def test_the_check_finds_stale_lost_and_undeleted_users(lab):
    worker = make_provisioner(lab, mix={"create": 1.0})
    run_steps(worker, 3)
    stale, lost, undeleted = list(worker.ledger.entries.values())
    client = scim_client(lab)
    # the target changes behind the load's back
    client.patch_user(stale.target_id, [AttributeChange(f"{ECMA}:city", "x", "Elsewhere")])
    client.delete_user(lost.target_id)
    undeleted.state = DELETED  # the ledger says deleted, the target still has it
    report = check_scim(worker.ledger, worker.rules, lambda: scim_client(lab))
    assert not report.ok
    kinds = {p.key: p.kind for p in report.problems}
    assert kinds == {stale.key: "stale", lost.key: "lost", undeleted.key: "not deleted"}
    assert "Elsewhere" in next(str(p) for p in report.problems if p.kind == "stale")


def test_the_target_view_sees_what_scim_does_not(lab):
    worker = make_provisioner(lab, mix={"create": 1.0})
    run_steps(worker, 2)
    report = check_scim(worker.ledger, worker.rules, lambda: scim_client(lab))
    assert report.ok
    users = lab.target.users()
    users[0] = {**users[0], "city": "Not what SCIM wrote"}
    users.append({"userName": "LTST99999999"})
    check_target(report, worker.rules, users, "ltst")
    details = [str(p) for p in report.target_problems]
    assert len(details) == 2, details
    assert "Not what SCIM wrote" in details[0] or "Not what SCIM wrote" in details[1]
    assert any("LTST99999999" in d and "ledger does not hold" in d for d in details)
