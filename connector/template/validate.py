"""Static validation of a template's meaning, after every file passed its XSD.

Checks that the names a workflow uses exist where they should: services, endpoints, operations
and argument (field) names in discovery, REST resources, methods and parameters, attribute names
in the schema; that each object type has one anchor; that expressions parse and call known
helpers; that the workflows the declared capabilities need are present; and that discovery
agrees with the WSDL copies it was read from.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TypeVar

from lxml import etree

from connector.template import model as m
from connector.template.expressions import check_expression
from connector.template.parts import LoadedParts
from connector.template.problems import Location, Problem
from provlab.xmlsafe import UnsafeXMLError, parse_bytes

WSDL_NS = "http://schemas.xmlsoap.org/wsdl/"
IMPORT_OPERATIONS = ("FullImport", "DeltaImport")


def validate_parts(parts: LoadedParts) -> list[Problem]:
    """Every meaning problem of the loaded parts (files that failed to load are skipped)."""
    problems: list[Problem] = []
    if parts.schema is not None:
        problems += _check_schema(parts.schema)
        problems += _check_required_workflows(parts)
    if parts.discovery is not None:
        problems += _check_discovery_against_wsdl(parts)
    for workflow in parts.workflows.values():
        problems += WorkflowChecker(parts, workflow).run()
    for shared in parts.shared.values():
        problems += WorkflowChecker(parts, shared).run()
    problems += _check_invoke_cycles(parts)
    return problems


def invoked(activities: Iterable[m.AnyActivity]) -> Iterator[m.Invoke]:
    """Every Invoke among ``activities`` and the activities nested in them."""
    for a in activities:
        if isinstance(a, m.Invoke):
            yield a
        for name in ("body", "then", "otherwise", "catch", "final"):
            yield from invoked(getattr(a, name, ()))


def _check_invoke_cycles(parts: LoadedParts) -> Iterator[Problem]:
    """A shared workflow that invokes itself, directly or through others, would never end."""
    graph = {
        key: [(key[0], i.workflow, i) for i in invoked(shared.body)] for key, shared in parts.shared.items()
    }
    reported: set[frozenset] = set()
    for start in sorted(graph):
        stack: list[tuple[tuple[str, str], list]] = [(start, [start])]
        while stack:
            node, path = stack.pop()
            for target_type, name, invoke in graph.get(node, ()):
                target = (target_type, name)
                if target == start:
                    cycle = frozenset(path)
                    if cycle not in reported:
                        reported.add(cycle)
                        chain = " -> ".join(n for _, n in [*path, start])
                        yield Problem(
                            invoke.location,
                            f"shared workflows invoke each other in a cycle ({chain}): a run would never end",
                        )
                elif target in graph and target not in path:
                    stack.append((target, [*path, target]))


def _check_schema(schema: m.Schema) -> Iterator[Problem]:
    for ot in schema.object_types.values():
        anchors = [a for a in ot.attributes.values() if a.anchor]
        where = ot.location or Location("schema.xml")
        if not anchors:
            yield Problem(
                where, f'object type {ot.name!r} has no anchor: mark one attribute with anchor="true"'
            )
        elif len(anchors) > 1:
            names = ", ".join(a.name for a in anchors)
            yield Problem(
                where, f"object type {ot.name!r} has several anchors ({names}): the host needs exactly one"
            )
        for a in anchors:
            if a.name == m.EXPORT_PASSWORD or a.multivalued:
                yield Problem(
                    a.location or where, f"anchor {a.name!r} must be a single-valued, real attribute"
                )


def _check_required_workflows(parts: LoadedParts) -> Iterator[Problem]:
    schema = parts.schema
    assert schema is not None  # noqa: S101 - caller checks
    required = schema.capabilities.required_operations()
    for ot in schema.object_types.values():
        where = schema.capabilities.location or ot.location or Location("schema.xml")
        for op in required:
            if op == "TestConnection":
                continue
            if (ot.name, op) not in parts.present:
                path = parts.source.display(f"workflows/{ot.name}/{op}.xml")
                yield Problem(
                    where, f"missing workflow {path}: the declared capabilities need {op} for {ot.name}"
                )
    if "TestConnection" in required and not any(op == "TestConnection" for _, op in parts.present):
        where = schema.capabilities.location or Location(parts.source.display("schema.xml"), 1, 1)
        first = next(iter(schema.object_types), "<ObjectType>")
        path = parts.source.display(f"workflows/{first}/TestConnection.xml")
        yield Problem(where, f"missing workflow {path}: testConnection is enabled (one object type needs it)")
    for ot_name, name in sorted(parts.shared):
        if ot_name not in schema.object_types:
            known = ", ".join(schema.object_types)
            where = Location(parts.shared[(ot_name, name)].file, 1, 1)
            yield Problem(where, f"object type {ot_name!r} is not in schema.xml (known: {known})")
    for ot_name, op in sorted(parts.present):
        if ot_name not in schema.object_types:
            known = ", ".join(schema.object_types)
            where = Location(parts.source.display(f"workflows/{ot_name}/{op}.xml"), 1, 1)
            yield Problem(where, f"object type {ot_name!r} is not in schema.xml (known: {known})")


def _wsdl_operations(data: bytes, display: str) -> set[str] | str:
    try:
        root = parse_bytes(data, source=display)
    except (UnsafeXMLError, etree.XMLSyntaxError) as exc:
        return f"WSDL copy {display} does not parse: {exc}"
    return {op.get("name") for op in root.iterfind(f"{{{WSDL_NS}}}portType/{{{WSDL_NS}}}operation")}


def _check_discovery_against_wsdl(parts: LoadedParts) -> Iterator[Problem]:
    assert parts.discovery is not None  # noqa: S101 - caller checks
    for svc in parts.discovery.soap.values():
        data = parts.wsdl_files.get(svc.wsdl)
        if data is None:
            continue  # reported by the loader
        operations = _wsdl_operations(data, parts.source.display(svc.wsdl))
        if isinstance(operations, str):
            yield Problem(svc.location or Location("discovery.xml"), operations)
            continue
        for ep in svc.endpoints.values():
            for op in ep.operations.values():
                if op.name not in operations:
                    yield Problem(
                        op.location or Location("discovery.xml"),
                        f"operation {op.name!r} is not in the WSDL copy {svc.wsdl}: run discovery again",
                    )


T = TypeVar("T")


def _names(items: Iterable[str]) -> str:
    return ", ".join(sorted(items)) or "none"


@dataclass
class WorkflowChecker:
    """Walks one workflow and checks every name and expression it uses."""

    parts: LoadedParts
    workflow: m.Workflow | m.SharedWorkflow

    def run(self) -> list[Problem]:
        self.problems: list[Problem] = []
        schema = self.parts.schema
        self.object_type = schema.object_types.get(self.workflow.object_type) if schema else None
        self.walk(self.workflow.body)
        return self.problems

    def report(self, where: Location | None, message: str) -> None:
        self.problems.append(Problem(where or Location(self.workflow.file, 1, 1), message))

    # expressions and attributes ------------------------------------------------------------------
    def expr(self, expression: m.Expression | None) -> None:
        if expression is None:
            return
        problems, attributes = check_expression(expression.source)
        for message in problems:
            self.report(expression.location, message)
        for name in attributes:
            self.attribute(name, expression.location, self.object_type)

    def attribute(self, name: str, where: Location | None, object_type: m.ObjectType | None) -> None:
        if object_type is not None and name not in object_type.attributes:
            known = _names(object_type.attributes)
            self.report(
                where, f"attribute {name!r} is not in object type {object_type.name!r} (known: {known})"
            )

    def value(self, node: m.ValueNode, element: m.MessageElement | None, what: str) -> None:
        """Check a call value against the discovered element tree (None = no tree to check against)."""
        self.expr(node.value)
        if element is not None and (node.fields or node.rows) and not element.children:
            self.report(node.location, f'{what} {node.name!r} is a simple value: give it value="..." only')
            element = None
        if node.rows and element is not None and not element.repeated:
            self.report(node.location, f"{what} {node.name!r} is not repeated: use Field, not Row")
        for child in node.fields + tuple(f for row in node.rows for f in row):
            sub = element.child(child.name) if element is not None else None
            if element is not None and sub is None:
                known = _names(c.name for c in element.children)
                self.report(child.location, f"{element.name} has no field {child.name!r} (fields: {known})")
            self.value(child, sub, "field")

    # activities ---------------------------------------------------------------------------------
    def walk(self, activities: Iterable[m.AnyActivity]) -> None:
        for a in activities:
            self.activity(a)

    def activity(self, a: m.AnyActivity) -> None:  # noqa: C901 - one branch per activity kind
        names = (
            "value",
            "condition",
            "items",
            "message",
            "page_size",
            "more",
            "anchor",
            "retry_after",
            "url",
        )
        for name in (*names, "modification_expr"):
            child = getattr(a, name, None)
            if isinstance(child, m.Expression):
                self.expr(child)
        for name in ("body", "then", "otherwise", "catch", "final"):
            self.walk(getattr(a, name, ()))
        if isinstance(a, m.WebServiceCall):
            self.web_service_call(a)
        elif isinstance(a, m.RestCall):
            self.rest_call(a)
        elif isinstance(a, m.CreateCSEntryChange):
            self.cs_entry_change(a)
        elif isinstance(a, m.Invoke):
            self.invoke(a)
        elif isinstance(self.workflow, m.SharedWorkflow):
            return  # a shared piece may set either status: the workflows invoking it decide
        elif isinstance(a, m.SetImportStatus) and self.workflow.operation not in IMPORT_OPERATIONS:
            self.report(
                a.location, f"SetImportStatus in the {self.workflow.operation} workflow: use SetExportStatus"
            )
        elif isinstance(a, m.SetExportStatus) and self.workflow.operation in IMPORT_OPERATIONS:
            self.report(
                a.location, f"SetExportStatus in the {self.workflow.operation} workflow: use SetImportStatus"
            )

    def member(
        self, table: Mapping[str, T], key: str, location: Location, problem: str, kind: str
    ) -> T | None:
        """``table[key]``, or None after reporting ``problem`` with the names ``table`` has."""
        found = table.get(key)
        if found is None:
            self.report(location, f"{problem} ({kind}: {_names(table)})")
        return found

    def web_service_call(self, a: m.WebServiceCall) -> None:
        discovery = self.parts.discovery
        if discovery is None:
            return
        loc = a.location
        service = self.member(
            discovery.soap, a.service, loc, f"unknown SOAP service {a.service!r}", "discovered"
        )
        if service is None:
            return
        where = f"service {a.service!r} has no endpoint {a.endpoint!r}"
        endpoint = self.member(service.endpoints, a.endpoint, loc, where, "endpoints")
        if endpoint is None:
            return
        where = f"endpoint {a.endpoint!r} has no operation {a.operation!r}"
        operation = self.member(endpoint.operations, a.operation, loc, where, "operations")
        if operation is None:
            return
        for arg in a.arguments:
            element = operation.input(arg.name)
            if element is None:
                known = _names(e.name for e in operation.inputs)
                self.report(
                    arg.location,
                    f"operation {a.operation!r} has no argument {arg.name!r} (arguments: {known})",
                )
            self.value(arg, element, "argument")

    def rest_call(self, a: m.RestCall) -> None:
        discovery = self.parts.discovery
        if discovery is None:
            return
        loc = a.location
        service = self.member(
            discovery.rest, a.service, loc, f"unknown REST service {a.service!r}", "discovered"
        )
        if service is None:
            return
        where = f"REST service {a.service!r} has no resource {a.resource!r}"
        resource = self.member(service.resources, a.resource, loc, where, "resources")
        if resource is None:
            return
        where = f"resource {a.resource!r} has no method {a.method!r}"
        method = self.member(resource.methods, a.method, loc, where, "methods")
        if method is None:
            return
        given = {p.name for p in a.parameters}
        for p in a.parameters:
            if p.name not in method.parameters:
                known = _names(method.parameters)
                self.report(
                    p.location, f"method {a.method!r} has no parameter {p.name!r} (parameters: {known})"
                )
            self.value(p, None, "parameter")
        for p in method.parameters.values():
            if p.required and p.name not in given and (a.url is None or p.where != "path"):
                self.report(a.location, f"method {a.method!r} needs parameter {p.name!r} ({p.where})")
        if a.payload is not None:
            self.value(a.payload, None, "body")

    def modification(self, expression: m.Expression) -> None:
        """A bare word that looks like Add/Replace/Delete is a typo, not a variable (the XSD used
        to catch it when modification was a literal only)."""
        word = expression.source.strip()
        if not word.isidentifier():
            return
        close = difflib.get_close_matches(word.capitalize(), m.MODIFICATIONS, n=1, cutoff=0.6)
        if close:
            self.report(
                expression.location,
                f"modification {word!r} is not Add, Replace or Delete: did you mean {close[0]!r}? "
                "(an expression here must give one of them)",
            )

    def invoke(self, a: m.Invoke) -> None:
        shared = self.parts.shared.get((self.workflow.object_type, a.workflow))
        for arg in a.arguments:
            self.value(arg, None, "argument")
        if shared is None:
            known = _names(n for t, n in self.parts.shared if t == self.workflow.object_type)
            path = self.parts.source.display(
                f"workflows/{self.workflow.object_type}/{m.SHARED_FOLDER}/{a.workflow}.xml"
            )
            self.report(a.location, f"Invoke: there is no shared workflow {path} (shared: {known})")
            return
        declared = {p.name: p for p in shared.parameters}
        given = {arg.name for arg in a.arguments}
        for arg in a.arguments:
            if arg.name not in declared:
                self.report(
                    arg.location,
                    f"shared workflow {a.workflow!r} has no parameter {arg.name!r} "
                    f"(parameters: {_names(declared)})",
                )
        for p in shared.parameters:
            if p.required and p.name not in given:
                self.report(a.location, f"Invoke of {a.workflow!r} misses its required argument {p.name!r}")

    def cs_entry_change(self, a: m.CreateCSEntryChange) -> None:
        if a.modification_expr is not None:
            self.modification(a.modification_expr)
        schema = self.parts.schema
        object_type = self.object_type
        if a.object_type is not None and schema is not None:
            object_type = schema.object_types.get(a.object_type)
            if object_type is None:
                self.report(a.location, f"object type {a.object_type!r} is not in schema.xml")
        for change in a.changes:
            self.attribute(change.name, change.location, object_type)
            self.expr(change.value)
            for v in change.values:
                self.expr(v)
            attribute = object_type.attributes.get(change.name) if object_type else None
            if attribute is None:
                continue
            if attribute.virtual:
                self.report(change.location, f"{change.name!r} is write-only: imports cannot set it")
            if change.values and not attribute.multivalued:
                self.report(
                    change.location, f'{change.name!r} is single-valued: use value="...", not Value rows'
                )
