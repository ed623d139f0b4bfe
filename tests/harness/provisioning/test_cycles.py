"""Cycles against the recording fake: what Entra sends on the first cycle and every later one."""

from harness.directory import Directory, seed_users
from tests.harness.provisioning.conftest import ECMA, EXPIRATION, TENANT

PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp"


def test_initial_cycle_probes_then_matches_and_creates_every_user(make_engine, fake, directory):
    engine = make_engine(workers=8)
    report = engine.run_cycle()
    assert report.status == "completed"
    assert report.count("create") == 10
    probe = fake.requests[0]
    assert probe.method == "GET" and probe.filter.startswith("userName eq ")
    assert len(fake.calls("POST")) == 10 and len(fake.calls("GET")) == 11  # probe + one match each
    first = next(iter(directory))
    name = first.local_part.upper()
    post = next(r for r in fake.calls("POST") if r.body[ECMA]["userName"] == name)
    assert post.body == {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        ECMA: {
            "firstName": first.givenName,
            "lastName": first.surname,
            "email": first.mail,
            "department": first.department,
            "company": first.companyName,
            "city": first.city,
            "telephoneNumber": first.telephoneNumber,
            "jobTitle": first.jobTitle,
            "userName": name,
            "export_password": "Pass@w0rd1",
            "expirationTime": "9999-12-31",
        },
    }
    assert engine.state.links[first.id].target_id == name


def test_next_cycle_sends_only_the_probe_when_nothing_changed(engine, fake):
    engine.run_cycle()
    before = len(fake.requests)
    report = engine.run_cycle()
    assert report.records == []
    assert len(fake.requests) == before + 1


def test_full_resync_reads_each_user_by_id_and_patches_nobody_unchanged(engine, fake):
    engine.run_cycle()
    engine.restart()
    before = len(fake.requests)
    report = engine.run_cycle()
    later = fake.requests[before + 1 :]
    assert {r.method for r in later} == {"GET"} and all(r.query == "" for r in later), "GET by id only"
    assert report.count("other", "skipped") == 10
    assert report.records[0]["provisioningStatusInfo"]["errorInformation"]["errorCode"] == "RedundantExport"


def test_attribute_change_is_a_get_by_id_then_a_patch_of_that_attribute_only(engine, fake, directory):
    engine.run_cycle()
    user = next(iter(directory))
    old_city = user.city
    directory.update(user.id, city="Walldorf")
    before = len(fake.requests)
    report = engine.run_cycle()
    calls = fake.requests[before:]
    target_id = user.local_part.upper()
    assert [(c.method, c.path.rsplit("/", 1)[-1]) for c in calls[1:]] == [
        ("GET", target_id),
        ("PATCH", target_id),
    ]
    assert calls[-1].body == {
        "schemas": [PATCH_OP],
        "Operations": [{"op": "Replace", "path": f"{ECMA}:city", "value": "Walldorf"}],
    }
    (record,) = report.records
    assert record["provisioningAction"] == "update"
    assert record["modifiedProperties"] == [
        {"displayName": f"{ECMA}:city", "oldValue": old_city, "newValue": "Walldorf"}
    ]


def test_flag_dialect_patches_with_lowercase_ops(make_engine, fake, directory):
    engine = make_engine(tenant=TENANT + "?aadOptscim062020")
    engine.run_cycle()
    user = next(iter(directory))
    directory.update(user.id, city="Walldorf", jobTitle="CFO")
    engine.run_cycle()
    assert fake.calls("PATCH")[-1].body["Operations"] == [
        {"op": "replace", "value": {f"{ECMA}:city": "Walldorf", f"{ECMA}:jobTitle": "CFO"}}
    ]


def test_disable_restore_and_hard_delete(engine, fake, directory):
    engine.run_cycle()
    user = next(iter(directory))
    target_id = user.local_part.upper()
    directory.disable(user.id)
    report = engine.run_cycle()
    assert report.count("disable") == 1
    assert fake.calls("PATCH")[-1].body == {
        "schemas": [PATCH_OP],
        "Operations": [{"op": "Replace", "path": EXPIRATION, "value": "1990-01-01"}],
    }
    assert fake.users[target_id]["expirationTime"] == "1990-01-01"
    directory.enable(user.id)
    assert engine.run_cycle().count("update") == 1
    assert fake.users[target_id]["expirationTime"] == "9999-12-31"
    directory.soft_delete(user.id)
    engine.run_cycle()
    assert fake.users[target_id]["expirationTime"] == "1990-01-01"
    directory.hard_delete(user.id)
    report = engine.run_cycle()
    assert report.count("delete") == 1
    assert fake.calls("DELETE")[-1].path.endswith("/Users/" + target_id)
    assert target_id not in fake.users and user.id not in engine.state.links


def test_unassigned_users_are_disabled_and_never_deleted_later(engine, fake, directory):
    engine.run_cycle()
    user = next(iter(directory))
    directory.unassign(user.id)
    assert engine.run_cycle().count("disable") == 1
    directory.hard_delete(user.id)
    report = engine.run_cycle()
    assert fake.calls("DELETE") == []
    assert report.count("other", "skipped") == 1


def test_delete_action_disabled_sends_no_delete(make_engine, fake, directory):
    from dataclasses import replace

    from tests.harness.provisioning.conftest import SAP_RULES

    engine = make_engine(rules=replace(SAP_RULES, actions=frozenset({"Add", "Update"})))
    engine.run_cycle()
    directory.hard_delete(next(iter(directory)).id)
    engine.run_cycle()
    assert fake.calls("DELETE") == []


def test_users_not_in_scope_at_first_are_not_created(make_engine, fake):
    directory = Directory(seed_users(3, seed=5))
    users = list(directory)
    directory.unassign(users[0].id)
    directory.disable(users[1].id)
    engine = make_engine()
    engine.directory = directory
    report = engine.run_cycle()
    assert report.count("create") == 1 and report.count("other", "skipped") == 2


def test_existing_target_user_is_matched_not_created(engine, fake, directory):
    user = next(iter(directory))
    name = user.local_part.upper()
    fake.users[name] = {"userName": name, "city": "Old Town", "expirationTime": "9999-12-31"}
    engine.run_cycle()
    assert name not in [r.body[ECMA]["userName"] for r in fake.calls("POST")]
    assert fake.users[name]["city"] == user.city
    assert engine.state.links[user.id].target_id == name


def test_scoping_filters_out_users_and_a_filter_change_disables(make_engine, fake, directory):
    from dataclasses import replace

    from tests.harness.provisioning.conftest import SAP_RULES

    engine = make_engine()
    engine.run_cycle()
    sales_only = replace(SAP_RULES, in_scope=lambda a: a.get("department") == "Sales")
    engine.rules = sales_only
    engine.restart()
    report = engine.run_cycle()
    others = [u for u in directory if u.department != "Sales"]
    assert report.count("disable") == len(others) > 0


def test_one_query_per_matching_attribute_in_precedence_order(make_engine, fake, directory):
    from dataclasses import replace

    from tests.harness.provisioning.conftest import SAP_RULES, USER_NAME

    email = f"{ECMA}:email"
    rules = replace(SAP_RULES, matching_attributes=(USER_NAME, email))
    user = next(iter(directory))
    fake.users["LEGACY01"] = {"userName": "LEGACY01", "email": user.mail}
    engine = make_engine(rules=rules)
    engine.directory = Directory([user])
    engine.run_cycle()
    filters = [r.filter for r in fake.calls("GET")[1:3]]
    assert filters == [f'userName eq "{user.local_part.upper()}"', f'email eq "{user.mail}"']
    assert fake.calls("POST") == []
    assert engine.state.links[user.id].target_id == "LEGACY01"


def test_a_delete_that_finds_the_user_gone_counts_as_done(engine, fake, directory):
    engine.run_cycle()
    user = next(iter(directory))
    del fake.users[user.local_part.upper()]
    directory.hard_delete(user.id)
    report = engine.run_cycle()
    assert report.count("delete") == 1 and user.id not in engine.state.links
