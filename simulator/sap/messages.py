"""BAPIRET2 rows and the SAP message class 01 texts the simulated SU_USER BAPIs return.

Numbers 124 (user does not exist) and 224 (user already exists) are the ones the
Microsoft SAP ECC template branches on. Every number carries an :data:`EVIDENCE` grade saying
how far public sources back it; ``docs/simulator.md`` lists them all with those sources.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import IntEnum, StrEnum

MESSAGE_CLASS = "01"
USER_NAME_FIELD = "BNAME"  # SAP fills FIELD with the USR02 key column on the create success row


class Msg(IntEnum):
    """Message class 01 numbers used by the simulator."""

    USER_CHANGED = 39
    USER_EXISTS_INFO = 88
    USER_CREATED = 102
    USER_NOT_FOUND = 124
    USER_DELETED = 159
    PASSWORD_TOO_SHORT = 187
    USER_LOCKED = 206
    USER_UNLOCKED = 210
    USER_ALREADY_EXISTS = 224
    ENTER_PASSWORD = 290
    INVALID_USER_NAME_CHARS = 291
    ENTER_USER_NAME = 293
    PASSWORD_TOO_LONG = 294
    USER_NAME_TOO_LONG = 295
    INVALID_DATE = 296
    VALIDITY_PERIOD_INVALID = 297
    ENTER_LAST_NAME = 298
    INVALID_SELECTION = 299


TEXTS: dict[Msg, str] = {
    Msg.USER_CHANGED: "User &1 changed",
    Msg.USER_EXISTS_INFO: "User &1 exists",
    Msg.USER_CREATED: "User &1 created",
    Msg.USER_NOT_FOUND: "User &1 does not exist",
    Msg.USER_DELETED: "User &1 deleted",
    Msg.PASSWORD_TOO_SHORT: "Password is not long enough (minimum length: &1 characters)",
    Msg.USER_LOCKED: "User &1 locked",
    Msg.USER_UNLOCKED: "User &1 unlocked",
    Msg.USER_ALREADY_EXISTS: "User &1 already exists",
    Msg.ENTER_PASSWORD: "Please enter an initial password",
    Msg.INVALID_USER_NAME_CHARS: "User name &1 contains characters that are not allowed",
    Msg.ENTER_USER_NAME: "Enter a user name",
    Msg.PASSWORD_TOO_LONG: "Password is longer than 40 characters",
    Msg.USER_NAME_TOO_LONG: "User name &1 is longer than 12 characters",
    Msg.INVALID_DATE: "&1 is not a valid date (field &2)",
    Msg.VALIDITY_PERIOD_INVALID: "Valid-to date &1 lies before valid-from date &2",
    Msg.ENTER_LAST_NAME: "Enter a last name",
    Msg.INVALID_SELECTION: "Selection &1 &2 &3 is not supported",
}


class Evidence(StrEnum):
    """How far public sources back a message's number and text (sources: docs/simulator.md)."""

    CONFIRMED = "confirmed"  # number, text and class seen in real RETURN rows or code checking them
    PARTLY = "partly confirmed"  # number and text seen, message class not
    UNCONFIRMED = "unconfirmed"  # the simulator's best guess; check against a real system


_PARTLY = {Msg.PASSWORD_TOO_SHORT, Msg.ENTER_PASSWORD}
_CONFIRMED = {Msg.USER_EXISTS_INFO, Msg.USER_CREATED, Msg.USER_NOT_FOUND, Msg.USER_ALREADY_EXISTS}
EVIDENCE: dict[Msg, Evidence] = {
    m: Evidence.CONFIRMED if m in _CONFIRMED else Evidence.PARTLY if m in _PARTLY else Evidence.UNCONFIRMED
    for m in Msg
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


def success(number: Msg, *values: object, field: str = "") -> Bapiret2:
    return message("S", number, *values, field=field)
