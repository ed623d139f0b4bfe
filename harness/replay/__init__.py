"""Replaying recorded SCIM traffic (the host's ``--record`` format) against a connector host."""

from .compare import Mismatch, match_subset
from .engine import DEFAULT_PASSWORD, Replayer
from .placeholders import PlaceholderError, substitute
from .report import ExchangeResult, ReplayReport, render_text
from .traffic import TrafficError, TrafficLine, load_traffic, parse_traffic

__all__ = [
    "DEFAULT_PASSWORD",
    "ExchangeResult",
    "Mismatch",
    "PlaceholderError",
    "ReplayReport",
    "Replayer",
    "TrafficError",
    "TrafficLine",
    "load_traffic",
    "match_subset",
    "parse_traffic",
    "render_text",
    "substitute",
]
