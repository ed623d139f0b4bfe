"""Loading the customer's three files, each failure becoming a failed check rather than a crash.

The host configuration and the template are the connector's to load and check
(:func:`connector.load_files`); the mappings are Entra's, loaded here."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from connector import ConnectorFiles, load_files
from harness.mappings import MappingError, MappingSet, load_mappings
from harness.reports.wording import counted

from .results import CheckResult, Issue


@dataclass
class Inputs(ConnectorFiles):
    """The connector's two files plus Entra's mappings (None: did not load; the load rows say why)."""

    mappings_path: Path = Path()
    mappings: MappingSet | None = None


def load_inputs(
    config_path: str | Path,
    template_path: str | Path,
    mappings_path: str | Path,
    *,
    connector: str | None = None,
) -> tuple[Inputs, list[CheckResult]]:
    """Load the three files; the results say which loaded and, for those that did not, why."""
    files, loaded = load_files(config_path, template_path, connector=connector)
    inputs = Inputs(files.config_path, files.template_path, files.config, files.template, Path(mappings_path))
    return inputs, [*loaded, _load_mappings(inputs)]


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
