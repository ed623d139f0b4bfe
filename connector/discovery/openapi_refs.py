"""How ``$ref``s are resolved: by the ``referencing`` library (what jsonschema and
openapi-spec-validator use), through a retriever that fetches nothing unless allowed.

Without ``allow_remote`` every reference to another document is refused before anything reads it,
and the retriever itself refuses every scheme, so even a reference that only becomes remote
through a base URI (``$id``) is never fetched. With ``allow_remote`` another document may be read
over HTTP(S) through the caller's session, or from a file when the first document was a file
itself (a document served over HTTP never makes discovery read local files); each is held to the
same limits as the first, and at most :data:`MAX_DOCUMENTS` are read.

Before any library walks the document, :func:`check_references` follows every reference chain and
refuses loops of references that point only at each other (the validator would recurse forever)
and references that point nowhere.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urldefrag, urljoin, urlsplit

import requests

from connector.discovery.errors import DiscoveryError, OpenApiRefusal, OpenApiRefusedError
from connector.discovery.openapi_source import (
    OpenApiDocument,
    Reference,
    document_name,
    read_openapi,
)

MAX_DOCUMENTS = 32
MAX_CHAIN = 32  # references that lead only to references


class RefRefused(Exception):  # noqa: N818 - what happened, raised inside the library's retrieval
    """A reference the policy does not follow; carries the reason for the refusal."""

    def __init__(self, uri: str, rule: str, reason: str) -> None:
        super().__init__(f"{uri}: {reason}")
        self.uri, self.rule, self.reason = uri, rule, reason


@dataclass
class RefPolicy:
    """What may be read when a reference points at another document (see the module docstring)."""

    root: OpenApiDocument
    allow_remote: bool = False
    session: requests.Session | None = None
    documents: dict[str, OpenApiDocument] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.documents.setdefault(urldefrag(self.root.uri).url, self.root)

    def load(self, uri: str) -> dict[str, Any]:
        """The retriever: the contents of the document ``uri`` names, if the policy allows reading it."""
        base = urldefrag(uri).url
        if base in self.documents:
            return self.documents[base].data
        if not self.allow_remote:
            raise RefRefused(
                uri,
                "remote-ref",
                "it points at another document, which discovery does not read unless --allow-remote-refs "
                "is given (or bundle the description into one file)",
            )
        scheme = urlsplit(base).scheme
        if scheme == "file" and self.root.is_remote:
            raise RefRefused(
                uri, "remote-ref", "a document read over HTTP may not make discovery read a local file"
            )
        if scheme not in ("http", "https", "file"):
            raise RefRefused(
                uri, "remote-ref", f"discovery reads http(s) and file references only, not {scheme}:"
            )
        if len(self.documents) > MAX_DOCUMENTS:
            raise RefRefused(
                uri, "too-many-documents", f"the description spreads over more than {MAX_DOCUMENTS} documents"
            )
        location = urlsplit(base).path if scheme == "file" else base
        try:
            document = read_openapi(location, self.session)
        except DiscoveryError as exc:
            raise RefRefused(
                uri, "unresolvable-ref", f"the referenced document cannot be read: {exc}"
            ) from None
        self.documents[base] = document
        return document.data


class _EveryScheme(Mapping[str, Any]):
    """A handler table that answers every scheme with the policy's retriever.

    jsonschema-path falls back to ``requests``/``urllib`` for a scheme missing from its table; this
    table misses none, so nothing is fetched behind the policy's back."""

    def __init__(self, policy: RefPolicy) -> None:
        self.policy = policy

    def __contains__(self, scheme: object) -> bool:
        return True

    def __getitem__(self, scheme: str) -> Any:
        return self.policy.load

    def __iter__(self) -> Iterator[str]:
        return iter(("http", "https", "file"))

    def __len__(self) -> int:
        return 3


def handlers(policy: RefPolicy) -> Mapping[str, Any]:
    """jsonschema-path resolver handlers bound to ``policy`` (for openapi-spec-validator)."""
    return _EveryScheme(policy)


def resolver(policy: RefPolicy) -> Any:
    """A ``referencing`` resolver rooted at the document, retrieving through ``policy``."""
    from referencing import Registry
    from referencing.jsonschema import DRAFT202012

    def retrieve(uri: str) -> Any:
        return DRAFT202012.create_resource(policy.load(uri))

    registry = Registry(retrieve=retrieve).with_resource(  # type: ignore[call-arg]
        policy.root.uri, DRAFT202012.create_resource(policy.root.data)
    )
    return registry.resolver(base_uri=policy.root.uri)


def display(document_uri: str, ref: str, root_uri: str) -> str:
    """How a reference target is named in messages: ``#/pointer`` in the first document, else
    ``name.yaml#/pointer``."""
    target = urljoin(document_uri, ref)
    base, fragment = urldefrag(target)
    pointer = f"#{fragment}" if fragment else "#"
    return pointer if base == urldefrag(root_uri).url else f"{document_name(base)}{pointer}"


def unresolvable(exc: BaseException) -> RefRefused | None:
    """The policy's refusal behind a library error, if that is what it is."""
    seen = exc
    while seen is not None:
        if isinstance(seen, RefRefused):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


def check_references(policy: RefPolicy, root_resolver: Any) -> None:
    """Refuse remote references (unless allowed), references to nowhere and reference loops."""
    from referencing.exceptions import Unresolvable

    root = policy.root
    refusals: list[OpenApiRefusal] = []

    def refuse(rule: str, explanation: str, pointer: str, document: OpenApiDocument) -> None:
        line = document.line_of(pointer) if document is root else 0
        shown = pointer if document is root else f"{document_name(document.uri)}{pointer}"
        refusals.append(OpenApiRefusal(rule, explanation, shown, line, root.location))

    if not policy.allow_remote:
        for reference in root.references:
            if not reference.ref.startswith("#"):
                refuse(
                    "remote-ref",
                    f"$ref {reference.ref!r} points at another document; discovery reads nothing a "
                    "description points to unless --allow-remote-refs is given (or bundle it into one file)",
                    reference.pointer,
                    root,
                )
        if refusals:
            raise OpenApiRefusedError(f"{root.location}: the document is refused", refusals)
    done: set[str] = set()
    pending: list[tuple[OpenApiDocument, Reference]] = [(root, r) for r in root.references]
    while pending:
        document, reference = pending.pop(0)
        start = urljoin(document.uri, reference.ref)
        if start in done:
            continue
        done.add(start)
        try:
            _follow(document, reference, root_resolver)
        except _Loop as loop:
            refuse("ref-loop", str(loop), reference.pointer, document)
        except Unresolvable as exc:
            why = unresolvable(exc)
            if why is not None:
                refuse(why.rule, f"$ref {reference.ref!r}: {why.reason}", reference.pointer, document)
            else:
                refuse(
                    "unresolvable-ref",
                    f"$ref {reference.ref!r} points at nothing in the document: correct the pointer",
                    reference.pointer,
                    document,
                )
        for later in list(policy.documents.values()):
            if later is not root and later.uri not in done:
                done.add(later.uri)
                pending += [(later, r) for r in later.references]
    if refusals:
        raise OpenApiRefusedError(f"{root.location}: the document is refused", refusals)


class _Loop(Exception):  # noqa: N818 - the reason for a refusal, never seen outside
    pass


def _follow(document: OpenApiDocument, reference: Reference, root_resolver: Any) -> None:
    """Look ``reference`` up, and every reference its target is, until something else is reached."""
    base = root_resolver.lookup(urldefrag(document.uri).url).resolver if document.uri else root_resolver
    chain = [urljoin(document.uri, reference.ref)]
    resolved = base.lookup(reference.ref)
    current_uri = urldefrag(chain[0]).url
    while isinstance(resolved.contents, dict) and isinstance(resolved.contents.get("$ref"), str):
        ref = resolved.contents["$ref"]
        target = urljoin(current_uri, ref)
        if target in chain:
            names = " -> ".join(display(document.uri, c, document.uri) for c in [*chain, target])
            raise _Loop(
                f"$refs that point only at each other, in a loop: {names}; one of them must hold a schema"
            )
        if len(chain) >= MAX_CHAIN:
            raise _Loop(f"more than {MAX_CHAIN} $refs in a row that point only at further $refs")
        chain.append(target)
        resolved = resolved.resolver.lookup(ref)
        current_uri = urldefrag(target).url
