"""The line-of-business REST user API as a simulated target vendor: ``/api/v1/users`` (Flask),
a bearer token of its own or the simulator's HTTP basic credentials, the generic fault kinds,
and the shipped ``rest-lob`` fixtures. Cheap to import; Flask loads only when it is built."""

from __future__ import annotations

from provlab.fixtures import fixtures_dir
from simulator.target import BuildContext, Built, Mount, Setting, Target, TargetFixtures

DEFAULT_REST_TOKEN = "provlab-rest-token"  # noqa: S105 - documented lab default, --rest-token overrides
SKIPPED_METHODS = frozenset({"HEAD", "OPTIONS"})


def rest_url(base_url: str) -> str:
    """The REST service's base address under a server's base URL."""
    from simulator.rest.service import API_PREFIX

    return base_url.rstrip("/") + API_PREFIX


class RestTarget(Target):
    """The LOB REST user API: CRUD on ``/users`` with paging and delta reads, OpenAPI 3."""

    name = "rest"
    label = "REST"
    title = "the REST user service"
    handle_attribute = "rest_flask"
    settings = (
        Setting(
            "rest_token",
            DEFAULT_REST_TOKEN,
            "--rest-token",
            "Bearer token for the REST service (or $PROVLAB_REST_TOKEN).",
            envvar="PROVLAB_REST_TOKEN",
        ),
    )

    def build(self, context: BuildContext) -> Built:
        from simulator.rest.service import API_PREFIX, create_rest_app
        from simulator.rest.wire import RestWire

        app = create_rest_app(
            context.store, credentials=context.credentials, token=context.settings["rest_token"]
        )
        return Built(mounts=(Mount(API_PREFIX, app, RestWire(app), hint=f"{API_PREFIX}/users"),), handle=app)

    def operations(self) -> tuple[str, ...]:
        """Every route as the journal names it (``GET /api/v1/users/<user_id>``), from the app itself."""
        from simulator.rest.service import API_PREFIX, create_rest_app
        from simulator.store import UserStore

        app = create_rest_app(UserStore(), credentials=("", ""), token="")  # noqa: S106 - never served
        return tuple(
            f"{method} {API_PREFIX}{rule.rule}"
            for rule in app.url_map.iter_rules()
            if rule.endpoint != "static"
            for method in sorted(rule.methods - SKIPPED_METHODS)
        )

    def description_url(self, base_url: str) -> str:
        return f"{rest_url(base_url)}/openapi.json"

    def banner(self, base_url: str, context: BuildContext) -> list[str]:
        user, password = context.credentials
        return [
            f"REST: {rest_url(base_url)}/users",
            f"REST token: {context.settings['rest_token']}  (or basic {user} / {password})",
        ]

    def fixtures(self) -> TargetFixtures:
        root = fixtures_dir()
        return TargetFixtures(
            template=root / "templates" / "rest-lob",
            host_config=root / "hosts" / "rest-lob" / "Configuration.xml",
            mappings=root / "scenarios" / "rest" / "rest-lob.mappings.yaml",
            scenarios=root / "scenarios" / "rest",
        )
