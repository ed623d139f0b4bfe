"""Cross-checks of a customer's Entra mappings with the host configuration, composed with the
connector's own checks of the configuration with its template (:func:`connector.cross_check_files`).

Each check is a pure function of the loaded files and returns one :class:`CheckResult`; every
issue says what is wrong, where, and what to change. Nothing here talks to a target.
"""

from __future__ import annotations

from typing import Any

from connector import ConnectorConfig, DeleteFlow, DisableFlow, cross_check_files
from harness.expressions import attributes_referenced
from harness.mappings import ECMA_USER_URN, AttributeMapping, MappingSet
from harness.mappings.schema_check import value_kind
from harness.reports.wording import counted
from harness.scim_client import split_target
from provlab.checks import Check, run_checks

from .inputs import Inputs
from .results import CheckResult, Issue

ACTIVE = "active"
EXPORT_PASSWORD = "export_password"  # noqa: S105 - MIM's virtual password attribute, never in a schema
# Source attributes whose value tells a disabled or soft-deleted user apart.
STATUS_SOURCES = frozenset({"issoftdeleted", "accountenabled"})
# Which value kinds (harness.mappings.schema_check.value_kind) an ECMA2Host data type accepts.
_KINDS_FOR_TYPE = {
    "String": {"string", "integer", "any"},
    "Integer": {"integer", "any"},
    "Boolean": {"boolean", "any"},
}


def cross_check(inputs: Inputs) -> list[CheckResult]:
    """The connector's checks of the configuration with its template and the checks of the mappings,
    one row per name; a check whose files did not load is skipped with the reason."""
    rows: dict[str, CheckResult] = {}
    for result in [*cross_check_files(inputs), *run_checks(_CHECKS, inputs)]:
        rows[result.name] = _merge(rows[result.name], result) if result.name in rows else result
    return sorted(rows.values(), key=lambda r: _ORDER.index(r.name) if r.name in _ORDER else len(_ORDER))


def _merge(first: CheckResult, second: CheckResult) -> CheckResult:
    """One row for a check that both the connector and the mappings' side make ("types agree")."""
    if first.skipped is not None:
        return second
    if second.skipped is not None:
        return first
    detail = "; ".join(d for d in (first.detail, second.detail) if d)
    return CheckResult(first.name, first.kind, [*first.issues, *second.issues], detail=detail)


# -- resolving mapping targets to the host's attributes -----------------------------------------
def target_attribute(mapping: AttributeMapping, config: ConnectorConfig) -> Any:
    """The selected host attribute (``connector.config.AttributeSchema``) a mapping writes (bare,
    core- or extension-URN names), or None."""
    split = split_target(mapping.target)
    if split.schema is not None and split.schema.lower() != ECMA_USER_URN.lower():
        return None
    lowered = split.path.lower()
    return next((a for a in config.entry_schema.attributes if a.name.lower() == lowered), None)


def _is_active(mapping: AttributeMapping) -> bool:
    split = split_target(mapping.target)
    return split.schema is None and split.path.lower() == ACTIVE


def _reads_status(mapping: AttributeMapping) -> bool:
    return any(name.lower() in STATUS_SOURCES for name in attributes_referenced(mapping.source))


def status_mappings(mappings: MappingSet) -> list[AttributeMapping]:
    return [m for m in mappings.attribute_mappings if _reads_status(m) and not _is_active(m)]


# -- the checks ---------------------------------------------------------------------------------
def check_selected(inputs: Inputs) -> CheckResult:
    config, mappings = inputs.config, inputs.mappings
    result = CheckResult("mapped attributes are selected in the host", "static")
    selected = ", ".join(a.name for a in config.entry_schema.attributes)
    for mapping in mappings.attribute_mappings:
        if _is_active(mapping) or target_attribute(mapping, config) is not None:
            continue
        result.issues.append(
            Issue(
                f"{inputs.mappings_path}: {mapping.target} is mapped, but connector {config.name} in "
                f"{inputs.config_path} does not select that attribute (selected: {selected}); Entra's "
                "exports of it would fail with 400 invalidPath",
                "add it as an <AttributeSchema> in the host configuration (and the template's schema.xml), "
                "or delete the mapping",
            )
        )
    result.detail = f"{counted(len(mappings.attribute_mappings), 'mapping')}, all on selected attributes"
    return result


def check_anchor(inputs: Inputs) -> CheckResult:
    config, mappings = inputs.config, inputs.mappings
    result = CheckResult("anchor is mapped and used for matching", "static")
    anchor = config.entry_schema.anchor
    mapping = next((m for m in mappings.attribute_mappings if target_attribute(m, config) == anchor), None)
    if mapping is None:
        result.issues.append(
            Issue(
                f"{inputs.mappings_path}: nothing is mapped to the anchor {anchor.name!r}; "
                "every create would "
                "fail for a missing anchor",
                f'map {ECMA_USER_URN}:{anchor.name} (e.g. ToUpper(Word([userPrincipalName], 1, "@"), )) '
                "with matching precedence 1",
            )
        )
        return result
    if not mapping.is_matching:
        result.issues.append(
            Issue(
                f"{inputs.mappings_path}: the anchor mapping {mapping.target} is not used for matching, so "
                "Entra cannot find users that already exist in the target",
                "give the anchor mapping matching precedence 1 ('Match objects using this attribute')",
            )
        )
    for matching in mappings.matching_mappings():
        attribute = target_attribute(matching, config)
        if attribute is not None and not (attribute.is_query or attribute.is_anchor):
            result.issues.append(
                Issue(
                    f"{inputs.mappings_path}: {matching.target} is a matching attribute, but it is not a "
                    "query attribute of the host; Entra's GET ?filter on it would fail with "
                    "400 invalidFilter",
                    f"set <IsQueryAttribute>true</IsQueryAttribute> on {attribute.name} "
                    "or stop matching on it",
                )
            )
    if mapping.flow_type == "Always" and mapping.mapping_type == "Expression":
        result.issues.append(
            Issue(
                f"{inputs.mappings_path}: the anchor mapping flows Always; if its value changes Entra "
                "sends a rename, which ECMA2Host refuses (400 mutability)",
                "set 'Apply this mapping' to 'Only during object creation'",
                error=False,
            )
        )
    result.detail = f"{anchor.name} mapped with matching precedence {mapping.matching_priority}"
    return result


def check_types(inputs: Inputs) -> CheckResult:
    config, mappings = inputs.config, inputs.mappings
    result = CheckResult("types agree", "static")
    for mapping in mappings.attribute_mappings:
        attribute = target_attribute(mapping, config)
        if attribute is None:
            continue
        kind = value_kind(mapping.source)
        if kind not in _KINDS_FOR_TYPE.get(attribute.data_type, {kind}):
            result.issues.append(
                Issue(
                    f"{inputs.mappings_path}: {mapping.target} is {attribute.data_type} in the host but "
                    f"its mapping {mapping.expression} yields a {kind} value",
                    "change the expression (e.g. wrap it in CStr or IIF) or the attribute's <DataType>",
                )
            )
    result.detail = "the mappings give every attribute a value of its type"
    return result


def check_disable_flow(inputs: Inputs) -> CheckResult:
    config, mappings = inputs.config, inputs.mappings
    result = CheckResult("disable flow fits the mappings", "static")
    model = config.entry_schema.deprovisioning
    flow = model.disable_flow
    status = [m for m in status_mappings(mappings) if target_attribute(m, config) is not None]
    names = ", ".join(split_target(m.target).path for m in status)
    active = next((m for m in mappings.attribute_mappings if _is_active(m)), None)
    where = f"{inputs.config_path} <SoftDelete>"
    if flow is DisableFlow.NONE and not status:
        result.issues.append(
            Issue(
                f"{where} is None and no mapping reads IsSoftDeleted or accountEnabled: users disabled or "
                "deleted in Entra stay active in the target",
                "map the status to a target attribute, e.g. expirationTime = Switch([IsSoftDeleted], , "
                '"False", "9999-12-31", "True", "1990-01-01"), or choose a disable flow',
            )
        )
    elif flow is DisableFlow.NONE and active is not None:
        result.issues.append(
            Issue(
                f"{where} is None, so the host ignores the mapping to active",
                "remove the active mapping, or set the disable flow to Set attribute value",
                error=False,
            )
        )
    elif flow is DisableFlow.DELETE and status:
        result.issues.append(
            Issue(
                f"{where} is Delete, so a soft delete deletes the user in the target and the mapping of "
                f"{names} never takes effect; a restore would then create a new user",
                "set <SoftDelete>None</SoftDelete> (the status flows through "
                f"{names}) or remove that mapping",
            )
        )
    elif flow is DisableFlow.SET_ATTRIBUTE:
        result.issues += _set_attribute_issues(inputs, active)
    result.detail = f"disable flow {flow.value}" + (f"; status flows through {names}" if names else "")
    return result


def _set_attribute_issues(inputs: Inputs, active: AttributeMapping | None) -> list[Issue]:
    config = inputs.config
    model = config.entry_schema.deprovisioning
    name = model.soft_delete_status_attribute or next(
        (a.name for a in config.entry_schema.attributes if a.is_deprovisioning), None
    )
    issues = []
    attribute = config.entry_schema.attribute(name) if name else None
    if attribute is None or attribute.data_type != "Boolean":
        state = "not selected" if attribute is None else attribute.data_type
        issues.append(
            Issue(
                f"{inputs.config_path}: the disable flow Set attribute value needs a selected Boolean "
                f"attribute, but {name or 'none'} is {state}",
                "name a Boolean attribute in <SoftDeleteStatusAttribute> "
                "or flag it IsDeprovisioningAttribute",
            )
        )
    if active is None:
        issues.append(
            Issue(
                f"{inputs.mappings_path}: the disable flow sets {name} from active, but nothing is mapped to "
                "active, so Entra never sends it",
                "map Not([IsSoftDeleted]) to active",
            )
        )
    return issues


def check_delete_flow(inputs: Inputs) -> CheckResult:
    config, mappings = inputs.config, inputs.mappings
    result = CheckResult("delete flow fits the mappings", "static")
    model = config.entry_schema.deprovisioning
    if model.delete_flow is DeleteFlow.NONE and "Delete" in mappings.actions:
        result.issues.append(
            Issue(
                f"{inputs.config_path} <HardDelete> is None while the mappings' target object actions "
                "include Delete: Entra's DELETE answers 204 but the user stays in the target",
                "set <HardDelete>TreatAsHard</HardDelete>, or clear Delete from the target object actions",
                error=False,
            )
        )
    result.detail = (
        f"delete flow {model.delete_flow.value}; target object actions {', '.join(sorted(mappings.actions))}"
    )
    return result


_CHECKS: tuple[Check, ...] = (
    ("mapped attributes are selected in the host", ("config", "mappings"), check_selected),
    ("anchor is mapped and used for matching", ("config", "mappings"), check_anchor),
    ("types agree", ("config", "mappings"), check_types),
    ("disable flow fits the mappings", ("config", "mappings"), check_disable_flow),
    ("delete flow fits the mappings", ("config", "mappings"), check_delete_flow),
)
# The rows in the order a reader checks them: the connector's rows among the mappings' ones.
_ORDER = (
    "mapped attributes are selected in the host",
    "selected attributes exist in the template",
    "anchor is mapped and used for matching",
    "types agree",
    "disable flow fits the mappings",
    "delete flow fits the mappings",
    "deleting flows have a Delete workflow",
    "secret token is long enough",
    "Web Service Project is this template",
)
