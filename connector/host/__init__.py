"""The connector host: builds the per-connector SCIM apps from a configuration and backends."""

from provlab.traffic import RecordedExchange, read_recording

from .app import HostApp, HostStartupError, create_host_app, memory_space, resolve_secret, sqlite_spaces
from .backends import template_backend
from .recording import RecordingMiddleware
from .runtime import INITIAL_IMPORT_RETRY_DELAYS, ConnectorRuntime, ImportSummary

__all__ = [
    "INITIAL_IMPORT_RETRY_DELAYS",
    "ConnectorRuntime",
    "HostApp",
    "HostStartupError",
    "ImportSummary",
    "RecordedExchange",
    "RecordingMiddleware",
    "create_host_app",
    "memory_space",
    "read_recording",
    "resolve_secret",
    "sqlite_spaces",
    "template_backend",
]
