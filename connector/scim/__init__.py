"""The ECMA2Host SCIM surface: an I/O-free core (filters, PATCH, resources, discovery,
export-status mapping, routing) and a thin Flask adapter (:mod:`connector.scim.flask_app`)."""

from .errors import ScimError
from .messages import ScimRequest, ScimResponse
from .router import DEFAULT_MAX_BODY_BYTES, ConnectorEndpoint, ScimRouter
from .service import UsersService

__all__ = [
    "DEFAULT_MAX_BODY_BYTES",
    "ConnectorEndpoint",
    "ScimError",
    "ScimRequest",
    "ScimResponse",
    "ScimRouter",
    "UsersService",
]
