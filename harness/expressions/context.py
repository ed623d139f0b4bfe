"""What an evaluation may depend on besides attributes: the clock, randomness, the target.

Everything non-deterministic is injectable so tests and scenarios are repeatable.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

# Named toggles that reproduce behaviour Entra documents as a defect (the lab follows the
# intended behaviour unless a quirk is switched on).
QUIRK_SWITCH_NULL_WHEN_SOURCE_UNCHANGED = "switch-null-when-source-unchanged"
QUIRK_IIF_FAILS_ON_NULL = "iif-fails-on-null"
KNOWN_QUIRKS = frozenset({QUIRK_SWITCH_NULL_WHEN_SOURCE_UNCHANGED, QUIRK_IIF_FAILS_ON_NULL})


def _system_now() -> datetime:
    return datetime.now(UTC)


def _new_guid() -> str:
    return str(uuid.uuid4())


@dataclass
class EvaluationContext:
    """Injectable inputs of an evaluation.

    - ``now``: the clock behind ``Now()`` (an aware datetime, UTC).
    - ``new_guid``: the source of ``Guid()``.
    - ``rng``: randomness for ``RandomString`` (a ``random.Random``; system entropy by default).
    - ``is_unique``: asked by ``SelectUniqueValue`` whether a candidate is free in the target;
      ``None`` means no target to ask, so the first candidate wins.
    - ``changed_attributes``: source attributes that changed in this sync (only used by the
      ``switch-null-when-source-unchanged`` quirk).
    - ``quirks``: names from :data:`KNOWN_QUIRKS` to reproduce documented Entra defects.
    """

    now: Callable[[], datetime] = _system_now
    new_guid: Callable[[], str] = _new_guid
    rng: random.Random = field(default_factory=random.SystemRandom)
    is_unique: Callable[[str], bool] | None = None
    changed_attributes: frozenset[str] | None = None
    quirks: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        unknown = set(self.quirks) - KNOWN_QUIRKS
        if unknown:
            raise ValueError(f"unknown quirk(s) {sorted(unknown)}; known: {sorted(KNOWN_QUIRKS)}")

    @classmethod
    def fixed(cls, now: datetime, *, seed: int = 0, **kwargs: object) -> EvaluationContext:
        """A fully deterministic context: fixed time, seeded randomness and GUIDs."""
        rng = random.Random(seed)
        if now.tzinfo is None:
            now = now.replace(tzinfo=UTC)
        return cls(
            now=lambda: now,
            new_guid=lambda: str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            rng=rng,
            **kwargs,  # type: ignore[arg-type]
        )
