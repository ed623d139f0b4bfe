"""A place in an OpenAPI document: its value, its JSON pointer (for messages) and the resolver that
turns a ``$ref`` found there into the place it names.

References are looked up by the ``referencing`` resolver (relative references, other documents
through the policy); this module only keeps track of where things are, so that every refusal can
say where in which document.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urldefrag, urljoin

from connector.discovery.errors import OpenApiRefusal
from connector.discovery.openapi_refs import display
from connector.discovery.openapi_source import OpenApiDocument, escape


@dataclass(frozen=True)
class Node:
    value: Any
    pointer: str  # "#/paths/~1users/get", or "schemas.yaml#/User" in another document
    document_uri: str
    resolver: Any
    root: OpenApiDocument

    @classmethod
    def at_root(cls, document: OpenApiDocument, resolver: Any) -> Node:
        return cls(document.data, "#", urldefrag(document.uri).url, resolver, document)

    def child(self, key: str | int) -> Node | None:
        """The member ``key`` (a name, or an index into a list), without following references."""
        value = self.value
        if isinstance(value, dict) and isinstance(key, str) and key in value:
            return self._at(value[key], key)
        if isinstance(value, list) and isinstance(key, int) and 0 <= key < len(value):
            return self._at(value[key], key)
        return None

    def get(self, key: str, default: Any = None) -> Any:
        return self.value.get(key, default) if isinstance(self.value, dict) else default

    def items(self) -> Iterator[tuple[str, Node]]:
        if isinstance(self.value, dict):
            for key, value in self.value.items():
                yield key, self._at(value, key)

    def elements(self) -> Iterator[Node]:
        if isinstance(self.value, list):
            for index, value in enumerate(self.value):
                yield self._at(value, index)

    def _at(self, value: Any, key: str | int) -> Node:
        return Node(value, f"{self.pointer}/{escape(str(key))}", self.document_uri, self.resolver, self.root)

    @property
    def ref(self) -> str | None:
        """The absolute URI this node's ``$ref`` names, or None when it is no reference."""
        ref = self.value.get("$ref") if isinstance(self.value, dict) else None
        return urljoin(self.document_uri, ref) if isinstance(ref, str) else None

    def deref(self) -> Node:
        """Follow ``$ref`` until something else is reached (loops were refused before this runs)."""
        node = self
        while isinstance(node.value, dict) and isinstance(node.value.get("$ref"), str):
            ref = node.value["$ref"]
            resolved = node.resolver.lookup(ref)
            target = urljoin(node.document_uri, ref)
            node = Node(
                resolved.contents,
                display(node.document_uri, ref, self.root.uri),
                urldefrag(target).url,
                resolved.resolver,
                self.root,
            )
        return node

    def with_value(self, value: Any) -> Node:
        """The same place holding another value (a schema's own keywords next to its ``allOf``)."""
        return Node(value, self.pointer, self.document_uri, self.resolver, self.root)

    def refusal(self, rule: str, explanation: str) -> OpenApiRefusal:
        line = self.root.line_of(self.pointer) if self.pointer.startswith("#") else 0
        return OpenApiRefusal(rule, explanation, self.pointer, line, self.root.location)
