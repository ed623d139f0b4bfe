"""The interpreter on its own: activities, limits, errors naming file and line, trace and redaction."""

from __future__ import annotations

import itertools
import json
import time

import pytest

from connector.backend import EXPORT_ERROR_CUSTOM_CONTINUE_RUN, SUCCESS, TargetUnavailableError
from connector.host.wiring import TemplateBackend
from connector.template import load_template
from connector.workflow.errors import WorkflowError, WorkflowLimitError, WorkflowThrownError
from connector.workflow.interpreter import RunLimits
from tests.connector.template.conftest import line_of
from tests.connector.workflow.conftest import FakePorts, write_rest_template


def backend_for(tmp_path, workflows, ports=None, **kwargs):
    template = load_template(write_rest_template(tmp_path / "t", workflows))
    return TemplateBackend(template, ports=ports or FakePorts(), **kwargs)


def test_an_endless_loop_stops_at_the_bound_naming_file_and_line(tmp_path):
    backend = backend_for(
        tmp_path,
        {
            "FullImport": '<Assign to="n" value="0"/>\n'
            '<While condition="True"><Assign to="n" value="n + 1"/></While>'
        },
        limits=RunLimits(max_loop_iterations=50),
    )
    with pytest.raises(WorkflowLimitError) as info:
        backend.full_import("Item")
    path = tmp_path / "t/workflows/Item/FullImport.xml"
    assert str(info.value).startswith(f"{path}:{line_of(path, '<While')}:1: While: loop ran more than 50")


def test_a_run_past_its_time_budget_is_stopped(tmp_path):
    ticks = itertools.count()
    backend = backend_for(
        tmp_path,
        {"FullImport": '<DoWhile condition="True"><Log message="\'tick\'"/></DoWhile>'},
        limits=RunLimits(time_budget_seconds=5),
        monotonic=lambda: float(next(ticks)),
    )
    with pytest.raises(WorkflowLimitError, match="exceeded its 5 s time budget"):
        backend.full_import("Item")


def test_a_failing_expression_names_the_attribute_position(tmp_path):
    backend = backend_for(tmp_path, {"Add": '<Assign to="x" value="attr(\'label\') + 1"/>'})
    with pytest.raises(WorkflowError) as info:
        backend.export("Item", "Add", None, {"id": "1", "label": "a"})
    path = tmp_path / "t/workflows/Item/Add.xml"
    line = line_of(path, "<Assign")
    col = path.read_text().splitlines()[line - 1].index("value=") + 1
    assert str(info.value).startswith(f"{path}:{line}:{col}: Assign: expression")
    assert "TypeError" in info.value.message


def test_try_catch_handles_a_throw_and_finally_always_runs(tmp_path):
    add = """<TryCatch>
  <Try><Throw message="'no quota left for ' + attr('id')"/></Try>
  <Catch var="problem">
    <SetExportStatus code="ExportErrorInvalidProvisioningAttributeValue" message="problem.message"/>
  </Catch>
  <Finally><Log tag="cleanup" message="'done'"/></Finally>
</TryCatch>"""
    result = backend_for(tmp_path, {"Add": add}).export("Item", "Add", None, {"id": "7"})
    assert (result.status, result.message) == (
        "ExportErrorInvalidProvisioningAttributeValue",
        "no quota left for 7",
    )
    assert [e.name for e in result.trace if e.kind == "log"] == ["cleanup"]


def test_target_errors_are_caught_only_by_catches_that_ask_for_them(tmp_path):
    def down(*call):
        raise TargetUnavailableError("api.test answered HTTP 503: down", kind="http")

    call = '<RestCall service="api" resource="items" method="list" result="r"/>'
    caught = f"""<TryCatch><Try>{call}</Try>
  <Catch kind="target">
    <SetExportStatus code="ExportErrorCustomContinueRun" message="error.kind + ': ' + error.message"/>
  </Catch>
</TryCatch>"""
    result = backend_for(tmp_path / "a", {"Add": caught}, FakePorts(down)).export(
        "Item", "Add", None, {"id": "1"}
    )
    assert (
        result.status == EXPORT_ERROR_CUSTOM_CONTINUE_RUN
        and result.message == "http: api.test answered HTTP 503: down"
    )
    not_caught = f'<TryCatch><Try>{call}</Try><Catch kind="thrown"><Return/></Catch></TryCatch>'
    with pytest.raises(TargetUnavailableError):
        backend_for(tmp_path / "b", {"Add": not_caught}, FakePorts(down)).export(
            "Item", "Add", None, {"id": "1"}
        )


def test_an_uncaught_throw_fails_the_object_on_export_and_the_run_on_import(tmp_path):
    throw = "<Throw message=\"'target said no'\"/>"
    backend = backend_for(tmp_path, {"Add": throw, "FullImport": throw})
    result = backend.export("Item", "Add", None, {"id": "1"})
    assert (result.status, result.message) == (EXPORT_ERROR_CUSTOM_CONTINUE_RUN, "target said no")
    with pytest.raises(WorkflowThrownError, match="target said no"):
        backend.full_import("Item")


def test_paginate_walks_pages_until_a_short_one(tmp_path):
    data = [{"id": str(i), "label": f"item {i}", "tags": ["a", "b"] if i % 2 else []} for i in range(7)]

    def pages(kind, method, parameters, body=None):
        start = int(parameters["offset"])
        return {"status": 200, "body": data[start : start + int(parameters["limit"])], "headers": {}}

    full_import = """<Paginate pageSize="3" more="len(page.body) == pageSize">
  <RestCall service="api" resource="items" method="list" result="page">
    <Parameter name="offset" value="offset"/>
    <Parameter name="limit" value="pageSize"/>
  </RestCall>
  <ForEach items="page.body" var="row">
    <CreateCSEntryChange anchor="row.id">
      <AttributeChange name="label" value="row.label"/>
      <AttributeChange name="tags" value="row.tags"/>
    </CreateCSEntryChange>
  </ForEach>
</Paginate>"""
    ports = FakePorts(pages)
    result = backend_for(tmp_path, {"FullImport": full_import}, ports).full_import("Item")
    assert [e.anchor for e in result.entries] == [str(i) for i in range(7)]
    assert [c[4]["offset"] for c in ports.calls] == [0, 3, 6]
    assert result.entries[1].attributes == {"label": "item 1", "tags": ["a", "b"]}
    assert "tags" not in result.entries[0].attributes  # empty values make no attribute change


def test_a_parallel_for_each_keeps_every_entry_and_local_variables(tmp_path):
    full_import = """<Assign to="ids" value="split('1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20')"/>
<ForEach items="ids" var="id" parallel="4">
  <RestCall service="api" resource="items" method="get" result="one">
    <Parameter name="id" value="id"/>
  </RestCall>
  <CreateCSEntryChange anchor="one.body.id">
    <AttributeChange name="label" value="one.body.label"/>
  </CreateCSEntryChange>
</ForEach>"""

    def one(kind, method, parameters, body=None):
        time.sleep(0.002 * (21 - int(parameters["id"])))  # early items finish last
        return {
            "status": 200,
            "body": {"id": parameters["id"], "label": "L" + parameters["id"]},
            "headers": {},
        }

    result = backend_for(tmp_path, {"FullImport": full_import}, FakePorts(one)).full_import("Item")
    assert [int(e.anchor) for e in result.entries] == list(range(1, 21))  # item order, not finishing order
    assert all(e.attributes["label"] == "L" + e.anchor for e in result.entries)


def test_multivalued_values_dotted_assignment_and_status_anchor(tmp_path):
    add = """<Assign to="payload" value="{'item': {'id': upper(attr('id'))}}"/>
<Assign to="payload.item.tags" value="attr('tags')"/>
<RestCall service="api" resource="items" method="create" result="created">
  <Parameter name="X-Request-Id" value="'r-1'"/>
  <Body value="payload"/>
</RestCall>
<SetExportStatus code="Success" anchor="created.body.id"/>"""

    def created(kind, method, parameters, body=None):
        return {"status": 201, "body": {"id": body["item"]["id"]}, "headers": {}}

    ports = FakePorts(created)
    result = backend_for(tmp_path, {"Add": add}, ports).export(
        "Item", "Add", None, {"id": "ab", "tags": ["x", "y"]}
    )
    assert (result.status, result.anchor) == (SUCCESS, "AB")
    assert ports.calls[0][5] == {"item": {"id": "AB", "tags": ["x", "y"]}}
    assert ports.calls[0][4] == {"X-Request-Id": "r-1"}


def test_delta_import_is_none_without_a_workflow_and_carries_its_watermark(tmp_path):
    assert backend_for(tmp_path / "a", {}).delta_import("Item", None) is None
    delta = """<Assign to="customData.since" value="coalesce(dig(customData, 'since'), '0') + '+'"/>
<CreateCSEntryChange anchor="'1'" modification="Replace">
  <AttributeChange name="label" value="customData.since"/>
</CreateCSEntryChange>"""
    backend = backend_for(tmp_path / "b", {"DeltaImport": delta})
    first = backend.delta_import("Item", None)
    assert json.loads(first.custom_data) == {"since": "0+"}
    second = backend.delta_import("Item", first.custom_data)
    assert json.loads(second.custom_data) == {"since": "0++"}
    assert second.entries[0].modification == "Replace" and second.entries[0].attributes == {"label": "0++"}


def test_logs_and_traces_never_show_the_password_even_under_another_name(tmp_path, caplog):
    add = """<Log level="warning" tag="audit" message="'creating with ' + attr('export_password')"/>
<RestCall service="api" resource="items" method="create">
  <Body><Field name="pin" value="attr('export_password')"/></Body>
</RestCall>"""
    with caplog.at_level("DEBUG"):
        result = backend_for(tmp_path, {"Add": add}).export(
            "Item", "Add", None, {"id": "1", "export_password": "Zz9-secret"}
        )
    dumped = json.dumps([vars(e) for e in result.trace], default=str)
    assert "Zz9-secret" not in dumped and "Zz9-secret" not in caplog.text
    assert "creating with ***" in dumped
    call = next(e for e in result.trace if e.kind == "call")
    assert call.detail["arguments"]["body"] == {"pin": "***"}


def test_the_trace_lists_activities_with_positions_and_the_workflow_duration(tmp_path):
    result = backend_for(
        tmp_path, {"Add": '<Assign to="a" value="1"/>\n<SetExportStatus code="Success"/>'}
    ).export("Item", "Add", None, {"id": "1"})
    kinds = [(e.kind, e.name) for e in result.trace]
    assert kinds == [
        ("activity", "Assign"),
        ("activity", "SetExportStatus"),
        ("status", "Success"),
        ("workflow", "Item/Add"),
    ]
    assert result.trace[0].detail["at"].endswith("workflows/Item/Add.xml:2:1")


def test_import_status_errors_skip_objects_and_keep_every_message(tmp_path):
    full_import = """<ForEach items="['1', 'bad', '3', 'worse']" var="id">
  <If condition="id.isdigit()">
    <Then><CreateCSEntryChange anchor="id"/></Then>
    <Else><SetImportStatus code="ImportErrorCustomContinueRun" message="id + ' could not be read'"/></Else>
  </If>
</ForEach>"""
    result = backend_for(tmp_path, {"FullImport": full_import}).full_import("Item")
    assert [e.anchor for e in result.entries] == ["1", "3"]
    assert result.status == "ImportErrorCustomContinueRun"
    assert result.message == "bad could not be read; worse could not be read"
