"""What the simulator's JSON APIs (REST service, admin API) share: the error shape and its handlers."""

from __future__ import annotations

from flask import Flask, jsonify
from werkzeug.exceptions import HTTPException


class ApiError(Exception):
    """An error answer: HTTP ``status``, a machine ``code`` and a message saying what to fix."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message

    def as_json(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}


def invalid(message: str) -> ApiError:
    return ApiError(400, "invalid_request", message)


def install_json_errors(app: Flask, *, challenge: str) -> None:
    """Answer every error, including Flask's own 404/405, as ``{"code", "message"}`` JSON."""

    @app.errorhandler(ApiError)
    def api_error(error: ApiError):
        response = jsonify(error.as_json())
        response.status_code = error.status
        if error.status == 401:
            response.headers["WWW-Authenticate"] = challenge
        return response

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        code = (error.name or "error").lower().replace(" ", "_")
        response = jsonify({"code": code, "message": error.description or error.name})
        response.status_code = error.code or 500
        return response


def json_body(request) -> object:
    """The request's JSON body, or a clear 400 when it is missing or not JSON."""
    if not request.get_data(cache=True):
        raise invalid("the request needs a JSON body")
    try:
        return request.get_json(force=True, silent=False)
    except Exception:  # werkzeug raises BadRequest with an HTML text; we answer in JSON
        raise ApiError(400, "malformed_json", "the request body is not valid JSON") from None
