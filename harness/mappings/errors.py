"""The mapping package's one error type, apart from the model so evaluation can raise it too."""

from __future__ import annotations


class MappingError(ValueError):
    """A mapping set that Entra would not accept; ``where`` locates it (file:line or JSON path)."""

    def __init__(self, where: str, message: str) -> None:
        self.where = where
        self.reason = message
        super().__init__(f"{where}: {message}")
