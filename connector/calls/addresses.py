"""Where requests go at run time (ARCHITECTURE.md, "Runtime addresses").

The template keeps the address discovery saw (the WSDL's ``soap:address``, the REST base
address). The host configuration's Host/Port, or ``--target-url``, overrides its scheme, host
and port; the path stays the template's, so one template serves every system of its kind.
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit


def effective_address(template_address: str, target_url: str | None) -> str:
    """``template_address`` moved onto ``target_url``'s scheme/host/port (and path prefix)."""
    if not target_url:
        return template_address
    target = urlsplit(target_url if "://" in target_url else f"http://{target_url}")
    original = urlsplit(template_address)
    prefix = target.path.rstrip("/")
    return urlunsplit((target.scheme, target.netloc, prefix + (original.path or "/"), original.query, ""))
