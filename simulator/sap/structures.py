"""SAP dictionary structures used by the SU_USER BAPIs: field names, kinds and lengths.

The single description both the BAPI core (which fields exist, which X-flags exist) and
the SOAP types (``soap_types``) are built from, so the WSDL and the behaviour cannot drift.
Field lists are the subset of SAP's structures a provisioning connector uses.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Field:
    name: str
    kind: str  # "char", "numc", "date10" or "int"
    length: int = 0


def _chars(*spec: tuple[str, int]) -> tuple[Field, ...]:
    return tuple(Field(name, "char", length) for name, length in spec)


def x_structure(fields: tuple[Field, ...]) -> tuple[Field, ...]:
    """The change-flag twin of a structure: every field a char1 holding "X" or blank."""
    return tuple(Field(f.name, "char", 1) for f in fields)


BAPIADDR3 = _chars(
    ("TITLE_P", 30),
    ("FIRSTNAME", 40),
    ("LASTNAME", 40),
    ("MIDDLENAME", 40),
    ("FULLNAME", 80),
    ("DEPARTMENT", 40),
    ("FUNCTION", 40),
    ("BUILDING_P", 20),
    ("ROOM_NO_P", 10),
    ("STREET", 60),
    ("HOUSE_NO", 10),
    ("POSTL_COD1", 10),
    ("CITY", 40),
    ("REGION", 3),
    ("COUNTRY", 3),
    ("LANGU_P", 1),
    ("TEL1_NUMBR", 30),
    ("TEL1_EXT", 10),
    ("FAX_NUMBER", 30),
    ("E_MAIL", 241),
)
BAPIUSCOMP = _chars(("COMPANY", 42))
BAPIDEFAUL = _chars(
    ("STCOD", 20),
    ("SPLD", 4),
    ("SPLG", 1),
    ("SPDB", 1),
    ("SPDA", 1),
    ("DATFM", 1),
    ("DCPFM", 1),
    ("LANGU", 1),
    ("KOSTL", 8),
    ("START_MENU", 30),
    ("TIMEFM", 1),
)
BAPILOGOND = (
    Field("GLTGV", "date10", 10),
    Field("GLTGB", "date10", 10),
    *_chars(("USTYP", 1), ("CLASS", 12), ("ACCNT", 12), ("TZONE", 6), ("CODVN", 1)),
)
BAPIPWD = _chars(("BAPIPWD", 40))
BAPISLOCKD = _chars(("WRNG_LOGON", 1), ("LOCAL_LOCK", 1), ("GLOB_LOCK", 1), ("NO_USER_PW", 1))
BAPIAGR = (
    Field("AGR_NAME", "char", 30),
    Field("FROM_DAT", "date10", 10),
    Field("TO_DAT", "date10", 10),
    Field("AGR_TEXT", "char", 80),
    Field("ORG_FLAG", "char", 1),
)
BAPIUSSRGE = _chars(("PARAMETER", 32), ("FIELD", 30), ("SIGN", 1), ("OPTION", 2), ("LOW", 64), ("HIGH", 64))
BAPIUSNAME = _chars(("USERNAME", 12), ("FIRSTNAME", 40), ("LASTNAME", 40), ("FULLNAME", 80))
BAPIRET2 = (
    Field("TYPE", "char", 1),
    Field("ID", "char", 20),
    Field("NUMBER", "numc", 3),
    Field("MESSAGE", "char", 220),
    Field("LOG_NO", "char", 20),
    Field("LOG_MSG_NO", "numc", 6),
    Field("MESSAGE_V1", "char", 50),
    Field("MESSAGE_V2", "char", 50),
    Field("MESSAGE_V3", "char", 50),
    Field("MESSAGE_V4", "char", 50),
    Field("PARAMETER", "char", 32),
    Field("ROW", "int"),
    Field("FIELD", "char", 30),
    Field("SYSTEM", "char", 10),
)

# The structures a change carries together with their X-flag twins (BAPI_USER_CHANGE).
CHANGEABLE = {
    "ADDRESS": BAPIADDR3,
    "COMPANY": BAPIUSCOMP,
    "DEFAULTS": BAPIDEFAUL,
    "LOGONDATA": BAPILOGOND,
    "PASSWORD": BAPIPWD,
}


def empty(fields: tuple[Field, ...]) -> dict[str, object]:
    """A structure with every field initial, as SAP sends it (blank, 0000-00-00, 0)."""
    initial = {"char": "", "numc": "", "date10": "0000-00-00", "int": 0}
    return {f.name: initial[f.kind] for f in fields}
