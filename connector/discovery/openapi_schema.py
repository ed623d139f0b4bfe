"""A JSON body's schema becomes what the template can hold: a sample JSON value (MIM's REST
discovery builds a workflow's types from samples) and, for the reader, the list of its fields with
types and whether they are required.

A sample shows one shape, so what has several (``oneOf``/``anyOf`` other than "this or null",
type unions, ``allOf`` mixing objects and scalars) is refused, with where it is. Values come from the
schema's ``example``/``examples``/``default``/``const``/``enum``, else a placeholder of the type. A
recursive schema is expanded once and stops where it repeats (written as ``{}``/``[]`` there).
``readOnly`` fields are left out of request samples and ``writeOnly`` ones out of response samples.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from connector.discovery.errors import OpenApiRefusal
from connector.discovery.openapi_nodes import Node

MAX_SAMPLE_VALUES = 10_000
MAX_SAMPLE_DEPTH = 32
_MISSING = object()
_ANNOTATIONS = {"description", "summary", "title", "$comment", "deprecated", "externalDocs"}
PLACEHOLDERS = {
    "date": "2026-12-31",
    "date-time": "2026-01-15T09:00:00Z",
    "email": "user@example.com",
    "uuid": "00000000-0000-0000-0000-000000000000",
    "uri": "https://example.com/",
    "url": "https://example.com/",
}


@dataclass(frozen=True)
class BodyField:
    """One field of a body: ``path`` like ``users[].userName``, a type label, whether it is required."""

    path: str
    type: str
    required: bool

    def __str__(self) -> str:
        return f"{self.path}: {self.type}{' (required)' if self.required else ''}"


@dataclass
class BodyShape:
    sample: Any
    fields: list[BodyField] = field(default_factory=list)
    refusals: list[OpenApiRefusal] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


class _TooLarge(Exception):  # noqa: N818 - internal signal
    def __init__(self, node: Node, why: str) -> None:
        super().__init__(why)
        self.node = node


def describe_body(schema: Node, direction: str, version: str) -> BodyShape:
    """The sample and fields of a request (``direction="request"``) or response body schema."""
    walk = _Walk(direction, version)
    try:
        sample = walk.sample(schema, "", frozenset(), 0, False)
    except _TooLarge as exc:
        walk.refusals.append(exc.node.refusal("sample-too-large", str(exc)))
        sample = None
    return BodyShape(sample, walk.fields, walk.refusals, walk.notes)


class _Walk:
    def __init__(self, direction: str, version: str) -> None:
        self.direction = direction
        self.version = version
        self.count = 0
        self.fields: list[BodyField] = []
        self.refusals: list[OpenApiRefusal] = []
        self.notes: list[str] = []

    # -- one schema ---------------------------------------------------------------------------

    def sample(self, node: Node, path: str, stack: frozenset[str], depth: int, required: bool) -> Any:  # noqa: PLR0911, C901 - one case per kind of schema
        self.count += 1
        if self.count > MAX_SAMPLE_VALUES:
            raise _TooLarge(node, f"the body expands to more than {MAX_SAMPLE_VALUES:,} values")
        if depth > MAX_SAMPLE_DEPTH:
            raise _TooLarge(node, f"the body nests more than {MAX_SAMPLE_DEPTH} levels deep")
        ref = node.ref
        if ref is not None:
            if ref in stack:
                target = node.deref()
                empty: Any = [] if _type_of(target.value) == "array" else {}
                self.notes.append(
                    f"{path or 'the body'}: {target.pointer} contains itself; shown once, as {empty!r} here"
                )
                self._field(path, _label(target.value, self.version), required)
                return empty
            siblings = {k: v for k, v in node.value.items() if k != "$ref" and k not in _ANNOTATIONS}
            target = node.deref()
            if self.version == "3.1" and siblings:  # 3.1: keywords beside $ref apply too
                return self._all_of(
                    [target, node.with_value(siblings)], node, path, stack | {ref}, depth, required
                )
            return self.sample(target, path, stack | {ref}, depth, required)
        raw = node.value
        if raw is True or raw == {}:
            self._field(path, "any", required)
            return None
        if not isinstance(raw, dict):
            self.refusals.append(node.refusal("schema", "this schema accepts nothing (false)"))
            return None
        for keyword in ("oneOf", "anyOf"):
            if keyword in raw:
                return self._alternatives(node, keyword, path, stack, depth, required)
        if "allOf" in raw:
            own = {k: v for k, v in raw.items() if k not in ("allOf", *_ANNOTATIONS)}
            members = list(node.child("allOf").elements()) + ([node.with_value(own)] if own else [])
            return self._all_of(members, node, path, stack, depth, required)
        kind = self._kind(node)
        self._field(path, _label(raw, self.version), required)
        example = _example(raw)
        if kind == "object":
            value = self._object(node, path, stack, depth)
            return example if isinstance(example, dict) else value
        if kind == "array":
            items = node.child("items")
            value = [self.sample(items, f"{path}[]", stack, depth + 1, False)] if items is not None else []
            return example if isinstance(example, list) else value
        if kind == "file":
            self.refusals.append(node.refusal("body-type", "a file body: the template sends JSON only"))
            return None
        return example if example is not _MISSING else _placeholder(kind, raw)

    def _object(self, node: Node, path: str, stack: frozenset[str], depth: int) -> dict[str, Any]:
        required = node.get("required", [])
        properties = node.child("properties")
        result: dict[str, Any] = {}
        for name, prop in properties.items() if properties is not None else ():
            target = prop.deref()
            if _skipped(prop.value, self.direction) or _skipped(target.value, self.direction):
                continue
            child_path = f"{path}.{name}" if path else name
            result[name] = self.sample(prop, child_path, stack, depth + 1, name in required)
        if not result and (
            node.get("additionalProperties") not in (None, False) or "patternProperties" in node.value
        ):
            self.notes.append(f"{path or 'the body'}: a map with free keys; the sample shows it empty")
        return result

    def _alternatives(
        self, node: Node, keyword: str, path: str, stack: frozenset[str], depth: int, required: bool
    ) -> Any:
        choices = [c for c in node.child(keyword).elements() if not _is_null(c.deref().value)]
        if len(choices) == 1:  # "this or null": one shape, nullable
            return self.sample(choices[0], path, stack, depth, required)
        self.refusals.append(
            node.child(keyword).refusal(
                "polymorphic",
                f"{keyword} with {len(choices)} alternatives: a sample shows one shape and MIM builds one "
                "type from it, so the template cannot hold a body that may take several; describe one "
                "shape (or use one operation per shape)",
            )
        )
        self._field(path, keyword, required)
        return None

    def _all_of(
        self, members: list[Node], node: Node, path: str, stack: frozenset[str], depth: int, required: bool
    ) -> Any:
        samples = []
        first_field = len(self.fields)
        self._field(path, "object", required)
        inner_required: set[str] = set()
        for member in members:
            inner_required |= set(member.deref().get("required", []) or [])
            before = len(self.fields)
            samples.append(self.sample(member, path, stack, depth, required))
            # a member's own line for `path` repeats the one above: keep the first only
            self.fields[before:] = [f for f in self.fields[before:] if f.path != path or not path]
        if all(isinstance(s, dict) for s in samples):
            merged: dict[str, Any] = {}
            for s in samples:
                merged.update(s)
            prefix = f"{path}." if path else ""
            self.fields[first_field:] = [
                replace(f, required=True)
                if f.path.startswith(prefix) and f.path[len(prefix) :] in inner_required
                else f
                for f in self.fields[first_field:]
            ]
            return merged
        if len({type(s) for s in samples}) == 1:
            return samples[0]
        self.refusals.append(
            node.refusal(
                "polymorphic", "allOf combines an object with a value of another type: no sample has both"
            )
        )
        return None

    def _kind(self, node: Node) -> str:
        declared = node.get("type")
        if isinstance(declared, list):
            kinds = [k for k in declared if k != "null"]
            if len(kinds) > 1:
                self.refusals.append(
                    node.refusal(
                        "polymorphic",
                        f"type {declared}: a value of several types; a sample shows one of them",
                    )
                )
            return kinds[0] if kinds else "null"
        return declared or _type_of(node.value)

    def _field(self, path: str, label: str, required: bool) -> None:
        if path:
            self.fields.append(BodyField(path, label, required))


def _type_of(schema: Any) -> str:
    if not isinstance(schema, dict):
        return ""
    declared = schema.get("type")
    if isinstance(declared, str):
        return declared
    if isinstance(declared, list):
        return next((k for k in declared if k != "null"), "null")
    if "properties" in schema or "additionalProperties" in schema or "allOf" in schema:
        return "object"
    if "items" in schema:
        return "array"
    return ""


def _label(schema: Any, version: str) -> str:
    """``string``, ``string (date-time)``, ``integer, nullable``: what the reader needs of a type."""
    kind = _type_of(schema) or "any"
    fmt = schema.get("format") if isinstance(schema, dict) else None
    label = f"{kind} ({fmt})" if isinstance(fmt, str) else kind
    nullable = isinstance(schema, dict) and (
        schema.get("nullable") is True
        or schema.get("x-nullable") is True
        or (isinstance(schema.get("type"), list) and "null" in schema["type"])
    )
    return f"{label}, nullable" if nullable else label


def _skipped(schema: Any, direction: str) -> bool:
    if not isinstance(schema, dict):
        return False
    return schema.get("readOnly") is True if direction == "request" else schema.get("writeOnly") is True


def _is_null(schema: Any) -> bool:
    return isinstance(schema, dict) and (schema.get("type") == "null" or schema.get("enum") == [None])


def _example(schema: dict[str, Any]) -> Any:
    examples = schema.get("examples")
    if isinstance(examples, list) and examples:
        return examples[0]
    for keyword in ("example", "default", "const"):
        if keyword in schema:
            return schema[keyword]
    enum = [v for v in schema.get("enum", []) or [] if v is not None]
    return enum[0] if enum else _MISSING


def _placeholder(kind: str, schema: dict[str, Any]) -> Any:
    if kind == "string":
        return PLACEHOLDERS.get(schema.get("format"), "string")
    minimum = schema.get("minimum")
    if kind == "integer":
        return int(minimum) if isinstance(minimum, int | float) and not isinstance(minimum, bool) else 0
    if kind == "number":
        return float(minimum) if isinstance(minimum, int | float) and not isinstance(minimum, bool) else 0.0
    if kind == "boolean":
        return True
    return None
