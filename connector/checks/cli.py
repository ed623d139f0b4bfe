"""``provlab connector check``: a host configuration and its template, before the host starts."""

from __future__ import annotations

import json
from pathlib import Path

import click

from provlab.urls import http_url_problem


def _target_url(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    problem = http_url_problem(value) if value is not None else None
    if problem:
        raise click.BadParameter(
            f"{value!r} is not an http(s) URL ({problem}); give the target's base URL, e.g. http://127.0.0.1:8090"
        )
    return value


@click.command("check")
@click.option(
    "--config",
    "config_path",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The host configuration: ECMA2Host's Configuration.xml.",
)
@click.option(
    "--template",
    "template_path",
    type=click.Path(exists=True, path_type=Path),
    default=None,
    help="The connector template (a folder or .wsconfig); default: the configuration's Web Service Project.",
)
@click.option("--connector", "connector_name", default=None, help="Which connector (default: the first).")
@click.option(
    "--target-url",
    default=None,
    callback=_target_url,
    help="Also run Test Connection and a Full Import against this target (read-only).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON.")
@click.pass_context
def check(
    ctx: click.Context,
    config_path: Path,
    template_path: Path | None,
    connector_name: str | None,
    target_url: str | None,
    as_json: bool,
) -> None:
    """Check a Configuration.xml and its connector template together; exit 1 if a check fails.

    The files load, every selected attribute exists in the template with the same type and anchor,
    a host that deletes has a Delete workflow, the secret token is long enough; with --target-url,
    the template's Test Connection and Full Import run against the target (nothing is written).
    """
    from rich.console import Console

    from provlab.check_table import render_checks
    from provlab.checks import CheckResult, passed

    from .configuration import ConnectorFiles, cross_check_files, load_checked_template, load_connector
    from .target import check_target

    config, config_row = load_connector(config_path, connector_name)
    if template_path is None and config is not None:
        if not config.web_service.project:
            raise click.UsageError(
                f"{config_path}: the 'Web Service Project' parameter is empty; pass --template DIR"
            )
        template_path = Path(config.web_service.project)
    files = ConnectorFiles(config_path, template_path or Path(), config)
    results = [config_row]
    if template_path is None:
        results.append(CheckResult("template is valid", "static", skipped="pass --template DIR"))
    else:
        files.template, template_row = load_checked_template(template_path)
        results.append(template_row)
    results += cross_check_files(files)
    if target_url is not None and config is not None and files.template is not None:
        session = (ctx.find_root().obj or {}).get("target_session")  # injected by in-process tests
        results += check_target(config.with_project(template_path), target_url, session=session).results
    if as_json:
        document = {"passed": passed(results), "checks": [r.to_dict() for r in results]}
        click.echo(json.dumps(document, indent=2, ensure_ascii=False))
    else:
        render_checks(
            results, Console(width=140, soft_wrap=False, highlight=False), title="provlab connector check"
        )
    if not passed(results):
        ctx.exit(1)
