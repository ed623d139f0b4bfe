"""Checking the base URLs that commands take (``--target-url``, ``--tenant-url``, ``--base-url``)."""

from __future__ import annotations

from urllib.parse import urlsplit


def http_url_problem(value: str, *, allow_path: bool = True) -> str | None:
    """Why ``value`` is not an ``http(s)://host[:port]`` URL (with a path prefix when
    ``allow_path``), or None when it is one. Credentials in the URL are refused: they
    would end up in logs."""
    parts = urlsplit(value)
    try:
        port_ok = parts.port is None or parts.port > 0
    except ValueError:  # a port that is not a number or out of range
        port_ok = False
    if parts.scheme not in ("http", "https"):
        return "it does not start with http:// or https://"
    if not parts.hostname:
        return "it names no host"
    if not port_ok:
        return "its port is not a number from 1 to 65535"
    if "@" in parts.netloc:
        return "it carries credentials; give them with the command's own options"
    if not allow_path and (parts.path not in ("", "/") or parts.query or parts.fragment):
        return "it has a path, query or fragment; give only http(s)://host[:port]"
    return None
