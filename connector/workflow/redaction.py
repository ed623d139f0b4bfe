"""Keep secrets out of traces and logs.

Keys that name secrets (``export_password``, ``password`` and the other names logsetup knows) are masked by
:func:`provlab.logsetup.redact_mapping`; on top of that, the values of this run's secrets are
masked wherever they appear, so a template that passes a password under an unusual name
still never leaks it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from provlab.logsetup import MASK, redact_mapping, redact_text


class Redactor:
    def __init__(self, secrets: Iterable[str] = ()) -> None:
        self._secrets = sorted({s for s in secrets if isinstance(s, str) and s}, key=len, reverse=True)

    def text(self, value: str) -> str:
        value = redact_text(value)
        for secret in self._secrets:
            value = value.replace(secret, MASK)
        return value

    def data(self, value: Any) -> Any:
        return self._values(redact_mapping(value))

    def _values(self, value: Any) -> Any:
        if isinstance(value, Mapping):
            return {k: self._values(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [self._values(v) for v in value]
        if isinstance(value, str):
            return self.text(value)
        return value
