"""``python -m harness.validate --config … --template … --mappings …``."""

from .cli import validate

validate(prog_name="python -m harness.validate")
