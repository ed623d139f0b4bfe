"""Scenario files that cannot run are refused before anything starts, with file:line and the fix."""

from __future__ import annotations

import textwrap

import pytest

from harness.scenarios import ScenarioError, load_scenario

VALID = """\
name: ok
source_users:
  - {userPrincipalName: mmuster@contoso.com, surname: Muster}
steps:
  - cycle: {}
    expect:
      target: {MMUSTER: {validTo: 9999-12-31}}
"""


def _load(tmp_path, text: str):
    path = tmp_path / "x.scenario.yaml"
    path.write_text(textwrap.dedent(text))
    return path, load_scenario(path)


def _error(tmp_path, text: str) -> str:
    with pytest.raises(ScenarioError) as caught:
        _load(tmp_path, text)
    return str(caught.value)


def test_a_valid_file_keeps_dates_as_text_and_lines(tmp_path):
    path, scenario = _load(tmp_path, VALID)
    (step,) = scenario.steps
    (expectation,) = step.expectations
    assert expectation.value["MMUSTER"]["validTo"] == "9999-12-31"  # not a datetime.date
    assert (step.kind, step.line, expectation.line) == ("cycle", 5, 7)
    assert (
        scenario.host_config.name == "Configuration.xml" and scenario.source_users[0]["surname"] == "Muster"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            VALID.replace("name: ok", "nmae: ok"),
            ":1: unknown key 'nmae' in the scenario; expected one of: name,",
        ),
        (VALID.replace("  - cycle: {}", "  - cycel: {}"), ":5: a step names exactly one of cycle, on_demand"),
        (VALID.replace("validTo", "validUntil"), ":7: unknown key 'validUntil' in the target user MMUSTER"),
        (VALID.replace("target:", "counts: {create: 1}\n      targte:"), ":8: unknown key 'targte'"),
        (VALID + "  - event: explode\n    user: x@y.z\n", ":8: unknown event 'explode'; use one of: create,"),
        (VALID + "  - event: update\n    user: x@y.z\n", ":8: the update event needs 'set:'"),
        (
            VALID + "  - scim: {method: GET, path: Users}\n",
            ":8: a scim request needs a path under the Tenant URL",
        ),
        (VALID.replace("name: ok", "name: ok\nname: again"), ":2: the key 'name' is given twice"),
        (VALID.replace("name: ok", "today: 27.11.2026"), ":1: today must be a date YYYY-MM-DD"),
        (VALID.replace("name: ok", "target: sapp"), ":1: target must be one of sap, rest"),
        (VALID.replace("name: ok", "mappings: nowhere.json"), ":1: mappings file nowhere.json not found"),
        (VALID.replace("{userPrincipalName", "{upn"), ":3: unknown key 'upn' in a user of source_users"),
        (
            VALID + '  - fault: "sap:*:explode"\n',
            ":8: fault rule 'sap:*:explode': unknown fault kind 'explode'; use one of: latency, hang,",
        ),
        (
            VALID + '  - fault: "rest:*:sap_error"\n',
            ":8: fault rule 'rest:*:sap_error': fault kind sap_error only exists for service sap",
        ),
        (
            VALID + "  - fault: sap-drop\n",
            ":8: fault rule 'sap-drop' should look like SERVICE:OPERATION:KIND",
        ),
        ("steps: [\n", ":2: "),
        ("name: nothing to do\n", ":1: the scenario has no 'steps'"),
    ],
)
def test_errors_carry_file_line_and_the_fix(tmp_path, text, message):
    error = _error(tmp_path, text)
    assert error.startswith(str(tmp_path / "x.scenario.yaml") + ":"), error
    assert message in error, error


def test_every_shipped_scenario_loads():
    from tests.harness.scenarios.conftest import SUITE

    assert len(SUITE) >= 13
    for path in SUITE:
        assert load_scenario(path).steps


def test_a_template_folder_overrides_the_web_service_project(tmp_path):
    from harness.scenarios import lab_options
    from tests.harness.scenarios.conftest import ROOT

    text = VALID.replace("name: ok", f"template: {ROOT / 'fixtures' / 'templates' / 'sap-ecc'}")
    _, scenario = _load(tmp_path, text)
    assert scenario.template == ROOT / "fixtures" / "templates" / "sap-ecc"
    assert lab_options(scenario).template == scenario.template
    assert ":1: template file nowhere not found" in _error(
        tmp_path, VALID.replace("name: ok", "template: nowhere")
    )
