"""An operation's parameters as the template's ``Parameter`` elements: name, where (path, query,
header), one of the template's types and whether it is required.

The template sends single values, so what it cannot send is refused with where it is: cookie
parameters, arrays and objects, parameters described by ``content``, non-default serialization
styles, form fields and files (Swagger 2.0). Constraints it has no place for (enum, pattern, bounds,
defaults) are named in the notes. ``Accept``, ``Content-Type`` and ``Authorization`` header
parameters are ignored, as the OpenAPI specification says they must be.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from connector.discovery.errors import OpenApiRefusal
from connector.discovery.openapi_nodes import Node
from connector.discovery.rest import NAME, PATH_PARAMETER
from connector.template import model as m

DEFAULT_STYLES = {"path": "simple", "query": "form", "header": "simple"}
IGNORED_HEADERS = {"accept", "content-type", "authorization"}
CONSTRAINTS = ("enum", "pattern", "minimum", "maximum", "minLength", "maxLength", "default", "multipleOf")


@dataclass
class Parameters:
    """What an operation's parameter list gives: template parameters, and a Swagger 2.0 body."""

    parameters: dict[str, m.RestParameter] = field(default_factory=dict)
    body: Node | None = None  # Swagger 2.0 ``in: body``: the body parameter's node
    refusals: list[OpenApiRefusal] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def read_parameters(shared: Node | None, own: Node | None, path: str, version: str) -> Parameters:
    """Path-level ``shared`` parameters, overridden by the operation's ``own`` (by name and place)."""
    merged: dict[tuple[str, str], Node] = {}
    for group in (shared, own):
        for node in group.elements() if group is not None else ():
            target = node.deref()
            merged[(str(target.get("name")), str(target.get("in")))] = target
    found = Parameters()
    for target in merged.values():
        _one(target, version, found)
    for name in PATH_PARAMETER.findall(path):
        if name not in found.parameters and NAME.match(name):
            found.parameters[name] = m.RestParameter(name, "path", "string", True)
            found.notes.append(f"path parameter {name} is not declared; taken as a required string")
    return found


def _one(node: Node, version: str, found: Parameters) -> None:  # noqa: C901, PLR0911 - one check per rule
    name, where = str(node.get("name")), str(node.get("in"))
    if where == "body":
        found.body = node.child("schema")
        return
    if where == "formData":
        found.refusals.append(
            node.refusal(
                "body-media-type",
                f"form field {name!r}: a form body (multipart or urlencoded) cannot be sent; the template "
                "sends JSON bodies only",
            )
        )
        return
    if where == "cookie":
        found.refusals.append(
            node.refusal(
                "cookie-parameter",
                f"cookie parameter {name!r}: the template sends path, query and header parameters only",
            )
        )
        return
    if where == "header" and name.lower() in IGNORED_HEADERS:
        found.notes.append(f"header {name} ignored (the HTTP client sets it, as OpenAPI requires)")
        return
    if not NAME.match(name):
        found.refusals.append(
            node.refusal(
                "parameter-name",
                f"parameter name {name!r}: the template's names are letters, digits, '_', '.' or '-', "
                "starting with a letter or '_'",
            )
        )
        return
    if version != "2.0" and "content" in node.value:
        found.refusals.append(
            node.refusal(
                "parameter-content",
                f"parameter {name!r} is described by 'content' (a serialized structure); the template "
                "sends single values: describe it with a 'schema' of a simple type",
            )
        )
        return
    style = node.get("style")
    if style is not None and style != DEFAULT_STYLES.get(where):
        found.refusals.append(
            node.refusal(
                "parameter-style",
                f"parameter {name!r} uses style {style!r}; the template sends {where} parameters in the "
                f"default style ({DEFAULT_STYLES.get(where)})",
            )
        )
        return
    schema = node if version == "2.0" else (node.child("schema") or node.with_value({})).deref()
    kind = _kind(schema.value)
    if kind in ("array", "object", "file") or kind.startswith("several:"):
        what = {"array": "an array", "object": "an object", "file": "a file"}.get(kind, f"one of {kind[8:]}")
        found.refusals.append(
            schema.refusal(
                "parameter-type",
                f"parameter {name!r} is {what}; the template's parameters are single values "
                "(string, integer, number, boolean, datetime)",
            )
        )
        return
    if name in found.parameters:
        found.refusals.append(
            node.refusal(
                "parameter-clash",
                f"parameter {name!r} is declared both in {found.parameters[name].where} and in {where}; the "
                "template names parameters by name alone",
            )
        )
        return
    type_ = _template_type(kind, schema.value)
    if not kind:
        found.notes.append(f"parameter {name} has no type; taken as string")
    kept_out = [c for c in CONSTRAINTS if c in schema.value]
    if isinstance(schema.get("format"), str) and type_ != "datetime":
        kept_out.append(f"format {schema.get('format')}")
    if kept_out:
        found.notes.append(f"parameter {name}: {', '.join(kept_out)} (the template has no place for it)")
    required = where == "path" or node.get("required") is True
    found.parameters[name] = m.RestParameter(name, where, type_, required)


def _kind(schema: object) -> str:
    if not isinstance(schema, dict):
        return ""
    declared = schema.get("type")
    if isinstance(declared, list):
        kinds = [k for k in declared if k != "null"]
        return kinds[0] if len(kinds) == 1 else ("several:" + ", ".join(kinds) if kinds else "")
    return declared if isinstance(declared, str) else ""


def _template_type(kind: str, schema: dict) -> str:
    if kind == "string" and schema.get("format") == "date-time":
        return "datetime"
    return kind if kind in ("integer", "number", "boolean") else "string"
