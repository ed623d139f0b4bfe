"""Deterministic sample users from Faker: realistic people with SAP-valid user names.

The same ``seed``, ``count`` and ``today`` always give the same users (Faker is pinned to
one major version). A few are expired (GLTGB before today) and a few locked, so the
interesting states are there from the start.
"""

from __future__ import annotations

import random
import re
import unicodedata
from datetime import date, timedelta

from faker import Faker

from simulator.store import UserRecord

DEPARTMENTS = ("Finance", "Sales", "Human Resources", "IT", "Procurement", "Logistics", "Marketing", "Legal")
LOCALES = ("en_US", "de_DE")
EXPIRED_SHARE = 0.1
LOCKED_SHARE = 0.05
MAX_NAME = 12


def ascii_upper(text: str) -> str:
    """Transliterate to A-Z: accents dropped, ß → SS, anything else removed."""
    text = text.replace("ß", "ss")
    decomposed = unicodedata.normalize("NFKD", text)
    return re.sub(r"[^A-Z]", "", decomposed.encode("ascii", "ignore").decode().upper())


def _unique_username(first: str, last: str, taken: set[str]) -> str:
    base = (ascii_upper(first)[:1] + ascii_upper(last))[:MAX_NAME] or "USER"
    candidate, counter = base, 1
    while candidate in taken:
        suffix = str(counter)
        candidate = base[: MAX_NAME - len(suffix)] + suffix
        counter += 1
    taken.add(candidate)
    return candidate


def _valid_from(today: date, valid_days: int, expired_days_ago: int | None) -> date:
    """GLTGV for a user valid ``valid_days`` before today or, when expired, before GLTGB.

    SAP refuses a GLTGB before GLTGV (message 297), so an expired user's validity must end
    after it began: validFrom < validTo < today."""
    return today - timedelta(days=valid_days + (expired_days_ago or 0))


def generate_users(count: int, *, seed: int = 42, today: date) -> list[UserRecord]:
    """``count`` users, deterministic for a given ``seed`` and ``today``."""
    if count < 0:
        raise ValueError(f"cannot seed a negative number of users ({count})")
    # One seeded Faker per locale, picked by our own generator: a multi-locale Faker picks
    # its locale from the global ``random`` module, which would break determinism.
    fakers = [Faker(locale) for locale in LOCALES]
    for fake in fakers:
        fake.seed_instance(seed)
    rng = random.Random(seed)
    taken: set[str] = set()
    users = []
    for _ in range(count):
        fake = rng.choice(fakers)
        first, last = fake.first_name(), fake.last_name()
        username = _unique_username(first, last, taken)
        roll = rng.random()
        expired_days_ago: int | None = None
        if roll < EXPIRED_SHARE:
            expired_days_ago = rng.randint(1, 400)
            valid_to: date | None = today - timedelta(days=expired_days_ago)
        elif rng.random() < 0.5:
            valid_to = today + timedelta(days=rng.randint(30, 900))
        else:
            valid_to = None
        users.append(
            UserRecord(
                username=username,
                first_name=first,
                last_name=last,
                email=f"{ascii_upper(first).lower()}.{ascii_upper(last).lower()}@example.com",
                department=rng.choice(DEPARTMENTS),
                job_title=fake.job()[:40],
                city=fake.city()[:40],
                company=fake.company()[:42],
                phone=fake.numerify("+1 555 01## ####"),
                valid_from=_valid_from(today, rng.randint(30, 2000), expired_days_ago),
                valid_to=valid_to,
                locked=rng.random() < LOCKED_SHARE,
            )
        )
    return users
