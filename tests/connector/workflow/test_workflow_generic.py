"""A third template for a SOAP service unlike SAP (other names, page objects, result codes, YYYYMMDD
dates), and the guarantee that the engine holds no SAP knowledge at all."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from connector.backend import EXPORT_ERROR_CUSTOM_CONTINUE_RUN, SUCCESS
from connector.host.wiring import TemplateBackend
from connector.workflow.errors import WorkflowError
from provlab.transport import wsgi_session
from tests.connector.workflow.people_service import PATH, URL, create_people_app
from tests.connector.workflow.wsdl_agreement import as_discovered

TEMPLATE = Path(__file__).parent / "people-template"
CONNECTOR = Path(__file__).resolve().parents[3] / "connector"
SAP_NAMES = re.compile(
    r"BAPI[_A-Z0-9]|GLTG[BV]|TEL1_NUMBR|E_MAIL|LOGONDATA|ADDRESSX|ZSAPCONNECTOR|SU_USER|\bUSERNAME\b|\bRETURN\b|\bTYPE=E\b"
)


@pytest.fixture
def people():
    return create_people_app()


@pytest.fixture
def backend(people) -> TemplateBackend:
    return TemplateBackend.from_path(TEMPLATE, session=wsgi_session(URL, people), target_url=URL)


def test_the_stored_wsdl_agrees_with_the_service(people):
    served = wsgi_session(URL, people).get(f"{URL}{PATH}?wsdl").content
    stored = (TEMPLATE / "wsdl" / "PeopleDirectory.wsdl").read_bytes()
    assert as_discovered(served) == as_discovered(stored)


def test_add_replace_import_delete_against_another_service(backend, people):
    added = backend.export(
        "Person",
        "Add",
        None,
        {"login": "Ada", "givenName": "Ada", "surname": "Lovelace", "export_password": "pw-1"},
    )
    assert (added.status, added.anchor) == (SUCCESS, "ada")
    for login, given in (("bob", "Bob"), ("cy", "Cy"), ("dee", "Dee"), ("eve", "Eve")):
        assert backend.export("Person", "Add", None, {"login": login, "givenName": given}).ok
    assert people.secrets["ada"] == "pw-1"
    assert backend.export(
        "Person", "Replace", "bob", {"login": "bob", "givenName": "Bob", "leavingDate": "2027-03-31"}
    ).ok
    assert people.people["bob"]["leaves"] == "20270331"

    imported = backend.full_import("Person")
    assert sorted(e.anchor for e in imported.entries) == ["ada", "bob", "cy", "dee", "eve"]
    assert len([e for e in imported.trace if e.name.endswith("/ListPeople")]) == 3  # 2 + 2 + 1
    bob = next(e for e in imported.entries if e.anchor == "bob")
    assert bob.object_type == "Person" and bob.attributes == {
        "login": "bob",
        "givenName": "Bob",
        "leavingDate": "2027-03-31",
    }

    assert backend.export("Person", "Delete", "cy", {}).ok and "cy" not in people.people
    gone = backend.export("Person", "Delete", "cy", {})
    assert (gone.status, gone.message) == (EXPORT_ERROR_CUSTOM_CONTINUE_RUN, "nobody called cy")
    dup = backend.export("Person", "Add", None, {"login": "ada"})
    assert (dup.status, dup.message) == (EXPORT_ERROR_CUSTOM_CONTINUE_RUN, "ada is already on staff")
    assert backend.test_connection().ok


def test_the_connector_package_holds_no_sap_names():
    offenders = [
        f"{path.relative_to(CONNECTOR.parent)}:{number}: {line.strip()}"
        for path in sorted(CONNECTOR.rglob("*"))
        if path.suffix in (".py", ".xsd", ".xml", ".json", ".yaml") and "__pycache__" not in path.parts
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if SAP_NAMES.search(line)
    ]
    assert offenders == [], "SAP/BAPI names belong in templates, not in connector/:\n" + "\n".join(offenders)


def test_arguments_that_do_not_fit_the_operation_name_the_call(tmp_path, people):
    import shutil

    copy = tmp_path / "people"
    shutil.copytree(TEMPLATE, copy)
    path = copy / "workflows/Person/Delete.xml"
    # a discovery that drifted from the WSDL: the validator trusts discovery, zeep the WSDL
    discovery = copy / "discovery.xml"
    head, tail = discovery.read_text().split('<Operation name="RetirePerson">')
    discovery.write_text(
        head + '<Operation name="RetirePerson">' + tail.replace('name="login"', 'name="who"', 1)
    )
    path.write_text(path.read_text().replace('name="login"', 'name="who"'))
    backend = TemplateBackend.from_path(copy, session=wsgi_session(URL, people), target_url=URL)
    with pytest.raises(WorkflowError) as info:
        backend.export("Person", "Delete", "x", {})
    assert str(info.value).startswith(f"{path}:3:")
    assert "do not fit PeopleDirectory.RetirePerson" in info.value.message and "who" in info.value.message
