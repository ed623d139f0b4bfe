"""Parse one template XML file safely and check it against its XSD, collecting every problem.

lxml gives elements a line but no column; :class:`SourceText` finds the column of an element
(or one of its attributes) on its line so every message reads ``file:line:col``.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

from lxml import etree

from connector.template.problems import Location, Problem
from provlab.xmlsafe import UnsafeXMLError, parse_bytes

_ELEMENT_IN_MESSAGE = re.compile(r"Element '(?:\{[^}]*\})?([\w.\-]+)'")


@cache
def xml_schema(kind: str) -> etree.XMLSchema:
    """The XSD shipped for a file kind: ``discovery``, ``schema`` or ``workflow``."""
    data = resources.files("connector.template").joinpath("xsd", f"{kind}.xsd").read_bytes()
    return etree.XMLSchema(parse_bytes(data, source=f"{kind}.xsd"))


class SourceText:
    """The text of one file, to turn an lxml element (and attribute) into a ``Location``."""

    def __init__(self, display: str, data: bytes) -> None:
        self.display = display
        self.lines = data.decode("utf-8", errors="replace").splitlines()

    def column(self, line: int, needle: str) -> int:
        """1-based column of ``needle`` on ``line``; 0 when it is not there."""
        if 1 <= line <= len(self.lines):
            return self.lines[line - 1].find(needle) + 1
        return 0

    def at(self, element: etree._Element, attribute: str | None = None) -> Location:
        line = element.sourceline or 0
        col = self.column(line, f"{attribute}=") if attribute else 0
        col = col or self.column(line, f"<{etree.QName(element).localname}")
        return Location(self.display, line, col or 1)

    def problem(self, element: etree._Element, message: str, attribute: str | None = None) -> Problem:
        return Problem(self.at(element, attribute), message)


def parse_checked(
    display: str, data: bytes, kind: str
) -> tuple[etree._Element | None, SourceText, list[Problem]]:
    """Parse ``data`` and validate it with the ``kind`` XSD; the root only when both succeed."""
    text = SourceText(display, data)
    try:
        root = parse_bytes(data, source=display)
    except UnsafeXMLError:
        return (
            None,
            text,
            [Problem(Location(display, 1, 1), "DOCTYPE declarations are not allowed: remove it")],
        )
    except etree.XMLSyntaxError as exc:
        line, col = exc.lineno or 1, exc.offset or 1
        return None, text, [Problem(Location(display, line, col), f"not well-formed XML: {exc.msg}")]
    schema = xml_schema(kind)
    if schema.validate(root):
        return root, text, []
    problems = []
    for entry in schema.error_log:
        found = _ELEMENT_IN_MESSAGE.search(entry.message)
        col = entry.column or (text.column(entry.line, f"<{found.group(1)}") if found else 0) or 1
        problems.append(Problem(Location(display, entry.line, col), f"{kind} XSD: {entry.message}"))
    return None, text, problems
