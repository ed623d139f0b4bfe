"""Shared plumbing for provlab: logging with redaction, hardened XML, WSGI serving,
the in-process transport and an injectable clock. Imports nothing of the other packages."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("provlab")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0.0.0+source"

__all__ = ["__version__"]
