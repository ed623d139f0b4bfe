"""``python -m harness.entra``: the same group as ``provlab entra``, without the root command."""

from .cli import cli

cli(prog_name="python -m harness.entra")
