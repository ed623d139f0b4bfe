"""SU_USER BAPI semantics over the user store, free of any I/O or SOAP.

Each method takes SAP's parameters as plain values and dicts keyed by SAP field names
and answers the way the function modules do: business outcomes (user exists, does not
exist, invalid name, password or date) come back as BAPIRET2 rows in RETURN, never as
exceptions. User names are upper-cased; at most 12 characters of SAP's allowed set.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from simulator.sap import structures as s
from simulator.sap.dates import InvalidDateError, format_date10, parse_date10
from simulator.sap.messages import USER_NAME_FIELD, Bapiret2, Msg, error, message, success
from simulator.sap.selection import RangeRow, SelectionError, build_selector
from simulator.store import ActivityGroup, UserExistsError, UserRecord, UserStore, hash_password

MAX_USERNAME_LENGTH = 12
MAX_PASSWORD_LENGTH = 40
MIN_PASSWORD_LENGTH = 6  # SAP's default for profile parameter login/min_password_lng
# Letters, digits and the punctuation SAP accepts in user names; no blanks, no * ? " ' \ or , .
USERNAME_PATTERN = re.compile(r"^[A-Z0-9][A-Z0-9._\-@&/+]*$")
PASSWORD_REQUIRED_USER_TYPES = ("A", "C")  # dialog and communication users log on with one
FLAG = "X"

# SAP field → neutral record attribute; fields not listed live in UserRecord.extra.
ADDRESS_FIELDS = {
    "FIRSTNAME": "first_name",
    "LASTNAME": "last_name",
    "MIDDLENAME": "middle_name",
    "E_MAIL": "email",
    "DEPARTMENT": "department",
    "FUNCTION": "job_title",
    "CITY": "city",
    "TEL1_NUMBR": "phone",
}
COMPANY_FIELDS = {"COMPANY": "company"}
LOGONDATA_FIELDS = {"GLTGV": "valid_from", "GLTGB": "valid_to", "USTYP": "user_type", "CLASS": "user_group"}
FIELD_MAPS: dict[str, dict[str, str]] = {
    "ADDRESS": ADDRESS_FIELDS,
    "COMPANY": COMPANY_FIELDS,
    "DEFAULTS": {},
    "LOGONDATA": LOGONDATA_FIELDS,
}
DATE_FIELDS = {"GLTGV", "GLTGB"}

Struct = Mapping[str, Any] | None


def normalize_username(raw: str | None) -> str:
    return (raw or "").strip().upper()


def username_errors(username: str) -> list[Bapiret2]:
    """Why a (normalised) name cannot be created, as RETURN rows; empty when it can."""
    if not username:
        return [error(Msg.ENTER_USER_NAME, parameter="USERNAME")]
    if len(username) > MAX_USERNAME_LENGTH:
        return [error(Msg.USER_NAME_TOO_LONG, username, parameter="USERNAME")]
    if not USERNAME_PATTERN.match(username):
        return [error(Msg.INVALID_USER_NAME_CHARS, username, parameter="USERNAME")]
    return []


def password_errors(password: str) -> list[Bapiret2]:
    if len(password) > MAX_PASSWORD_LENGTH:
        return [error(Msg.PASSWORD_TOO_LONG, parameter="PASSWORD", field="BAPIPWD")]
    if len(password) < MIN_PASSWORD_LENGTH:
        return [error(Msg.PASSWORD_TOO_SHORT, MIN_PASSWORD_LENGTH, parameter="PASSWORD", field="BAPIPWD")]
    return []


def _text(value: Any) -> str:
    return "" if value is None else str(value)


@dataclass
class GetListResult:
    rows: int
    userlist: list[dict[str, str]]
    return_: list[Bapiret2]


@dataclass
class DetailResult:
    address: dict[str, Any]
    company: dict[str, Any]
    defaults: dict[str, Any]
    logondata: dict[str, Any]
    islocked: dict[str, Any]
    activitygroups: list[dict[str, Any]]
    return_: list[Bapiret2] = field(default_factory=list)


class _Invalid(Exception):
    """Carries error rows out of a validation helper."""

    def __init__(self, rows: list[Bapiret2]) -> None:
        super().__init__(rows)
        self.rows = rows


class SuUserBapis:
    """The function group SU_USER over a :class:`UserStore`."""

    def __init__(self, store: UserStore) -> None:
        self.store = store

    # --- reads -----------------------------------------------------------------------
    def getlist(
        self,
        *,
        max_rows: int | None = None,
        selection_range: list[Mapping[str, Any]] | None = None,
        with_username: str | None = None,
    ) -> GetListResult:
        """Users in name order filtered by SELECTION_RANGE; MAX_ROWS 0/None means all.

        ROWS is the number of USERLIST rows returned, which is what a pager compares with
        its page size to know whether another page follows.
        """
        rows = [
            RangeRow(
                sign=_text(r.get("SIGN")).upper() or "I",
                option=_text(r.get("OPTION")).upper() or "EQ",
                low=normalize_username(r.get("LOW")),
                high=normalize_username(r.get("HIGH")),
            )
            for r in selection_range or ()
            if _text(r.get("PARAMETER")).upper() in ("USERNAME", "")
        ]
        foreign = [
            r for r in selection_range or () if _text(r.get("PARAMETER")).upper() not in ("USERNAME", "")
        ]
        if foreign:
            bad = foreign[0]
            return GetListResult(
                0,
                [],
                [error(Msg.INVALID_SELECTION, bad.get("PARAMETER"), bad.get("SIGN"), bad.get("OPTION"))],
            )
        try:
            selected = build_selector(rows)
        except SelectionError as exc:
            return GetListResult(0, [], [error(Msg.INVALID_SELECTION, "USERNAME", str(exc)[:50])])
        users = [u for u in self.store.users() if selected(u.username)]
        if max_rows:
            users = users[: max(0, max_rows)]
        names = _text(with_username).upper() == FLAG
        userlist = [
            {
                "USERNAME": u.username,
                "FIRSTNAME": u.first_name if names else "",
                "LASTNAME": u.last_name if names else "",
                "FULLNAME": u.full_name if names else "",
            }
            for u in users
        ]
        return GetListResult(len(userlist), userlist, [])

    def get_detail(self, username: str | None) -> DetailResult:
        name = normalize_username(username)
        user = self.store.get(name)
        if user is None:
            return DetailResult(
                address=s.empty(s.BAPIADDR3),
                company=s.empty(s.BAPIUSCOMP),
                defaults=s.empty(s.BAPIDEFAUL),
                logondata=s.empty(s.BAPILOGOND),
                islocked=s.empty(s.BAPISLOCKD),
                activitygroups=[],
                return_=[error(Msg.USER_NOT_FOUND, name, parameter="USERNAME")],
            )
        address = self._read_structure(user, "ADDRESS", s.BAPIADDR3)
        if not user.extra.get("ADDRESS.FULLNAME"):
            address["FULLNAME"] = user.full_name
        return DetailResult(
            address=address,
            company=self._read_structure(user, "COMPANY", s.BAPIUSCOMP),
            defaults=self._read_structure(user, "DEFAULTS", s.BAPIDEFAUL),
            logondata=self._read_structure(user, "LOGONDATA", s.BAPILOGOND),
            islocked={
                "WRNG_LOGON": "U",
                "LOCAL_LOCK": "L" if user.locked else "U",
                "GLOB_LOCK": "U",
                "NO_USER_PW": "U" if user.password_hash else "L",
            },
            activitygroups=[
                {
                    "AGR_NAME": g.name,
                    "FROM_DAT": format_date10(g.valid_from),
                    "TO_DAT": format_date10(g.valid_to),
                    "AGR_TEXT": g.text,
                    "ORG_FLAG": "",
                }
                for g in user.activity_groups
            ],
        )

    def existence_check(self, username: str | None) -> Bapiret2:
        """A single BAPIRET2 (not a table): I 088 when the user exists, I 124 when not."""
        name = normalize_username(username)
        if self.store.exists(name):
            return message("I", Msg.USER_EXISTS_INFO, name)
        return message("I", Msg.USER_NOT_FOUND, name)

    # --- writes ------------------------------------------------------------------------
    def create1(
        self,
        *,
        username: str | None,
        address: Struct = None,
        company: Struct = None,
        defaults: Struct = None,
        logondata: Struct = None,
        password: Struct = None,
        self_register: str | None = None,
    ) -> list[Bapiret2]:
        name = normalize_username(username)
        problems = username_errors(name)
        if problems:
            return problems
        if self.store.exists(name):
            return [error(Msg.USER_ALREADY_EXISTS, name, parameter="USERNAME")]
        if not _text((address or {}).get("LASTNAME")).strip():
            return [error(Msg.ENTER_LAST_NAME, parameter="ADDRESS", field="LASTNAME")]
        record = UserRecord(username=name)
        try:
            for structure, values in (
                ("ADDRESS", address),
                ("COMPANY", company),
                ("DEFAULTS", defaults),
                ("LOGONDATA", logondata),
            ):
                record = self._write_structure(record, structure, values or {}, flags=None)
            record = self._check_validity(record)
            pwd = _text((password or {}).get("BAPIPWD"))
            if pwd:
                record = self._with_password(record, pwd, initial=_text(self_register).upper() != FLAG)
            elif record.user_type in PASSWORD_REQUIRED_USER_TYPES:
                raise _Invalid([error(Msg.ENTER_PASSWORD, parameter="PASSWORD", field="BAPIPWD")])
        except _Invalid as invalid:
            return invalid.rows
        try:
            self.store.add(record)
        except UserExistsError:  # created by a concurrent call between the check and now
            return [error(Msg.USER_ALREADY_EXISTS, name, parameter="USERNAME")]
        return [success(Msg.USER_CREATED, name, field=USER_NAME_FIELD)]

    def change(self, *, username: str | None, **structures: Struct) -> list[Bapiret2]:
        """Apply only the fields whose X-flag twin is "X" (``address``/``addressx`` …)."""
        name = normalize_username(username)
        user = self.store.get(name)
        if user is None:
            return [error(Msg.USER_NOT_FOUND, name, parameter="USERNAME")]
        unknown = (
            set(structures) - {k.lower() for k in s.CHANGEABLE} - {k.lower() + "x" for k in s.CHANGEABLE}
        )
        if unknown:
            raise TypeError(f"change() got unknown structures {sorted(unknown)}")
        updated = user
        try:
            for structure in ("ADDRESS", "COMPANY", "DEFAULTS", "LOGONDATA"):
                values = structures.get(structure.lower()) or {}
                flags = structures.get(structure.lower() + "x") or {}
                updated = self._write_structure(updated, structure, values, flags=flags)
            updated = self._check_validity(updated)
            if _text((structures.get("passwordx") or {}).get("BAPIPWD")).upper() == FLAG:
                pwd = _text((structures.get("password") or {}).get("BAPIPWD"))
                updated = self._with_password(updated, pwd, initial=True)
        except _Invalid as invalid:
            return invalid.rows
        if updated != user:
            self.store.replace(updated)
        return [success(Msg.USER_CHANGED, name)]

    def delete(self, username: str | None) -> list[Bapiret2]:
        name = normalize_username(username)
        if not self.store.delete(name):
            return [error(Msg.USER_NOT_FOUND, name, parameter="USERNAME")]
        return [success(Msg.USER_DELETED, name)]

    def lock(self, username: str | None) -> list[Bapiret2]:
        return self._set_lock(username, locked=True)

    def unlock(self, username: str | None) -> list[Bapiret2]:
        return self._set_lock(username, locked=False)

    def actgroups_assign(
        self, username: str | None, activitygroups: list[Mapping[str, Any]]
    ) -> list[Bapiret2]:
        """Replace the user's role assignments with the given list (SAP's semantics)."""
        name = normalize_username(username)
        if not self.store.exists(name):
            return [error(Msg.USER_NOT_FOUND, name, parameter="USERNAME")]
        groups = []
        try:
            for row in activitygroups:
                groups.append(
                    ActivityGroup(
                        name=_text(row.get("AGR_NAME")).strip().upper(),
                        valid_from=self._date(row.get("FROM_DAT"), "ACTIVITYGROUPS", "FROM_DAT"),
                        valid_to=self._date(row.get("TO_DAT"), "ACTIVITYGROUPS", "TO_DAT"),
                        text=_text(row.get("AGR_TEXT")),
                    )
                )
        except _Invalid as invalid:
            return invalid.rows
        self.store.update(name, activity_groups=tuple(g for g in groups if g.name))
        return [success(Msg.USER_CHANGED, name)]

    # --- helpers -------------------------------------------------------------------------
    def _set_lock(self, username: str | None, *, locked: bool) -> list[Bapiret2]:
        name = normalize_username(username)
        if not self.store.exists(name):
            return [error(Msg.USER_NOT_FOUND, name, parameter="USERNAME")]
        self.store.update(name, locked=locked)
        return [success(Msg.USER_LOCKED if locked else Msg.USER_UNLOCKED, name)]

    @staticmethod
    def _date(value: Any, parameter: str, field_name: str):
        try:
            return parse_date10(_text(value))
        except InvalidDateError:
            row = error(Msg.INVALID_DATE, _text(value), field_name, parameter=parameter, field=field_name)
            raise _Invalid([row]) from None

    def _write_structure(
        self,
        record: UserRecord,
        structure: str,
        values: Mapping[str, Any],
        *,
        flags: Mapping[str, Any] | None,
    ) -> UserRecord:
        """Copy fields of one structure onto the record; with ``flags``, only flagged ones."""
        mapping = FIELD_MAPS[structure]
        fields = {f.name for f in s.CHANGEABLE[structure]}
        changes: dict[str, Any] = {}
        extra = dict(record.extra)
        for name in fields:
            if flags is not None:
                if _text(flags.get(name)).upper() != FLAG:
                    continue
            elif name not in values:
                continue
            raw = values.get(name)
            if name in DATE_FIELDS:
                value: Any = self._date(raw, structure, name)
            elif name == "USTYP":
                value = _text(raw).upper() or "A"
            else:
                value = _text(raw)
            if name in mapping:
                changes[mapping[name]] = value
            elif value:
                extra[f"{structure}.{name}"] = value
            else:
                extra.pop(f"{structure}.{name}", None)
        return dataclasses.replace(record, **changes, extra=extra)

    @staticmethod
    def _read_structure(user: UserRecord, structure: str, fields: tuple[s.Field, ...]) -> dict[str, Any]:
        out = s.empty(fields)
        for name, attribute in FIELD_MAPS[structure].items():
            value = getattr(user, attribute)
            out[name] = format_date10(value) if name in DATE_FIELDS else value
        for key, value in user.extra.items():
            prefix, _, name = key.partition(".")
            if prefix == structure and name in out:
                out[name] = value
        return out

    @staticmethod
    def _check_validity(record: UserRecord) -> UserRecord:
        if record.valid_from and record.valid_to and record.valid_to < record.valid_from:
            raise _Invalid(
                [
                    error(
                        Msg.VALIDITY_PERIOD_INVALID,
                        format_date10(record.valid_to),
                        format_date10(record.valid_from),
                        parameter="LOGONDATA",
                        field="GLTGB",
                    )
                ]
            )
        return record

    @staticmethod
    def _with_password(record: UserRecord, password: str, *, initial: bool) -> UserRecord:
        problems = password_errors(password)
        if problems:
            raise _Invalid(problems)
        return dataclasses.replace(record, password_hash=hash_password(password), password_initial=initial)
