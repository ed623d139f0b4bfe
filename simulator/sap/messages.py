"""BAPIRET2 rows and the SAP message class 01 texts the simulated SU_USER BAPIs return.

Numbers 124 (user does not exist) and 224 (user already exists) are the ones the
Microsoft SAP ECC template branches on. The other numbers follow SAP's message class 01
as far as the project could establish them; ``docs/simulator.md`` lists them all.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import IntEnum

MESSAGE_CLASS = "01"


class Msg(IntEnum):
    """Message class 01 numbers used by the simulator."""

    USER_CHANGED = 39
    USER_EXISTS_INFO = 88
    USER_CREATED = 102
    USER_NOT_FOUND = 124
    USER_DELETED = 159
    USER_ALREADY_EXISTS = 224
    ENTER_USER_NAME = 290
    INVALID_USER_NAME_CHARS = 291
    USER_NAME_TOO_LONG = 292
    ENTER_PASSWORD = 293
    PASSWORD_TOO_LONG = 294
    PASSWORD_TOO_SHORT = 295
    INVALID_DATE = 296
    VALIDITY_PERIOD_INVALID = 297
    ENTER_LAST_NAME = 298
    INVALID_SELECTION = 299
    ROLES_ASSIGNED = 300
    USER_LOCKED = 517
    USER_UNLOCKED = 518


TEXTS: dict[Msg, str] = {
    Msg.USER_CHANGED: "User &1 changed",
    Msg.USER_EXISTS_INFO: "User &1 exists",
    Msg.USER_CREATED: "User &1 created",
    Msg.USER_NOT_FOUND: "User &1 does not exist",
    Msg.USER_DELETED: "User &1 deleted",
    Msg.USER_ALREADY_EXISTS: "User &1 already exists",
    Msg.ENTER_USER_NAME: "Enter a user name",
    Msg.INVALID_USER_NAME_CHARS: "User name &1 contains characters that are not allowed",
    Msg.USER_NAME_TOO_LONG: "User name &1 is longer than 12 characters",
    Msg.ENTER_PASSWORD: "Enter an initial password",
    Msg.PASSWORD_TOO_LONG: "Password is longer than 40 characters",
    Msg.PASSWORD_TOO_SHORT: "Password must contain at least &1 characters",
    Msg.INVALID_DATE: "&1 is not a valid date (field &2)",
    Msg.VALIDITY_PERIOD_INVALID: "Valid-to date &1 lies before valid-from date &2",
    Msg.ENTER_LAST_NAME: "Enter a last name",
    Msg.INVALID_SELECTION: "Selection &1 &2 &3 is not supported",
    Msg.ROLES_ASSIGNED: "Role assignments of user &1 changed",
    Msg.USER_LOCKED: "User &1 locked",
    Msg.USER_UNLOCKED: "User &1 unlocked",
}


@dataclass(frozen=True)
class Bapiret2:
    """One row of a BAPIRET2 RETURN table, with SAP's field names."""

    TYPE: str
    ID: str = MESSAGE_CLASS
    NUMBER: str = "000"
    MESSAGE: str = ""
    LOG_NO: str = ""
    LOG_MSG_NO: str = "000000"
    MESSAGE_V1: str = ""
    MESSAGE_V2: str = ""
    MESSAGE_V3: str = ""
    MESSAGE_V4: str = ""
    PARAMETER: str = ""
    ROW: int = 0
    FIELD: str = ""
    SYSTEM: str = ""

    @property
    def is_error(self) -> bool:
        return self.TYPE in ("E", "A")

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def message(kind: str, number: Msg, *values: object, parameter: str = "", field: str = "") -> Bapiret2:
    """Build a row, filling &1..&4 in the text from ``values`` as SAP does."""
    padded = [str(v) for v in values] + [""] * (4 - len(values))
    text = TEXTS[number]
    for index, value in enumerate(padded, start=1):
        text = text.replace(f"&{index}", value)
    return Bapiret2(
        TYPE=kind,
        NUMBER=f"{int(number):03d}",
        MESSAGE=text,
        MESSAGE_V1=padded[0],
        MESSAGE_V2=padded[1],
        MESSAGE_V3=padded[2],
        MESSAGE_V4=padded[3],
        PARAMETER=parameter,
        FIELD=field,
    )


def error(number: Msg, *values: object, parameter: str = "", field: str = "") -> Bapiret2:
    return message("E", number, *values, parameter=parameter, field=field)


def success(number: Msg, *values: object) -> Bapiret2:
    return message("S", number, *values)
