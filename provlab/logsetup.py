"""Logging in one format (text or JSON lines) with a redaction filter every package uses.

Secrets must never reach a log: bearer tokens, basic credentials, passwords, the virtual
``export_password`` attribute and SAP's ``BAPIPWD`` / ``PASSWORD`` structures are masked
both in structured data (:func:`redact_mapping`) and in free text (:class:`RedactionFilter`).
"""

from __future__ import annotations

import json
import logging
import re
import sys
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

MASK = "***"

# Keys whose values are secrets, compared case-insensitively.
SECRET_KEYS = frozenset(
    {
        "password",
        "export_password",
        "bapipwd",
        "newpassword",
        "oldpassword",
        "secret",
        "secrettoken",
        "secret_token",
        "token",
        "admin_token",
        "authorization",
        "proxy-authorization",
        "client_secret",
    }
)

_TEXT_PATTERNS = [
    # Authorization headers: Bearer / Basic credentials.
    # (8+ characters, so prose such as "the bearer token is wrong" is left alone).
    (re.compile(r"(?i)\b(bearer|basic)\s+[A-Za-z0-9\-._~+/=]{8,}"), r"\1 " + MASK),
    # XML elements holding a password (SAP's PASSWORD/BAPIPWD, our export_password).
    (
        re.compile(r"(?is)<((?:\w+:)?(?:BAPIPWD|PASSWORD|export_password|NEWPASSWORD))(\s[^>]*)?>.*?</\1>"),
        r"<\1\2>" + MASK + r"</\1>",
    ),
    # JSON / Python-repr pairs: "password": "x", 'secret': 'x'
    (
        re.compile(
            r"""(?i)(["']?(?:export_password|password|bapipwd|secret(?:_?token)?|token|client_secret)["']?\s*[:=]\s*)"""
            r"""("[^"]*"|'[^']*'|[^\s,;&}]+)"""
        ),
        r"\1" + MASK,
    ),
]


def redact_text(text: str) -> str:
    """Mask secrets that appear in free text (messages, headers, XML, JSON)."""
    for pattern, replacement in _TEXT_PATTERNS:
        text = pattern.sub(replacement, text)
    return text


def is_secret_key(key: object) -> bool:
    """True for a secret's name, bare or URN-/dot-prefixed (``urn:…:User:export_password``)."""
    if not isinstance(key, str):
        return False
    return key.lower().rsplit(":", 1)[-1].rsplit(".", 1)[-1] in SECRET_KEYS


def redact_mapping(value: Any) -> Any:
    """A deep copy of ``value`` with the values of secret keys replaced by ``***``.

    Works through dicts, lists and tuples; SCIM PATCH operations whose ``path`` names a
    secret attribute have their ``value`` masked too."""
    if isinstance(value, Mapping):
        path = value.get("path")
        masked_op = isinstance(path, str) and is_secret_key(path)
        return {
            k: (MASK if is_secret_key(k) or (masked_op and k == "value") else redact_mapping(v))
            for k, v in value.items()
        }
    if isinstance(value, list | tuple):
        return type(value)(redact_mapping(v) for v in value)
    if isinstance(value, str):
        return redact_text(value)
    return value


class RedactionFilter(logging.Filter):
    """Masks secrets in every record's message and arguments before any handler formats it."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.args:
            try:
                record.msg = record.getMessage()
            except (TypeError, ValueError):  # a broken format string: keep it as it is
                record.msg = str(record.msg)
            record.args = None
        record.msg = redact_text(str(record.msg))
        return True


class JSONFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message (and exception text)."""

    def format(self, record: logging.LogRecord) -> str:
        data = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            data["exception"] = redact_text(self.formatException(record.exc_info))
        return json.dumps(data, ensure_ascii=False)


TEXT_FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"


def configure_logging(level: str | int = "WARNING", *, json_lines: bool = False, stream: Any = None) -> None:
    """Set up the root logger once: one handler on stderr, our format, the redaction filter."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_provlab", False):
            root.removeHandler(handler)
    handler = logging.StreamHandler(stream or sys.stderr)
    handler._provlab = True  # type: ignore[attr-defined]
    handler.setFormatter(JSONFormatter() if json_lines else logging.Formatter(TEXT_FORMAT))
    handler.addFilter(RedactionFilter())
    root.addHandler(handler)
    root.setLevel(level.upper() if isinstance(level, str) else level)


def get_logger(name: str) -> logging.Logger:
    """A logger that redacts even when the application configured logging its own way."""
    logger = logging.getLogger(name)
    if not any(isinstance(f, RedactionFilter) for f in logger.filters):
        logger.addFilter(RedactionFilter())
    return logger
