"""What discovery says when it cannot go on: bad input, or a WSDL the MIM tool would refuse."""

from __future__ import annotations

from dataclasses import dataclass


class DiscoveryError(ValueError):
    """Discovery could not run: an unreachable or unreadable WSDL, a bad REST description, a bad template."""


@dataclass(frozen=True)
class Refusal:
    """One reason the MIM Web Service Configuration Tool would refuse a WSDL.

    ``rule`` is a stable short code (for tests and ``--json``); ``explanation`` says, for the
    customer, what is wrong, why MIM refuses it and what to change on the service side.
    """

    rule: str
    explanation: str
    line: int = 0

    def __str__(self) -> str:
        where = f"line {self.line}: " if self.line else ""
        return f"{where}[{self.rule}] {self.explanation}"


class WsdlRefusedError(DiscoveryError):
    """The WSDL breaks one or more of the MIM tool's rules; ``refusals`` lists every one."""

    def __init__(self, source: str, refusals: list[Refusal]) -> None:
        self.source = source
        self.refusals = list(refusals)
        lines = "\n".join(f"  - {r}" for r in self.refusals)
        super().__init__(
            f"{source}: the WSDL cannot be used, as the MIM Web Service Configuration Tool refuses it:\n"
            f"{lines}"
        )

    @property
    def rules(self) -> list[str]:
        return [r.rule for r in self.refusals]


@dataclass(frozen=True)
class OpenApiRefusal:
    """One thing in an OpenAPI document that discovery cannot use, and where it is.

    ``pointer`` is the JSON pointer of the offending part (``#/paths/~1users/get/parameters/0``, or
    ``other.yaml#/...`` inside a referenced document); ``line`` its line in the document read, when
    known (0 otherwise); ``rule`` a stable short code; ``explanation`` what is wrong and how to fix it.
    """

    rule: str
    explanation: str
    pointer: str = ""
    line: int = 0
    source: str = ""

    def where(self) -> str:
        """``file:line (#/pointer)``, or as much of it as is known."""
        place = f"{self.source}:{self.line}" if self.source and self.line else self.source
        if self.pointer:
            place = f"{place} ({self.pointer})" if place else self.pointer
        return place

    def __str__(self) -> str:
        place = self.where()
        return f"{place}: [{self.rule}] {self.explanation}" if place else f"[{self.rule}] {self.explanation}"


class OpenApiRefusedError(DiscoveryError):
    """The OpenAPI document (or the operations chosen) cannot be used; ``refusals`` lists every reason."""

    def __init__(self, headline: str, refusals: list[OpenApiRefusal]) -> None:
        self.refusals = list(refusals)
        lines = "\n".join(f"  - {r}" for r in self.refusals)
        super().__init__(f"{headline}:\n{lines}" if lines else headline)

    @property
    def rules(self) -> list[str]:
        return [r.rule for r in self.refusals]
