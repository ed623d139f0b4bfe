"""``provlab expression``: the portal's expression builder on the command line."""

from __future__ import annotations

import json
import re
import shlex

from click.testing import CliRunner

from harness.expressions.cli import expression


def invoke(*args: str):
    return CliRunner().invoke(expression, list(args))


def test_evaluates_with_attributes() -> None:
    result = invoke(
        'ToUpper(Word([userPrincipalName], 1, "@"), )', "--attr", "userPrincipalName=jsmith@contoso.com"
    )
    assert result.exit_code == 0
    assert result.output.strip() == "JSMITH"


def test_json_output_with_fixed_now_and_graph_tree() -> None:
    result = invoke('DateAdd("d", 7, Now())', "--now", "2021-07-02T15:33:38Z", "--json", "--graph")
    payload = json.loads(result.output)
    assert payload["value"] == "7/9/2021 3:33:38 PM"
    assert payload["flows"] is True and payload["warnings"] == []
    assert payload["graph"]["name"] == "DateAdd" and payload["graph"]["type"] == "Function"


def test_repeated_attribute_is_multi_valued_and_json_attributes_keep_types() -> None:
    result = invoke("Count([proxyAddresses])", "--attr", "proxyAddresses=a", "--attr", "proxyAddresses=b")
    assert result.output.strip() == "2"
    result = invoke("Not([IsSoftDeleted])", "--attrs-json", '{"IsSoftDeleted": true}')
    assert result.output.strip() == "False"


def test_redacted_and_dropped_values_are_labelled() -> None:
    result = invoke('Redact("Pass@w0rd1")', "--json")
    payload = json.loads(result.output)
    assert payload["value"] == "Pass@w0rd1" and payload["logValue"] == "[Redact]"
    result = invoke("IgnoreFlowIfNullOrEmpty([department])")
    assert "dropped from the flow" in result.output


def test_seed_makes_random_functions_repeatable() -> None:
    first = invoke("RandomString(12,2,2,2,2)", "--seed", "9").output
    assert first == invoke("RandomString(12,2,2,2,2)", "--seed", "9").output and len(first.strip()) == 12


def test_syntax_error_exit_code_and_position() -> None:
    result = invoke('Word("x", 3')
    assert result.exit_code == 2
    assert "line 1, column 12" in result.output
    payload = json.loads(invoke('Word("x", 3', "--json").output)
    assert (payload["error"], payload["line"], payload["column"]) == ("syntax", 1, 12)


def test_evaluation_error_and_bad_options() -> None:
    result = invoke('Mid("abc", 0, 1)')
    assert result.exit_code == 1 and "start is 1-based" in result.output
    result = invoke("[a]", "--attr", "novalue")
    assert result.exit_code == 2 and "NAME=VALUE" in result.output
    result = invoke("Now()", "--now", "yesterday")
    assert result.exit_code == 2 and "ISO 8601" in result.output


def test_quirk_option_reproduces_the_iif_failure() -> None:
    result = invoke('IIF([country]="","Other",[country])', "--quirk", "iif-fails-on-null")
    assert result.exit_code == 1 and "IIF" in result.output
    ok = invoke('IIF([country]="","Other",[country])')
    assert ok.exit_code == 0 and ok.stdout.strip() == "Other"


def test_every_help_example_runs_as_printed() -> None:
    """The examples in --help are copied into shells: continuation lines must survive, each must run."""
    help_text = invoke("--help").output
    block = help_text.split("Examples:", 1)[1].split("\n\n", 1)[0]
    assert not [line for line in block.splitlines() if re.search(r"\S {2,}\S", line)], block
    commands = [line.strip() for line in block.replace("\\\n", " ").splitlines() if line.strip()]
    assert len(commands) == 3
    for command in commands:
        words = shlex.split(command)
        assert words[:2] == ["provlab", "expression"], command
        result = invoke(*words[2:])
        assert result.exit_code == 0, (command, result.output)
    assert "9999-12-31" not in invoke(*shlex.split(commands[1])[2:]).output  # --attr was applied
