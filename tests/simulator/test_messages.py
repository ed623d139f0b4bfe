"""The class 01 catalogue: rows built the SAP way, and the docs table that grades each number."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from simulator.sap.messages import EVIDENCE, TEXTS, Evidence, Msg, error, success

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs" / "simulator.md"
TEMPLATE_WORKFLOWS = ROOT / "fixtures" / "templates" / "sap-ecc" / "workflows" / "User"


def documented_messages() -> dict[str, tuple[str, str]]:
    """NUMBER -> (text, status) from the table under "### Messages (class 01)"."""
    section = DOCS.read_text(encoding="utf-8").split("### Messages (class 01)", 1)[1]
    table = section.split("\n\n| NUMBER", 1)[1].split("\n\n", 1)[0]
    rows = {}
    for line in table.splitlines()[2:]:
        cells = [c.strip() for c in line.strip("|").split("|")]
        rows[cells[0].strip("*")] = (cells[2], cells[4])
    return rows


def test_every_message_is_in_the_docs_table_with_its_text_and_grade():
    """Users decide which numbers to trust from this table, so it must match what is sent."""
    documented = documented_messages()
    assert set(documented) == {f"{int(m):03d}" for m in Msg}
    for m in Msg:
        assert documented[f"{int(m):03d}"] == (TEXTS[m], EVIDENCE[m].value), m.name


def test_only_numbers_seen_in_public_sources_are_graded_confirmed():
    # Sources are listed in docs/simulator.md: 102 [S1], 224/124 [S1][S2][S6], 088 [S4][S5].
    confirmed = {m for m, grade in EVIDENCE.items() if grade is Evidence.CONFIRMED}
    assert confirmed == {Msg.USER_CREATED, Msg.USER_ALREADY_EXISTS, Msg.USER_NOT_FOUND, Msg.USER_EXISTS_INFO}
    # Evolveum/connector-sap shows number and text of 290 and 187, not their message class.
    assert {m for m, grade in EVIDENCE.items() if grade is Evidence.PARTLY} == {
        Msg.ENTER_PASSWORD,
        Msg.PASSWORD_TOO_SHORT,
    }


@pytest.mark.parametrize(
    ("workflow", "number"),
    [("Add", Msg.USER_ALREADY_EXISTS), ("Replace", Msg.USER_NOT_FOUND), ("SetPassword", Msg.USER_NOT_FOUND)],
)
def test_sap_ecc_template_continues_on_the_numbers_the_simulator_sends(workflow, number):
    """224/124 are pinned: the template's export workflows branch on them."""
    xml = (TEMPLATE_WORKFLOWS / f"{workflow}.xml").read_text(encoding="utf-8")
    assert re.findall(r"name=\"continueOn\" value=\"'(\d+)'\"", xml) == [f"{int(number):03d}"]


def test_292_is_not_used():
    # In the only public code naming it (Oracle's SAP UM connector), 292 is a password-rules message
    # of SUSR_USER_CHANGE_PASSWORD_RFC, so the simulator must not give it another meaning.
    assert 292 not in {int(m) for m in Msg}


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (
            success(Msg.USER_CREATED, "ADMIN", field="BNAME"),
            # community.sap_libs sap_user.py RETURN sample of a real BAPI_USER_CREATE1 call.
            {
                "TYPE": "S",
                "ID": "01",
                "NUMBER": "102",
                "MESSAGE": "User ADMIN created",
                "MESSAGE_V1": "ADMIN",
            },
        ),
        (
            error(Msg.PASSWORD_TOO_SHORT, 8, parameter="PASSWORD"),
            # The text Evolveum/connector-sap quotes for 187, with the minimum filled in from &1.
            {
                "TYPE": "E",
                "NUMBER": "187",
                "MESSAGE": "Password is not long enough (minimum length: 8 characters)",
            },
        ),
    ],
)
def test_rows_fill_placeholders_and_variables_like_sap(row, expected):
    fields = row.as_dict()
    assert {k: fields[k] for k in expected} == expected
    assert re.fullmatch(r"\d{3}", fields["NUMBER"]) and "&" not in fields["MESSAGE"]
