"""Every operation of an OpenAPI document, read into what a template method can hold, with the
reasons it cannot be used when it cannot (each with its place in the document).

Bodies: the request body's JSON schema (``application/json``) becomes the method's sample request,
which must be a JSON object, as MIM requires; the success response's becomes its sample response
when it is an object holding a list (the MIM rule for response samples: what an import walks).
A response without a list keeps no sample, as the shipped templates' single-item methods have none.
The fields of both, with types and required marks, are listed for the reader, not stored.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from connector.discovery.errors import OpenApiRefusal
from connector.discovery.openapi_access import Access, access, scheme_kinds, server_address
from connector.discovery.openapi_nodes import Node
from connector.discovery.openapi_parameters import read_parameters
from connector.discovery.openapi_schema import BodyField, BodyShape, describe_body
from connector.discovery.rest import VERBS
from connector.template import model as m

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


@dataclass(frozen=True)
class Body:
    """A request or response body as discovered: the sample to store ("" for none) and its fields."""

    status: str  # the response code ("" for a request)
    sample: str
    fields: tuple[BodyField, ...]
    summary: str  # "object", "object holding users[]", "array", ...
    required: bool = True


@dataclass(frozen=True)
class OpenApiOperation:
    verb: str
    path: str
    operation_id: str
    summary: str
    pointer: str
    line: int
    parameters: dict[str, m.RestParameter]
    request: Body | None
    response: Body | None
    access: Access
    server: str
    refusals: tuple[OpenApiRefusal, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """``GET /users``: how an operation is named when it has no operationId."""
        return f"{self.verb} {self.path}"

    @property
    def label(self) -> str:
        return f"{self.key} ({self.operation_id})" if self.operation_id else self.key

    @property
    def usable(self) -> bool:
        return not self.refusals


def read_operations(root: Node, version: str) -> list[OpenApiOperation]:
    """Every operation under ``paths``, in document order."""
    kinds = scheme_kinds(root, version)
    found = []
    for path, item_node in (root.child("paths") or root.with_value({})).items():
        if not path.startswith("/"):
            continue  # x- extensions
        item = item_node.deref()
        for verb, operation in item.items():
            if verb in HTTP_METHODS and isinstance(operation.value, dict):
                found.append(_operation(root, version, path, verb, item, operation, kinds))
    return found


def _operation(  # noqa: PLR0913 - the pieces of one operation's context
    root: Node, version: str, path: str, verb: str, item: Node, operation: Node, kinds: dict[str, str]
) -> OpenApiOperation:
    refusals: list[OpenApiRefusal] = []
    notes: list[str] = []
    upper = verb.upper()
    if upper not in VERBS:
        refusals.append(
            operation.refusal("verb", f"{upper}: the template's REST methods are {', '.join(VERBS)}")
        )
    params = read_parameters(item.child("parameters"), operation.child("parameters"), path, version)
    refusals += params.refusals
    notes += params.notes
    request = _request(root, operation, params.body, upper, version, refusals, notes)
    response = _response(root, operation, upper, version, refusals, notes)
    needs = access(operation, root, kinds)
    if needs.refusal is not None:
        refusals.append(needs.refusal)
    server, server_notes = server_address(operation, item, root, version)
    return OpenApiOperation(
        verb=upper,
        path=path,
        operation_id=str(operation.get("operationId", "")),
        summary=str(operation.get("summary") or ""),
        pointer=operation.pointer,
        line=operation.root.line_of(operation.pointer),
        parameters=params.parameters,
        request=request,
        response=response,
        access=needs,
        server=server,
        refusals=tuple(refusals),
        notes=tuple(notes + server_notes),
    )


def _json_media(content: Node | None, *, suffixes: bool) -> tuple[Node | None, list[str]]:
    """The ``application/json`` entry of a content map (``+json`` types too when ``suffixes``)."""
    names = [name for name, _ in content.items()] if content is not None else []
    for name in names:
        bare = name.split(";")[0].strip().lower()
        if bare == "application/json" or (suffixes and (bare.endswith("+json") or bare == "*/*")):
            return content.child(name), [n for n in names if n != name]
    return None, names


def _media_example(media: Node) -> Any:
    if "example" in media.value:
        return media.get("example")
    examples = media.child("examples")
    for _, example in examples.items() if examples is not None else ():
        target = example.deref()
        if "value" in target.value:
            return target.get("value")
    return None


def _request(  # noqa: PLR0913
    root: Node,
    operation: Node,
    swagger_body: Node | None,
    verb: str,
    version: str,
    refusals: list[OpenApiRefusal],
    notes: list[str],
) -> Body | None:
    if version == "2.0":
        if swagger_body is None:
            return None
        consumes = operation.get("consumes") or root.get("consumes") or ["application/json"]
        if not any(str(c).split(";")[0].strip().lower() == "application/json" for c in consumes):
            refusals.append(
                operation.refusal(
                    "body-media-type",
                    f"the body is sent as {', '.join(map(str, consumes))}; "
                    "the template sends application/json",
                )
            )
            return None
        schema, example, required, holder = swagger_body, None, True, swagger_body
    else:
        body_node = operation.child("requestBody")
        if body_node is None:
            return None
        body = body_node.deref()
        media, others = _json_media(body.child("content"), suffixes=False)
        if media is None:
            if others:
                refusals.append(
                    body.refusal(
                        "body-media-type",
                        f"the body is sent as {', '.join(others)}; the template sends application/json only",
                    )
                )
            return None
        if others:
            notes.append(
                f"request body also accepted as {', '.join(others)}; the template sends application/json"
            )
        schema, example, holder = media.child("schema"), _media_example(media), media
        required = body.get("required") is True
    if verb in ("GET", "DELETE"):
        refusals.append(
            holder.refusal("body-on-get", f"a {verb} with a body: the template sends none with {verb}")
        )
        return None
    shape = describe_body(schema, "request", version) if schema is not None else BodyShape(None)
    refusals += shape.refusals
    notes += shape.notes
    sample = example if example is not None else shape.sample
    if not isinstance(sample, dict) and not shape.refusals:
        refusals.append(
            (schema or holder).refusal(
                "body-shape",
                f"the request body is {_kind(sample)}; the template, like MIM, builds requests from a "
                "sample JSON object",
            )
        )
        return None
    if not required:
        notes.append("the request body is optional; the template always sends one")
    text = _dump(sample) if isinstance(sample, dict) else ""
    return Body("", text, tuple(shape.fields), _summary(sample), required)


def _success(responses: Node | None) -> tuple[str, Node | None]:
    codes = [code for code, _ in responses.items()] if responses is not None else []
    explicit = sorted(c for c in codes if len(c) == 3 and c.startswith("2") and c.isdigit())
    for code in [*explicit, "2XX", "2xx", "default"]:
        if code in codes:
            return code, responses.child(code).deref()
    return "", None


def _response(
    root: Node, operation: Node, verb: str, version: str, refusals: list[OpenApiRefusal], notes: list[str]
) -> Body | None:
    status, response = _success(operation.child("responses"))
    if response is None:
        notes.append("no success (2xx) response is described")
        return None
    if version == "2.0":
        schema = response.child("schema")
        if schema is None:
            return Body(status, "", (), "no body")
        produces = operation.get("produces") or root.get("produces") or ["application/json"]
        if not any("json" in str(p).lower() or p == "*/*" for p in produces):
            return _non_json(response, verb, status, [str(p) for p in produces], refusals, notes)
        example = (response.get("examples") or {}).get("application/json")
    else:
        content = response.child("content")
        media, others = _json_media(content, suffixes=True)
        if media is None:
            return (
                _non_json(response, verb, status, others, refusals, notes)
                if others
                else Body(status, "", (), "no body")
            )
        schema, example = media.child("schema"), _media_example(media)
    shape = describe_body(schema, "response", version) if schema is not None else BodyShape(None)
    sample = example if example is not None else shape.sample
    lists = [k for k, v in sample.items() if isinstance(v, list)] if isinstance(sample, dict) else []
    too_large = [r for r in shape.refusals if r.rule == "sample-too-large"]
    if lists or too_large:  # a body that large is refused whether or not a sample would be kept
        refusals += shape.refusals
        notes += shape.notes
        return Body(status, _dump(sample), tuple(shape.fields), _summary(sample))
    if shape.refusals:
        notes.append(f"response {status}: not described further ({shape.refusals[0].explanation})")
    return Body(status, "", tuple(shape.fields), _summary(sample))


def _non_json(
    response: Node, verb: str, status: str, types: list[str], refusals: list[OpenApiRefusal], notes: list[str]
) -> Body:
    if verb == "GET":
        refusals.append(
            response.refusal(
                "response-media-type",
                f"the answer is {', '.join(types)}; a workflow reads JSON answers only",
            )
        )
    else:
        notes.append(f"response {status} is {', '.join(types)}, not JSON: a workflow cannot read it")
    return Body(status, "", (), ", ".join(types))


def _dump(sample: Any) -> str:
    return json.dumps(sample, indent=2, ensure_ascii=False)


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a JSON array"
    if value is None:
        return "of no declared type"
    return f"a JSON {type(value).__name__.replace('str', 'string').replace('int', 'number')}"


def _summary(sample: Any) -> str:
    if isinstance(sample, dict):
        lists = [f"{k}[]" for k, v in sample.items() if isinstance(v, list)]
        return f"object holding {', '.join(lists)}" if lists else "object"
    return _kind(sample).removeprefix("a JSON ").removeprefix("an ")
