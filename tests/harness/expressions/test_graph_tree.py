"""Text ↔ Graph JSON expression trees (graph-synchronization-schema reference)."""

from __future__ import annotations

import copy

import pytest

from harness.expressions import GraphTreeError, format_expression, from_graph, parse, to_graph

# The attributeMappingSource from the reference's synchronizationSchema sample, verbatim.
GRAPH_SAMPLE = {
    "expression": 'ToUpper(Word([userPrincipalName], 1, "@"), )',
    "name": "ToUpper",
    "type": "Function",
    "parameters": [
        {
            "key": "source",
            "value": {
                "expression": 'Word([userPrincipalName], 1, "@")',
                "name": "Word",
                "type": "Function",
                "parameters": [
                    {
                        "key": "String",
                        "value": {
                            "expression": "[userPrincipalName]",
                            "name": "userPrincipalName",
                            "type": "Attribute",
                            "parameters": [],
                        },
                    },
                    {
                        "key": "WordNumber",
                        "value": {"expression": '"1"', "name": "1", "type": "Constant", "parameters": []},
                    },
                    {
                        "key": "Delimiters",
                        "value": {"expression": '"@"', "name": "@", "type": "Constant", "parameters": []},
                    },
                ],
            },
        }
    ],
}


def test_reference_sample_converts_both_ways_exactly() -> None:
    tree = from_graph(GRAPH_SAMPLE)
    assert tree == parse('ToUpper(Word([userPrincipalName], 1, "@"), )')
    assert to_graph(tree) == GRAPH_SAMPLE


@pytest.mark.parametrize(
    "text",
    [
        'Switch([IsSoftDeleted], , "False", "9999-12-31", "True", "1990-01-01")',
        'Redact("Pass@w0rd1")',
        "[city]",
        '"constant"',
        'IIF([country] = "USA", [country], [department])',
        'Replace([telephoneNumber], , "\\\\+(?<isd>\\\\d* )(?<n>\\\\d{10})", "n", , [mobile], )',
        'Join("", 1000, Replace(ConvertToUTF8Hex([objectId]), , "[a-zA-Z_]*", , "", , ))',
        'InStr("repEated", "e", 3, vbBinaryCompare)',
        'Coalesce([mail], [userPrincipalName], "none")',
    ],
)
def test_round_trip_text_tree_text(text: str) -> None:
    tree = parse(text)
    graph = to_graph(tree)
    assert from_graph(graph) == tree
    assert from_graph(graph, path="x") == parse(format_expression(tree))


def test_tree_without_expression_text_is_positioned_by_parameter_keys() -> None:
    graph = to_graph(parse('Switch([a], , "k1", "v1", "k2", "v2")'))

    def strip(node: dict) -> dict:
        node = {k: v for k, v in node.items() if k != "expression"}
        node["parameters"] = [{"key": p["key"], "value": strip(p["value"])} for p in node["parameters"]]
        return node

    stripped = strip(graph)
    assert [p["key"] for p in stripped["parameters"]] == ["source", "key1", "value1", "key2", "value2"]
    rebuilt = from_graph(stripped)
    assert format_expression(rebuilt) == 'Switch([a], , "k1", "v1", "k2", "v2")'


def test_unfamiliar_parameter_keys_are_read_in_order_when_text_is_present() -> None:
    text = 'Switch([IsSoftDeleted], , "False", "9999-12-31", "True", "1990-01-01")'
    graph = to_graph(parse(text))
    for parameter, key in zip(graph["parameters"], ["source", "key", "value", "key", "value"], strict=True):
        parameter["key"] = key  # an export that does not number repeated keys
    assert from_graph(graph) == parse(text)
    del graph["expression"]
    with pytest.raises(GraphTreeError, match="must come in pairs"):
        from_graph(graph)  # without text, the omitted defaultValue cannot be placed


def test_disagreeing_text_and_parameters_are_reported_with_their_path() -> None:
    broken = copy.deepcopy(GRAPH_SAMPLE)
    broken["parameters"][0]["value"]["parameters"][2]["value"]["name"] = "#"
    with pytest.raises(
        GraphTreeError, match=r"source\.parameters\[0\]\.value\.parameters\[2\]\.value.*'@' vs '#'"
    ):
        from_graph(broken)


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda g: g.update(type="Lambda"), "must be one of Attribute, Constant, Function"),
        (lambda g: g.update(name="NoSuchFunction", expression=None), "unknown function 'NoSuchFunction'"),
        (lambda g: g.update(expression="ToUpper(("), "does not parse"),
        (lambda g: g.update(parameters="source"), "must be a list"),
    ],
)
def test_malformed_trees_are_refused(mutate, message: str) -> None:
    graph = copy.deepcopy(GRAPH_SAMPLE)
    mutate(graph)
    with pytest.raises(GraphTreeError, match=message):
        from_graph(graph)


def test_deep_graph_tree_is_refused_not_crashing() -> None:
    node: dict = {"name": "a", "type": "Attribute", "parameters": []}
    for _ in range(5_000):
        node = {"name": "ToUpper", "type": "Function", "parameters": [{"key": "source", "value": node}]}
    with pytest.raises(GraphTreeError, match="nested more than"):
        from_graph(node)
