"""Loading the customer's three files, each failure becoming a failed check rather than a crash."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from connector.config import ConnectorConfig, HostConfigError, UnknownConnectorError, load_host_config
from connector.template import TemplateInvalidError, load_template
from connector.template.model import Template
from harness.mappings import MappingError, MappingSet, load_mappings
from harness.reports.wording import counted
from provlab.xmlsafe import UnsafeXMLError

from .results import CheckResult, Issue


@dataclass
class Inputs:
    config_path: Path
    template_path: Path
    mappings_path: Path
    config: ConnectorConfig | None = None
    template: Template | None = None
    mappings: MappingSet | None = None


def load_inputs(
    config_path: str | Path,
    template_path: str | Path,
    mappings_path: str | Path,
    *,
    connector: str | None = None,
) -> tuple[Inputs, list[CheckResult]]:
    """Load the three files; the results say which loaded and, for those that did not, why."""
    inputs = Inputs(Path(config_path), Path(template_path), Path(mappings_path))
    return inputs, [
        _load_config(inputs, connector),
        _load_template(inputs),
        _load_mappings(inputs),
    ]


def _load_config(inputs: Inputs, connector: str | None) -> CheckResult:
    result = CheckResult("host configuration loads", "static")
    try:
        host = load_host_config(inputs.config_path)
    except (HostConfigError, UnsafeXMLError, OSError) as exc:
        result.issues.append(Issue(str(exc), "correct Configuration.xml as the message says"))
        return result
    try:
        chosen = host.select(connector)
    except UnknownConnectorError as exc:
        names = ", ".join(exc.names)
        result.issues.append(Issue(f"{inputs.config_path}: {exc}", f"pass --connector one of {names}"))
        return result
    if connector is None and len(host.connectors) > 1:
        result.issues.append(
            Issue(
                f"{inputs.config_path} has {len(host.connectors)} connectors; "
                f"validating the first, {chosen.name}",
                "pass --connector NAME to choose another",
                error=False,
            )
        )
    inputs.config = chosen
    result.detail = f"connector {chosen.name}, object type {chosen.object_type}"
    return result


def _load_template(inputs: Inputs) -> CheckResult:
    result = CheckResult("template is valid", "static")
    try:
        inputs.template = load_template(inputs.template_path)
    except TemplateInvalidError as exc:
        for problem in exc.problems:
            result.issues.append(Issue(str(problem), "fix the template (`provlab template validate DIR`)"))
        return result
    workflows = len(inputs.template.workflows)
    result.detail = f"{inputs.template.name}: {counted(workflows, 'workflow')}"
    return result


def _load_mappings(inputs: Inputs) -> CheckResult:
    result = CheckResult("mappings load", "static")
    try:
        inputs.mappings = load_mappings(inputs.mappings_path)
    except MappingError as exc:
        result.issues.append(Issue(str(exc), "export the schema again from Graph or correct the JSON"))
        return result
    for problem in inputs.mappings.problems():
        result.issues.append(
            Issue(f"{inputs.mappings_path}: {problem}", "Entra refuses to save such mappings")
        )
    result.detail = counted(len(inputs.mappings.attribute_mappings), "attribute mapping")
    return result
