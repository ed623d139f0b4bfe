"""Users from a recording (provlab.traffic's JSONL): the load POSTs what Entra recorded, through
the harness's own client and Direct mappings of the recorded values, and can still soft delete
them by the customer's mappings."""

from __future__ import annotations

from harness.directory import seed_users
from harness.load.consistency import check_scim
from harness.load.ledger import PRESENT
from harness.load.users import RecordedUsers, recorded_values
from harness.mappings import sap_ecc_mapping_set
from harness.orchestration import Lab, LabOptions
from harness.scim_client import ScimClient
from provlab.transport import wsgi_session

from .conftest import Recorder, make_provisioner

ECMA = "urn:ietf:params:scim:schemas:extension:ECMA2Host:2.0:User"


def record_a_cycle(path) -> None:
    with Lab(LabOptions(source_users=seed_users(6, seed=5), record=path)) as recording:
        assert recording.entra.engine.run_cycle().count("create") == 6


def test_recorded_users_are_posted_as_recorded_and_checked_after(lab, tmp_path):
    recording = tmp_path / "cycle.jsonl"
    record_a_cycle(recording)
    values = recorded_values(recording, sap_ecc_mapping_set())
    assert len(values) == 6
    users = RecordedUsers(sap_ecc_mapping_set(), values, seed=1)
    posted = []
    worker = make_provisioner(lab, users=users, mix={"create": 1.0}, recorder=Recorder())
    original = worker.client._json

    def spy(method, url, body=None):
        if method == "POST":
            posted.append(body)
        return original(method, url, body)

    worker.client._json = spy
    while worker.step():  # six creates, then the recording has run out: updates of those six
        if len(posted) == 6:
            break
    assert len(posted) == 6
    by_name = {value[f"{ECMA}:userName"]: value for value in values}
    for body in posted:
        expected = {
            name.rsplit(":", 1)[1]: value for name, value in by_name.pop(body[ECMA]["userName"]).items()
        }
        expected["export_password"] = "Pass@w0rd1"  # masked in the recording; the mappings' Redact value
        assert body[ECMA] == expected
    assert by_name == {}
    assert worker.update() and worker.soft_delete() and worker.delete()
    entries = list(worker.ledger.entries.values())
    assert sum(1 for e in entries if e.state == PRESENT) == 5
    client = ScimClient(
        lab.host.tenant_url, lab.host.secret, session=wsgi_session(lab.host.base_url, lab.host.app)
    )
    report = check_scim(worker.ledger, worker.rules, lambda: client)
    assert report.ok, report.lines()
    assert worker.users.new_user() is None  # a recording is finite


def test_workers_split_a_recording_without_overlap(tmp_path):
    recording = tmp_path / "cycle.jsonl"
    record_a_cycle(recording)
    values = recorded_values(recording, sap_ecc_mapping_set())
    names = []
    for index in range(3):
        share = RecordedUsers(sap_ecc_mapping_set(), values, worker_index=index, worker_count=3)
        while (user := share.new_user()) is not None:
            names.append(user.userPrincipalName)
    assert len(names) == len(set(names)) == 6
