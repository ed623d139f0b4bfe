"""Provision on demand's five steps and the provisioning logs' Graph shape."""

import pytest

from harness.provisioning import LogStore, OnDemandError, load_state, save_state
from harness.scim_client import ScimClient
from provlab.transport import wsgi_session
from tests.harness.provisioning.conftest import BASE, ECMA, TENANT

TITLES = [
    "Import user",
    "Determine if user is in scope",
    "Match user between source and target",
    "Perform action",
]


def test_on_demand_create_reports_the_steps_and_entras_outcome_text(engine, fake, directory):
    user = next(iter(directory))
    result = engine.provision_on_demand(user.userPrincipalName)
    assert result.message == "Successfully created user in target system"
    assert [s.title for s in result.steps] == TITLES, "test connection is shown only when it fails"
    scope = result.steps[1].details
    assert scope["Active in source system"] == "True" and scope["Assigned to application"] == "True"
    assert {"Scope sync all", "User has required role", "Scoping filters"} <= set(scope)
    assert result.steps[2].details == {f"{ECMA}:userName": f"{user.local_part.upper()} (no match)"}
    assert result.exported[f"{ECMA}:city"] == user.city
    assert result.exported[f"{ECMA}:export_password"] == "[Redact]"
    assert [r.method for r in fake.requests] == ["GET", "GET", "POST"]
    assert engine.state.links[user.id].target_id == user.local_part.upper()
    assert engine.logs.read()[-1]["initiatedBy"]["displayName"] == "Provision on demand"


def test_on_demand_update_ignores_the_flag_and_unchanged_users_are_skipped(make_engine, fake, directory):
    engine = make_engine(tenant=TENANT + "?aadOptscim062020")
    user = next(iter(directory))
    engine.provision_on_demand(user.id)
    directory.update(user.id, city="Walldorf")
    result = engine.provision_on_demand(user.id)
    assert result.message == "Successfully updated user in target system"
    assert result.steps[2].details == {"Linked target id": user.local_part.upper()}
    assert fake.calls("PATCH")[-1].body["Operations"] == [
        {"op": "Replace", "path": f"{ECMA}:city", "value": "Walldorf"}
    ], "on demand speaks the default dialect even with the flag"
    again = engine.provision_on_demand(user.id)
    assert again.status == "skipped" and again.message.startswith("User was skipped")


def test_on_demand_disables_an_unassigned_user_but_cannot_find_disabled_ones(engine, directory):
    users = list(directory)
    engine.run_cycle()
    directory.unassign(users[0].id)
    assert engine.provision_on_demand(users[0].id).message == "Successfully disabled user in target system"
    directory.disable(users[1].id)
    with pytest.raises(OnDemandError, match="disabled or deleted"):
        engine.provision_on_demand(users[1].id)


def test_on_demand_shows_only_a_failed_test_connection(engine, fake, directory):
    engine.client = ScimClient(TENANT, "a-wrong-secret-1234", session=wsgi_session(BASE, fake))
    result = engine.provision_on_demand(next(iter(directory)).id)
    assert [s.title for s in result.steps] == ["Test connection"]
    assert result.status == "failure" and "bearer token rejected" in result.message


def test_log_records_have_graphs_provisioning_object_summary_shape(engine, directory):
    report = engine.run_cycle()
    record = report.records[0]
    assert {
        "id",
        "activityDateTime",
        "jobId",
        "cycleId",
        "changeId",
        "provisioningAction",
        "provisioningStatusInfo",
        "provisioningSteps",
        "modifiedProperties",
        "sourceIdentity",
        "targetIdentity",
        "sourceSystem",
        "targetSystem",
        "durationInMilliseconds",
    } <= set(record)
    assert [s["provisioningStepType"] for s in record["provisioningSteps"]] == [
        "import",
        "scoping",
        "matching",
        "export",
    ]
    assert record["provisioningSteps"][0]["name"] == "EntryImportAdd"
    assert record["provisioningSteps"][-1]["name"] == "EntryExportAdd"
    assert record["sourceSystem"]["displayName"] == "Microsoft Entra ID"
    assert record["targetSystem"]["displayName"] == "SAPECC"
    password = [p for p in record["modifiedProperties"] if p["displayName"].endswith(":export_password")]
    assert password == [{"displayName": f"{ECMA}:export_password", "oldValue": None, "newValue": "[Redact]"}]
    assert "Pass@w0rd1" not in str(report.records)
    assert record["activityDateTime"] == "2026-03-02T07:00:00Z"


def test_logs_and_state_persist_in_the_state_dir(engine, tmp_path, directory):
    engine.logs = LogStore(tmp_path)
    engine.run_cycle()
    save_state(engine.state, tmp_path)
    stored = LogStore(tmp_path)
    assert len(stored.read()) == 10
    assert len(stored.read(limit=3)) == 3
    assert stored.read(status="failure") == []
    assert len(stored.read(action="create")) == 10
    restored = load_state(tmp_path)
    assert restored.watermark == engine.state.watermark
    assert restored.links == engine.state.links
