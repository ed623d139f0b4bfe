"""Cross-check rules beyond the shipped broken configurations: flows, warnings, skipped checks."""

from __future__ import annotations

import dataclasses

import pytest

from connector import DeleteFlow, DisableFlow
from harness.expressions import parse
from harness.mappings import ECMA_USER_URN, AttributeMapping
from harness.validate import cross_check, load_inputs

from .conftest import SHIPPED


@pytest.fixture
def inputs():
    loaded, results = load_inputs(*SHIPPED)
    assert all(r.status == "pass" for r in results)
    return loaded


def with_flows(inputs, **changes):
    schema = inputs.config.entry_schema
    model = dataclasses.replace(schema.deprovisioning, **changes)
    entry = dataclasses.replace(schema, deprovisioning=model)
    inputs.config = dataclasses.replace(inputs.config, entry_schema=entry)
    return inputs


def result(inputs, name):
    return next(r for r in cross_check(inputs) if r.name == name)


def test_set_attribute_value_needs_a_boolean_attribute_and_an_active_mapping(inputs):
    with_flows(inputs, disable_flow=DisableFlow.SET_ATTRIBUTE, soft_delete_status_attribute="expirationTime")
    checked = result(inputs, "disable flow fits the mappings")
    assert checked.status == "fail"
    messages = " | ".join(i.message for i in checked.issues)
    assert "needs a selected Boolean attribute, but expirationTime is String" in messages
    assert "nothing is mapped to active" in messages
    assert any(i.fix == "map Not([IsSoftDeleted]) to active" for i in checked.issues)


def test_an_active_mapping_with_disable_flow_none_is_only_a_warning(inputs):
    active = AttributeMapping("active", parse("Not([IsSoftDeleted])"))
    inputs.mappings = dataclasses.replace(
        inputs.mappings, attribute_mappings=(*inputs.mappings.attribute_mappings, active)
    )
    checked = result(inputs, "disable flow fits the mappings")
    assert checked.status == "warn"
    assert "ignores the mapping to active" in checked.issues[0].message
    assert result(inputs, "mapped attributes are selected in the host").status == "pass"  # active is allowed


def test_delete_flow_none_with_delete_actions_warns_that_users_stay(inputs):
    with_flows(inputs, delete_flow=DeleteFlow.NONE)
    checked = result(inputs, "delete flow fits the mappings")
    assert checked.status == "warn"
    assert "the user stays in the target" in checked.issues[0].message


def test_an_anchor_mapping_that_flows_always_warns_about_renames(inputs):
    mappings = tuple(
        dataclasses.replace(m, flow_type="Always") if m.target.endswith(":userName") else m
        for m in inputs.mappings.attribute_mappings
    )
    inputs.mappings = dataclasses.replace(inputs.mappings, attribute_mappings=mappings)
    checked = result(inputs, "anchor is mapped and used for matching")
    assert checked.status == "warn"
    assert checked.issues[0].fix == "set 'Apply this mapping' to 'Only during object creation'"


def test_a_boolean_value_into_a_string_attribute_is_fine_but_into_integer_is_not(inputs):
    entry = inputs.config.entry_schema
    attributes = tuple(
        dataclasses.replace(a, data_type="Integer") if a.name == "department" else a for a in entry.attributes
    )
    inputs.config = dataclasses.replace(
        inputs.config, entry_schema=dataclasses.replace(entry, attributes=attributes)
    )
    mappings = (*inputs.mappings.attribute_mappings,)
    mappings = tuple(
        dataclasses.replace(m, source=parse("IsPresent([department])"))
        if m.target.endswith(":department")
        else m
        for m in mappings
    )
    inputs.mappings = dataclasses.replace(inputs.mappings, attribute_mappings=mappings)
    messages = [i.message for i in result(inputs, "types agree").issues]
    assert any(
        "department is Integer in the host configuration but String in template" in m for m in messages
    )
    assert any(
        f"{ECMA_USER_URN}:department is Integer in the host but" in m and "boolean" in m for m in messages
    )


def test_checks_whose_files_did_not_load_are_skipped_with_the_reason(tmp_path):
    bad = tmp_path / "schema.json"
    bad.write_text("{not json", encoding="utf-8")
    loaded, results = load_inputs(SHIPPED[0], SHIPPED[1], bad)
    (mappings,) = [r for r in results if r.name == "mappings load"]
    assert mappings.status == "fail" and f"{bad}:1:2: not valid JSON" in mappings.issues[0].message
    skipped = result(loaded, "mapped attributes are selected in the host")
    assert skipped.status == "skip" and skipped.skipped == "needs the mappings, which did not load"
    assert result(loaded, "secret token is long enough").status == "pass"
