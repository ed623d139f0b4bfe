"""Where a template is wrong, said the way compilers say it: ``file:line:col: message``.

The loader and the validator collect every problem instead of stopping at the first, so a
customer fixes a template in one pass."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Location:
    """A place in a template file; ``file`` is the display name (``x.wsconfig!schema.xml`` in a zip)."""

    file: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


@dataclass(frozen=True, order=True)
class Problem:
    location: Location
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"

    def as_dict(self) -> dict[str, object]:
        loc = self.location
        return {"file": loc.file, "line": loc.line, "col": loc.col, "message": self.message}


class TemplateInvalidError(Exception):
    """The template could not be loaded or failed validation; ``problems`` lists every finding."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
