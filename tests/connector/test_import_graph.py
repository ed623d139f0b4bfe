"""The connector's inner seams go one way: no import cycle between the modules and packages that
used to depend on each other (function-level imports count, as grimp and import-linter see them)."""

from __future__ import annotations

import pytest

grimp = pytest.importorskip("grimp")

ONE_WAY = [
    # (lower, upper): upper may import lower, never the other way round
    ("connector.template.validate", "connector.template.loader"),
    ("connector.template.parts", "connector.template.validate"),
    ("connector.service_ports", "connector.workflow"),
    ("connector.service_ports", "connector.calls"),
    ("connector.template", "connector.discovery"),
    ("connector.template", "connector.template_cli"),
    ("connector.discovery", "connector.template_cli"),
    ("connector.space.sync_state", "connector.scim"),
    ("connector.space.sync_state", "connector.host"),
]


@pytest.fixture(scope="module")
def graph():
    return grimp.build_graph("connector", "provlab")


@pytest.mark.parametrize(("lower", "upper"), ONE_WAY)
def test_lower_does_not_import_upper(graph, lower, upper):
    assert graph.find_shortest_chains(importer=lower, imported=upper) == set()


def test_workflow_and_calls_know_each_other_only_through_the_port_protocol(graph):
    assert graph.find_shortest_chains(importer="connector.workflow", imported="connector.calls") == set()
    assert graph.find_shortest_chains(importer="connector.calls", imported="connector.workflow") == set()
