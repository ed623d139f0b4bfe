"""REST discovery: what the administrator says about a REST method becomes a discovery entry.

The MIM tool's REST discovery asks for the service endpoint, the resource path, the method and
its parameters, and optionally a sample request and response, from which it generates the types a
workflow uses. It requires the JSON samples to be objects, and a response to be an object holding
an array (the list a full import walks). Discovery checks the same here and stores the samples as
given.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from connector.discovery.errors import DiscoveryError
from connector.discovery.soap import check_service_name
from connector.template import model as m

VERBS = ("GET", "POST", "PUT", "PATCH", "DELETE")
PLACES = ("path", "query", "header")
SECURITY_MODES = ("Basic", "None")
PARAMETER_TYPES = ("string", "integer", "boolean", "number", "datetime")
MEDIA_TYPE = "application/json"  # the only media type the MIM tool's REST discovery offers
# the method name discovery gives when none is chosen: by verb, and for GET whether it names one item
DEFAULT_METHOD_NAMES = {
    "GET": "list",
    "GET/item": "get",
    "POST": "create",
    "PUT": "replace",
    "PATCH": "update",
    "DELETE": "delete",
}
PATH_PARAMETER = re.compile(r"\{([^{}/]+)\}")
NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.\-]*$")
PARAM_HELP = (
    "NAME:IN[:TYPE][:required|optional], IN one of path, query, header (e.g. modifiedSince:query:datetime)"
)


def parse_parameter(spec: str) -> m.RestParameter:
    """``NAME:IN[:TYPE][:required|optional]``; path parameters are required unless said otherwise."""
    pieces = [p.strip() for p in spec.split(":")]
    required_word = pieces.pop() if len(pieces) > 2 and pieces[-1] in ("required", "optional") else None
    if len(pieces) not in (2, 3) or not NAME.match(pieces[0]) or pieces[1] not in PLACES:
        raise DiscoveryError(f"--param {spec!r}: expected {PARAM_HELP}")
    type_ = pieces[2] if len(pieces) == 3 else "string"
    if type_ not in PARAMETER_TYPES:
        raise DiscoveryError(
            f"--param {spec!r}: unknown type {type_!r} (types: {', '.join(PARAMETER_TYPES)})"
        )
    required = required_word == "required" if required_word else pieces[1] == "path"
    return m.RestParameter(name=pieces[0], where=pieces[1], type=type_, required=required)


def check_sample_request(text: str, verb: str) -> str:
    """The sample request, if it is a JSON object for a verb that sends a body."""
    if verb in ("GET", "DELETE"):
        raise DiscoveryError(
            f"--sample-request: a {verb} request has no body; give a sample request for POST, "
            "PUT or PATCH only"
        )
    value = _json(text, "--sample-request")
    if not isinstance(value, dict):
        raise DiscoveryError(
            f"--sample-request: the sample is a JSON {_kind(value)}; the MIM tool builds the request type "
            'from a JSON object, e.g. {"userName": "jdoe", "email": "jdoe@example.com"}'
        )
    return text.strip()


def check_sample_response(text: str) -> str:
    """The sample response, if it is a JSON object holding an array, as the MIM tool requires."""
    value = _json(text, "--sample-response")
    if not isinstance(value, dict) or not any(isinstance(v, list) for v in value.values()):
        what = f"a JSON {_kind(value)}" if not isinstance(value, dict) else "an object without any array"
        raise DiscoveryError(
            f"--sample-response: the sample is {what}. The MIM tool requires a response sample to be a JSON "
            "object holding an array (the list of items a workflow walks), e.g. "
            '{"users": [{"id": "1", "userName": "jdoe"}], "nextPage": null}. Wrap a bare list or a single '
            "item that way."
        )
    return text.strip()


def _json(text: str, option: str) -> object:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise DiscoveryError(
            f"{option}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None


def _kind(value: object) -> str:
    return {list: "array", str: "string", bool: "boolean", type(None): "null"}.get(type(value), "number")


def check_endpoint(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise DiscoveryError(
            f"--endpoint {url!r}: give the service's base address, http(s)://host[:port][/base/path], "
            "without query or fragment (the resource path comes with --resource)"
        )
    return url.rstrip("/")


def default_resource_name(path: str) -> str:
    """The last fixed segment of the path: ``/users/{id}`` -> ``users``."""
    fixed = [s for s in path.split("/") if s and not PATH_PARAMETER.fullmatch(s)]
    return fixed[-1] if fixed else "root"


def default_method_name(verb: str, path: str) -> str:
    names_one_item = bool(path) and PATH_PARAMETER.fullmatch(path.rstrip("/").rsplit("/", 1)[-1])
    return DEFAULT_METHOD_NAMES["GET/item" if verb == "GET" and names_one_item else verb]


def discover_rest(  # noqa: PLR0913 - one argument per field of the MIM tool's REST discovery form
    *,
    service: str,
    endpoint: str,
    resource_path: str,
    verb: str,
    parameters: Iterable[m.RestParameter] = (),
    sample_request: str | None = None,
    sample_response: str | None = None,
    resource_name: str | None = None,
    method_name: str | None = None,
    security: str = "Basic",
) -> m.RestService:
    """One REST method as a discovery entry (a service holding one resource holding one method)."""
    check_service_name(service)
    verb = verb.upper()
    if verb not in VERBS:
        raise DiscoveryError(f"--method {verb!r}: use one of {', '.join(VERBS)}")
    if security not in SECURITY_MODES:
        raise DiscoveryError(f"--security {security!r}: use one of {', '.join(SECURITY_MODES)}")
    if not resource_path.startswith("/"):
        raise DiscoveryError(
            f"--resource {resource_path!r}: give a path starting with '/', e.g. /users/{{id}}"
        )
    params = _parameters(resource_path, parameters)
    method = m.RestMethod(
        name=_name(method_name or default_method_name(verb, resource_path), "--name"),
        verb=verb,
        address=resource_path,
        media_type=MEDIA_TYPE,
        parameters=params,
        sample_request=check_sample_request(sample_request, verb) if sample_request else "",
        sample_response=check_sample_response(sample_response) if sample_response else "",
    )
    resource = m.RestResource(
        _name(resource_name or default_resource_name(resource_path), "--resource-name"), {method.name: method}
    )
    return m.RestService(service, check_endpoint(endpoint), security, {resource.name: resource})


def _name(name: str, option: str) -> str:
    if not NAME.match(name):
        raise DiscoveryError(
            f"{option} {name!r}: use letters, digits, '_', '.' or '-', starting with a letter"
        )
    return name


def _parameters(path: str, given: Iterable[m.RestParameter]) -> dict[str, m.RestParameter]:
    params: dict[str, m.RestParameter] = {}
    for p in given:
        if p.name in params:
            raise DiscoveryError(f"--param {p.name!r} is given twice")
        params[p.name] = p
    in_path = PATH_PARAMETER.findall(path)
    for name in in_path:
        declared = params.setdefault(name, m.RestParameter(name, "path", "string", True))
        if declared.where != "path":
            raise DiscoveryError(
                f"--param {name!r}: {{{name}}} is in the resource path, so it is a path parameter"
            )
    for p in params.values():
        if p.where == "path" and p.name not in in_path:
            raise DiscoveryError(
                f"--param {p.name!r} is a path parameter but the resource path {path!r} has no {{{p.name}}}"
            )
    return params
