"""The connector host: builds the per-connector SCIM apps from a configuration and backends."""

from .app import HostApp, HostStartupError, create_host_app, memory_space, resolve_secret, sqlite_spaces
from .backends import template_backend
from .recording import RecordedExchange, RecordingMiddleware, read_recording
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
