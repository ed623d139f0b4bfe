"""Hardened XML parsing settings shared by every package.

No DTD is loaded, no entity is expanded, nothing is fetched from the network, and a
document that carries a DOCTYPE is refused outright: a SOAP/XML peer has no reason to
send one, and refusing it closes billion-laughs and XXE tricks without relying on
parser details.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree


class UnsafeXMLError(ValueError):
    """The document uses a DTD, entities or another construct we refuse."""


def safe_parser(*, remove_blank_text: bool = False) -> etree.XMLParser:
    """An lxml parser with DTDs, entity expansion and network access off."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_blank_text=remove_blank_text,
        remove_comments=False,
    )


def zeep_settings(*, strict: bool = True, raw_response: bool = False):
    """zeep settings with the same hardening (forbid DTD, entities and external references)."""
    from zeep import Settings

    return Settings(
        strict=strict,
        raw_response=raw_response,
        xml_huge_tree=False,
        forbid_dtd=True,
        forbid_entities=True,
        forbid_external=True,
    )


def parse_bytes(data: bytes | str, *, source: str = "<input>", remove_blank_text: bool = False):
    """Parse a document with the safe parser, refusing any DOCTYPE.

    Raises ``UnsafeXMLError`` for a DOCTYPE and ``etree.XMLSyntaxError`` for malformed XML.
    Returns the root element; line numbers are kept (``element.sourceline``).
    """
    if isinstance(data, str):
        data = data.encode("utf-8")
    parser = safe_parser(remove_blank_text=remove_blank_text)
    root = etree.fromstring(data, parser=parser, base_url=None)
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise UnsafeXMLError(
            f"{source}: a DOCTYPE declaration is not allowed (DTDs and entities are refused)"
        )
    return root


def parse_file(path: str | Path, *, remove_blank_text: bool = False):
    """Parse a file with :func:`parse_bytes`; errors name the file."""
    p = Path(path)
    return parse_bytes(p.read_bytes(), source=str(p), remove_blank_text=remove_blank_text)
