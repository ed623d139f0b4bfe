"""Which PATCH dialect Entra speaks, chosen as Entra chooses it: by the Tenant URL.

Appending ``?aadOptscim062020`` to the Tenant URL switches Entra's SCIM client to the
RFC-compliant behaviour (lowercase ops, JSON booleans, path-less replace maps); without it
Entra sends PascalCase ops, one op per attribute and booleans as "True"/"False" strings.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit, urlunsplit

FLAG = "aadOptscim062020"


class Dialect(enum.Enum):
    DEFAULT = "default"
    AAD_OPT_SCIM_062020 = FLAG


@dataclass(frozen=True)
class TenantUrl:
    """A Tenant URL split into the base the requests go to and the dialect its flags select."""

    base_url: str
    dialect: Dialect


class TenantUrlError(ValueError):
    """A Tenant URL that cannot be used."""


def parse_tenant_url(url: str) -> TenantUrl:
    """``https://host:8585/ecma2host_APP1/scim?aadOptscim062020`` → base URL and dialect."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise TenantUrlError(
            f"Tenant URL {url!r} is not an http(s) URL; expected e.g. https://localhost:8585/ecma2host_APP1/scim"
        )
    flags = {key.lower() for key, _ in parse_qsl(parts.query, keep_blank_values=True)}
    dialect = Dialect.AAD_OPT_SCIM_062020 if FLAG.lower() in flags else Dialect.DEFAULT
    base = urlunsplit((parts.scheme, parts.netloc, parts.path.rstrip("/"), "", ""))
    return TenantUrl(base, dialect)
