"""Reading mapping files: Graph schema JSON (``.json``) or the short YAML form (``.yaml``/``.yml``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from .errors import MappingError
from .graph_schema import mapping_set_from_graph
from .model import MappingSet
from .short_form import LINE_KEY, mapping_set_from_short


class _LineLoader(yaml.SafeLoader):
    """A safe YAML loader that records each mapping's line, so errors can say file:line."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        mapping = super().construct_mapping(node, deep=deep)
        mapping[LINE_KEY] = node.start_mark.line + 1
        return mapping


def load_mapping_text(text: str, *, source: str, kind: str) -> MappingSet:
    """Parse mapping text of ``kind`` "json" or "yaml"; ``source`` names it in errors."""
    if kind == "json":
        try:
            document = json.loads(text)
        except json.JSONDecodeError as exc:
            raise MappingError(f"{source}:{exc.lineno}:{exc.colno}", f"not valid JSON: {exc.msg}") from None
        try:
            return mapping_set_from_graph(document)
        except MappingError as exc:
            raise MappingError(f"{source} {exc.where}", exc.reason) from None
    try:
        document = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{source}:{mark.line + 1}:{mark.column + 1}" if mark else source
        raise MappingError(where, f"not valid YAML: {getattr(exc, 'problem', exc)}") from None
    return mapping_set_from_short(document, source=source)


def load_mappings(path: str | Path) -> MappingSet:
    """Load a mapping file, choosing the format by its extension."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".json", ".yaml", ".yml"):
        raise MappingError(str(path), "mapping files are .json (Graph schema) or .yaml/.yml (short form)")
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise MappingError(str(path), f"cannot read: {exc.strerror}") from None
    return load_mapping_text(text, source=str(path), kind="json" if suffix == ".json" else "yaml")
