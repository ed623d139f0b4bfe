"""Loading a template: the typed model, and every problem reported as file:line:col with what to fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from connector.template import TemplateInvalidError, load_template
from connector.template import model as m
from tests.connector.template.conftest import SAP_TEMPLATE, line_of, zip_template


def problems_of(path: Path) -> list[str]:
    with pytest.raises(TemplateInvalidError) as info:
        load_template(path)
    return [str(p) for p in info.value.problems]


def only_problem(path: Path) -> str:
    problems = problems_of(path)
    assert len(problems) == 1, problems
    return problems[0]


def test_the_sap_template_loads_into_the_typed_model():
    template = load_template(SAP_TEMPLATE)
    user = template.schema.object_types["User"]
    assert user.anchor == "userName"
    assert {
        "userName",
        "firstName",
        "lastName",
        "middleName",
        "email",
        "department",
        "company",
        "city",
        "telephoneNumber",
        "jobTitle",
        "expirationTime",
    } <= set(user.attributes)
    assert user.attributes[m.EXPORT_PASSWORD].virtual
    assert sorted(op for _, op in template.workflows) == [
        "Add",
        "Delete",
        "FullImport",
        "Replace",
        "SetPassword",
        "TestConnection",
    ]
    assert sorted(name for _, name in template.shared) == ["ExportErrors"]
    endpoint = template.discovery.soap["ZSAPCONNECTORWEBSERVICE"].endpoints["ZSAPCONNECTORWS"]
    getlist = endpoint.operations["BAPI_USER_GETLIST"]
    selection = getlist.input("SELECTION_RANGE")
    assert selection.child("item").repeated
    assert selection.child("item").child("OPTION") is not None
    full_import = template.workflow("User", "FullImport")
    assert isinstance(full_import.body[3], m.DoWhile)
    assert full_import.body[3].location.line == line_of(
        SAP_TEMPLATE / "workflows/User/FullImport.xml", "<DoWhile"
    )


def test_a_zip_and_its_directory_validate_identically(sap_copy, edit, tmp_path):
    zipped, unzipped = (
        load_template(zip_template(sap_copy, tmp_path / "ok.wsconfig")),
        load_template(sap_copy),
    )
    assert zipped.workflows.keys() == unzipped.workflows.keys()
    assert (
        zipped.schema.object_types["User"].attributes.keys()
        == unzipped.schema.object_types["User"].attributes.keys()
    )
    assert zipped.discovery.soap.keys() == unzipped.discovery.soap.keys()
    edit(
        sap_copy / "workflows/User/Add.xml", 'operation="BAPI_USER_CREATE1"', 'operation="BAPI_USER_CREATE9"'
    )
    edit(sap_copy / "schema.xml", 'anchor="true"', "")
    from_dir = problems_of(sap_copy)
    for top_folder in (False, True):
        archive = zip_template(sap_copy, tmp_path / f"sap-ecc-{top_folder}.wsconfig", top_folder=top_folder)
        from_zip = problems_of(archive)
        assert [p.split("!", 1)[1] for p in from_zip] == [p.split("sap-ecc/", 1)[1] for p in from_dir]
        assert from_zip[0].startswith(f"{archive}!")


def test_malformed_xml_names_the_line_and_column(sap_copy, edit):
    path = edit(sap_copy / "workflows/User/Delete.xml", "<Return/>", "<Return>")
    problem = only_problem(sap_copy)
    assert problem.startswith(f"{path}:")
    assert "not well-formed XML" in problem
    assert int(problem.split(":")[1]) >= line_of(path, "<Return>")


def test_a_doctype_is_refused(sap_copy, edit):
    edit(sap_copy / "schema.xml", "<Schema>", '<!DOCTYPE Schema [<!ENTITY x "y">]>\n<Schema>')
    assert "DOCTYPE declarations are not allowed" in only_problem(sap_copy)


def test_an_xsd_violation_names_the_element(sap_copy, edit):
    path = edit(sap_copy / "workflows/User/Delete.xml", "<Return/>", "<Retrun/>")
    problem = only_problem(sap_copy)
    line = line_of(path, "<Retrun/>")
    col = path.read_text().splitlines()[line - 1].index("<Retrun") + 1
    assert problem.startswith(f"{path}:{line}:{col}: workflow XSD: Element 'Retrun'")


def test_an_unknown_operation_is_reported_at_the_call(sap_copy, edit):
    path = edit(
        sap_copy / "workflows/User/Delete.xml", 'operation="BAPI_USER_DELETE"', 'operation="BAPI_USER_REMOVE"'
    )
    problem = only_problem(sap_copy)
    assert problem.startswith(f"{path}:{line_of(path, 'BAPI_USER_REMOVE')}:")
    assert "has no operation 'BAPI_USER_REMOVE'" in problem and "BAPI_USER_DELETE" in problem


def test_an_unknown_argument_and_an_unknown_field_are_reported(sap_copy, edit):
    path = sap_copy / "workflows/User/Add.xml"
    edit(path, '<Argument name="SELF_REGISTER"', '<Argument name="SELF_REGISTRATION"')
    edit(path, '<Field name="CITY"', '<Field name="TOWN"')
    problems = problems_of(sap_copy)
    assert len(problems) == 2, problems
    assert problems[0].startswith(f"{path}:{line_of(path, 'TOWN')}:")
    assert "ADDRESS has no field 'TOWN'" in problems[0]
    assert problems[1].startswith(f"{path}:{line_of(path, 'SELF_REGISTRATION')}:")
    assert "has no argument 'SELF_REGISTRATION'" in problems[1] and "SELF_REGISTER" in problems[1]


def test_an_unknown_attribute_is_reported_in_expressions_and_entry_changes(sap_copy, edit):
    add = edit(sap_copy / "workflows/User/Add.xml", "attr('jobTitle')", "attr('title')")
    imp = edit(
        sap_copy / "workflows/User/FullImport.xml",
        '<AttributeChange name="city"',
        '<AttributeChange name="town"',
    )
    problems = problems_of(sap_copy)
    assert len(problems) == 2, problems
    assert problems[0].startswith(f"{add}:{line_of(add, 'title')}:")
    assert "attribute 'title' is not in object type 'User'" in problems[0]
    assert problems[1].startswith(f"{imp}:{line_of(imp, 'town')}:")
    assert "attribute 'town'" in problems[1]


def test_a_missing_anchor_is_reported_on_the_object_type(sap_copy, edit):
    path = edit(sap_copy / "schema.xml", ' anchor="true"', "")
    problem = only_problem(sap_copy)
    assert problem.startswith(f"{path}:{line_of(path, '<ObjectType')}:")
    assert "has no anchor" in problem and 'anchor="true"' in problem


def test_a_bad_expression_is_reported_at_its_attribute(sap_copy, edit):
    path = edit(
        sap_copy / "workflows/User/Delete.xml",
        "value=\"upper(attr('userName'))\"",
        "value=\"upper(attr('userName')\"",
    )
    problem = only_problem(sap_copy)
    line = line_of(path, "upper(attr('userName')")
    col = path.read_text().splitlines()[line - 1].index("value=") + 1
    assert problem.startswith(f"{path}:{line}:{col}:")
    assert "does not parse" in problem


def test_unknown_functions_and_unsupported_syntax_are_expression_errors(sap_copy, edit):
    path = sap_copy / "workflows/User/Delete.xml"
    edit(path, "value=\"upper(attr('userName'))\"", "value=\"__import__('os').getcwd()\"")
    edit(path, "condition=\"not has('userName')\"", 'condition="(lambda: 1)()"')
    problems = problems_of(sap_copy)
    assert any("unknown function '__import__'" in p for p in problems), problems
    assert any("Lambda" in p for p in problems), problems


def test_a_missing_required_workflow_is_reported(sap_copy):
    (sap_copy / "workflows/User/Replace.xml").unlink()
    problem = only_problem(sap_copy)
    schema = sap_copy / "schema.xml"
    assert problem.startswith(f"{schema}:{line_of(schema, '<Capabilities')}:")
    assert "missing workflow" in problem and "Replace" in problem


def test_every_problem_is_reported_not_just_the_first(sap_copy, edit):
    edit(sap_copy / "workflows/User/Delete.xml", 'operation="BAPI_USER_DELETE"', 'operation="NOPE"')
    edit(sap_copy / "workflows/User/Add.xml", "<Return/>", "<Retrun/>")
    edit(sap_copy / "schema.xml", ' anchor="true"', "")
    edit(sap_copy / "workflows/User/Replace.xml", "attr('city')", "attr('town')")
    (sap_copy / "workflows/User/TestConnection.xml").unlink()
    problems = problems_of(sap_copy)
    assert len(problems) == 5, problems
    joined = "\n".join(problems)
    for expected in ("NOPE", "Retrun", "no anchor", "'town'", "TestConnection"):
        assert expected in joined


def test_status_activities_must_match_the_workflow_kind(sap_copy, edit):
    path = edit(
        sap_copy / "workflows/User/Delete.xml",
        '<SetExportStatus code="Success"/>',
        '<SetImportStatus code="Success"/>',
    )
    problem = only_problem(sap_copy)
    assert problem.startswith(f"{path}:{line_of(path, 'SetImportStatus')}:")
    assert "use SetExportStatus" in problem


def test_discovery_must_agree_with_its_wsdl_copy(sap_copy, edit):
    discovery = edit(
        sap_copy / "discovery.xml", '<Operation name="BAPI_USER_LOCK">', '<Operation name="BAPI_USER_LOCKX">'
    )
    problem = only_problem(sap_copy)
    assert problem.startswith(f"{discovery}:{line_of(discovery, 'BAPI_USER_LOCKX')}:")
    assert "not in the WSDL copy" in problem
    (sap_copy / "wsdl/ZSAPCONNECTORWEBSERVICE.wsdl").unlink()
    assert "WSDL copy 'wsdl/ZSAPCONNECTORWEBSERVICE.wsdl'" in only_problem(sap_copy)


def test_misplaced_workflow_files_and_missing_files_are_named(sap_copy):
    (sap_copy / "workflows/User/Rename.xml").write_text("<Workflow/>")
    (sap_copy / "discovery.xml").unlink()
    problems = problems_of(sap_copy)
    assert any("Rename.xml:0:0: unknown workflow 'Rename'" in p for p in problems), problems
    assert any("discovery.xml:0:0: missing discovery.xml" in p for p in problems), problems


def test_a_file_that_is_not_a_zip_is_refused(tmp_path):
    bogus = tmp_path / "x.wsconfig"
    bogus.write_text("not a zip")
    assert "not a zip archive" in only_problem(bogus)
