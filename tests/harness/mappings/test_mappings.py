"""Mapping sets: the shipped SAP ECC file, both file formats, flow rules, validation against /Schemas."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from harness.expressions import EvaluationContext, format_expression, from_graph, parse, to_graph
from harness.mappings import (
    ECMA_USER_URN as ECMA,
)
from harness.mappings import (
    MappingError,
    check_against_schemas,
    evaluate_mappings,
    load_mapping_text,
    load_mappings,
    mapping_set_from_graph,
    mapping_set_to_graph,
    mapping_set_to_short,
    sap_ecc_mapping_set,
)

SAP_ECC_JSON = Path(__file__).resolve().parents[3] / "fixtures" / "mappings" / "sap-ecc.json"

JSMITH = {
    "userPrincipalName": "jsmith@contoso.com",
    "givenName": "John",
    "surname": "Smith",
    "mail": "john.smith@contoso.com",
    "city": "Oslo",
    "companyName": "Contoso",
    "department": "Sales",
    "telephoneNumber": "+47 555 0100",
    "jobTitle": "Clerk",
    "IsSoftDeleted": False,
}


def test_shipped_file_reproduces_microsofts_sap_table() -> None:
    """WS "Configure attribute mappings": eleven mappings, userName by expression with precedence 1."""
    mapping_set = load_mappings(SAP_ECC_JSON)
    assert mapping_set == sap_ecc_mapping_set()
    rows = {m.target.removeprefix(ECMA + ":"): (m.expression, m.matching_priority, m.flow_type)
            for m in mapping_set.attribute_mappings}  # fmt: skip
    assert rows == {
        "userName": ('ToUpper(Word([userPrincipalName], 1, "@"), )', 1, "ObjectAddOnly"),
        "export_password": ('Redact("Pass@w0rd1")', 0, "ObjectAddOnly"),
        "city": ("[city]", 0, "Always"),
        "company": ("[companyName]", 0, "Always"),
        "department": ("[department]", 0, "Always"),
        "email": ("[mail]", 0, "Always"),
        "expirationTime": (
            'Switch([IsSoftDeleted], , "False", "9999-12-31", "True", "1990-01-01")',
            0,
            "Always",
        ),
        "firstName": ("[givenName]", 0, "Always"),
        "lastName": ("[surname]", 0, "Always"),
        "telephoneNumber": ("[telephoneNumber]", 0, "Always"),
        "jobTitle": ("[jobTitle]", 0, "Always"),
    }
    assert mapping_set.matching_attributes() == [f"{ECMA}:userName"]
    assert mapping_set.redacted_attributes == {f"{ECMA}:export_password"}
    assert mapping_set.actions == {"Add", "Update", "Delete"} and not mapping_set.sync_all


def test_shipped_file_is_exactly_the_graph_dump_and_every_tree_round_trips() -> None:
    document = json.loads(SAP_ECC_JSON.read_text(encoding="utf-8"))
    assert mapping_set_to_graph(mapping_set_from_graph(document)) == document
    for item in document["synchronizationRules"][0]["objectMappings"][0]["attributeMappings"]:
        tree = from_graph(item["source"])
        assert to_graph(tree) == item["source"]
        assert parse(item["source"]["expression"]) == tree
        assert format_expression(tree) == item["source"]["expression"]


def test_creation_values_for_a_new_user() -> None:
    values = sap_ecc_mapping_set().evaluate(JSMITH, is_new=True)
    short = {k.removeprefix(ECMA + ":"): v for k, v in values.items()}
    assert short == {
        "userName": "JSMITH",
        "export_password": "Pass@w0rd1",
        "city": "Oslo",
        "company": "Contoso",
        "department": "Sales",
        "email": "john.smith@contoso.com",
        "expirationTime": "9999-12-31",
        "firstName": "John",
        "lastName": "Smith",
        "telephoneNumber": "+47 555 0100",
        "jobTitle": "Clerk",
    }


def test_update_skips_creation_only_mappings_and_soft_delete_sets_the_past_date() -> None:
    values = sap_ecc_mapping_set().evaluate({**JSMITH, "IsSoftDeleted": True}, is_new=False)
    assert f"{ECMA}:userName" not in values and f"{ECMA}:export_password" not in values
    assert values[f"{ECMA}:expirationTime"] == "1990-01-01"


def test_redacted_value_flows_but_logs_mask_it() -> None:
    outcomes = evaluate_mappings(sap_ecc_mapping_set(), JSMITH, is_new=True)
    password = outcomes[f"{ECMA}:export_password"]
    assert password.value == "Pass@w0rd1" and password.log_value == "[Redact]"
    assert outcomes[f"{ECMA}:city"].log_value == "Oslo"


YAML = """\
name: hand-written
scope: all
quirks: [switch-null-when-source-unchanged]
filters:
  - name: Sales only
    clauses: ["department EQUALS Sales"]
mappings:
  - target: userName
    expression: 'ToUpper(Word([userPrincipalName], 1, "@"), )'
    matching: 1
    apply: creation
  - {target: email, source: mail, matching: 2, default: nobody@contoso.com}
  - {target: company, constant: Contoso}
  - {target: middleName, default: "-"}
  - {target: jobTitle, expression: 'IgnoreFlowIfNullOrEmpty([jobTitle])'}
  - {target: department, source: department, apply: AttributeAddOnly}
  - target: expirationTime
    expression: 'Switch([IsSoftDeleted], , "False", "9999-12-31", "True", "1990-01-01")'
"""


def test_yaml_form_mapping_types_defaults_and_flow_types() -> None:
    mapping_set = load_mapping_text(YAML, source="test.yaml", kind="yaml")
    assert [m.mapping_type for m in mapping_set.attribute_mappings] == [
        "Expression", "Direct", "Constant", "None", "Expression", "Direct", "Expression"
    ]  # fmt: skip
    assert mapping_set.matching_attributes() == [f"{ECMA}:userName", f"{ECMA}:email"]
    assert mapping_set.sync_all and mapping_set.in_scope({"department": "Sales"})
    assert not mapping_set.in_scope({"department": "HR"})
    created = mapping_set.evaluate({"userPrincipalName": "a@b.c", "department": "Sales"}, is_new=True)
    assert created[f"{ECMA}:email"] == "nobody@contoso.com"  # default value if null, at creation
    assert created[f"{ECMA}:middleName"] == "-"  # None type: the default flows at creation
    assert f"{ECMA}:jobTitle" not in created  # IgnoreFlowIfNullOrEmpty dropped it
    assert created[f"{ECMA}:company"] == "Contoso"
    current = {f"{ECMA}:department": "Sales", f"{ECMA}:middleName": "M."}
    updated = mapping_set.evaluate({"department": "HR"}, is_new=False, current=current)
    assert updated[f"{ECMA}:email"] is None  # no default on update
    assert f"{ECMA}:middleName" not in updated and f"{ECMA}:department" not in updated
    refill = mapping_set.evaluate({"department": "HR"}, is_new=False, current={f"{ECMA}:middleName": ""})
    assert refill[f"{ECMA}:middleName"] == "-" and refill[f"{ECMA}:department"] == "HR"  # empty target


def test_yaml_quirk_reaches_the_expressions() -> None:
    mapping_set = load_mapping_text(YAML, source="test.yaml", kind="yaml")
    unchanged = mapping_set.evaluate({"IsSoftDeleted": True}, is_new=False, changed=frozenset({"mail"}))
    assert unchanged[f"{ECMA}:expirationTime"] is None
    changed = mapping_set.evaluate(
        {"IsSoftDeleted": True}, is_new=False, changed=frozenset({"IsSoftDeleted"})
    )
    assert changed[f"{ECMA}:expirationTime"] == "1990-01-01"


def test_yaml_and_graph_forms_convert_both_ways() -> None:
    mapping_set = load_mapping_text(YAML, source="test.yaml", kind="yaml")
    assert mapping_set_from_graph(mapping_set_to_graph(mapping_set), sync_all=True) == mapping_set.__class__(
        **{**mapping_set.__dict__, "quirks": frozenset()}
    )
    again = load_mapping_text(json.dumps(mapping_set_to_short(mapping_set)), source="x", kind="yaml")
    assert again == mapping_set


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        ("mappings:\n  - {target: a, source: b}\n", "test.yaml:1", "no matching attribute"),
        (
            "mappings:\n  - {target: a, source: b, matching: 1}\n"
            "  - {target: c, expression: 'Word([x], 1'}\n",
            "test.yaml:3",
            "expression: line 1, column 12",
        ),
        ("mappings:\n  - {target: a, source: b, matching: 1, constant: c}\n", "test.yaml:2", "only one of"),
        (
            "mappings:\n  - {target: a, source: b, matching: 1, apply: sometimes}\n",
            "test.yaml:2",
            "apply must be",
        ),
        ("mappings:\n  - {target: a, source: b, matching: 1, colour: red}\n", "test.yaml:2", "unknown key"),
        (
            "mappings:\n  - {target: a, source: b, matching: 1}\n  - {target: a, source: c}\n",
            "test.yaml:1",
            "mapped twice",
        ),
        ("mappings: [\n", "test.yaml:2:1", "not valid YAML"),
        (
            "mappings:\n  - {target: a, default: x, matching: 1}\n  - {target: b}\n",
            "test.yaml:1",
            "mapping type None needs a default",
        ),
    ],
)
def test_yaml_errors_say_file_and_line(text: str, where: str, message: str) -> None:
    with pytest.raises(MappingError) as caught:
        load_mapping_text(text, source="test.yaml", kind="yaml")
    assert caught.value.where.startswith(where), str(caught.value)
    assert message in str(caught.value)


def test_graph_json_errors_name_the_json_path() -> None:
    document = json.loads(SAP_ECC_JSON.read_text(encoding="utf-8"))
    item = document["synchronizationRules"][0]["objectMappings"][0]["attributeMappings"][6]
    item["source"]["parameters"][2]["value"]["name"] = "Maybe"
    with pytest.raises(
        MappingError, match=r"attributeMappings\[6\]\.source\.parameters\[2\]\.value.*disagree"
    ):
        mapping_set_from_graph(document)
    item["source"] = None
    item["flowType"] = "Sometimes"
    with pytest.raises(MappingError, match=r"attributeMappings\[6\]\.flowType: must be one of Always"):
        mapping_set_from_graph(document)
    with pytest.raises(MappingError, match=r"sap.json:1:2: not valid JSON"):
        load_mapping_text("{,", source="sap.json", kind="json")


def test_validation_against_the_targets_schemas(sap_schemas: dict) -> None:
    assert check_against_schemas(sap_ecc_mapping_set(), sap_schemas) == []
    text = """\
mappings:
  - {target: userName, source: userPrincipalName, matching: 1}
  - {target: shoeSize, source: department}
  - {target: loginCount, source: department}
  - {target: city, expression: 'Split([city], ",")'}
  - {target: "urn:ietf:params:scim:schemas:core:2.0:User:active", expression: 'Not([IsSoftDeleted])'}
  - {target: "urn:ietf:params:scim:schemas:extension:Other:2.0:User:x", source: city}
"""
    problems = check_against_schemas(load_mapping_text(text, source="t.yaml", kind="yaml"), sap_schemas)
    messages = [str(p) for p in problems]
    unknown = next(m for m in messages if "unknown target attribute 'shoeSize'" in m)
    # names as the mapping and the schema spell them, so a user can copy one
    assert "expirationTime, export_password, firstName" in unknown and "expirationtime" not in unknown
    assert any(
        "loginCount" in m and "the attribute is integer but the mapping yields a string" in m
        for m in messages
    )
    assert any(":city" in m and "several values but the attribute is single-valued" in m for m in messages)
    assert any("Other:2.0:User:x" in m and "unknown schema" in m for m in messages)
    assert not any(":active" in m for m in messages)  # a boolean into a boolean
    assert all(p.level == "error" for p in problems)


def test_evaluation_failure_names_the_target() -> None:
    text = "mappings:\n  - {target: userName, expression: 'Mid([upn], 0, 2)', matching: 1}\n"
    mapping_set = load_mapping_text(text, source="t.yaml", kind="yaml")
    with pytest.raises(MappingError, match=r"User:userName: Mid\(\[upn\], 0, 2\): Mid: start is 1-based"):
        mapping_set.evaluate({"upn": "x"}, is_new=True)


def test_random_and_time_come_from_the_given_context() -> None:
    text = "mappings:\n  - {target: userName, expression: 'Append(Now(), Guid())', matching: 1}\n"
    mapping_set = load_mapping_text(text, source="t.yaml", kind="yaml")
    context = EvaluationContext.fixed(datetime(2026, 1, 15, 9, 0, tzinfo=UTC), seed=3)
    first = mapping_set.evaluate({}, is_new=True, context=context)
    again = mapping_set.evaluate(
        {}, is_new=True, context=EvaluationContext.fixed(datetime(2026, 1, 15, 9, 0, tzinfo=UTC), seed=3)
    )
    assert first == again and first[f"{ECMA}:userName"].startswith("1/15/2026 9:00:00 AM")
