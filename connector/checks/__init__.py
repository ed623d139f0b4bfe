"""Checks of a host configuration with its template, and read-only checks of a target
(``provlab connector check``); ``provlab validate`` composes them with its checks of Entra's mappings."""

from .configuration import (
    ConnectorFiles,
    check_configuration,
    cross_check_files,
    deletes_in_target,
    load_files,
)
from .target import TargetCheck, check_target

__all__ = [
    "ConnectorFiles",
    "TargetCheck",
    "check_configuration",
    "check_target",
    "cross_check_files",
    "deletes_in_target",
    "load_files",
]
