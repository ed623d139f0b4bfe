"""The orchestration every scenario, fixture and the demo share."""

from __future__ import annotations

import shutil

import pytest

from harness.orchestration import Lab, LabOptions
from tests.harness.scenarios.conftest import ROOT


def test_a_template_override_is_what_the_host_runs(tmp_path):
    template = tmp_path / "my-template"
    shutil.copytree(ROOT / "fixtures" / "templates" / "sap-ecc", template)
    with Lab(
        LabOptions(template=template, target_users=[{"userName": "ASMITH", "lastName": "Smith"}])
    ) as lab:
        assert lab.scim_request("GET", "/Users/ASMITH").status_code == 200  # its Full Import ran
    shutil.rmtree(template / "workflows")
    with pytest.raises(Exception, match="workflow|Workflow"):
        Lab(LabOptions(template=template))


def test_missing_files_say_what_to_do(tmp_path):
    with pytest.raises(
        FileNotFoundError, match=r"missing\.xml does not exist: pass an existing host configuration"
    ):
        Lab(LabOptions(host_config=tmp_path / "missing.xml"))


def test_a_connector_that_is_not_in_the_file_is_named(tmp_path):
    with pytest.raises(ValueError, match="no connector named 'NOPE'; it has SAPECC"):
        Lab(LabOptions(connector="NOPE"))


def test_target_users_and_seed_are_in_the_hosts_cache_from_the_start():
    options = LabOptions(target_users=[{"userName": "ASMITH", "lastName": "Smith", "validTo": "2020-01-01"}])
    with Lab(options) as lab:
        assert lab.target.user("ASMITH")["status"] == "expired"  # system clock: 2020 is past
        body = lab.scim_request("GET", '/Users?filter=userName eq "ASMITH"').json()
        assert body["totalResults"] == 1
        assert lab.exchanges[-1].status == 200 and "Authorization" not in str(lab.exchanges[-1].request_body)
