"""Cross-checks of a customer's host configuration, connector template and Entra mappings.

Each check is a pure function of the loaded files and returns one :class:`CheckResult`; every
issue says what is wrong, where, and what to change. Nothing here talks to a target.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from connector.config import MIN_SECRET_LENGTH, AttributeSchema, ConnectorConfig, DeleteFlow, DisableFlow
from harness.expressions import attributes_referenced
from harness.mappings import ECMA_USER_URN, AttributeMapping, MappingSet
from harness.mappings.schema_check import value_kind
from harness.reports.wording import counted
from harness.scim_client import split_target

from .inputs import Inputs
from .results import CheckResult, Issue

ACTIVE = "active"
EXPORT_PASSWORD = "export_password"  # noqa: S105 - an attribute name
# Source attributes whose value tells a disabled or soft-deleted user apart.
STATUS_SOURCES = frozenset({"issoftdeleted", "accountenabled"})
# Which value kinds (harness.mappings.schema_check.value_kind) an ECMA2Host data type accepts.
_KINDS_FOR_TYPE = {
    "String": {"string", "integer", "any"},
    "Integer": {"integer", "any"},
    "Boolean": {"boolean", "any"},
}


def cross_check(inputs: Inputs) -> list[CheckResult]:
    """Every cross-check; a check whose files did not load is skipped with the reason."""
    results = []
    for name, needs, check in _CHECKS:
        missing = [label for label in needs if getattr(inputs, label) is None]
        if missing:
            results.append(
                CheckResult(name, "static", skipped=f"needs the {' and '.join(missing)}, which did not load")
            )
        else:
            results.append(check(inputs))
    return results


# -- resolving mapping targets to the host's attributes -----------------------------------------
def target_attribute(mapping: AttributeMapping, config: ConnectorConfig) -> AttributeSchema | None:
    """The selected host attribute a mapping writes (bare, core- or extension-URN names)."""
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


def check_template_schema(inputs: Inputs) -> CheckResult:
    config, template = inputs.config, inputs.template
    result = CheckResult("selected attributes exist in the template", "static")
    object_type = template.schema.object_types.get(config.object_type)
    if object_type is None:
        result.issues.append(
            Issue(
                f"{inputs.config_path}: object type {config.object_type!r} is not in template "
                f"{template.name} (it has {', '.join(template.schema.object_types)})",
                "make <ObjectType> in the host configuration name one of the template's object types",
            )
        )
        return result
    for attribute in config.entry_schema.attributes:
        if attribute.name == EXPORT_PASSWORD:
            continue  # MIM's virtual password attribute: never in a schema
        if attribute.name not in object_type.attributes:
            result.issues.append(
                Issue(
                    f"{inputs.config_path}: attribute {attribute.name!r} is selected but template "
                    f"{template.name} has no such attribute on {object_type.name}",
                    "remove the <AttributeSchema> or add the attribute to the template's schema.xml "
                    "and workflows",
                )
            )
    anchor = config.entry_schema.anchor.name
    if object_type.anchor != anchor:
        result.issues.append(
            Issue(
                f"{inputs.config_path}: the host's anchor is {anchor!r} but the template's is "
                f"{object_type.anchor!r}",
                "mark the same attribute <IsAnchor>true</IsAnchor> as the template's anchor",
            )
        )
    result.detail = f"{len(config.entry_schema.attributes)} selected attributes; anchor {anchor}"
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
    config, template, mappings = inputs.config, inputs.template, inputs.mappings
    result = CheckResult("types agree", "static")
    object_type = template.schema.object_types.get(config.object_type)
    for attribute in config.entry_schema.attributes:
        declared = object_type.attributes.get(attribute.name) if object_type else None
        if declared is not None and declared.type != attribute.data_type:
            result.issues.append(
                Issue(
                    f"{inputs.config_path}: {attribute.name} is {attribute.data_type} in the host "
                    f"configuration but {declared.type} in template {template.name}",
                    f"make <DataType> {declared.type}, as the template (and the target) has it",
                )
            )
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
    result.detail = "host, template and mappings agree on every attribute's type"
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
    config, mappings, template = inputs.config, inputs.mappings, inputs.template
    result = CheckResult("delete flow fits the mappings", "static")
    model = config.entry_schema.deprovisioning
    deletes_in_target = model.delete_flow is DeleteFlow.DELETE or model.disable_flow is DisableFlow.DELETE
    if model.delete_flow is DeleteFlow.NONE and "Delete" in mappings.actions:
        result.issues.append(
            Issue(
                f"{inputs.config_path} <HardDelete> is None while the mappings' target object actions "
                "include Delete: Entra's DELETE answers 204 but the user stays in the target",
                "set <HardDelete>TreatAsHard</HardDelete>, or clear Delete from the target object actions",
                error=False,
            )
        )
    if deletes_in_target and template.workflow(config.object_type, "Delete") is None:
        result.issues.append(
            Issue(
                f"the host deletes users but template {template.name} has no "
                f"workflows/{config.object_type}/Delete.xml",
                "add a Delete workflow, or set both flows to None",
            )
        )
    result.detail = (
        f"delete flow {model.delete_flow.value}; target object actions {', '.join(sorted(mappings.actions))}"
    )
    return result


def check_project(inputs: Inputs) -> CheckResult:
    config = inputs.config
    result = CheckResult("Web Service Project is this template", "static")
    project = config.web_service.project
    if project and inputs.template_path.resolve() != Path(project).resolve():
        result.issues.append(
            Issue(
                f"{inputs.config_path}: 'Web Service Project' is {project}, not the template validated "
                f"here ({inputs.template_path})",
                "point the parameter at the template you ship, or validate that one",
                error=False,
            )
        )
    result.detail = str(project or "(not set)")
    return result


def check_secret(inputs: Inputs) -> CheckResult:
    config = inputs.config
    result = CheckResult("secret token is long enough", "static")
    length = len(config.secret_token or "")
    if length < MIN_SECRET_LENGTH:
        result.issues.append(
            Issue(
                f"{inputs.config_path} <SecretToken> has {counted(length, 'character')}; "
                f"ECMA2Host requires at least {MIN_SECRET_LENGTH} and will not start",
                f"set a random token of {MIN_SECRET_LENGTH} or more characters in <SecretToken> "
                "(and in Entra's "
                "Secret Token field)",
            )
        )
    result.detail = counted(length, "character")
    return result


_CHECKS: tuple[tuple[str, tuple[str, ...], Callable[[Inputs], CheckResult]], ...] = (
    ("mapped attributes are selected in the host", ("config", "mappings"), check_selected),
    ("selected attributes exist in the template", ("config", "template"), check_template_schema),
    ("anchor is mapped and used for matching", ("config", "mappings"), check_anchor),
    ("types agree", ("config", "template", "mappings"), check_types),
    ("disable flow fits the mappings", ("config", "mappings"), check_disable_flow),
    ("delete flow fits the mappings", ("config", "mappings", "template"), check_delete_flow),
    ("secret token is long enough", ("config",), check_secret),
    ("Web Service Project is this template", ("config",), check_project),
)
