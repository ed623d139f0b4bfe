"""A scenario that expects the wrong SAP value fails with a message a newcomer can act on."""

from __future__ import annotations

import textwrap

import pytest

from harness.scenarios import ScenarioFailure, load_scenario, run_scenario

SOFT_DELETE = textwrap.dedent(
    """\
    name: Soft delete writes GLTGB
    source_users:
      - {userPrincipalName: mmuster@contoso.com, givenName: Max, surname: Muster}
    steps:
      - cycle: {}
      - event: soft-delete
        user: {upn}
      - cycle: {}
        expect:
    """
)
WRONG_SAP_VALUE = SOFT_DELETE + "      target:\n        MMUSTER:\n          validTo: 1999-12-31\n"


def _fail(tmp_path, text: str) -> ScenarioFailure:
    path = tmp_path / "case.scenario.yaml"
    path.write_text(text.replace("{upn}", "mmuster@contoso.com"))
    with pytest.raises(ScenarioFailure) as caught:
        run_scenario(load_scenario(path))
    return caught.value


def test_a_wrong_sap_value_names_the_line_both_values_and_the_traffic(tmp_path):
    failure = _fail(tmp_path, WRONG_SAP_VALUE)
    report = failure.report
    assert f"{tmp_path / 'case.scenario.yaml'}:8" in report  # the failing step
    assert f"{tmp_path / 'case.scenario.yaml'}:12: target user MMUSTER, field validTo" in report
    assert "expected: '1999-12-31'" in report and "actual:   '1990-01-01'" in report
    assert "GET /_admin/users/MMUSTER" in report  # where the actual value was read
    assert "mapping to expirationTime" in report  # where to look
    assert "PATCH https://ecma2host.test/ecma2host_SAPECC/scim/Users/MMUSTER → 200" in report
    assert '"value": "1990-01-01"' in report  # what Entra sent
    assert "sap BAPI_USER_CHANGE → ok" in report and '"GLTGB": "1990-01-01"' in report  # what SAP got
    assert [m.actual for m in failure.mismatches] == ["1990-01-01"]


def test_a_user_expected_absent_but_present_says_so(tmp_path):
    text = WRONG_SAP_VALUE.replace("MMUSTER:\n          validTo: 1999-12-31", "MMUSTER: absent")
    failure = _fail(
        tmp_path,
        text.replace(
            "            MMUSTER:\n              validTo: 1999-12-31", "            MMUSTER: absent"
        ),
    )
    assert "present (status expired, validTo 1990-01-01)" in failure.report
    assert "hard delete, not a soft delete" in failure.report


def test_wrong_counts_and_calls_show_what_happened(tmp_path):
    report = _fail(
        tmp_path, SOFT_DELETE + "      counts: {delete: 1}\n      calls: [BAPI_USER_DELETE]\n"
    ).report
    assert "cycle count of delete" in report and "'disable/success': 1" in report
    assert "expected: ['BAPI_USER_DELETE']" in report and "actual:   ['BAPI_USER_CHANGE']" in report


def test_a_step_that_cannot_run_is_reported_with_its_line(tmp_path):
    report = _fail(tmp_path, WRONG_SAP_VALUE.replace("{upn}", "nobody@contoso.com")).report
    assert "failed at step 2 of 3 (event soft-delete nobody@contoso.com)" in report
    assert "no user with id or userPrincipalName 'nobody@contoso.com'" in report


def test_a_target_refusing_a_step_is_a_report_naming_the_step_not_a_traceback(tmp_path):
    text = textwrap.dedent(
        """\
        name: A user that already exists
        target_users:
          - {userName: MMUSTER, lastName: Muster}
        steps:
          - target_user: {userName: MMUSTER, lastName: Again}
        """
    )
    report = _fail(tmp_path, text).report
    assert f"{tmp_path / 'case.scenario.yaml'}:5" in report
    assert "TargetError: the simulator refused target user 'MMUSTER'" in report
