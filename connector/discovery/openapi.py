"""REST discovery from an OpenAPI 3.0/3.1 or Swagger 2.0 document: read and check it, offer its
operations, and turn the chosen ones into one template REST service (resources by path, methods by
verb or operationId), as the by-hand ``discover-rest`` writes them one at a time.

The steps, each in its own module: read and refuse hostile documents (:mod:`.openapi_source`),
resolve ``$ref`` under a policy (:mod:`.openapi_refs`), validate with openapi-spec-validator
(:mod:`.openapi_validate`), read operations (:mod:`.openapi_operations`), choose
(:mod:`.openapi_select`). The OpenAPI libraries are imported only here, not by ``provlab --help``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import requests

from connector.discovery.errors import DiscoveryError, OpenApiRefusedError
from connector.discovery.openapi_nodes import Node
from connector.discovery.openapi_operations import OpenApiOperation, read_operations
from connector.discovery.openapi_refs import RefPolicy, check_references, resolver
from connector.discovery.openapi_source import OpenApiDocument, read_openapi
from connector.discovery.openapi_validate import spec_version, validate_document
from connector.discovery.rest import (
    MEDIA_TYPE,
    NAME,
    SECURITY_MODES,
    check_endpoint,
    check_sample_request,
    check_sample_response,
    default_method_name,
    default_resource_name,
)
from connector.discovery.soap import check_service_name
from connector.template import model as m

METHOD_NAMINGS = ("verb", "operation-id")


@dataclass(frozen=True)
class OpenApiDescription:
    """What a checked document offers: its version, title and every operation."""

    document: OpenApiDocument
    version: str
    title: str
    operations: list[OpenApiOperation]

    @property
    def headline(self) -> str:
        kind = "Swagger 2.0" if self.version == "2.0" else f"OpenAPI {self.version}"
        return f"{kind} document {self.title!r} ({self.document.location}): {len(self.operations)} operations"


@dataclass(frozen=True)
class OpenApiDiscovery:
    """The chosen operations as one template REST service; ``methods`` maps each operation to its
    (resource, method) names, in the order written."""

    service: m.RestService
    operations: list[OpenApiOperation]
    methods: dict[str, tuple[str, str]] = field(default_factory=dict)  # operation key -> names


def describe_openapi(
    location: str, session: requests.Session | None = None, *, allow_remote_refs: bool = False
) -> OpenApiDescription:
    """Read, check and validate the document at ``location``; raise what refuses it."""
    document = read_openapi(location, session)
    version = spec_version(document)
    policy = RefPolicy(document, allow_remote=allow_remote_refs, session=session)
    root_resolver = resolver(policy)
    check_references(policy, root_resolver)
    validate_document(document, version, policy)
    operations = read_operations(Node.at_root(document, root_resolver), version)
    if not operations:
        raise DiscoveryError(f"{location}: the document describes no operations (its 'paths' are empty)")
    info = document.data.get("info") or {}
    title = f"{info.get('title', '')} {info.get('version', '')}".strip()
    return OpenApiDescription(document, version, title, operations)


def override_security(description: OpenApiDescription, security: str | None) -> OpenApiDescription:
    """With ``--security`` the administrator decides how the API authenticates: operations are no
    longer refused for the schemes their document names."""
    if security is None:
        return description
    operations = [
        replace(op, refusals=tuple(r for r in op.refusals if r.rule != "security"))
        for op in description.operations
    ]
    return replace(description, operations=operations)


def build_service(  # noqa: PLR0913 - the choices discovery leaves to the administrator
    description: OpenApiDescription,
    chosen: list[OpenApiOperation],
    *,
    service: str,
    endpoint: str | None = None,
    security: str | None = None,
    method_names: str = "verb",
) -> OpenApiDiscovery:
    """The template REST service for ``chosen`` (refused whole if one of them cannot be used)."""
    check_service_name(service)
    if not chosen:
        raise DiscoveryError("no operation chosen, so nothing to write")
    if security is not None and security not in SECURITY_MODES:
        raise DiscoveryError(f"--security {security!r}: use one of {', '.join(SECURITY_MODES)}")
    refusals = [
        r for op in chosen for r in op.refusals if not (security is not None and r.rule == "security")
    ]
    if refusals:
        raise OpenApiRefusedError("these operations cannot be used in a template", refusals)
    names = _names(chosen, method_names)
    resources: dict[str, dict[str, m.RestMethod]] = {}
    for op in chosen:
        resource, method = names[op.key]
        request = op.request.sample if op.request else ""
        response = op.response.sample if op.response else ""
        resources.setdefault(resource, {})[method] = m.RestMethod(
            name=method,
            verb=op.verb,
            address=op.path,
            media_type=MEDIA_TYPE,
            parameters=dict(op.parameters),
            sample_request=check_sample_request(request, op.verb) if request else "",
            sample_response=check_sample_response(response) if response else "",
        )
    derived = "Basic" if any(op.access.security == "Basic" for op in chosen) else "None"
    rest = m.RestService(
        service,
        _base_address(chosen, endpoint),
        security or derived,
        {name: m.RestResource(name, methods) for name, methods in resources.items()},
    )
    return OpenApiDiscovery(rest, list(chosen), names)


def _names(chosen: list[OpenApiOperation], method_names: str) -> dict[str, tuple[str, str]]:
    if method_names not in METHOD_NAMINGS:
        raise DiscoveryError(f"--method-names {method_names!r}: use one of {', '.join(METHOD_NAMINGS)}")
    names: dict[str, tuple[str, str]] = {}
    taken: dict[tuple[str, str], OpenApiOperation] = {}
    for op in chosen:
        resource = default_resource_name(op.path)
        if method_names == "verb":
            method = default_method_name(op.verb, op.path)
        elif not op.operation_id or not NAME.match(op.operation_id):
            raise DiscoveryError(
                f"{op.label}: --method-names operation-id needs an operationId of letters, digits, '_', '.' "
                f"or '-' (this one has {op.operation_id or 'none'!r}); use --method-names verb"
            )
        else:
            method = op.operation_id
        if not NAME.match(resource):
            raise DiscoveryError(f"{op.label}: the path gives no usable resource name ({resource!r})")
        if (resource, method) in taken:
            other = taken[(resource, method)]
            raise DiscoveryError(
                f"{other.label} and {op.label} would both be method {method!r} of resource {resource!r}: "
                "choose one of them (--operation), or name methods by operationId "
                "(--method-names operation-id)"
            )
        taken[(resource, method)] = op
        names[op.key] = (resource, method)
    return names


def _base_address(chosen: list[OpenApiOperation], endpoint: str | None) -> str:
    if endpoint:
        return check_endpoint(endpoint)
    servers = {op.server for op in chosen}
    if "" in servers:
        raise DiscoveryError(
            "the document does not say on which host the API is (its server URL is relative, or Swagger "
            "2.0 names no host) and it was read from a file: give the base address with --endpoint, e.g. "
            "--endpoint http://127.0.0.1:8090/api/v1"
        )
    if len(servers) > 1:
        listed = "\n".join(f"  {op.label}: {op.server}" for op in chosen)
        raise DiscoveryError(
            "the chosen operations are served at different addresses, and a template REST service has one "
            f"base address:\n{listed}\nChoose operations of one server, give --endpoint, or discover each "
            "server as its own --service"
        )
    return check_endpoint(servers.pop())
