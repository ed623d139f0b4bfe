"""Which OpenAPI version a document is, and whether it is a valid one: openapi-spec-validator does
the checking (Swagger 2.0, OpenAPI 3.0 and 3.1), reading references through the discovery policy.

Discovery works only from valid documents: what an invalid one means is a guess. Every problem is
reported with its JSON pointer and line, at most :data:`MAX_REPORTED` of them.
"""

from __future__ import annotations

import re
from typing import Any

from connector.discovery.errors import OpenApiRefusal, OpenApiRefusedError
from connector.discovery.openapi_refs import RefPolicy, handlers, unresolvable
from connector.discovery.openapi_source import OpenApiDocument, escape

MAX_REPORTED = 20
VERSIONS = ("2.0", "3.0", "3.1")
_VERSION = re.compile(r"^(\d+)\.(\d+)(\.\d+)?(-.+)?$")


def spec_version(document: OpenApiDocument) -> str:
    """``"2.0"``, ``"3.0"`` or ``"3.1"``; anything else is refused with what was found."""
    data = document.data
    declared = data.get("openapi", data.get("swagger"))
    key = "openapi" if "openapi" in data else "swagger"
    match = _VERSION.match(declared) if isinstance(declared, str) else None
    version = f"{match.group(1)}.{match.group(2)}" if match else ""
    if version in VERSIONS and (key == "swagger") == (version == "2.0"):
        return version
    if declared is None:
        what = "it has neither an 'openapi' nor a 'swagger' field, so it is no OpenAPI or Swagger document"
    else:
        what = f"'{key}: {declared}' is not a version discovery reads"
    raise OpenApiRefusedError(
        f"{document.location}: the document is refused",
        [
            OpenApiRefusal(
                "version",
                f"{what}; it reads OpenAPI 3.0 and 3.1 ('openapi: 3.1.0') "
                "and Swagger 2.0 ('swagger: \"2.0\"')",
                f"#/{key}" if declared is not None else "#",
                document.line_of(f"#/{key}") if declared is not None else 0,
                document.location,
            )
        ],
    )


def validate_document(document: OpenApiDocument, version: str, policy: RefPolicy) -> None:
    """Raise :class:`OpenApiRefusedError` listing what makes ``document`` an invalid ``version`` document."""
    from jsonschema_path import SchemaPath
    from openapi_spec_validator import (
        OpenAPIV2SpecValidator,
        OpenAPIV30SpecValidator,
        OpenAPIV31SpecValidator,
    )
    from referencing.exceptions import Unresolvable

    validator_class = {
        "2.0": OpenAPIV2SpecValidator,
        "3.0": OpenAPIV30SpecValidator,
        "3.1": OpenAPIV31SpecValidator,
    }[version]
    spec = SchemaPath.from_dict(document.data, base_uri=document.uri, handlers=handlers(policy))
    refusals: list[OpenApiRefusal] = []
    try:
        for error in validator_class(spec).iter_errors():
            detail = _deepest(error)
            pointer = (
                _pointer(detail.absolute_path) if detail.absolute_path else _pointer(error.absolute_path)
            )
            refusals.append(
                OpenApiRefusal(
                    "invalid",
                    f"not valid OpenAPI {version}: {_short(detail.message)}",
                    pointer,
                    document.line_of(pointer),
                    document.location,
                )
            )
            if len(refusals) >= MAX_REPORTED:
                break
    except Unresolvable as exc:
        why = unresolvable(exc)
        refusals.append(
            OpenApiRefusal(
                why.rule if why else "unresolvable-ref",
                why.reason if why else f"a $ref cannot be resolved: {exc}",
                "",
                0,
                document.location,
            )
        )
    except RecursionError:
        refusals.append(
            OpenApiRefusal(
                "ref-loop",
                "the validator met references it cannot finish following",
                "",
                0,
                document.location,
            )
        )
    if refusals:
        raise OpenApiRefusedError(
            f"{document.location}: not a valid OpenAPI {version} document (fix these, then discover again)",
            refusals,
        )


def _deepest(error: Any) -> Any:
    """For "not valid under any of the given schemas", the alternative that got furthest into the
    document: it usually names the real mistake (a missing field, a wrong value)."""
    while getattr(error, "context", None):
        error = max(error.context, key=lambda e: (len(e.absolute_path), e.validator != "required"))
    return error


def _pointer(path: Any) -> str:
    return "#" + "".join(f"/{escape(str(part))}" for part in path)


def _short(message: str, limit: int = 300) -> str:
    """A validator message without the dump of the whole offending value."""
    return message if len(message) <= limit else message[: limit - 1] + "…"
