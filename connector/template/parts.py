"""What reading a template's files produced, before its meaning is checked.

:mod:`connector.template.loader` fills it, :mod:`connector.template.validate` checks it, and
:func:`connector.template.loader.load_template` runs both; this module sits below the two so
that the dependency goes one way (loader -> validate -> parts).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from connector.template import model as m
from connector.template.problems import Problem
from connector.template.source import TemplateSource


@dataclass
class LoadedParts:
    """What loaded cleanly (None/absent when a file failed) and every problem found so far."""

    source: TemplateSource
    discovery: m.Discovery | None = None
    schema: m.Schema | None = None
    workflows: dict[tuple[str, str], m.Workflow] = field(default_factory=dict)
    shared: dict[tuple[str, str], m.SharedWorkflow] = field(default_factory=dict)
    wsdl_files: dict[str, bytes] = field(default_factory=dict)
    present: set[tuple[str, str]] = field(default_factory=set)  # workflow files found, valid or not
    problems: list[Problem] = field(default_factory=list)

    def template(self) -> m.Template:
        assert self.discovery is not None and self.schema is not None  # noqa: S101 - guarded by callers
        return m.Template(
            name=self.source.name,
            source=self.source.display_root,
            discovery=self.discovery,
            schema=self.schema,
            workflows=dict(self.workflows),
            wsdl_files=dict(self.wsdl_files),
            shared=dict(self.shared),
        )
