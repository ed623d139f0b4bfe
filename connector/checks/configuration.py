"""Checks of a host configuration and a connector template together (``provlab connector check``).

What ECMA2Host would refuse at start-up, or what would break on the first export, found before
rollout: the files load, every selected attribute exists in the template with the same type and
anchor, a host whose flows delete has a Delete workflow to run (an import-only template has none),
the secret is long enough. Pure functions of the
loaded files; nothing here talks to a target. ``provlab validate`` composes these rows with its own
checks of Entra's mappings.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from connector.config import (
    MIN_SECRET_LENGTH,
    ConnectorConfig,
    DeleteFlow,
    DisableFlow,
    HostConfigError,
    UnknownConnectorError,
    load_host_config,
)
from connector.template import TemplateInvalidError, load_template
from connector.template.model import Template
from provlab.checks import Check, CheckResult, Issue, run_checks
from provlab.wording import counted
from provlab.xmlsafe import UnsafeXMLError

EXPORT_PASSWORD = "export_password"  # noqa: S105 - MIM's virtual password attribute, never in a schema


@dataclass
class ConnectorFiles:
    """The two files and what loaded of them (None: did not load; the load rows say why)."""

    config_path: Path
    template_path: Path
    config: ConnectorConfig | None = None
    template: Template | None = None


def load_connector(
    config_path: str | Path, connector: str | None = None
) -> tuple[ConnectorConfig | None, CheckResult]:
    """The chosen connector of a ``Configuration.xml``, and the row that says whether it loaded."""
    result = CheckResult("host configuration loads", "static")
    try:
        host = load_host_config(config_path)
    except (HostConfigError, UnsafeXMLError, OSError) as exc:
        result.issues.append(Issue(str(exc), "correct Configuration.xml as the message says"))
        return None, result
    try:
        chosen = host.select(connector)
    except UnknownConnectorError as exc:
        names = ", ".join(exc.names)
        result.issues.append(Issue(f"{config_path}: {exc}", f"pass --connector one of {names}"))
        return None, result
    if connector is None and len(host.connectors) > 1:
        result.issues.append(
            Issue(
                f"{config_path} has {len(host.connectors)} connectors; validating the first, {chosen.name}",
                "pass --connector NAME to choose another",
                error=False,
            )
        )
    result.detail = f"connector {chosen.name}, object type {chosen.object_type}"
    return chosen, result


def load_checked_template(template_path: str | Path) -> tuple[Template | None, CheckResult]:
    """The template, and the row that lists every problem that kept it from loading."""
    result = CheckResult("template is valid", "static")
    try:
        template = load_template(template_path)
    except TemplateInvalidError as exc:
        for problem in exc.problems:
            result.issues.append(Issue(str(problem), "fix the template (`provlab template validate DIR`)"))
        return None, result
    workflows = len(template.workflows)
    result.detail = f"{template.name}: {counted(workflows, 'workflow')}"
    return template, result


def load_files(
    config_path: str | Path, template_path: str | Path, *, connector: str | None = None
) -> tuple[ConnectorFiles, list[CheckResult]]:
    """Load both files; the two rows say which loaded and, for those that did not, why."""
    files = ConnectorFiles(Path(config_path), Path(template_path))
    files.config, config_row = load_connector(config_path, connector)
    files.template, template_row = load_checked_template(template_path)
    return files, [config_row, template_row]


def check_configuration(
    config_path: str | Path, template_path: str | Path, *, connector: str | None = None
) -> list[CheckResult]:
    """Every row of ``provlab connector check``: the two loads, then :func:`cross_check_files`."""
    files, loaded = load_files(config_path, template_path, connector=connector)
    return loaded + cross_check_files(files)


def cross_check_files(files: ConnectorFiles) -> list[CheckResult]:
    """The checks of the loaded files; a check whose files did not load is skipped with the reason."""
    return run_checks(_CHECKS, files)


# -- the checks ---------------------------------------------------------------------------------
def check_template_schema(files: ConnectorFiles) -> CheckResult:
    config, template = files.config, files.template
    result = CheckResult("selected attributes exist in the template", "static")
    object_type = template.schema.object_types.get(config.object_type)
    if object_type is None:
        result.issues.append(
            Issue(
                f"{files.config_path}: object type {config.object_type!r} is not in template "
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
                    f"{files.config_path}: attribute {attribute.name!r} is selected but template "
                    f"{template.name} has no such attribute on {object_type.name}",
                    "remove the <AttributeSchema> or add the attribute to the template's schema.xml "
                    "and workflows",
                )
            )
    anchor = config.entry_schema.anchor.name
    if object_type.anchor != anchor:
        result.issues.append(
            Issue(
                f"{files.config_path}: the host's anchor is {anchor!r} but the template's is "
                f"{object_type.anchor!r}",
                "mark the same attribute <IsAnchor>true</IsAnchor> as the template's anchor",
            )
        )
    result.detail = f"{len(config.entry_schema.attributes)} selected attributes; anchor {anchor}"
    return result


def check_types(files: ConnectorFiles) -> CheckResult:
    config, template = files.config, files.template
    result = CheckResult("types agree", "static")
    object_type = template.schema.object_types.get(config.object_type)
    for attribute in config.entry_schema.attributes:
        declared = object_type.attributes.get(attribute.name) if object_type else None
        if declared is not None and declared.type != attribute.data_type:
            result.issues.append(
                Issue(
                    f"{files.config_path}: {attribute.name} is {attribute.data_type} in the host "
                    f"configuration but {declared.type} in template {template.name}",
                    f"make <DataType> {declared.type}, as the template (and the target) has it",
                )
            )
    result.detail = "host and template agree on every attribute's type"
    return result


def deletes_in_target(config: ConnectorConfig) -> bool:
    """Whether the host's disable or delete flow deletes the user in the target."""
    model = config.entry_schema.deprovisioning
    return model.delete_flow is DeleteFlow.DELETE or model.disable_flow is DisableFlow.DELETE


def check_delete_workflow(files: ConnectorFiles) -> CheckResult:
    config, template = files.config, files.template
    result = CheckResult("deleting flows have a Delete workflow", "static")
    model = config.entry_schema.deprovisioning
    if deletes_in_target(config) and template.workflow(config.object_type, "Delete") is None:
        result.issues.append(
            Issue(
                f"the host deletes users but template {template.name} has no "
                f"workflows/{config.object_type}/Delete.xml",
                "add a Delete workflow, or set both flows to None",
            )
        )
    result.detail = f"disable flow {model.disable_flow.value}, delete flow {model.delete_flow.value}"
    return result


def check_project(files: ConnectorFiles) -> CheckResult:
    config = files.config
    result = CheckResult("Web Service Project is this template", "static")
    project = config.web_service.project
    if project and files.template_path.resolve() != Path(project).resolve():
        result.issues.append(
            Issue(
                f"{files.config_path}: 'Web Service Project' is {project}, not the template validated "
                f"here ({files.template_path})",
                "point the parameter at the template you ship, or validate that one",
                error=False,
            )
        )
    result.detail = str(project or "(not set)")
    return result


def check_secret(files: ConnectorFiles) -> CheckResult:
    config = files.config
    result = CheckResult("secret token is long enough", "static")
    length = len(config.secret_token or "")
    characters = counted(length, "character")
    if length < MIN_SECRET_LENGTH:
        result.issues.append(
            Issue(
                f"{files.config_path} <SecretToken> has {characters}; "
                f"ECMA2Host requires at least {MIN_SECRET_LENGTH} and will not start",
                f"set a random token of {MIN_SECRET_LENGTH} or more characters in <SecretToken> "
                "(and in Entra's Secret Token field)",
            )
        )
    result.detail = characters
    return result


_CHECKS: tuple[Check, ...] = (
    ("selected attributes exist in the template", ("config", "template"), check_template_schema),
    ("types agree", ("config", "template"), check_types),
    ("deleting flows have a Delete workflow", ("config", "template"), check_delete_workflow),
    ("secret token is long enough", ("config",), check_secret),
    ("Web Service Project is this template", ("config",), check_project),
)
