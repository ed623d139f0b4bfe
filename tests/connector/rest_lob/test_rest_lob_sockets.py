"""The rest-lob template over real loopback sockets: the simulator served by waitress, the template's
requests going through a plain requests session to its address."""

from __future__ import annotations

import pytest

from connector.host.wiring import TemplateBackend
from provlab.serving import serve_in_thread
from simulator.app import DEFAULT_CREDENTIALS, create_app
from tests.connector.rest_lob.conftest import TEMPLATE, add_users


@pytest.mark.sockets
def test_the_rest_lob_template_over_real_loopback_sockets(lob_store):
    add_users(lob_store, 120)
    user, password = DEFAULT_CREDENTIALS
    with serve_in_thread(create_app(store=lob_store)) as server:
        backend = TemplateBackend.from_path(TEMPLATE, target_url=server.url, username=user, password=password)
        assert backend.test_connection().status == "Success"
        assert len(backend.full_import("User").entries) == 122
        added = backend.export("User", "Add", None, {"userName": "sock", "surname": "Et", "active": False})
        assert added.status == "Success" and lob_store.get("sock").locked
        assert backend.export("User", "Delete", "sock", {}).status == "Success"
    assert lob_store.get("sock") is None
