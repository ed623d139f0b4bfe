"""``python -m harness.replay FILE --tenant-url URL --secret S``."""

from .cli import replay

replay(prog_name="python -m harness.replay")
