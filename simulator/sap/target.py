"""SAP ECC as a simulated target vendor: the SU_USER BAPIs over SOAP at SAP's own path, behind
the simulator's HTTP basic credentials, with SAP's fault kinds and the shipped SAP fixtures.

Cheap to import (the registry reads it to list vendors); Spyne loads only in :meth:`build`.
"""

from __future__ import annotations

from provlab.fixtures import fixtures_dir
from simulator.sap.fault_kinds import SAP_DEFAULTS, SAP_EXAMPLE, SAP_KINDS, SAP_OPTIONS
from simulator.target import BuildContext, Built, Mount, Target, TargetFixtures

WSDL_QUERY = "?wsdl"
WSDL_OPERATION = "WSDL"


def wsdl_url(base_url: str) -> str:
    """The WSDL address under a server's base URL, e.g. ``http://127.0.0.1:8090``."""
    from simulator.sap.service import SAP_PATH  # the service's own address (loads Spyne)

    return base_url.rstrip("/") + SAP_PATH + WSDL_QUERY


class SapTarget(Target):
    """SAP ECC's SU_USER BAPIs over SOAP (Spyne), the lab's default target."""

    name = "sap"
    label = "SAP"
    title = "the SAP SU_USER SOAP service"
    handle_attribute = "sap"
    fault_kinds = SAP_KINDS
    fault_options = SAP_OPTIONS
    fault_defaults = SAP_DEFAULTS
    fault_example = SAP_EXAMPLE
    description_operations = (WSDL_OPERATION,)
    not_found_hint = "SAP user names are upper case"

    def build(self, context: BuildContext) -> Built:
        from simulator.auth import require_basic_auth
        from simulator.sap.bapi import SuUserBapis
        from simulator.sap.service import SAP_PATH, build_sap_wsgi_app
        from simulator.sap.wire import SapWire

        bapis = SuUserBapis(context.store)
        app = require_basic_auth(build_sap_wsgi_app(bapis), context.credentials)
        return Built(mounts=(Mount(SAP_PATH, app, SapWire()),), handle=bapis)

    def operations(self) -> tuple[str, ...]:
        from simulator.sap.service import OPERATIONS

        return (WSDL_OPERATION, *OPERATIONS)

    def description_url(self, base_url: str) -> str:
        return wsdl_url(base_url)

    def banner(self, base_url: str, context: BuildContext) -> list[str]:
        user, password = context.credentials
        return [f"WSDL: {wsdl_url(base_url)}", f"SAP user: {user}  password: {password}"]

    def fixtures(self) -> TargetFixtures:
        root = fixtures_dir()
        return TargetFixtures(
            template=root / "templates" / "sap-ecc",
            host_config=root / "hosts" / "sap-ecc" / "Configuration.xml",
            mappings=root / "mappings" / "sap-ecc.json",
            scenarios=root / "scenarios" / "sap",
        )
