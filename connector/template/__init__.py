"""Connector templates: the model, XSDs, loader and static validation (``provlab template``)."""

from connector.template.loader import load_template, read_parts
from connector.template.problems import Location, Problem, TemplateInvalidError

__all__ = ["Location", "Problem", "TemplateInvalidError", "load_template", "read_parts"]
