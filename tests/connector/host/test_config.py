"""Configuration.xml loads with ECMA2Host's element names; a bad file names file:line and the fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from connector.config import DeleteFlow, DisableFlow, HostConfigError, load_host_config, parse_host_config
from connector.host import HostStartupError, resolve_secret
from tests.connector.scim.conftest import LOB_CONFIG, ROOT, SAP_CONFIG

SAMPLE_PLACES = [
    ROOT.parent / "shared" / "reference" / "ecma2host-config-sample" / "Configuration-CSV.xml",
    Path("/work/shared/reference/ecma2host-config-sample/Configuration-CSV.xml"),
]
SAMPLE = next((p for p in SAMPLE_PLACES if p.exists()), SAMPLE_PLACES[0])


def test_sap_fixture_reads_every_part():
    config = load_host_config(SAP_CONFIG)
    sap = config.connector("SAPECC")
    assert config.connector("sapecc") is None  # names are case-sensitive
    assert config.port == 8585 and sap.scim_base_path == "/ecma2host_SAPECC/scim"
    assert sap.autosync_minutes == 120 and len(sap.secret_token) >= 12
    assert sap.entry_schema.anchor.name == "userName" and sap.object_type == "User"
    assert sap.entry_schema.dn_for("JDOE") == "CN=JDOE,OBJECT=User"
    assert sap.entry_schema.deprovisioning.disable_flow is DisableFlow.NONE
    assert sap.entry_schema.deprovisioning.delete_flow is DeleteFlow.DELETE
    assert sap.capabilities.export_type == "ObjectReplace" and sap.capabilities.export_password_in_first_pass
    assert not sap.capabilities.enable_delta_import
    assert sap.run_configuration("FullImport").page_size == 200
    assert sap.web_service.project == str(ROOT / "fixtures" / "templates" / "sap-ecc")
    assert sap.web_service.target_url == "http://localhost:8090"
    assert sap.web_service.date_format == "yyyy-MM-dd" and sap.web_service.user_name


def test_lob_fixture_uses_the_set_attribute_disable_flow():
    lob = load_host_config(LOB_CONFIG).connectors[0]
    assert lob.entry_schema.deprovisioning.disable_flow is DisableFlow.SET_ATTRIBUTE
    assert lob.entry_schema.deprovisioning.soft_delete_status_attribute == "active"


@pytest.mark.skipif(not SAMPLE.exists(), reason="shared reference sample not on this machine")
def test_a_real_exported_ecma2host_file_loads_as_is():
    config = load_host_config(SAMPLE)
    csv = config.connectors[0]
    assert csv.name == "CSV" and csv.library_name == "Microsoft.IAM.Connector.PowerShell"
    assert csv.entry_schema.anchor.name == "AzureObjectID" and csv.object_type == "Person"
    assert config.certificate_thumbprint == "B1059D9236D99040B597C34DC736733870CBF652"
    assert csv.secret_token == ""
    assert csv.parameter("FileName_Global").value == "InputFile.txt"


def sap_text() -> str:
    return SAP_CONFIG.read_text(encoding="utf-8")


def broken(old: str, new: str, count: int = 1) -> str:
    text = sap_text()
    assert old in text
    return text.replace(old, new, count)


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


@pytest.mark.parametrize(
    ("text", "needle", "message"),
    [
        (
            broken("<IsAnchor>false</IsAnchor>", "<IsAnchor>true</IsAnchor>"),
            "<SchemaAttributes>",
            "exactly one attribute",
        ),
        (
            broken("<Multivalued>false</Multivalued>", "<Multivalued>true</Multivalued>"),
            "<AttributeSchema>",
            "multivalued",
        ),
        (
            broken("<AutosyncTimer>120</AutosyncTimer>", "<AutosyncTimer>soon</AutosyncTimer>"),
            "<AutosyncTimer>",
            "whole number",
        ),
        (broken("<IsDN>true</IsDN>", "<IsDN>yes please</IsDN>"), "<IsDN>", "true or false"),
        (
            broken("<SoftDelete>None</SoftDelete>", "<SoftDelete>Archive</SoftDelete>"),
            "<SoftDelete>",
            "Archive",
        ),
        (
            broken("<ProfileName>SAPECC</ProfileName>", "<ProfileName>SAP ECC</ProfileName>"),
            "<ProfileName>",
            "SAP ECC",
        ),
        (broken("<Name>city</Name>", "<Name>address.city</Name>"), "<Name>address.city", "'.'"),
        (broken("<DataType>String</DataType>", "<DataType>Text</DataType>"), "<AttributeSchema>", "DataType"),
        (
            broken("<Name>Enable Import</Name>", "<Name>Enable Import</Name>").replace(
                "<Value>1</Value>", "<Value>maybe</Value>", 1
            ),
            "<Name>Enable Import</Name>",
            "must be 1 or 0",
        ),
        (
            broken("<SoftDelete>None</SoftDelete>", "<SoftDelete>SetAttributeValue</SoftDelete>"),
            "<DeprovisioningModel>",
            "Boolean",
        ),
    ],
    ids=[
        "two anchors",
        "multivalued",
        "timer",
        "boolean",
        "soft delete",
        "name",
        "dotted",
        "data type",
        "capability",
        "set attribute",
    ],
)
def test_bad_files_name_file_line_and_what_to_fix(text, needle, message):
    with pytest.raises(HostConfigError) as raised:
        parse_host_config(text, source="Configuration.xml")
    error = str(raised.value)
    assert message in error
    location = error.split(": ", 1)[0]
    assert location.startswith("Configuration.xml:")
    # The reported line is the offending element or its enclosing block.
    assert int(location.split(":")[1]) <= line_of(text, needle) + 10
    assert int(location.split(":")[1]) >= line_of(text, needle) - 10


def test_malformed_xml_reports_the_line(tmp_path):
    file = tmp_path / "Configuration.xml"
    file.write_text("<Configuration>\n<Connectors>\n<Connector>\n</Connectors>\n", encoding="utf-8")
    with pytest.raises(HostConfigError, match=rf"{file}:\d+: the file is not well-formed XML"):
        load_host_config(file)


def test_doctype_is_refused():
    text = '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY e "boom">]>\n<Configuration>&e;</Configuration>'
    with pytest.raises(HostConfigError, match="DOCTYPE"):
        parse_host_config(text)


def test_duplicate_connector_names_are_refused():
    text = sap_text()
    start, end = text.index("<Connector>"), text.index("</Connector>") + len("</Connector>")
    doubled = text[:end] + "\n" + text[start:end] + text[end:]
    with pytest.raises(HostConfigError, match="two connectors are named 'SAPECC'"):
        parse_host_config(doubled, source="Configuration.xml")


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(HostConfigError, match="cannot read"):
        load_host_config(tmp_path / "nope.xml")


def test_secret_needs_twelve_characters_and_the_flag_wins():
    sap = load_host_config(SAP_CONFIG).connectors[0]
    assert resolve_secret(sap, None) == sap.secret_token
    assert resolve_secret(sap, "another-long-secret") == "another-long-secret"
    with pytest.raises(HostStartupError, match="at least 12"):
        resolve_secret(sap, "short")
