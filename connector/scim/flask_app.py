"""The thin Flask adapter: HTTP in, :class:`ScimRequest` to the router, HTTP out."""

from __future__ import annotations

import json

from flask import Flask, Response, request

from .errors import ScimError
from .messages import ScimRequest
from .router import ScimRouter


def create_flask_app(router: ScimRouter) -> Flask:
    """A Flask app answering every path through ``router``; bodies larger than the router's
    limit are refused before they are read."""
    app = Flask("connector.scim")

    @app.route("/", defaults={"path": ""}, methods=["GET", "POST", "PATCH", "PUT", "DELETE"])
    @app.route("/<path:path>", methods=["GET", "POST", "PATCH", "PUT", "DELETE"])
    def scim(path: str) -> Response:
        limit = router.max_body_bytes
        declared = request.content_length
        # An oversized body is not read at all; the router answers 413 from its declared length.
        body = b"" if declared is not None and declared > limit else request.stream.read(limit + 1)
        scim_request = ScimRequest(
            method=request.method,
            path=request.path,
            query_string=request.query_string.decode("latin-1"),
            headers=dict(request.headers),
            body=body,
            host_url=request.host_url.rstrip("/"),
            declared_length=declared,
        )
        answer = router.handle(scim_request)
        payload = b"" if answer.body is None else json.dumps(answer.body).encode("utf-8")
        return Response(payload, status=answer.status, headers=answer.headers)

    @app.errorhandler(405)
    def method_not_allowed(_error) -> Response:
        error = ScimError(405, f"{request.method} is not allowed")
        return Response(json.dumps(error.body()), status=405, content_type="application/scim+json")

    return app
