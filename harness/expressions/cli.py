"""``provlab expression``: evaluate one expression, like the portal's expression builder."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from typing import NoReturn

import click

from . import (
    KNOWN_QUIRKS,
    EvaluationContext,
    ExpressionEvaluationError,
    ExpressionSyntaxError,
    evaluate_tree,
    parse,
    to_graph,
)


def parse_attributes(pairs: tuple[str, ...], attrs_json: str | None = None) -> dict[str, object]:
    """``--attr NAME=VALUE`` pairs (a repeated name is multi-valued) merged over ``--attrs-json``."""
    attributes: dict[str, object] = {}
    if attrs_json:
        try:
            loaded = json.loads(attrs_json)
        except json.JSONDecodeError as exc:
            raise click.BadParameter(f"not JSON: {exc}", param_hint="--attrs-json") from None
        if not isinstance(loaded, dict):
            raise click.BadParameter("must be a JSON object of attribute: value", param_hint="--attrs-json")
        attributes.update(loaded)
    repeated: set[str] = set()
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip()
        if not sep or not name:
            raise click.BadParameter(f"{pair!r} is not NAME=VALUE", param_hint="--attr")
        if name in repeated:  # a repeated name makes a multi-valued attribute
            existing = attributes[name]
            attributes[name] = [*existing, value] if isinstance(existing, list) else [existing, value]
        else:
            attributes[name] = value
            repeated.add(name)
    return attributes


def _now(text: str | None) -> datetime | None:
    if text is None:
        return None
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise click.BadParameter(f"{text!r} is not an ISO 8601 date-time", param_hint="--now") from None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def display_value(value: object) -> str:
    """A value as the CLI prints it: (null), True/False, JSON for lists and objects."""
    if value is None:
        return "(null)"
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


@click.command("expression")
@click.argument("expr", metavar="EXPR")
@click.option(
    "--attr",
    "pairs",
    multiple=True,
    metavar="NAME=VALUE",
    help="A source attribute; repeat a name for a multi-valued attribute.",
)
@click.option(
    "--attrs-json", metavar="JSON", help="Attributes as a JSON object, e.g. '{\"IsSoftDeleted\": true}'."
)
@click.option("--now", "now_text", metavar="ISO", help="Fix Now() to this time, e.g. 2021-07-02T15:33:38Z.")
@click.option("--seed", type=int, help="Seed Guid() and RandomString() for repeatable output.")
@click.option(
    "--quirk",
    "quirks",
    multiple=True,
    type=click.Choice(sorted(KNOWN_QUIRKS)),
    help="Reproduce a documented Entra defect.",
)
@click.option("--graph", "show_graph", is_flag=True, help="Also print the Graph JSON expression tree.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def expression(
    expr: str,
    pairs: tuple[str, ...],
    attrs_json: str | None,
    now_text: str | None,
    seed: int | None,
    quirks: tuple[str, ...],
    show_graph: bool,
    as_json: bool,
) -> None:
    """Evaluate an Entra attribute-mapping expression EXPR against source attributes.

    \b
    Examples:
      provlab expression 'ToUpper(Word([upn], 1, "@"), )' --attr upn=jsmith@contoso.com
      provlab expression 'Switch([IsSoftDeleted], , "False", "9999-12-31", "True", "1990-01-01")' \\
          --attr IsSoftDeleted=True
      provlab expression 'DateAdd("d", 7, Now())' --now 2021-07-02T15:33:38Z --json

    Exit status: 0 evaluated, 1 the expression failed for these values, 2 bad syntax or options.
    """
    attributes = parse_attributes(pairs, attrs_json)
    now = _now(now_text)
    context = (
        EvaluationContext.fixed(now or datetime.now(UTC), seed=seed)
        if seed is not None
        else EvaluationContext()
    )
    if now is not None:
        context.now = lambda: now
    context.quirks = frozenset(quirks)
    try:
        tree = parse(expr)
    except ExpressionSyntaxError as exc:
        _fail(as_json, "syntax", str(exc), 2, line=exc.line, column=exc.column, expected=exc.expected)
    try:
        result = evaluate_tree(tree, attributes, context)
    except ExpressionEvaluationError as exc:
        _fail(as_json, "evaluation", str(exc), 1, function=exc.function)
    if as_json:
        payload: dict[str, object] = {
            "expression": expr,
            "value": result.value,
            "flows": result.flows,
            "redacted": result.redacted,
            "logValue": result.log_value,
            "warnings": list(result.warnings),
        }
        if show_graph:
            payload["graph"] = to_graph(tree)
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2, default=str))
        return
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    if not result.flows:
        click.echo("(dropped from the flow by IgnoreFlowIfNullOrEmpty)")
    else:
        click.echo(display_value(result.value))
    if result.redacted:
        click.echo("note: provisioning logs show this value as [Redact]", err=True)
    if show_graph:
        click.echo(json.dumps(to_graph(tree), ensure_ascii=False, indent=2))


def _fail(as_json: bool, kind: str, message: str, code: int, **details: object) -> NoReturn:
    if as_json:
        click.echo(json.dumps({"error": kind, "message": message, **details}, indent=2))
    else:
        click.echo(f"error: {message}", err=True)
    sys.exit(code)


cli = expression  # what `python -m harness.expressions` runs
