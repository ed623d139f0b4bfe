"""Load a template package into the typed model, collecting every problem with its ``file:line:col``.

Each file is parsed safely and checked against its XSD; files that pass are turned into the
model (:class:`~connector.template.parts.LoadedParts`). Meaning (names that must exist elsewhere)
is checked by :mod:`connector.template.validate`, which this module calls: :func:`load_template`
runs both.
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from connector.template import model as m
from connector.template.parts import LoadedParts
from connector.template.problems import Location, Problem, TemplateInvalidError
from connector.template.source import TemplateSource, TemplateSourceError
from connector.template.validate import validate_parts
from connector.template.xmlfiles import SourceText, parse_checked

DISCOVERY = "discovery.xml"
SCHEMA = "schema.xml"
WORKFLOWS = "workflows/"
_SHARED_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def load_template(path: str | Path) -> m.Template:
    """Load and validate a template directory or ``.wsconfig``; TemplateInvalidError lists every problem."""
    parts = read_parts(path)
    parts.problems.extend(validate_parts(parts))
    if parts.problems:
        raise TemplateInvalidError(parts.problems)
    return parts.template()


def read_parts(path: str | Path) -> LoadedParts:
    """Parse every file of the template (XML + XSD + model building), without cross-file checks."""
    try:
        source = TemplateSource.open(path)
    except TemplateSourceError as exc:
        parts = LoadedParts(TemplateSource(Path(path).name, str(path), {}, "/"))
        parts.problems.append(Problem(Location(str(path), 0, 0), str(exc)))
        return parts
    parts = LoadedParts(source)
    discovery_root, discovery_text = _required(parts, DISCOVERY, "discovery")
    if discovery_root is not None:
        parts.discovery = _discovery(discovery_root, discovery_text)
        _read_wsdls(parts, discovery_root, discovery_text)
    schema_root, schema_text = _required(parts, SCHEMA, "schema")
    if schema_root is not None:
        parts.schema = _schema(schema_root, schema_text)
    for relpath in source.list(WORKFLOWS):
        _read_workflow(parts, relpath)
    return parts


def _required(parts: LoadedParts, relpath: str, kind: str) -> tuple[etree._Element | None, SourceText | None]:
    source = parts.source
    if not source.exists(relpath):
        parts.problems.append(
            Problem(Location(source.display(relpath), 0, 0), f"missing {relpath}: every template needs one")
        )
        return None, None
    root, text, problems = parse_checked(source.display(relpath), source.read(relpath), kind)
    parts.problems.extend(problems)
    return root, text


def _flag(element: etree._Element, name: str, default: bool) -> bool:
    raw = element.get(name)
    return default if raw is None else raw.strip() in ("true", "1")


# --- schema.xml -----------------------------------------------------------------------------------


def _schema(root: etree._Element, text: SourceText) -> m.Schema:
    types: dict[str, m.ObjectType] = {}
    for ot in root.iterfind("ObjectType"):
        attributes = {
            a.get("name"): m.Attribute(
                name=a.get("name"),
                type=a.get("type", "String"),
                multivalued=_flag(a, "multivalued", False),
                anchor=_flag(a, "anchor", False),
                location=text.at(a),
            )
            for a in ot.iterfind("Attribute")
        }
        attributes.setdefault(m.EXPORT_PASSWORD, m.Attribute(m.EXPORT_PASSWORD, virtual=True))
        types[ot.get("name")] = m.ObjectType(ot.get("name"), attributes, text.at(ot))
    caps = root.find("Capabilities")
    if caps is None:
        return m.Schema(types)
    defaults = {"fullImport": True, "deltaImport": False, "export": True, "setPassword": False}
    defaults["testConnection"] = True
    enabled = frozenset(name for name, default in defaults.items() if _flag(caps, name, default))
    return m.Schema(types, m.Capabilities(enabled, text.at(caps)))


# --- discovery.xml --------------------------------------------------------------------------------


def _message(element: etree._Element) -> tuple[m.MessageElement, ...]:
    def one(e: etree._Element) -> m.MessageElement:
        max_raw = e.get("maxOccurs", "1")
        return m.MessageElement(
            name=e.get("name"),
            type=e.get("type", ""),
            min_occurs=int(e.get("minOccurs", "1")),
            max_occurs=None if max_raw == "unbounded" else int(max_raw),
            children=tuple(one(c) for c in e.iterfind("Element")),
        )

    return tuple(one(c) for c in element.iterfind("Element"))


def _discovery(root: etree._Element, text: SourceText) -> m.Discovery:
    soap = {}
    for svc in root.iterfind("SoapService"):
        endpoints = {}
        for ep in svc.iterfind("Endpoint"):
            operations = {
                op.get("name"): m.SoapOperation(
                    op.get("name"), _message(op.find("Input")), _message(op.find("Output")), text.at(op)
                )
                for op in ep.iterfind("Operation")
            }
            endpoints[ep.get("name")] = m.SoapEndpoint(
                ep.get("name"), ep.get("address"), operations, ep.get("binding", ""), text.at(ep)
            )
        soap[svc.get("name")] = m.SoapService(
            svc.get("name"), svc.get("wsdl"), svc.get("namespace"), endpoints, text.at(svc)
        )
    rest = {}
    for svc in root.iterfind("RestService"):
        resources = {}
        for res in svc.iterfind("Resource"):
            methods = {}
            for meth in res.iterfind("Method"):
                params = {
                    p.get("name"): m.RestParameter(
                        p.get("name"), p.get("in"), p.get("type", "string"), _flag(p, "required", False)
                    )
                    for p in meth.iterfind("Parameter")
                }
                methods[meth.get("name")] = m.RestMethod(
                    name=meth.get("name"),
                    verb=meth.get("verb"),
                    address=meth.get("address"),
                    media_type=meth.get("mediaType", "application/json"),
                    parameters=params,
                    sample_request=(meth.findtext("SampleRequest") or "").strip(),
                    sample_response=(meth.findtext("SampleResponse") or "").strip(),
                    location=text.at(meth),
                )
            resources[res.get("name")] = m.RestResource(res.get("name"), methods, text.at(res))
        rest[svc.get("name")] = m.RestService(
            svc.get("name"), svc.get("baseAddress"), svc.get("security", "Basic"), resources, text.at(svc)
        )
    return m.Discovery(soap, rest)


def _read_wsdls(parts: LoadedParts, root: etree._Element, text: SourceText) -> None:
    for svc in root.iterfind("SoapService"):
        relpath = svc.get("wsdl")
        if parts.source.exists(relpath):
            parts.wsdl_files[relpath] = parts.source.read(relpath)
        else:
            parts.problems.append(
                text.problem(
                    svc,
                    f"WSDL copy {relpath!r} of service {svc.get('name')!r} is not in the template",
                    "wsdl",
                )
            )


# --- workflows -----------------------------------------------------------------------------------


def _read_workflow(parts: LoadedParts, relpath: str) -> None:
    source = parts.source
    display = source.display(relpath)
    pieces = relpath[len(WORKFLOWS) :].split("/")
    if len(pieces) == 3 and pieces[1] == m.SHARED_FOLDER and pieces[2].endswith(".xml"):
        _read_shared(parts, relpath, pieces[0], pieces[2][: -len(".xml")])
        return
    if len(pieces) != 2 or not pieces[1].endswith(".xml"):
        parts.problems.append(
            Problem(
                Location(display, 0, 0),
                "workflow files live at workflows/<ObjectType>/<Operation>.xml "
                f"(shared pieces at workflows/<ObjectType>/{m.SHARED_FOLDER}/<Name>.xml)",
            )
        )
        return
    object_type, operation = pieces[0], pieces[1][: -len(".xml")]
    if operation not in m.OPERATIONS:
        parts.problems.append(
            Problem(
                Location(display, 0, 0),
                f"unknown workflow {operation!r}: name the file after one of {', '.join(m.OPERATIONS)}",
            )
        )
        return
    parts.present.add((object_type, operation))
    root, text = _workflow_root(parts, relpath, "Workflow")
    if root is not None:
        body = WorkflowBuilder(text).activities(root)
        parts.workflows[(object_type, operation)] = m.Workflow(object_type, operation, body, display)


def _read_shared(parts: LoadedParts, relpath: str, object_type: str, name: str) -> None:
    display = parts.source.display(relpath)
    if not _SHARED_NAME.fullmatch(name):
        parts.problems.append(
            Problem(Location(display, 0, 0), f"shared workflow name {name!r} must be a plain identifier")
        )
        return
    root, text = _workflow_root(parts, relpath, "SharedWorkflow")
    if root is None:
        return
    builder = WorkflowBuilder(text)
    parameters = tuple(
        m.SharedParameter(p.get("name"), _flag(p, "required", True), text.at(p))
        for p in root.iterfind("Parameter")
    )
    body = tuple(builder.activity(c) for c in root if isinstance(c.tag, str) and c.tag != "Parameter")
    parts.shared[(object_type, name)] = m.SharedWorkflow(object_type, name, parameters, body, display)


def _workflow_root(
    parts: LoadedParts, relpath: str, expected: str
) -> tuple[etree._Element | None, SourceText]:
    """The XSD-checked root of a workflow file, which must be ``expected`` (Workflow or SharedWorkflow)."""
    display = parts.source.display(relpath)
    root, text, problems = parse_checked(display, parts.source.read(relpath), "workflow")
    parts.problems.extend(problems)
    if root is not None and root.tag != expected:
        where = "a shared piece" if expected == "SharedWorkflow" else "an operation's workflow"
        parts.problems.append(
            text.problem(root, f"the root element of {where} is <{expected}>, not <{root.tag}>")
        )
        return None, text
    return root, text


class WorkflowBuilder:
    """Turns a workflow XML tree (already XSD-valid) into activity dataclasses."""

    def __init__(self, text: SourceText) -> None:
        self.text = text

    def expr(self, element: etree._Element, attribute: str) -> m.Expression | None:
        raw = element.get(attribute)
        return None if raw is None else m.Expression(raw, self.text.at(element, attribute))

    def activities(self, parent: etree._Element | None) -> tuple[m.AnyActivity, ...]:
        if parent is None:
            return ()
        return tuple(self.activity(child) for child in parent if isinstance(child.tag, str))

    def value(self, element: etree._Element) -> m.ValueNode:
        return m.ValueNode(
            name=element.get("name", ""),
            value=self.expr(element, "value"),
            fields=tuple(self.value(f) for f in element.iterfind("Field")),
            rows=tuple(
                tuple(self.value(f) for f in row.iterfind("Field")) for row in element.iterfind("Row")
            ),
            location=self.text.at(element),
        )

    def activity(self, e: etree._Element) -> m.AnyActivity:  # noqa: PLR0911 - one branch per activity
        at = self.text.at(e)
        tag = e.tag
        body = self.activities
        if tag == "Sequence":
            return m.Sequence(at, body(e))
        if tag == "Assign":
            return m.Assign(at, e.get("to"), self.expr(e, "value"))
        if tag == "If":
            return m.If(at, self.expr(e, "condition"), body(e.find("Then")), body(e.find("Else")))
        if tag == "While":
            return m.While(at, self.expr(e, "condition"), body(e))
        if tag == "DoWhile":
            return m.DoWhile(at, self.expr(e, "condition"), body(e))
        if tag == "ForEach":
            return m.ForEach(
                at, self.expr(e, "items"), e.get("var", "item"), int(e.get("parallel", "1")), body(e)
            )
        if tag == "Paginate":
            return m.Paginate(at, self.expr(e, "pageSize"), self.expr(e, "more"), body(e))
        if tag == "TryCatch":
            catch = e.find("Catch")
            return m.TryCatch(
                at,
                body(e.find("Try")),
                catch.get("var", "error") if catch is not None else "error",
                body(catch),
                catch.get("kind", "any") if catch is not None else "any",
                catch is not None,
                body(e.find("Finally")),
            )
        if tag == "Throw":
            return m.Throw(at, self.expr(e, "message"), e.get("kind", "thrown"), self.expr(e, "retryAfter"))
        if tag == "Log":
            return m.Log(at, e.get("level", "info"), e.get("tag", ""), self.expr(e, "message"))
        if tag == "WebServiceCall":
            args = tuple(self.value(a) for a in e.iterfind("Argument"))
            return m.WebServiceCall(
                at, e.get("service"), e.get("endpoint"), e.get("operation"), args, e.get("result")
            )
        if tag == "RestCall":
            params = tuple(self.value(p) for p in e.iterfind("Parameter"))
            body_el = e.find("Body")
            body_value = self.value(body_el) if body_el is not None else None
            return m.RestCall(
                at,
                e.get("service"),
                e.get("resource"),
                e.get("method"),
                params,
                body_value,
                e.get("result"),
                self.expr(e, "url"),
            )
        if tag == "CreateCSEntryChange":
            changes = tuple(
                m.AttributeChange(
                    c.get("name"),
                    self.expr(c, "value"),
                    tuple(self.expr(v, "value") for v in c.iterfind("Value")),
                    self.text.at(c, "name"),
                )
                for c in e.iterfind("AttributeChange")
            )
            modification = e.get("modification", "Add").strip()
            literal = modification in m.MODIFICATIONS
            return m.CreateCSEntryChange(
                at,
                e.get("objectType"),
                self.expr(e, "anchor"),
                modification if literal else "Add",
                changes,
                None if literal else self.expr(e, "modification"),
            )
        if tag == "SetImportStatus":
            return m.SetImportStatus(at, e.get("code"), self.expr(e, "message"))
        if tag == "SetExportStatus":
            return m.SetExportStatus(at, e.get("code"), self.expr(e, "message"), self.expr(e, "anchor"))
        if tag == "Return":
            return m.Return(at)
        if tag == "Invoke":
            args = tuple(self.value(a) for a in e.iterfind("Argument"))
            return m.Invoke(at, e.get("workflow"), args, e.get("result"))
        raise AssertionError(f"{at}: activity {tag} passed the XSD but has no builder")  # pragma: no cover
