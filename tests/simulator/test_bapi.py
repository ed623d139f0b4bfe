"""SU_USER semantics over the store, without SOAP: RETURN rows, X-flags, dates, locks, paging."""

from __future__ import annotations

from datetime import date

import pytest

from provlab.clock import FixedClock
from simulator.sap.bapi import SuUserBapis
from simulator.store import UserStatus, UserStore, verify_password


@pytest.fixture
def clock():
    return FixedClock("2026-01-15T09:00:00+00:00")


@pytest.fixture
def bapis(clock):
    return SuUserBapis(UserStore(clock=clock))


def create(bapis, username="jdoe", **overrides):
    args = {
        "address": {"FIRSTNAME": "John", "LASTNAME": "Doe", "CITY": "Berlin", "STREET": "Main St 1"},
        "company": {"COMPANY": "ACME"},
        "logondata": {"GLTGV": "2026-01-01", "GLTGB": "2026-12-31", "CLASS": "SUPER"},
        "password": {"BAPIPWD": "Init1234!"},
    }
    args.update(overrides)
    return bapis.create1(username=username, **args)


def only(rows):
    assert len(rows) == 1, rows
    return rows[0]


def test_create_upper_cases_the_name_and_answers_s_102(bapis):
    row = only(create(bapis))
    # Confirmed: sap-linuxlab/community.sap_libs plugins/modules/sap_user.py documents this exact
    # BAPI_USER_CREATE1 RETURN row (TYPE S, ID 01, NUMBER 102, "User ADMIN created", FIELD BNAME).
    assert (row.TYPE, row.ID, row.NUMBER, row.MESSAGE_V1, row.FIELD) == ("S", "01", "102", "JDOE", "BNAME")
    assert row.MESSAGE == "User JDOE created"
    user = bapis.store.get("JDOE")
    assert user.first_name == "John" and user.company == "ACME" and user.valid_to == date(2026, 12, 31)
    assert user.extra["ADDRESS.STREET"] == "Main St 1"
    assert verify_password("Init1234!", user.password_hash) and user.password_initial is True


def test_self_register_makes_the_password_productive(bapis):
    create(bapis, self_register="X")
    assert bapis.store.get("JDOE").password_initial is False


def test_create_twice_answers_e_224_and_keeps_the_first(bapis):
    create(bapis)
    row = only(create(bapis, address={"LASTNAME": "Other"}))
    # Confirmed: Evolveum/connector-sap SapConnector.java maps E 224 "User XXX already exists" to
    # AlreadyExistsException; the sap-ecc template's Add continues on 224 (pinned).
    assert (row.TYPE, row.ID, row.NUMBER, row.MESSAGE) == ("E", "01", "224", "User JDOE already exists")
    assert bapis.store.get("JDOE").last_name == "Doe"


@pytest.mark.parametrize(
    ("username", "number"),
    [
        ("", "293"),
        ("   ", "293"),
        ("ABCDEFGHIJKLM", "295"),
        ("J DOE", "291"),
        ("J*DOE", "291"),
        ("?X", "291"),
    ],
)
def test_invalid_user_names_are_refused(bapis, username, number):
    row = only(create(bapis, username=username))
    assert (row.TYPE, row.NUMBER, row.PARAMETER) == ("E", number, "USERNAME")
    assert bapis.store.count() == 0


def test_twelve_characters_and_sap_punctuation_are_fine(bapis):
    assert only(create(bapis, username="ABCDEFGH.-_1")).TYPE == "S"


@pytest.mark.parametrize(
    ("password", "number"),
    [({"BAPIPWD": "x" * 41}, "294"), ({"BAPIPWD": "abc"}, "187"), ({}, "290"), (None, "290")],
)
def test_initial_password_rules(bapis, password, number):
    row = only(create(bapis, password=password))
    assert (row.TYPE, row.NUMBER) == ("E", number)
    assert "x" * 41 not in row.MESSAGE
    assert bapis.store.count() == 0


def test_missing_initial_password_answers_e_290(bapis):
    # Number and text confirmed by Evolveum/connector-sap SapConnector.java ("290": "Please enter an
    # initial password" -> InvalidPasswordException); the message class is not shown there.
    row = only(create(bapis, password=None))
    assert (row.TYPE, row.NUMBER, row.MESSAGE) == ("E", "290", "Please enter an initial password")


def test_short_password_answers_e_187_with_the_minimum(bapis):
    # Number and text confirmed by Evolveum/connector-sap SapConnector.java ("187": "Password is not
    # long enough (minimum length: 8 characters)"); the message class is not shown there.
    row = only(create(bapis, password={"BAPIPWD": "abc"}))
    assert (row.NUMBER, row.MESSAGE_V1) == ("187", "6")
    assert row.MESSAGE == "Password is not long enough (minimum length: 6 characters)"


def test_forty_character_password_is_accepted(bapis):
    assert only(create(bapis, password={"BAPIPWD": "p" * 40})).TYPE == "S"


def test_system_users_need_no_password(bapis):
    row = only(create(bapis, password=None, logondata={"USTYP": "B"}))
    assert row.TYPE == "S"
    assert bapis.get_detail("JDOE").islocked["NO_USER_PW"] == "L"


def test_last_name_is_required(bapis):
    row = only(create(bapis, address={"FIRSTNAME": "John"}))
    assert (row.TYPE, row.NUMBER, row.FIELD) == ("E", "298", "LASTNAME")


@pytest.mark.parametrize(
    ("logondata", "number", "field"),
    [
        ({"GLTGB": "2026-02-30"}, "296", "GLTGB"),
        ({"GLTGV": "15.01.2026"}, "296", "GLTGV"),
        ({"GLTGV": "2026-06-01", "GLTGB": "2026-05-31"}, "297", "GLTGB"),
    ],
)
def test_invalid_validity_dates_are_refused(bapis, logondata, number, field):
    row = only(create(bapis, logondata=logondata))
    assert (row.TYPE, row.NUMBER, row.FIELD) == ("E", number, field)
    assert bapis.store.count() == 0


def test_get_detail_returns_every_structure_with_sap_dates(bapis):
    create(bapis, logondata={"GLTGB": "2026-12-31"})
    detail = bapis.get_detail("jdoe")
    assert detail.return_ == []
    assert detail.address["LASTNAME"] == "Doe" and detail.address["FULLNAME"] == "John Doe"
    assert detail.address["STREET"] == "Main St 1" and detail.address["E_MAIL"] == ""
    assert detail.company == {"COMPANY": "ACME"}
    assert detail.logondata["GLTGV"] == "0000-00-00" and detail.logondata["GLTGB"] == "2026-12-31"
    assert detail.logondata["USTYP"] == "A"
    assert detail.islocked["LOCAL_LOCK"] == "U"


def test_get_detail_of_unknown_user_answers_e_124_with_empty_structures(bapis):
    detail = bapis.get_detail("nobody")
    row = only(detail.return_)
    # Confirmed: Evolveum/connector-sap SapConnector.java maps E 124 "User XXX does not exist" to
    # UnknownUidException; community.sap_libs sap_user.py treats GET_DETAIL's 124 as "no such user";
    # ABAP code raises `MESSAGE e124(01) WITH <user>` when USR02 has no row. Pinned by the template.
    assert (row.TYPE, row.ID, row.NUMBER, row.MESSAGE) == ("E", "01", "124", "User NOBODY does not exist")
    assert detail.address["LASTNAME"] == "" and detail.logondata["GLTGB"] == "0000-00-00"


def test_change_touches_only_flagged_fields(bapis):
    create(bapis)
    rows = bapis.change(
        username="jdoe",
        address={"CITY": "Paris", "LASTNAME": "Ignored", "STREET": ""},
        addressx={"CITY": "X", "STREET": "X"},
        company={"COMPANY": "Globex"},
        companyx={},
        logondata={"GLTGB": "0000-00-00"},
        logondatax={"GLTGB": "X"},
    )
    row = only(rows)
    assert (row.TYPE, row.NUMBER, row.MESSAGE) == ("S", "039", "User JDOE changed")
    user = bapis.store.get("JDOE")
    assert user.city == "Paris" and user.last_name == "Doe" and user.company == "ACME"
    assert user.valid_to is None and user.valid_from == date(2026, 1, 1)
    assert "ADDRESS.STREET" not in user.extra


def test_change_flag_without_value_clears_the_field(bapis):
    create(bapis)
    bapis.change(username="JDOE", address={}, addressx={"CITY": "X"})
    assert bapis.store.get("JDOE").city == ""


def test_change_password_needs_its_flag(bapis):
    create(bapis)
    before = bapis.store.get("JDOE").password_hash
    bapis.change(username="JDOE", password={"BAPIPWD": "Another99"}, passwordx={})
    assert bapis.store.get("JDOE").password_hash == before
    bapis.change(username="JDOE", password={"BAPIPWD": "Another99"}, passwordx={"BAPIPWD": "X"})
    assert verify_password("Another99", bapis.store.get("JDOE").password_hash)


def test_change_unknown_user_or_bad_date_changes_nothing(bapis, clock):
    row = only(bapis.change(username="nobody", address={"CITY": "x"}, addressx={"CITY": "X"}))
    assert (row.TYPE, row.NUMBER) == ("E", "124")
    create(bapis)
    before = bapis.store.get("JDOE")
    clock.advance(minutes=1)
    row = only(
        bapis.change(
            username="JDOE",
            address={"CITY": "Rome"},
            addressx={"CITY": "X"},
            logondata={"GLTGB": "2026-13-01"},
            logondatax={"GLTGB": "X"},
        )
    )
    assert (row.TYPE, row.NUMBER) == ("E", "296")
    assert bapis.store.get("JDOE") == before


def test_delete_messages(bapis):
    create(bapis)
    first, second = only(bapis.delete("JDOE")), only(bapis.delete("JDOE"))
    assert (first.TYPE, first.NUMBER, first.MESSAGE) == ("S", "159", "User JDOE deleted")
    assert (second.TYPE, second.NUMBER) == ("E", "124")


def test_lock_and_unlock_show_in_islocked_and_status(bapis):
    create(bapis)
    # Unconfirmed: 206/210 are what community.sap_libs' sap_user unit tests feed as SAP's answer.
    assert only(bapis.lock("jdoe")).NUMBER == "206"
    assert bapis.get_detail("JDOE").islocked["LOCAL_LOCK"] == "L"
    assert bapis.store.get("JDOE").status(date(2026, 3, 1)) is UserStatus.LOCKED
    assert (only(bapis.unlock("JDOE")).NUMBER, bapis.store.get("JDOE").locked) == ("210", False)
    assert bapis.get_detail("JDOE").islocked["LOCAL_LOCK"] == "U"
    assert (only(bapis.lock("nobody")).TYPE, only(bapis.unlock("nobody")).NUMBER) == ("E", "124")


def test_user_expires_when_the_clock_passes_gltgb(bapis, clock):
    create(bapis, logondata={"GLTGB": "2026-01-20"})
    assert bapis.store.get("JDOE").status(clock.today()) is UserStatus.ACTIVE
    clock.advance(days=5)
    assert bapis.store.get("JDOE").status(clock.today()) is UserStatus.ACTIVE
    clock.advance(days=1)
    assert bapis.store.get("JDOE").status(clock.today()) is UserStatus.EXPIRED


def test_existence_check_is_a_single_row(bapis):
    # Confirmed: public ABAP (javs12-87/flp_plugin_header_new_BES z_get_system_details) branches on
    # RETURN-NUMBER '088', others on ID '01' NUMBER '124'; a PyRFC script compares MESSAGE with
    # "User {0} exists".
    create(bapis)
    assert (bapis.existence_check("jdoe").NUMBER, bapis.existence_check("jdoe").MESSAGE) == (
        "088",
        "User JDOE exists",
    )
    missing = bapis.existence_check("nobody")
    assert (missing.NUMBER, missing.MESSAGE_V1) == ("124", "NOBODY")


def test_actgroups_assign_replaces_the_assignments(bapis):
    create(bapis)
    rows = bapis.actgroups_assign(
        "JDOE", [{"AGR_NAME": "z_a", "FROM_DAT": "2026-01-01"}, {"AGR_NAME": "Z_B"}]
    )
    assert only(rows).TYPE == "S"
    bapis.actgroups_assign("JDOE", [{"AGR_NAME": "Z_C", "TO_DAT": "2026-06-30"}])
    groups = bapis.get_detail("JDOE").activitygroups
    assert [(g["AGR_NAME"], g["FROM_DAT"], g["TO_DAT"]) for g in groups] == [
        ("Z_C", "0000-00-00", "2026-06-30")
    ]
    assert only(bapis.actgroups_assign("nobody", [])).NUMBER == "124"
    assert only(bapis.actgroups_assign("JDOE", [{"AGR_NAME": "Z", "TO_DAT": "bad"}])).NUMBER == "296"


def _names(result):
    return [row["USERNAME"] for row in result.userlist]


def test_getlist_pages_with_gt_range_and_max_rows(bapis):
    for name in ["CAROL", "ALICE", "EVE", "BOB", "DAVE"]:
        create(bapis, username=name)
    seen, low = [], ""
    while True:
        page = bapis.getlist(
            max_rows=2,
            selection_range=[{"PARAMETER": "USERNAME", "SIGN": "I", "OPTION": "GT", "LOW": low}],
        )
        assert page.rows == len(page.userlist) and page.return_ == []
        seen += _names(page)
        if page.rows < 2:
            break
        low = page.userlist[-1]["USERNAME"]
    assert seen == ["ALICE", "BOB", "CAROL", "DAVE", "EVE"]


def test_getlist_with_username_adds_names_and_no_max_rows_means_all(bapis):
    create(bapis)
    plain = bapis.getlist()
    assert plain.userlist == [{"USERNAME": "JDOE", "FIRSTNAME": "", "LASTNAME": "", "FULLNAME": ""}]
    named = bapis.getlist(max_rows=0, with_username="X")
    assert named.userlist[0]["FULLNAME"] == "John Doe"


def test_getlist_lowercase_low_and_bt_range(bapis):
    for name in ["ALICE", "BOB", "CAROL"]:
        create(bapis, username=name)
    rows = [{"PARAMETER": "USERNAME", "SIGN": "I", "OPTION": "BT", "LOW": "alice", "HIGH": "bob"}]
    assert _names(bapis.getlist(selection_range=rows)) == ["ALICE", "BOB"]


@pytest.mark.parametrize(
    "row",
    [
        {"PARAMETER": "USERNAME", "SIGN": "I", "OPTION": "ZZ", "LOW": "A"},
        {"PARAMETER": "COMPANY", "SIGN": "I", "OPTION": "EQ", "LOW": "A"},
    ],
)
def test_getlist_rejects_unknown_options_and_parameters_in_return(bapis, row):
    create(bapis)
    result = bapis.getlist(selection_range=[row])
    assert result.userlist == [] and result.rows == 0
    assert (only(result.return_).TYPE, only(result.return_).NUMBER) == ("E", "299")
