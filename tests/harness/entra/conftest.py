"""The ``provlab entra`` commands are tested against the same fake SCIM host as the provisioning engine."""

from __future__ import annotations

from tests.harness.provisioning.conftest import fake  # noqa: F401 - a fixture
