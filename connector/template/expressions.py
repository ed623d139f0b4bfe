"""The expression language of workflows: Python-like syntax evaluated by simpleeval, never ``eval``.

An expression sees the run's variables (``objectToExport``, ``schemaType``, ``customData``,
call results, ``Assign``-ed names) and the helper functions below. The validator uses
:func:`check_expression` to report syntax errors, unknown functions, constructs simpleeval
refuses and attribute names (``attr('x')``) missing from the schema, before anything runs.
"""

from __future__ import annotations

import ast
import json
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any

from simpleeval import EvalWithCompoundTypes, InvalidExpression

from provlab.clock import SYSTEM_CLOCK, Clock

EMPTY_DATES = ("", "0000-00-00", "00000000")


class ExpressionError(ValueError):
    """An expression does not parse, or failed while evaluating."""


# --- helpers (pure) --------------------------------------------------------------------------------


def as_list(value: Any) -> list:
    """A table as a list whatever the wire gave: nothing -> [], one row -> [row]."""
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return list(value)
    return [value]


def dig(obj: Any, path: str, default: Any = None) -> Any:
    """Walk ``a.b.0.c`` through dicts, lists and objects; ``default`` when any step is missing."""
    for part in str(path).split("."):
        if obj is None:
            return default
        if isinstance(obj, Mapping):
            obj = obj.get(part)
        elif isinstance(obj, (list, tuple)) and part.isdigit():
            index = int(part)
            obj = obj[index] if index < len(obj) else None
        else:
            obj = getattr(obj, part, None) if not part.startswith("_") else None
    return default if obj is None else obj


def coalesce(*values: Any) -> Any:
    """The first value that is neither None nor an empty string."""
    return next((v for v in values if v is not None and v != ""), None)


def text(value: Any) -> str:
    """``str`` that turns None into an empty string."""
    return "" if value is None else str(value)


def _to_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raw = str(value).strip()
    try:
        return datetime.fromisoformat(raw).date() if "T" in raw or " " in raw else date.fromisoformat(raw)
    except ValueError:
        raise ExpressionError(f"{value!r} is not an ISO date (expected YYYY-MM-DD)") from None


def format_date(value: Any, pattern: str = "%Y-%m-%d", empty: str = "") -> str:
    """An ISO date (or datetime) formatted with ``pattern``; ``empty`` when there is no date."""
    if value is None or str(value).strip() == "":
        return empty
    return _to_date(value).strftime(pattern)


def is_date(value: Any) -> bool:
    """Whether ``value`` is an ISO date or date-time ``format_date`` accepts."""
    try:
        _to_date(value)
    except (ExpressionError, TypeError):
        return False
    return True


def parse_date(value: Any, pattern: str = "%Y-%m-%d", empty: tuple | list = EMPTY_DATES) -> str | None:
    """A date written with ``pattern`` as ISO ``YYYY-MM-DD``; None for blank or ``empty`` markers."""
    if value is None:
        return None
    if isinstance(value, (date, datetime)):
        return _to_date(value).isoformat()
    raw = str(value).strip()
    if raw in empty or raw == "":
        return None
    try:
        return datetime.strptime(raw, pattern).date().isoformat()
    except ValueError:
        raise ExpressionError(f"{value!r} does not match the date pattern {pattern!r}") from None


def iso_datetime(value: Any) -> datetime | None:
    """An ISO 8601 date or date-time as an aware UTC datetime, so stamps compare by time, not as text.

    ``2026-01-15T09:00:00Z`` and ``2026-01-15T09:00:00.000Z`` are equal; a time without an offset
    and a bare date count as UTC; None for blank values. (As text, "09:00:00Z" sorts after
    "09:00:00.5Z" though it is earlier.)"""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, date):
        parsed = datetime(value.year, value.month, value.day)
    else:
        try:
            parsed = datetime.fromisoformat(str(value).strip())
        except ValueError:
            raise ExpressionError(f"{value!r} is not an ISO 8601 date-time") from None
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def later_of(*values: Any) -> Any:
    """The latest of ISO date-times (lists are looked into), as it was written; None if all are blank."""
    flat = [v for value in values for v in (value if isinstance(value, (list, tuple)) else [value])]
    stamps = [(iso_datetime(v), v) for v in flat if v is not None and str(v).strip()]
    return max(stamps, key=lambda pair: pair[0])[1] if stamps else None


def upper(value: Any) -> str:
    return text(value).upper()


def lower(value: Any) -> str:
    return text(value).lower()


def trim(value: Any) -> str:
    return text(value).strip()


def join(separator: str, items: Any) -> str:
    return str(separator).join(text(i) for i in as_list(items))


def split(value: Any, separator: str = ",") -> list[str]:
    raw = text(value)
    return raw.split(separator) if raw else []


def first(items: Any, default: Any = None) -> Any:
    rows = as_list(items)
    return rows[0] if rows else default


def last(items: Any, default: Any = None) -> Any:
    rows = as_list(items)
    return rows[-1] if rows else default


def to_json(value: Any) -> str:
    return json.dumps(value, default=str, sort_keys=True)


def from_json(value: Any) -> Any:
    return json.loads(text(value)) if text(value) else None


PURE_HELPERS: dict[str, Callable[..., Any]] = {
    "as_list": as_list,
    "dig": dig,
    "coalesce": coalesce,
    "text": text,
    "format_date": format_date,
    "parse_date": parse_date,
    "is_date": is_date,
    "iso_datetime": iso_datetime,
    "later_of": later_of,
    "upper": upper,
    "lower": lower,
    "trim": trim,
    "join": join,
    "split": split,
    "first": first,
    "last": last,
    "to_json": to_json,
    "from_json": from_json,
    "len": len,
    "str": str,
    "int": int,
    "float": float,
    "bool": bool,
    "min": min,
    "max": max,
    "sorted": sorted,
    "any": any,
    "all": all,
}
# helpers bound to the run (its object to export and its clock)
RUN_HELPERS = ("attr", "has", "today", "now")
ATTRIBUTE_HELPERS = ("attr", "has")  # their first argument names a schema attribute
HELPER_NAMES = frozenset(PURE_HELPERS) | frozenset(RUN_HELPERS)


# --- parsing and static checks ---------------------------------------------------------------------


@lru_cache(maxsize=4096)
def parse_expression(source: str) -> ast.expr:
    """The syntax tree of one expression; ExpressionError with the reason when it does not parse."""
    try:
        tree = ast.parse(source.strip(), mode="eval")
    except SyntaxError as exc:
        raise ExpressionError(f"expression {source!r} does not parse: {exc.msg}") from None
    return tree.body


_SUPPORTED = EvalWithCompoundTypes()


def check_expression(source: str) -> tuple[list[str], list[str]]:
    """Static check of one expression: (problems, attribute names it reads through ``attr``/``has``)."""
    try:
        root = parse_expression(source)
    except ExpressionError as exc:
        return [str(exc)], []
    problems: list[str] = []
    attributes: list[str] = []
    for node in ast.walk(root):
        if isinstance(node, ast.expr) and type(node) not in _SUPPORTED.nodes:
            problems.append(
                f"expression {source!r} uses {type(node).__name__}, which expressions do not support"
            )
        op = getattr(node, "op", None)
        if isinstance(node, (ast.BinOp, ast.UnaryOp)) and type(op) not in _SUPPORTED.operators:
            problems.append(f"expression {source!r} uses an operator expressions do not support")
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            name = node.func.id
            if name not in HELPER_NAMES:
                known = ", ".join(sorted(HELPER_NAMES))
                problems.append(f"expression {source!r} calls unknown function {name!r} (known: {known})")
            elif name in ATTRIBUTE_HELPERS and node.args and isinstance(node.args[0], ast.Constant):
                attributes.append(str(node.args[0].value))
    return problems, attributes


# --- evaluation -------------------------------------------------------------------------------------


class Evaluator:
    """Evaluates expressions against a run's variables (a dict the interpreter keeps updating)."""

    def __init__(self, scope: dict[str, Any], *, clock: Clock = SYSTEM_CLOCK) -> None:
        self.scope = scope
        functions = dict(PURE_HELPERS)
        functions.update(attr=self._attr, has=self._has, today=lambda: clock.today().isoformat())
        functions["now"] = lambda: clock.now().isoformat()
        self._engine = EvalWithCompoundTypes(names=scope, functions=functions)

    def _attr(self, name: str, default: Any = None) -> Any:
        obj = self.scope.get("objectToExport")
        value = obj.get(name) if obj is not None else None
        return default if value is None else value

    def _has(self, name: str) -> bool:
        value = self._attr(name)
        return value is not None and value != "" and value != []

    def evaluate(self, source: str) -> Any:
        tree = parse_expression(source)
        try:
            return self._engine.eval(source, previously_parsed=tree)
        except ExpressionError:
            raise
        except InvalidExpression as exc:
            raise ExpressionError(f"expression {source!r} failed: {exc}") from None
        except Exception as exc:  # noqa: BLE001 - any failure inside an expression is the template's
            raise ExpressionError(f"expression {source!r} failed: {type(exc).__name__}: {exc}") from None
