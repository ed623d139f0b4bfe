"""Read an OpenAPI (or Swagger 2.0) document, JSON or YAML, from an address or a file, and refuse
hostile ones before any library walks them.

Limits, because a description is data from elsewhere: at most 16 MiB; at most
:data:`MAX_DEPTH` levels of nesting; at most :data:`MAX_VALUES` values counted as a walker sees them
(a YAML alias counts each time it is used, so an alias "billion laughs" is refused before it is
expanded). YAML is read with the safe loader (no tags that build objects) and dates stay text, as
in JSON. Every ``$ref`` is collected here, with its JSON pointer, for the reference policy.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import requests
import yaml

from connector.discovery.errors import DiscoveryError, OpenApiRefusal, OpenApiRefusedError
from connector.discovery.wsdl_source import fetch_limited, is_url

MAX_DOCUMENT_BYTES = 16 * 1024 * 1024  # GitHub's whole REST description is about 11 MiB of JSON
MAX_DEPTH = 64  # real descriptions nest 20 levels at most; libyaml itself stops at 1000
MAX_VALUES = 2_000_000
ACCEPT = "application/json, application/yaml;q=0.9, application/x-yaml;q=0.9, */*;q=0.1"


@dataclass(frozen=True)
class Reference:
    """A ``$ref`` found in a document: its text and the pointer of the object holding it."""

    ref: str
    pointer: str


@dataclass(frozen=True)
class OpenApiDocument:
    """A parsed description: ``data`` as JSON types, ``uri`` its base for ``$ref`` resolution (the
    address, or ``file://`` + absolute path), ``text`` kept for line numbers in messages."""

    location: str
    uri: str
    data: dict[str, Any]
    text: str
    format: str  # "json" | "yaml"
    references: tuple[Reference, ...] = field(default=(), repr=False)

    @property
    def is_remote(self) -> bool:
        return is_url(self.location)

    def line_of(self, pointer: str) -> int:
        """The line where ``pointer`` (``#/a/b``) starts in :attr:`text`, 0 when it cannot be told."""
        return line_of(self.text, pointer)


def read_openapi(location: str, session: requests.Session | None = None) -> OpenApiDocument:
    """The document at ``location`` (``http(s)://`` through ``session``, else a file), parsed and checked."""
    if is_url(location):
        data = fetch_limited(
            location,
            session or requests.Session(),
            what="OpenAPI document",
            too_large="larger than 16 MiB, the limit for an OpenAPI document",
            limit=MAX_DOCUMENT_BYTES,
            headers={"Accept": ACCEPT},
        )
        return parse_openapi(data, location, location)
    path = Path(location.removeprefix("file://"))
    if not path.is_file():
        raise DiscoveryError(
            f"{location}: no such OpenAPI document (give a file path or an http(s):// address)"
        )
    if path.stat().st_size > MAX_DOCUMENT_BYTES:
        raise DiscoveryError(f"{location}: larger than 16 MiB, the limit for an OpenAPI document")
    return parse_openapi(path.read_bytes(), str(path), path.resolve().as_uri())


def parse_openapi(data: bytes, location: str, uri: str) -> OpenApiDocument:
    """Bytes to a checked document; JSON when it starts with ``{``, YAML otherwise."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DiscoveryError(
            f"{location}: not UTF-8 text (byte {exc.start}); an OpenAPI document is JSON or YAML in UTF-8"
        ) from None
    if text.lstrip().startswith("{"):
        value, kind = _json(text, location), "json"
    else:
        value, kind = _yaml(text, location), "yaml"
    if not isinstance(value, dict):
        raise DiscoveryError(
            f"{location}: the document is not a JSON/YAML object, so it is no OpenAPI description "
            "(is this the address of the API itself rather than of its openapi.json?)"
        )
    normalized, references = _checked(value, location, text)
    return OpenApiDocument(location, uri, normalized, text, kind, references)


def _json(text: str, location: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise DiscoveryError(f"{location}:{exc.lineno}:{exc.colno}: not valid JSON ({exc.msg})") from None
    except RecursionError:
        raise _too_deep(location, "") from None


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The safe loader, with dates left as text (JSON has no date type; neither has OpenAPI)."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _yaml(text: str, location: str) -> Any:
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader is the safe loader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{location}:{mark.line + 1}:{mark.column + 1}" if mark else location
        if "maximum nesting depth" in str(exc):
            raise _too_deep(location, "") from None
        raise DiscoveryError(f"{where}: not valid YAML ({exc.problem or exc})") from None
    except yaml.YAMLError as exc:
        raise DiscoveryError(f"{location}: not valid YAML ({exc})") from None
    except RecursionError:
        raise _too_deep(location, "") from None


def _too_deep(location: str, pointer: str) -> OpenApiRefusedError:
    return OpenApiRefusedError(
        f"{location}: the document is refused",
        [
            OpenApiRefusal(
                "too-deep",
                f"values are nested more than {MAX_DEPTH} levels deep; no real API description is, so "
                "discovery does not walk it (a generated or hostile document?)",
                pointer,
                source=location,
            )
        ],
    )


def _checked(value: dict, location: str, text: str) -> tuple[dict[str, Any], tuple[Reference, ...]]:
    """A copy with JSON types only, checked for depth and size, and the ``$ref``s it holds.

    Iterative, so no input can exhaust the stack; YAML aliases are copied (and counted) at each use.
    """
    references: list[Reference] = []
    root: dict[str, Any] = {}
    stack: list[tuple[Any, Any, str, int]] = [(value, root, "#", 0)]  # (source, copy, pointer, depth)
    counted = 0
    while stack:
        source, copy, pointer, depth = stack.pop()
        if depth >= MAX_DEPTH:
            raise _too_deep(location, pointer)
        items = source.items() if isinstance(source, dict) else enumerate(source)
        for key, child in items:
            counted += 1
            if counted > MAX_VALUES:
                raise OpenApiRefusedError(
                    f"{location}: the document is refused",
                    [
                        OpenApiRefusal(
                            "too-large",
                            f"the document holds more than {MAX_VALUES:,} values (YAML aliases counted at "
                            "each use); no real API description does",
                            pointer,
                            source=location,
                        )
                    ],
                )
            name = _key(key, pointer, location, text) if isinstance(source, dict) else str(key)
            here = f"{pointer}/{escape(name)}"
            if isinstance(child, dict | list):
                inner: dict | list = {} if isinstance(child, dict) else [None] * len(child)
                stack.append((child, inner, here, depth + 1))
                child_copy: Any = inner
            else:
                child_copy = _scalar(child, here, location, text)
                if name == "$ref" and isinstance(source, dict) and isinstance(child, str):
                    references.append(Reference(child, pointer))
            if isinstance(copy, dict):
                copy[name] = child_copy
            else:
                copy[key] = child_copy
    return root, tuple(references)


def _key(key: Any, pointer: str, location: str, text: str) -> str:
    if isinstance(key, str):
        return key
    if isinstance(key, int) and not isinstance(key, bool):
        return str(key)  # YAML's unquoted response codes: 200: -> "200"
    raise _not_json(f"the key {key!r} is a {type(key).__name__}; keys must be text", pointer, location, text)


def _scalar(value: Any, pointer: str, location: str, text: str) -> Any:
    if value is None or isinstance(value, str | bool | int | float):
        return value
    raise _not_json(
        f"a {type(value).__name__} value (a YAML tag JSON cannot hold); quote it as text",
        pointer,
        location,
        text,
    )


def _not_json(explanation: str, pointer: str, location: str, text: str) -> OpenApiRefusedError:
    return OpenApiRefusedError(
        f"{location}: the document is refused",
        [OpenApiRefusal("not-json", explanation, pointer, line_of(text, pointer), location)],
    )


def escape(token: str) -> str:
    """One JSON pointer token (RFC 6901): ``~`` -> ``~0``, ``/`` -> ``~1``."""
    return token.replace("~", "~0").replace("/", "~1")


def unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def line_of(text: str, pointer: str) -> int:
    """Best effort: the line of ``pointer`` in a JSON or YAML ``text``, by composing it with the safe
    YAML composer (JSON is YAML); 0 when the text does not compose or the pointer is not there."""
    if not pointer.startswith("#"):
        return 0
    node = _composed(text)
    if node is None:
        return 0
    tokens = [unescape(t) for t in pointer[1:].split("/")[1:]]
    line = node.start_mark.line + 1
    for token in tokens:
        if isinstance(node, yaml.MappingNode):
            pair = next(((k, v) for k, v in node.value if str(k.value) == token), None)
            if pair is None:
                return line
            line, node = pair[0].start_mark.line + 1, pair[1]  # the line of the key
        elif isinstance(node, yaml.SequenceNode) and token.isdigit() and int(token) < len(node.value):
            node = node.value[int(token)]
            line = node.start_mark.line + 1
        else:
            return line
    return line


@functools.lru_cache(maxsize=2)
def _composed(text: str) -> yaml.Node | None:
    """The node tree of ``text`` (cached: a refusal list asks for many lines of one document)."""
    try:
        return yaml.compose(text, Loader=_Loader)  # noqa: S506 - composing only, with the safe loader
    except (yaml.YAMLError, RecursionError):
        return None


def document_name(uri: str) -> str:
    """A short name for a referenced document in messages: the last path segment of its URI."""
    return urlsplit(uri).path.rsplit("/", 1)[-1] or uri
