import pytest
from lxml import etree

from provlab.xmlsafe import UnsafeXMLError, parse_bytes

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<lolz>&lol2;</lolz>"""

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><r>&xxe;</r>"""


@pytest.mark.parametrize("document", [BILLION_LAUGHS, XXE])
def test_entity_documents_are_refused(document):
    with pytest.raises(UnsafeXMLError, match="DOCTYPE"):
        parse_bytes(document, source="request")


def test_plain_document_parses_with_line_numbers():
    root = parse_bytes(b"<a>\n  <b>x</b>\n</a>")
    assert root.find("b").text == "x"
    assert root.find("b").sourceline == 2


def test_malformed_document_is_a_syntax_error():
    with pytest.raises(etree.XMLSyntaxError):
        parse_bytes(b"<a><b></a>")


def test_zeep_settings_forbid_dtd_and_entities():
    from provlab.xmlsafe import zeep_settings

    settings = zeep_settings()
    assert settings.forbid_dtd and settings.forbid_entities and settings.forbid_external
