"""The engine driven by the mapping package's SAP ECC set (Microsoft's page's table)."""

import pytest

from harness.provisioning import rules_from_mapping_set
from tests.harness.provisioning.conftest import ECMA, EXPIRATION

mappings = pytest.importorskip("harness.mappings")


@pytest.fixture
def sap_rules():
    return rules_from_mapping_set(mappings.sap_ecc_mapping_set())


def test_adapter_carries_matching_scope_and_redaction(sap_rules):
    assert sap_rules.matching_attributes == (f"{ECMA}:userName",)
    assert sap_rules.actions == frozenset({"Add", "Update", "Delete"})
    assert sap_rules.sync_all is False
    assert f"{ECMA}:export_password" in sap_rules.redacted_attributes


def test_cycle_with_the_sap_mapping_set(make_engine, fake, directory, sap_rules):
    engine = make_engine(rules=sap_rules)
    report = engine.run_cycle()
    assert report.count("create") == 10
    user = next(iter(directory))
    name = user.local_part.upper()
    post = next(r for r in fake.calls("POST") if r.body[ECMA]["userName"] == name)
    assert post.body[ECMA] == {
        "userName": name,
        "export_password": "Pass@w0rd1",
        "city": user.city,
        "company": user.companyName,
        "department": user.department,
        "email": user.mail,
        "expirationTime": "9999-12-31",
        "firstName": user.givenName,
        "lastName": user.surname,
        "telephoneNumber": user.telephoneNumber,
        "jobTitle": user.jobTitle,
    }
    assert "Pass@w0rd1" not in str(report.records)
    directory.soft_delete(user.id)
    engine.run_cycle()
    assert fake.calls("PATCH")[-1].body["Operations"] == [
        {"op": "Replace", "path": EXPIRATION, "value": "1990-01-01"}
    ]


@pytest.mark.parametrize("quirk", [False, True], ids=["intended", "switch-quirk"])
def test_switch_quirk_drops_expiration_time_when_is_soft_deleted_did_not_change(
    make_engine, fake, directory, quirk
):
    import dataclasses

    from harness.expressions import QUIRK_SWITCH_NULL_WHEN_SOURCE_UNCHANGED

    mapping_set = mappings.sap_ecc_mapping_set()
    if quirk:
        mapping_set = dataclasses.replace(
            mapping_set, quirks=frozenset({QUIRK_SWITCH_NULL_WHEN_SOURCE_UNCHANGED})
        )
    engine = make_engine(rules=rules_from_mapping_set(mapping_set))
    engine.run_cycle()
    user = next(iter(directory))
    name = user.local_part.upper()
    fake.users[name]["expirationTime"] = "2026-12-31"  # changed in SAP behind Entra's back
    directory.update(user.id, city="Walldorf")
    engine.run_cycle()
    paths = [op["path"] for op in fake.calls("PATCH")[-1].body["Operations"]]
    expected = [f"{ECMA}:city"] if quirk else [f"{ECMA}:city", EXPIRATION]
    assert paths == expected
    directory.disable(user.id)  # IsSoftDeleted changes, so even the quirky Switch evaluates
    engine.run_cycle()
    assert fake.users[name]["expirationTime"] == "1990-01-01"
