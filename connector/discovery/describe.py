"""Discovery trees as text lines (for the terminal) and as plain dicts (for ``--json``)."""

from __future__ import annotations

from connector.template import model as m


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
