"""Deterministic fake users from Faker, with local parts SAP accepts as user names.

SAP's USERNAME is at most 12 characters of A-Z and 0-9 once upper-cased, and the default
SAP mapping derives it from the UPN's local part, so by default every seeded local part
fits: first initial + surname letters, cut to 12, with a number when taken.
"""

from __future__ import annotations

import re
import uuid

from faker import Faker

from .model import SourceUser

SAP_USERNAME_MAX = 12
DEFAULT_DOMAIN = "contoso.com"
_DEPARTMENTS = ("Sales", "Finance", "Engineering", "Marketing", "Human Resources", "Operations", "Legal")
_NOT_ALNUM = re.compile(r"[^A-Za-z0-9]")


def seed_users(
    count: int, *, seed: int = 0, domain: str = DEFAULT_DOMAIN, sap_valid: bool = True
) -> list[SourceUser]:
    """``count`` users, the same for the same ``seed`` (within one Faker major version).

    With ``sap_valid`` false local parts are ``first.last`` and may exceed SAP's limits,
    which is how tests provoke SAP's refusals."""
    if count < 0:
        raise ValueError(f"cannot seed {count} users; give a number >= 0")
    fake = Faker("en_US")
    fake.seed_instance(seed)
    ids = uuid.UUID(int=fake.random.getrandbits(128))  # namespace for stable object ids
    taken: set[str] = set()
    users = []
    for index in range(count):
        given, surname = fake.first_name(), fake.last_name()
        local = _unique(_local_part(given, surname, sap_valid), taken, sap_valid)
        company = fake.company()
        users.append(
            SourceUser(
                id=str(uuid.uuid5(ids, str(index))),
                userPrincipalName=f"{local}@{domain}",
                givenName=given,
                surname=surname,
                displayName=f"{given} {surname}",
                mail=f"{local}@{domain}",
                mailNickname=local,
                department=fake.random.choice(_DEPARTMENTS),
                city=fake.city(),
                companyName=company[:40],
                telephoneNumber=fake.numerify("+1 ###-###-####"),
                jobTitle=fake.job()[:40],
                employeeId=fake.numerify("E######"),
            )
        )
    return users


def _local_part(given: str, surname: str, sap_valid: bool) -> str:
    if not sap_valid:
        return f"{given}.{surname}".lower().replace("'", "")
    return (_NOT_ALNUM.sub("", given)[:1] + _NOT_ALNUM.sub("", surname)).lower()[:SAP_USERNAME_MAX] or "user"


def _unique(local: str, taken: set[str], sap_valid: bool) -> str:
    candidate, number = local, 1
    while candidate in taken:
        number += 1
        suffix = str(number)
        base = local[: SAP_USERNAME_MAX - len(suffix)] if sap_valid else local
        candidate = base + suffix
    taken.add(candidate)
    return candidate
