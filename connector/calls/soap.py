"""The SOAP port: zeep clients built from the template's stored WSDL copies.

No WSDL is fetched at run time; one parsed WSDL document is cached per distinct copy and one
client per service per port. Requests go through an injectable requests session (tests route
it to in-process WSGI apps) with a timeout and basic credentials; target failures become
``TargetUnavailableError`` carrying the target's own message.
"""

from __future__ import annotations

import hashlib
import io
import threading
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import requests
from zeep import Client
from zeep.exceptions import Error as ZeepError
from zeep.exceptions import Fault, TransportError, ValidationError
from zeep.helpers import serialize_object
from zeep.transports import Transport
from zeep.wsdl import Document

from connector.backend import TargetUnavailableError
from connector.calls.addresses import effective_address
from connector.calls.failures import http_failure, request_failure
from connector.service_ports import CallArgumentError
from connector.template.model import MessageElement, SoapService
from provlab.xmlsafe import zeep_settings

_DOCUMENTS: dict[str, Document] = {}
_DOCUMENTS_LOCK = threading.Lock()


def wsdl_document(wsdl: bytes) -> Document:
    """The parsed WSDL for these bytes, parsed once per process (the copies never change at run time)."""
    key = hashlib.sha256(wsdl).hexdigest()
    with _DOCUMENTS_LOCK:
        document = _DOCUMENTS.get(key)
        if document is None:
            document = Document(io.BytesIO(wsdl), Transport(), settings=zeep_settings())
            _DOCUMENTS[key] = document
        return document


class _SessionTransport(Transport):
    """zeep's transport, posting with our credentials and timeout.

    zeep's own ``post`` logs whole request bodies at DEBUG level, passwords included; this
    override sends the same request without that logging."""

    def __init__(self, session: requests.Session, timeout: float, auth: tuple[str, str] | None) -> None:
        super().__init__(session=session, timeout=timeout, operation_timeout=timeout)
        self._auth = auth

    def post(self, address, message, headers):  # noqa: ANN001 - zeep's signature
        return self.session.post(
            address, data=message, headers=headers, timeout=self.operation_timeout, auth=self._auth
        )


def to_plain(value: Any) -> Any:
    """zeep results as plain dicts/lists/strings, dates as ISO strings, for expressions and traces."""
    value = serialize_object(value, dict)
    if isinstance(value, Mapping):
        return {k: to_plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_plain(v) for v in value]
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


class SoapPort:
    def __init__(
        self,
        services: Mapping[str, SoapService],
        wsdl_files: Mapping[str, bytes],
        *,
        session: requests.Session,
        target_url: str | None = None,
        auth: tuple[str, str] | None = None,
        timeout: float = 30.0,
    ) -> None:
        self._services = services
        self._wsdl_files = wsdl_files
        self._target_url = target_url
        self._transport = _SessionTransport(session, timeout, auth)
        self._timeout = timeout
        self._clients: dict[str, Client] = {}
        self._proxies: dict[tuple[str, str], Any] = {}
        self._lock = threading.Lock()

    def _proxy(self, service: str, endpoint: str):
        key = (service, endpoint)
        with self._lock:
            proxy = self._proxies.get(key)
            if proxy is None:
                definition = self._services[service]
                client = self._clients.get(service)
                if client is None:
                    document = wsdl_document(self._wsdl_files[definition.wsdl])
                    client = Client(document, transport=self._transport, settings=zeep_settings())
                    self._clients[service] = client
                port = client.wsdl.services[service].ports[endpoint]
                address = effective_address(port.binding_options["address"], self._target_url)
                proxy = (client.create_service(port.binding.name, address), port.binding, address)
                self._proxies[key] = proxy
            return proxy

    def call(self, service: str, endpoint: str, operation: str, arguments: Mapping[str, Any]) -> dict:
        proxy, binding, address = self._proxy(service, endpoint)
        where = f"{service}.{operation} at {address}"
        try:
            result = getattr(proxy, operation)(**arguments)
        except (TypeError, ValidationError) as exc:
            raise CallArgumentError(f"the arguments do not fit {service}.{operation}: {exc}") from None
        except Fault as fault:
            raise TargetUnavailableError(
                f"SOAP fault from {where}: {fault.message}", kind="soap-fault"
            ) from None
        except TransportError as exc:
            raise http_failure(where, exc.status_code, exc.content) from None
        except requests.RequestException as exc:
            raise request_failure(where, exc, self._timeout) from None
        except ZeepError as exc:
            raise TargetUnavailableError(
                f"invalid SOAP answer from {where}: {exc}", kind="soap-fault"
            ) from None
        answer = self._wrap(binding, operation, to_plain(result))
        outputs = {
            e.name: e for e in self._services[service].endpoints[endpoint].operations[operation].outputs
        }
        return {k: conform(v, outputs[k]) if k in outputs else v for k, v in answer.items()}

    @staticmethod
    def _wrap(binding: Any, operation: str, result: Any) -> dict:
        """Undo zeep's convenience unwrapping so templates always see the response's elements by name.

        zeep returns the single child itself when a response element has exactly one child."""
        output = binding.get(operation).output
        wrapper = getattr(output.body, "type", None) if output is not None else None
        children = getattr(wrapper, "elements", None) or []
        if len(children) == 1 and not getattr(wrapper, "attributes", None):
            return {children[0][0]: result}
        return result if isinstance(result, dict) else {}


def conform(value: Any, element: MessageElement) -> Any:
    """Give ``value`` the shape of the discovered element tree.

    zeep returns a table type whose only child is a repeated row element (``TABLE`` › ``row``)
    as the bare list of rows; templates address it as discovery.xml shows it (``TABLE.row``)."""
    if element.repeated and isinstance(value, list):
        return [_conform_one(v, element) for v in value]
    return _conform_one(value, element)


def _conform_one(value: Any, element: MessageElement) -> Any:
    if value is None or not element.children:
        return value
    only = element.children[0] if len(element.children) == 1 else None
    if only is not None and only.repeated and isinstance(value, list):
        return {only.name: conform(value, only)}
    if isinstance(value, dict):
        children = {c.name: c for c in element.children}
        return {k: conform(v, children[k]) if k in children else v for k, v in value.items()}
    return value
