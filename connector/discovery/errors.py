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
