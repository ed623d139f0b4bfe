"""How SCIM attribute names and values map onto the connector's selected attributes.

ECMA2Host exposes each selected attribute under its extension URN; Entra and other
clients may also spell it bare or with the core User URN. SCIM attribute names are
case-insensitive (RFC 7643 §2.1), so resolution is too.
"""

from __future__ import annotations

from typing import Any

from connector.config import EntrySchema

from .constants import ACTIVE, CORE_USER, ECMA_USER, EXPORT_PASSWORD
from .errors import invalid_value

_PREFIXES = (ECMA_USER.lower() + ":", CORE_USER.lower() + ":")
_TRUE_STRINGS = {"true"}
_FALSE_STRINGS = {"false"}


class AttributeCatalog:
    """The connector's attributes as SCIM sees them."""

    def __init__(self, schema: EntrySchema) -> None:
        self.schema = schema
        self.anchor = schema.anchor.name
        self._by_lower = {a.name.lower(): a.name for a in schema.attributes}
        self._by_lower.setdefault(EXPORT_PASSWORD, EXPORT_PASSWORD)
        self._by_lower.setdefault(ACTIVE, ACTIVE)
        # The core schema requires userName; without such an attribute it names the anchor.
        self._by_lower.setdefault("username", self.anchor)
        self._types = {a.name: a.data_type for a in schema.attributes}
        self._types.setdefault(ACTIVE, "Boolean")
        self._types.setdefault(EXPORT_PASSWORD, "String")

    @staticmethod
    def strip_urn(name: str) -> str:
        lowered = name.lower()
        for prefix in _PREFIXES:
            if lowered.startswith(prefix):
                return name[len(prefix) :]
        return name

    def lookup(self, name: str) -> str | None:
        """The connector attribute named by ``name`` in bare, core or ECMA2Host URN form, or None."""
        return self._by_lower.get(self.strip_urn(name).lower())

    def data_type(self, attribute: str) -> str:
        return self._types.get(attribute, "String")

    @property
    def stored_attributes(self) -> list[str]:
        """Attributes kept in the connector space (everything but the write-only password)."""
        return [a.name for a in self.schema.attributes if a.name != EXPORT_PASSWORD]

    def coerce(self, attribute: str, value: Any) -> Any:
        """Convert a JSON value to the attribute's DataType; None means "remove the value"."""
        if value is None:
            return None
        data_type = self.data_type(attribute)
        if data_type == "Boolean":
            return to_bool(value, attribute)
        if isinstance(value, dict | list):
            raise invalid_value(
                f"attribute {attribute!r} takes a single {data_type} value, not {type(value).__name__}"
            )
        if data_type == "Integer":
            if isinstance(value, bool):
                raise invalid_value(f"attribute {attribute!r} takes an Integer, not a boolean")
            try:
                return int(value)
            except (TypeError, ValueError):
                raise invalid_value(f"attribute {attribute!r} takes an Integer, not {value!r}") from None
        if isinstance(value, bool):
            return "True" if value else "False"
        return str(value)


def to_bool(value: Any, attribute: str) -> bool:
    """Entra's default dialect sends booleans as the strings "True" / "False"."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in _TRUE_STRINGS:
        return True
    if isinstance(value, str) and value.strip().lower() in _FALSE_STRINGS:
        return False
    raise invalid_value(
        f'attribute {attribute!r} takes a boolean (true/false or "True"/"False"), not {value!r}'
    )
