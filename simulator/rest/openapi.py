"""The OpenAPI 3.0 document of the REST user service, served at ``/api/v1/openapi.json``.

Kept next to the routes and checked against them by the tests, so it describes what the
service does.
"""

from __future__ import annotations

from typing import Any

from simulator.rest.model import TEXT_FIELDS


def _error(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def _user(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/User"}}},
    }


_ID = {
    "name": "id",
    "in": "path",
    "required": True,
    "schema": {"type": "string"},
    "description": "The userName",
}
_BODY = {
    "required": True,
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/UserInput"}}},
}
_AUTH_ERRORS = {"401": _error("Missing or wrong credentials")}


def openapi_document(base_path: str) -> dict[str, Any]:
    text_properties = {
        name: {"type": "string", "maxLength": limit} for name, (_attribute, limit) in TEXT_FIELDS.items()
    }
    input_properties = {
        "userName": {"type": "string", "pattern": r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$"},
        **text_properties,
        "active": {"type": "boolean", "description": "false = locked"},
        "validUntil": {"type": "string", "format": "date", "nullable": True, "description": "last valid day"},
    }
    user_properties = {
        "id": {"type": "string", "readOnly": True},
        **input_properties,
        "status": {
            "type": "string",
            "enum": ["active", "expired", "not_yet_valid", "locked"],
            "readOnly": True,
        },
        "created": {"type": "string", "format": "date-time", "readOnly": True},
        "lastModified": {"type": "string", "format": "date-time", "readOnly": True},
    }
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "provlab line-of-business user API",
            "version": "1.0.0",
            "description": "Simulated LOB user service. Errors are JSON objects with a code and a message.",
        },
        "servers": [{"url": base_path}],
        "security": [{"bearer": []}, {"basic": []}],
        "paths": {
            "/users": {
                "get": {
                    "operationId": "listUsers",
                    "summary": "A page of users in userName order",
                    "parameters": [
                        {
                            "name": "page",
                            "in": "query",
                            "schema": {"type": "integer", "minimum": 1, "default": 1},
                        },
                        {
                            "name": "pageSize",
                            "in": "query",
                            "schema": {"type": "integer", "minimum": 1, "maximum": 500, "default": 50},
                        },
                        {
                            "name": "modifiedSince",
                            "in": "query",
                            "schema": {"type": "string", "format": "date-time"},
                            "description": "Only users changed after this instant (delta read)",
                        },
                    ],
                    "responses": {
                        "200": {
                            "description": "One page",
                            "content": {
                                "application/json": {"schema": {"$ref": "#/components/schemas/UserList"}}
                            },
                        },
                        "400": _error("Bad paging or modifiedSince value"),
                        **_AUTH_ERRORS,
                    },
                },
                "post": {
                    "operationId": "createUser",
                    "requestBody": _BODY,
                    "responses": {
                        "201": _user("Created; Location names the new user"),
                        "400": _error("Invalid or malformed body"),
                        "409": _error("userName already exists"),
                        **_AUTH_ERRORS,
                    },
                },
            },
            "/users/{id}": {
                "parameters": [_ID],
                "get": {
                    "operationId": "getUser",
                    "responses": {"200": _user("The user"), "404": _error("No such user"), **_AUTH_ERRORS},
                },
                "put": {
                    "operationId": "replaceUser",
                    "description": "Replace every writable field; absent fields take their defaults.",
                    "requestBody": _BODY,
                    "responses": {
                        "200": _user("Replaced"),
                        "400": _error("Invalid body or userName changed"),
                        "404": _error("No such user"),
                        **_AUTH_ERRORS,
                    },
                },
                "patch": {
                    "operationId": "updateUser",
                    "description": "Change only the fields present.",
                    "requestBody": _BODY,
                    "responses": {
                        "200": _user("Updated"),
                        "400": _error("Invalid body or userName changed"),
                        "404": _error("No such user"),
                        **_AUTH_ERRORS,
                    },
                },
                "delete": {
                    "operationId": "deleteUser",
                    "responses": {
                        "204": {"description": "Deleted"},
                        "404": _error("No such user"),
                        **_AUTH_ERRORS,
                    },
                },
            },
            "/openapi.json": {
                "get": {
                    "operationId": "openapi",
                    "security": [],
                    "responses": {"200": {"description": "This document"}},
                }
            },
        },
        "components": {
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer"},
                "basic": {"type": "http", "scheme": "basic"},
            },
            "schemas": {
                "UserInput": {
                    "type": "object",
                    "properties": input_properties,
                    "additionalProperties": False,
                },
                "User": {"type": "object", "properties": user_properties, "required": ["id", "userName"]},
                "UserList": {
                    "type": "object",
                    "required": ["users", "total", "next"],
                    "properties": {
                        "users": {"type": "array", "items": {"$ref": "#/components/schemas/User"}},
                        "total": {"type": "integer"},
                        "page": {"type": "integer"},
                        "pageSize": {"type": "integer"},
                        "next": {
                            "type": "string",
                            "nullable": True,
                            "description": "Link to the next page, or null",
                        },
                    },
                },
                "Error": {
                    "type": "object",
                    "required": ["code", "message"],
                    "properties": {"code": {"type": "string"}, "message": {"type": "string"}},
                },
            },
        },
    }
