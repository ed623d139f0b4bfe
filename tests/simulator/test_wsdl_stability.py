"""The WSDL is the same document in every process, so a template's stored copy stays comparable."""

import os
import subprocess
import sys
from pathlib import Path

from simulator.app import export_wsdl

STORED_COPY = (
    Path(__file__).resolve().parents[2] / "fixtures/templates/sap-ecc/wsdl/ZSAPCONNECTORWEBSERVICE.wsdl"
)
PRINT_WSDL = "import sys; from simulator.app import export_wsdl; sys.stdout.buffer.write(export_wsdl('http://sap.test'))"


def test_wsdl_bytes_do_not_depend_on_hash_seed():
    documents = {
        subprocess.run(
            [sys.executable, "-c", PRINT_WSDL],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            check=True,
            timeout=120,
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(documents) == 1


def test_shipped_template_keeps_the_served_wsdl_byte_for_byte():
    assert STORED_COPY.read_bytes() == export_wsdl("http://sap.test")
