"""App roles: SingleAppRoleAssignment, AppRoleAssignmentsComplex, AssertiveAppRoleAssignmentsComplex.

The source attribute ``[appRoleAssignments]`` is a list of ``{"id", "value", "displayName"}``
objects. The role shapes follow MAP's example requests: the Complex form carries
``displayName``, the Assertive form ``display`` (that is how MAP shows them).
"""

from __future__ import annotations

from ..values import as_list
from .registry import Invocation, register

ROLE_TYPE = "WindowsAzureActiveDirectoryRole"


def _assignments(inv: Invocation) -> list[dict]:
    roles = as_list(inv.value(0))
    for role in roles:
        if not isinstance(role, dict) or "value" not in role:
            inv.fail("[appRoleAssignments] must be a list of {id, value, displayName} objects")
    return roles  # type: ignore[return-value]


@register("SingleAppRoleAssignment", ("appRoleAssignments",))
def single_app_role_assignment(inv: Invocation) -> dict | None:
    """SingleAppRoleAssignment([appRoleAssignments]): the user's one role (the first when several)."""
    roles = _assignments(inv)
    if not roles:
        return None
    if len(roles) > 1:
        inv.warn(
            "the user has several app role assignments; Entra gives no guarantee which one is provisioned"
        )
    role = roles[0]
    return {"id": role.get("id"), "value": role["value"], "displayName": role.get("displayName")}


def _complex(inv: Invocation, display_key: str) -> list[dict]:
    return [
        {"primary": False, "type": ROLE_TYPE, display_key: role.get("displayName"), "value": role["value"]}
        for role in _assignments(inv)
    ]


@register("AppRoleAssignmentsComplex", ("appRoleAssignments",))
def app_role_assignments_complex(inv: Invocation) -> list[dict]:
    """AppRoleAssignmentsComplex([appRoleAssignments]): every role, primary false (PATCH Add)."""
    return _complex(inv, "displayName")


@register("AssertiveAppRoleAssignmentsComplex", ("appRoleAssignments",))
def assertive_app_role_assignments_complex(inv: Invocation) -> list[dict]:
    """AssertiveAppRoleAssignmentsComplex([appRoleAssignments]): every role, sent with PATCH replace."""
    return _complex(inv, "display")
