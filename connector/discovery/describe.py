"""Discovery trees as text lines (for the terminal) and as plain dicts (for ``--json``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from connector.template import model as m

if TYPE_CHECKING:
    from connector.discovery.errors import OpenApiRefusal, Refusal
    from connector.discovery.openapi import OpenApiDiscovery
    from connector.discovery.openapi_operations import Body, OpenApiOperation


def _occurs(e: m.MessageElement) -> str:
    return f"{e.min_occurs}..{'n' if e.max_occurs is None else e.max_occurs}"


def _element_lines(elements: tuple[m.MessageElement, ...], indent: str) -> list[str]:
    lines = []
    for e in elements:
        lines.append(f"{indent}{e.name}: {e.type or '(anonymous)'} [{_occurs(e)}]")
        lines += _element_lines(e.children, indent + "  ")
    return lines


def soap_tree_lines(service: m.SoapService, *, full: bool = False) -> list[str]:
    """service > endpoint > operation; with ``full`` every element with its type and occurrence."""
    lines = [f"SOAP service {service.name} (namespace {service.namespace}, copy {service.wsdl})"]
    for ep in service.endpoints.values():
        lines.append(f"  endpoint {ep.name} (binding {ep.binding}) at {ep.address}")
        for op in ep.operations.values():
            lines.append(f"    operation {op.name}")
            for label, elements in (("in", op.inputs), ("out", op.outputs)):
                if full:
                    lines.append(f"      {label}:")
                    lines += _element_lines(elements, "        ")
                else:
                    lines.append(f"      {label}:  {', '.join(e.name for e in elements) or '(nothing)'}")
    return lines


def rest_tree_lines(service: m.RestService) -> list[str]:
    lines = [f"REST service {service.name} at {service.base_address} (security {service.security})"]
    for resource in service.resources.values():
        lines.append(f"  resource {resource.name}")
        for method in resource.methods.values():
            lines.append(f"    method {method.name}: {method.verb} {method.address}")
            for p in method.parameters.values():
                lines.append(
                    f"      {p.where} parameter {p.name}: {p.type}{' (required)' if p.required else ''}"
                )
            for label, sample in (("request", method.sample_request), ("response", method.sample_response)):
                if sample:
                    lines.append(f"      sample {label}: {len(sample)} characters of JSON")
    return lines


def element_dict(e: m.MessageElement) -> dict[str, object]:
    return {
        "name": e.name,
        "type": e.type,
        "minOccurs": e.min_occurs,
        "maxOccurs": "unbounded" if e.max_occurs is None else e.max_occurs,
        "children": [element_dict(c) for c in e.children],
    }


def soap_service_dict(service: m.SoapService) -> dict[str, object]:
    return {
        "name": service.name,
        "namespace": service.namespace,
        "wsdl": service.wsdl,
        "endpoints": [
            {
                "name": ep.name,
                "binding": ep.binding,
                "address": ep.address,
                "operations": [
                    {
                        "name": op.name,
                        "input": [element_dict(e) for e in op.inputs],
                        "output": [element_dict(e) for e in op.outputs],
                    }
                    for op in ep.operations.values()
                ],
            }
            for ep in service.endpoints.values()
        ],
    }


def rest_service_dict(service: m.RestService) -> dict[str, object]:
    return {
        "name": service.name,
        "baseAddress": service.base_address,
        "security": service.security,
        "resources": [
            {
                "name": r.name,
                "methods": [
                    {
                        "name": meth.name,
                        "verb": meth.verb,
                        "address": meth.address,
                        "parameters": [
                            {"name": p.name, "in": p.where, "type": p.type, "required": p.required}
                            for p in meth.parameters.values()
                        ],
                        "sampleRequest": meth.sample_request,
                        "sampleResponse": meth.sample_response,
                    }
                    for meth in r.methods.values()
                ],
            }
            for r in service.resources.values()
        ],
    }


def _body_lines(label: str, body: Body | None, full: bool, indent: str) -> list[str]:
    """One line per body (what it is, how large its stored sample), its fields with ``full``."""
    if body is None:
        return []
    stored = f" (sample: {len(body.sample)} characters of JSON)" if body.sample else ""
    lines = [f"{indent}{label}: {body.summary}{stored}"]
    if full:
        lines += [f"{indent}  {f}" for f in body.fields]
    return lines


def openapi_tree_lines(found: OpenApiDiscovery, *, full: bool = False) -> list[str]:
    """The service discovered from an OpenAPI document: methods with their operations, parameters and
    bodies; with ``full`` also every body field (type, required) and the notes: what the template
    does not keep, and the choices discovery made."""
    service = found.service
    operations = {op.key: op for op in found.operations}
    lines = [f"REST service {service.name} at {service.base_address} (security {service.security})"]
    by_names = {names: operations[key] for key, names in found.methods.items()}
    for resource in service.resources.values():
        lines.append(f"  resource {resource.name}")
        for method in resource.methods.values():
            op = by_names[(resource.name, method.name)]
            lines.append(
                f"    method {method.name}: {method.verb} {method.address}"
                + (f"  ({op.operation_id})" if op.operation_id else "")
            )
            for p in method.parameters.values():
                lines.append(
                    f"      {p.where} parameter {p.name}: {p.type}{' (required)' if p.required else ''}"
                )
            lines += _body_lines("request", op.request, full, "      ")
            lines += _body_lines(
                f"response {op.response.status}" if op.response else "", op.response, full, "      "
            )
            if full:
                lines += [f"      note: {note}" for note in op.notes]
    return lines


def _body_dict(body: Body | None) -> dict[str, object] | None:
    if body is None:
        return None
    return {
        "status": body.status or None,
        "summary": body.summary,
        "sample": body.sample,
        "fields": [{"path": f.path, "type": f.type, "required": f.required} for f in body.fields],
    }


def openapi_operation_dict(op: OpenApiOperation, names: tuple[str, str] | None = None) -> dict[str, object]:
    """One operation of a document as JSON: where it is, what it needs, why it cannot be used."""
    return {
        "operationId": op.operation_id or None,
        "verb": op.verb,
        "path": op.path,
        "pointer": op.pointer,
        "line": op.line or None,
        "usable": op.usable,
        "resource": names[0] if names else None,
        "method": names[1] if names else None,
        "security": op.access.label,
        "parameters": [
            {"name": p.name, "in": p.where, "type": p.type, "required": p.required}
            for p in op.parameters.values()
        ],
        "request": _body_dict(op.request),
        "response": _body_dict(op.response),
        "refusals": [refusal_dict(r) for r in op.refusals],
        "notes": list(op.notes),
    }


def refusal_dict(refusal: Refusal | OpenApiRefusal) -> dict[str, object]:
    """A refusal (SOAP rule or OpenAPI refusal) as JSON."""
    entry = {"rule": refusal.rule, "line": refusal.line, "explanation": refusal.explanation}
    if hasattr(refusal, "pointer"):
        entry["pointer"] = refusal.pointer
        entry["source"] = refusal.source
    return entry
