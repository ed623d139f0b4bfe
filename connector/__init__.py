"""A real ECMA Connector Host: the ECMA2Host SCIM endpoint in front, a generic web services
connector behind it that runs a template's workflows against SOAP and REST services.

Contains no SAP or BAPI name: everything target-specific lives in templates.

This module is the connector's public face: what the harness (or any embedder) may use to start
a host and to check a configuration. The names load on first use (PEP 562), so importing
``connector`` costs nothing until one is needed (``provlab --help`` stays fast).
"""

from __future__ import annotations

from provlab.lazy import lazy_exports

_EXPORTS = {
    # the host configuration (ECMA2Host's Configuration.xml)
    "ConnectorConfig": "connector.config",
    "DeleteFlow": "connector.config",
    "DisableFlow": "connector.config",
    "HostConfig": "connector.config",
    "HostConfigError": "connector.config",
    "MIN_SECRET_LENGTH": "connector.config",
    "UnknownConnectorError": "connector.config",
    "load_host_config": "connector.config",
    # starting a host
    "HostApp": "connector.host",
    "HostStartupError": "connector.host",
    "SingleHost": "connector.host.single",
    "memory_space": "connector.host",
    "single_connector_host": "connector.host.single",
    "sqlite_spaces": "connector.host",
    # the connector space, for tools that fill or weigh it (benchmarks)
    "SpaceEntry": "connector.space",
    # checks of a configuration with its template, and of a target
    "ConnectorFiles": "connector.checks",
    "TargetCheck": "connector.checks",
    "check_configuration": "connector.checks",
    "check_target": "connector.checks",
    "cross_check_files": "connector.checks",
    "load_files": "connector.checks",
}

__all__ = sorted(_EXPORTS)


__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals())
