"""ECMA2Host host configuration: the model and the ``Configuration.xml`` loader."""

from .loader import HostConfigError, load_host_config, parse_host_config
from .model import (
    MIN_SECRET_LENGTH,
    AttributeSchema,
    Capabilities,
    ConnectorConfig,
    DeleteFlow,
    DeprovisioningModel,
    DisableFlow,
    EntrySchema,
    HostConfig,
    Parameter,
    RunConfiguration,
    UnknownConnectorError,
    WebServiceSettings,
)

__all__ = [
    "MIN_SECRET_LENGTH",
    "AttributeSchema",
    "Capabilities",
    "ConnectorConfig",
    "DeleteFlow",
    "DeprovisioningModel",
    "DisableFlow",
    "EntrySchema",
    "HostConfig",
    "HostConfigError",
    "Parameter",
    "RunConfiguration",
    "UnknownConnectorError",
    "WebServiceSettings",
    "load_host_config",
    "parse_host_config",
]
