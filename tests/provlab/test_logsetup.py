import io
import json
import logging

from provlab.logsetup import configure_logging, get_logger, redact_mapping, redact_text


def test_bearer_and_basic_credentials_are_masked():
    assert redact_text("Authorization: Bearer abc.DEF-123_x") == "Authorization: Bearer ***"
    assert redact_text("Authorization: Basic UFJPVkxBQjpzZWNyZXQ=") == "Authorization: Basic ***"
    prose = "the bearer token is not this connector's Secret Token"
    assert redact_text(prose) == prose


def test_sap_password_structures_are_masked_in_xml():
    xml = "<PASSWORD><BAPIPWD>Init1234!</BAPIPWD></PASSWORD><USERNAME>JDOE</USERNAME>"
    out = redact_text(xml)
    assert "Init1234!" not in out
    assert "<USERNAME>JDOE</USERNAME>" in out


def test_json_and_query_secrets_are_masked():
    out = redact_text('{"export_password": "Pa55w0rd!", "userName": "JDOE"} secret=abc123456789 next')
    assert "Pa55w0rd!" not in out and "abc123456789" not in out
    assert '"userName": "JDOE"' in out


def test_structured_data_masks_secret_keys_and_patch_values():
    data = {
        "userName": "JDOE",
        "export_password": "Pa55w0rd!",
        "Operations": [{"op": "Replace", "path": "export_password", "value": "N3w!"}],
        "headers": {"Authorization": "Bearer xyz"},
        "urn:ietf:params:scim:schemas:extension:ECMA2Host:2.0:User": {"export_password": "Ext3nsion!"},
        "flag": [
            {
                "op": "replace",
                "value": {
                    "urn:ietf:params:scim:schemas:extension:ECMA2Host:2.0:User:export_password": "Fl4g!"
                },
            }
        ],
    }
    out = redact_mapping(data)
    assert out["export_password"] == "***"
    assert out["Operations"][0]["value"] == "***"
    assert out["headers"]["Authorization"] == "***"
    assert out["userName"] == "JDOE"
    assert "Ext3nsion!" not in str(out) and "Fl4g!" not in str(out)
    assert data["export_password"] == "Pa55w0rd!"  # the input is not changed


def test_log_records_are_redacted_in_text_and_json():
    for json_lines in (False, True):
        stream = io.StringIO()
        configure_logging("INFO", json_lines=json_lines, stream=stream)
        get_logger("provlab.test").info("calling with %s", {"password": "hunter2", "user": "JDOE"})
        output = stream.getvalue()
        assert "hunter2" not in output
        assert "JDOE" in output
        if json_lines:
            assert json.loads(output.splitlines()[-1])["level"] == "INFO"
    configure_logging("WARNING")
    logging.getLogger().setLevel(logging.WARNING)
