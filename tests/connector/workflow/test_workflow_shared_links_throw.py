"""Engine features a template author asked for: shared workflows (Invoke), following a REST link
on the service's own origin, Throw kind="target", dynamic modifications and additionalParameters."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask, jsonify, request

from connector.backend import TargetUnavailableError
from connector.calls import TemplatePorts
from connector.calls.failures import retry_after_seconds
from connector.host.wiring import TemplateBackend
from connector.service_ports import CallArgumentError
from connector.template import TemplateInvalidError, load_template
from connector.workflow.errors import WorkflowError
from provlab.transport import wsgi_session
from tests.connector.workflow.conftest import FakePorts, write_rest_template

ITEM_BASE = "http://items.internal:9000"


def write_shared(root: Path, name: str, xml: str) -> Path:
    folder = root / "workflows" / "Item" / "_shared"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.xml"
    path.write_text(xml)
    return path


def template_with(tmp_path: Path, workflows: dict[str, str], shared: dict[str, str]) -> Path:
    root = write_rest_template(tmp_path / "t", workflows)
    for name, xml in shared.items():
        write_shared(root, name, xml)
    return root


def problems_of(path: Path) -> list[str]:
    with pytest.raises(TemplateInvalidError) as info:
        load_template(path)
    return [str(p) for p in info.value.problems]


# --- Invoke / shared workflows -----------------------------------------------------------------

ENTRY_PIECE = """<SharedWorkflow>
  <Parameter name="row"/>
  <Parameter name="modification"/>
  <Parameter name="suffix" required="false"/>
  <Assign to="secretLocal" value="'piece'"/>
  <CreateCSEntryChange anchor="row.id" modification="modification">
    <AttributeChange name="id" value="row.id"/>
    <AttributeChange name="label" value="row.label + text(suffix)"/>
  </CreateCSEntryChange>
  <Assign to="result" value="row.id + '!'"/>
  <Return/>
  <Assign to="result" value="'after return'"/>
</SharedWorkflow>"""


def test_invoke_passes_arguments_returns_a_result_and_keeps_variables_apart(tmp_path):
    full_import = """
      <Assign to="secretLocal" value="'caller'"/>
      <Assign to="rows" value="[{'id': 'a', 'label': 'A'}, {'id': 'b', 'label': 'B'}]"/>
      <Assign to="seen" value="[]"/>
      <ForEach items="rows" var="r">
        <Invoke workflow="MapItem" result="said">
          <Argument name="row" value="r"/>
          <Argument name="modification" value="'Replace'"/>
        </Invoke>
        <Assign to="seen" value="seen + [said]"/>
      </ForEach>
      <Assign to="customData.seen" value="seen"/>
      <Assign to="customData.local" value="secretLocal"/>
    """
    root = template_with(tmp_path, {"FullImport": full_import}, {"MapItem": ENTRY_PIECE})
    result = TemplateBackend.from_path(root, ports=FakePorts()).full_import("Item")
    assert [(e.anchor, e.attributes, e.modification) for e in result.entries] == [
        ("a", {"id": "a", "label": "A"}, "Replace"),
        ("b", {"id": "b", "label": "B"}, "Replace"),
    ]
    # Return ends the piece only; the piece's variables never reach the caller
    assert result.custom_data == '{"local": "caller", "seen": ["a!", "b!"]}'


def test_a_piece_sees_mim_arguments_and_may_set_the_export_status(tmp_path):
    piece = """<SharedWorkflow>
      <If condition="not has('label')">
        <Then>
          <SetExportStatus code="ExportErrorMissingProvisioningAttribute" message="'label is required'"/>
          <Return/>
        </Then>
      </If>
      <Assign to="result" value="{'id': attr('id'), 'label': attr('label')}"/>
    </SharedWorkflow>"""
    add = """
      <Invoke workflow="Body" result="body"/>
      <If condition="body is None"><Then><Return/></Then></If>
      <RestCall service="api" resource="items" method="create" result="r"><Body value="body"/></RestCall>
      <SetExportStatus code="Success" anchor="body['id']"/>
    """
    root = template_with(tmp_path, {"Add": add}, {"Body": piece})
    ports = FakePorts()
    backend = TemplateBackend.from_path(root, ports=ports)
    refused = backend.export("Item", "Add", None, {"id": "7"})
    assert (refused.status, refused.message, ports.calls) == (
        "ExportErrorMissingProvisioningAttribute",
        "label is required",
        [],
    )
    created = backend.export("Item", "Add", None, {"id": "7", "label": "seven"})
    assert created.ok and created.anchor == "7"
    assert ports.calls[-1][-1] == {"id": "7", "label": "seven"}


def test_invoke_problems_are_found_before_anything_runs(tmp_path):
    add = """
      <Invoke workflow="Missing"/>
      <Invoke workflow="MapItem">
        <Argument name="row" value="objectToExport"/>
        <Argument name="colour" value="'red'"/>
      </Invoke>
    """
    root = template_with(tmp_path, {"Add": add}, {"MapItem": ENTRY_PIECE})
    add_path = root / "workflows/Item/Add.xml"
    problems = problems_of(root)
    assert len(problems) == 3, problems
    joined = "\n".join(problems)
    assert (
        f"{add_path}:3:" in joined
        and "there is no shared workflow" in joined
        and "_shared/Missing.xml" in joined
    )
    assert "has no parameter 'colour'" in joined and "(parameters: modification, row, suffix)" in joined
    assert "misses its required argument 'modification'" in joined


def test_shared_workflows_that_invoke_each_other_in_a_cycle_are_refused(tmp_path):
    ping = '<SharedWorkflow><Invoke workflow="Pong"/></SharedWorkflow>'
    pong = '<SharedWorkflow>\n  <Invoke workflow="Ping"/>\n</SharedWorkflow>'
    selfish = '<SharedWorkflow><Invoke workflow="Selfish"/></SharedWorkflow>'
    root = template_with(
        tmp_path, {"Add": '<Invoke workflow="Ping"/>'}, {"Ping": ping, "Pong": pong, "Selfish": selfish}
    )
    problems = problems_of(root)
    assert len(problems) == 2, problems
    assert any("in a cycle (Ping -> Pong -> Ping)" in p for p in problems)
    assert any("in a cycle (Selfish -> Selfish)" in p for p in problems)


def test_a_shared_file_needs_the_shared_root_and_an_operation_file_the_workflow_root(tmp_path):
    root = template_with(tmp_path, {"Add": "<Invoke workflow='Piece'/>"}, {"Piece": "<Workflow/>"})
    wrong_root, missing = sorted(problems_of(root), key=lambda p: "root element" not in p)
    assert "_shared/Piece.xml:1:" in wrong_root
    assert "root element of a shared piece is <SharedWorkflow>, not <Workflow>" in wrong_root
    assert "there is no shared workflow" in missing  # a broken piece is not there to invoke


def test_a_modification_expression_must_give_add_replace_or_delete(tmp_path):
    full_import = "<CreateCSEntryChange anchor=\"'x'\" modification=\"'Upsert'\"/>"
    root = template_with(tmp_path, {"FullImport": full_import}, {})
    with pytest.raises(
        WorkflowError, match=r"FullImport\.xml:2:.*must be one of Add, Replace, Delete, got .Upsert."
    ):
        TemplateBackend.from_path(root, ports=FakePorts()).full_import("Item")


def test_imports_receive_additional_parameters(tmp_path):
    full_import = (
        """<Assign to="customData.size" value="coalesce(dig(additionalParameters, 'pageSize'), 5)"/>"""
    )
    root = template_with(tmp_path, {"FullImport": full_import}, {})
    backend = TemplateBackend.from_path(root, ports=FakePorts())
    assert backend.full_import("Item").custom_data == '{"size": 5}'
    assert backend.full_import("Item", additional_parameters={"pageSize": 42}).custom_data == '{"size": 42}'


# --- Throw kind="target" -----------------------------------------------------------------------


def test_throw_kind_target_is_a_target_failure_with_its_retry_after(tmp_path):
    add = """<Throw kind="target" retryAfter="120" message="'the service is in maintenance'"/>"""
    root = template_with(tmp_path, {"Add": add}, {})
    with pytest.raises(TargetUnavailableError) as info:
        TemplateBackend.from_path(root, ports=FakePorts()).export("Item", "Add", None, {"id": "1"})
    assert (info.value.message, info.value.retry_after, info.value.kind) == (
        "the service is in maintenance",
        120,
        "thrown",
    )


def test_a_target_throw_is_caught_by_a_target_catch_and_a_bad_retry_after_is_a_template_error(tmp_path):
    caught = """
      <TryCatch>
        <Try><Throw kind="target" message="'busy'"/></Try>
        <Catch kind="target" var="e">
          <SetExportStatus code="ExportErrorSyntaxViolation" message="e.message"/>
        </Catch>
      </TryCatch>
    """
    root = template_with(tmp_path / "a", {"Add": caught}, {})
    result = TemplateBackend.from_path(root, ports=FakePorts()).export("Item", "Add", None, {"id": "1"})
    assert (result.status, result.message) == ("ExportErrorSyntaxViolation", "busy")
    bad = template_with(
        tmp_path / "b", {"Add": """<Throw kind="target" retryAfter="'soon'" message="'x'"/>"""}, {}
    )
    with pytest.raises(WorkflowError, match="retryAfter must be a whole number of seconds, got 'soon'"):
        TemplateBackend.from_path(bad, ports=FakePorts()).export("Item", "Add", None, {"id": "1"})


@pytest.mark.parametrize(
    ("header", "seconds"),
    [("5", 5), (None, None), ("soon", None), ("Fri, 27 Nov 2026 12:00:30 GMT", 30)],
)
def test_retry_after_headers_are_read_as_seconds_or_http_dates(header, seconds):
    from datetime import UTC, datetime

    now = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
    assert retry_after_seconds(header, now) == seconds


# --- RestCall url= -----------------------------------------------------------------------------


def linked_api(next_link: str) -> Flask:
    app = Flask("linked")

    @app.get("/v1/items")
    def list_items():
        if request.args.get("cursor") == "2":
            return jsonify({"items": [{"id": "2", "label": "two"}], "next": None})
        return jsonify({"items": [{"id": "1", "label": "one"}], "next": next_link})

    @app.get("/v1/slow")
    def slow():
        return jsonify({"message": "slow down"}), 503, {"Retry-After": "7"}

    return app


PAGED_IMPORT = """
  <Assign to="next" value="None"/>
  <DoWhile condition="next is not None">
    <RestCall service="api" resource="items" method="list" url="next" result="page">
      <Parameter name="offset" value="0"/>
      <Parameter name="limit" value="1"/>
    </RestCall>
    <Assign to="next" value="page.body['next']"/>
    <ForEach items="page.body['items']" var="row">
      <CreateCSEntryChange anchor="row['id']">
        <AttributeChange name="label" value="row['label']"/>
      </CreateCSEntryChange>
    </ForEach>
  </DoWhile>
"""


def paged_backend(tmp_path: Path, next_link: str, app: Flask | None = None) -> tuple[TemplateBackend, list]:
    root = write_rest_template(tmp_path / "t", {"FullImport": PAGED_IMPORT})
    seen: list[str] = []
    session = wsgi_session(ITEM_BASE, app or linked_api(next_link))
    session.hooks["response"].append(lambda r, *a, **k: seen.append(r.request.url))
    backend = TemplateBackend.from_path(
        root, session=session, target_url=ITEM_BASE, username="svc", password="pw-123456"
    )
    return backend, seen


def test_a_rest_call_follows_a_next_link_on_the_same_origin(tmp_path):
    backend, seen = paged_backend(tmp_path, f"{ITEM_BASE}/v1/items?cursor=2")
    result = backend.full_import("Item")
    assert [e.anchor for e in result.entries] == ["1", "2"]
    # the first page from the parameters, the second exactly as linked (the link's own query)
    assert seen == [f"{ITEM_BASE}/v1/items?offset=0&limit=1", f"{ITEM_BASE}/v1/items?cursor=2"]
    call = [t for t in result.trace if t.kind == "call"][1]
    assert call.detail["arguments"]["url"] == f"{ITEM_BASE}/v1/items?cursor=2"


@pytest.mark.parametrize(
    ("link", "reason"),
    [
        (
            "http://evil.example:9000/v1/items?cursor=2",
            "leaves the service's origin http://items.internal:9000",
        ),
        ("http://items.internal:9001/v1/items?cursor=2", "leaves the service's origin"),
        ("https://items.internal:9000/v1/items?cursor=2", "leaves the service's origin"),
        (
            "http://svc:pw@items.internal:9000/v1/items",
            "url 'http://items.internal:9000/v1/items' must not carry credentials",
        ),
        ("file:///etc/passwd", "must be an absolute http(s) URL"),
        ("/v1/items?cursor=2", "must be an absolute http(s) URL"),
    ],
)
def test_a_link_to_another_origin_is_refused_naming_the_workflow_line(tmp_path, link, reason):
    backend, seen = paged_backend(tmp_path, link)
    with pytest.raises(WorkflowError, match="FullImport.xml:5:") as info:
        backend.full_import("Item")
    assert reason in info.value.message
    assert len(seen) == 1  # nothing was sent to the other origin


def test_the_port_refuses_other_origins_and_passes_retry_after_on(tmp_path):
    template = load_template(write_rest_template(tmp_path / "t", {}))
    ports = TemplatePorts(template, session=wsgi_session(ITEM_BASE, linked_api("")), target_url=ITEM_BASE)
    with pytest.raises(CallArgumentError, match="leaves the service's origin"):
        ports.call_rest("api", "items", "list", {}, None, url="http://elsewhere.test/v1/items")
    with pytest.raises(TargetUnavailableError) as info:
        ports.call_rest("api", "items", "list", {}, None, url=f"{ITEM_BASE}/v1/slow")
    assert info.value.retry_after == 7 and "HTTP 503" in info.value.message


def test_a_misspelt_modification_is_caught_before_anything_runs(tmp_path):
    full_import = '<CreateCSEntryChange anchor="\'x\'" modification="Replce"/>'
    root = template_with(tmp_path, {"FullImport": full_import}, {})
    [problem] = problems_of(root)
    assert "FullImport.xml:2:" in problem and "did you mean 'Replace'?" in problem


def test_a_shared_folder_of_an_unknown_object_type_is_reported(tmp_path):
    root = template_with(tmp_path, {}, {})
    folder = root / "workflows" / "Gadget" / "_shared"
    folder.mkdir(parents=True)
    (folder / "Piece.xml").write_text("<SharedWorkflow/>")
    [problem] = problems_of(root)
    assert (
        "Gadget/_shared/Piece.xml:1:1" in problem and "object type 'Gadget' is not in schema.xml" in problem
    )
