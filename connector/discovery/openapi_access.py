"""Where an operation is called and how it authenticates, in the template's terms.

Address: OpenAPI 3's first server (operation, then path, then document level; a relative URL is
relative to where the document was read, variables take their defaults); Swagger 2.0's scheme,
host and basePath (the document's own host and scheme when it names none).

Security: the template's REST services send HTTP Basic credentials (``Basic``) or none (``None``).
An operation whose requirements allow anonymous calls needs ``None``; one that accepts HTTP Basic
alone (as one of its alternatives) needs ``Basic``; one that accepts only other schemes (bearer
tokens, API keys, OAuth2, OpenID Connect, mutual TLS) cannot be called by the template.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from connector.discovery.errors import OpenApiRefusal
from connector.discovery.openapi_nodes import Node

_VARIABLE = re.compile(r"\{([^{}]+)\}")


@dataclass(frozen=True)
class Access:
    security: str  # "Basic" | "None" | "" when the template cannot meet the requirements
    label: str  # what the document asks for, for the reader: "basic (or bearer)"
    refusal: OpenApiRefusal | None = None


def scheme_kinds(root: Node, version: str) -> dict[str, str]:
    """Each security scheme's kind: ``basic``, ``bearer``, ``apiKey``, ``oauth2``, ...."""
    holder = (
        root.child("securityDefinitions")
        if version == "2.0"
        else (root.child("components") or root.with_value({})).child("securitySchemes")
    )
    kinds = {}
    for name, node in holder.items() if holder is not None else ():
        scheme = node.deref()
        kind = str(scheme.get("type", ""))
        if kind == "http":
            kind = str(scheme.get("scheme", "")).lower() or "http"
        kinds[name] = kind
    return kinds


def access(operation: Node, root: Node, kinds: dict[str, str]) -> Access:
    """What ``operation`` needs (see the module docstring)."""
    holder = operation if "security" in operation.value else root
    requirements = holder.get("security") or []
    if not requirements:
        return Access("None", "none")
    alternatives = [sorted(r) for r in requirements if isinstance(r, dict)]
    named = [" + ".join(f"{kinds.get(n, n)}" for n in names) for names in alternatives if names]
    label = named[0] + (f" (or {', '.join(named[1:])})" if len(named) > 1 else "") if named else "none"
    if any(not names for names in alternatives):
        return Access("None", f"{label}, or none" if named else "none")
    if any(len(names) == 1 and kinds.get(names[0]) == "basic" for names in alternatives):
        return Access("Basic", label)
    node = holder.child("security")
    return Access(
        "",
        label,
        node.refusal(
            "security",
            f"the operation authenticates with {label}; the template's REST services send HTTP Basic "
            "credentials or none. If the API also accepts Basic, say so in the document, or give "
            "--security Basic (or None) to decide for it",
        ),
    )


def server_address(operation: Node, path_item: Node, root: Node, version: str) -> tuple[str, list[str]]:
    """The operation's base address (``""`` when it cannot be told without ``--endpoint``) and notes."""
    document = root.root
    if version == "2.0":
        return _swagger_address(operation, root, document.uri if document.is_remote else "")
    for holder in (operation, path_item, root):
        servers = holder.get("servers")
        if isinstance(servers, list) and servers:
            break
    else:
        servers = [{"url": "/"}]
    first = servers[0] if isinstance(servers[0], dict) else {"url": "/"}
    variables = first.get("variables") or {}
    url = _VARIABLE.sub(
        lambda v: str((variables.get(v.group(1)) or {}).get("default", v.group(0))),
        str(first.get("url", "/")),
    )
    notes = (
        [f"the document names {len(servers)} servers; the first is used (--endpoint chooses another)"]
        if len(servers) > 1
        else []
    )
    if variables:
        notes.append(f"server variables take their defaults: {url}")
    if document.is_remote:
        url = urljoin(document.uri, url)
    return (url if urlsplit(url).scheme in ("http", "https") else ""), notes


def _swagger_address(operation: Node, root: Node, document_url: str) -> tuple[str, list[str]]:
    read_from = urlsplit(document_url) if document_url else None
    host = root.get("host") or (read_from.netloc if read_from else "")
    if not host:
        return "", []
    schemes = operation.get("schemes") or root.get("schemes") or []
    if read_from and (not schemes or read_from.scheme in schemes):
        scheme = read_from.scheme
    elif schemes:
        scheme = "https" if "https" in schemes else str(schemes[0])
    else:
        scheme = "http"
    return f"{scheme}://{host}{root.get('basePath') or ''}", []
