"""Readable differences between two discovery trees (I/O free).

Used to tell what changed between a stored WSDL copy and the one a service publishes now, and to
check a discovered tree against a template's discovery.xml. Each difference is one line naming the
path to what changed: ``endpoint ZEP > operation GetUser > input id: type xs:string -> xs:int``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import TypeVar

from connector.template import model as m

T = TypeVar("T")


def _named(
    old: Mapping[str, T],
    new: Mapping[str, T],
    what: str,
    inner: Callable[[T, T, str], Iterator[str]],
    at: str,
    *,
    ordered: bool = False,
) -> Iterator[str]:
    for name in old:
        if name not in new:
            yield f"{at}{what} {name}: removed"
    for name in new:
        if name not in old:
            yield f"{at}{what} {name}: added"
    for name in old:
        if name in new:
            yield from inner(old[name], new[name], f"{at}{what} {name} > ")
    if ordered and [n for n in old if n in new] != [n for n in new if n in old]:
        yield f"{at.removesuffix(' > ') or 'top level'}: the order of the {what}s changed"


def _field(old: object, new: object, label: str, at: str) -> Iterator[str]:
    if old != new:
        yield f"{at}{label}: {old!r} -> {new!r}"


def _occurs(e: m.MessageElement) -> str:
    return f"{e.min_occurs}..{'unbounded' if e.max_occurs is None else e.max_occurs}"


def _elements(old: tuple[m.MessageElement, ...], new: tuple[m.MessageElement, ...], at: str) -> Iterator[str]:
    yield from _named(
        {e.name: e for e in old}, {e.name: e for e in new}, "element", _element, at, ordered=True
    )


def _element(old: m.MessageElement, new: m.MessageElement, at: str) -> Iterator[str]:
    yield from _field(old.type, new.type, "type", at)
    yield from _field(_occurs(old), _occurs(new), "occurs", at)
    yield from _elements(old.children, new.children, at)


def _operation(old: m.SoapOperation, new: m.SoapOperation, at: str) -> Iterator[str]:
    yield from _elements(old.inputs, new.inputs, f"{at}input > ")
    yield from _elements(old.outputs, new.outputs, f"{at}output > ")


def _endpoint(old: m.SoapEndpoint, new: m.SoapEndpoint, at: str) -> Iterator[str]:
    yield from _field(old.address, new.address, "address", at)
    yield from _field(old.binding, new.binding, "binding", at)
    yield from _named(old.operations, new.operations, "operation", _operation, at)


def _soap(old: m.SoapService, new: m.SoapService, at: str) -> Iterator[str]:
    yield from _field(old.namespace, new.namespace, "namespace", at)
    yield from _field(old.wsdl, new.wsdl, "WSDL copy", at)
    yield from _named(old.endpoints, new.endpoints, "endpoint", _endpoint, at)


def _parameter(old: m.RestParameter, new: m.RestParameter, at: str) -> Iterator[str]:
    for label in ("where", "type", "required"):
        yield from _field(getattr(old, label), getattr(new, label), label, at)


def _method(old: m.RestMethod, new: m.RestMethod, at: str) -> Iterator[str]:
    for label in ("verb", "address", "media_type", "sample_request", "sample_response"):
        yield from _field(getattr(old, label), getattr(new, label), label.replace("_", " "), at)
    yield from _named(old.parameters, new.parameters, "parameter", _parameter, at)


def _resource(old: m.RestResource, new: m.RestResource, at: str) -> Iterator[str]:
    yield from _named(old.methods, new.methods, "method", _method, at)


def _rest(old: m.RestService, new: m.RestService, at: str) -> Iterator[str]:
    yield from _field(old.base_address, new.base_address, "base address", at)
    yield from _field(old.security, new.security, "security", at)
    yield from _named(old.resources, new.resources, "resource", _resource, at)


def soap_service_differences(old: m.SoapService, new: m.SoapService) -> list[str]:
    """What differs between two discoveries of one SOAP service (empty when they agree)."""
    return list(_soap(old, new, ""))


def discovery_differences(old: m.Discovery, new: m.Discovery) -> list[str]:
    """What differs between two whole discovery trees, SOAP and REST (empty when they agree)."""
    return [
        *_named(old.soap, new.soap, "SOAP service", _soap, ""),
        *_named(old.rest, new.rest, "REST service", _rest, ""),
    ]


def rest_service_differences(old: m.RestService, new: m.RestService) -> list[str]:
    """What differs between two discoveries of one REST service (empty when they agree)."""
    return list(_rest(old, new, ""))
