"""NormalizeDiacritics: Microsoft's documented character table, applied letter by letter.

The table is the definition (it is not "strip every combining mark": ß becomes ss,
ø becomes oe, ı becomes i, and characters not in the table are kept as they are).
Several entries are a base letter plus combining marks, so the input is read in
clusters (a character and the combining marks after it), compared in NFC form.
"""

from __future__ import annotations

import unicodedata

from .registry import Invocation, register

# (characters with diacritics, comma-separated) -> normalized text; copied from FUN's table.
_TABLE_ROWS = (
    ("ä, à, â, ã, å, á, ą, ă, ā, ā́, ā̀, ā̂, ā̃, ǟ, ā̈, ǡ, a̱, å̄", "a"),
    ("Ä, À, Â, Ã, Å, Á, Ą, Ă, Ā, Ā́, Ā̀, Ā̂, Ā̃, Ǟ, Ā̈, Ǡ, A̱, Å̄", "A"),
    ("æ, ǣ", "ae"),
    ("Æ, Ǣ", "AE"),
    ("ç, č, ć, c̄, c̱", "c"),
    ("Ç, Č, Ć, C̄, C̱", "C"),
    ("ď, d̄, ḏ", "d"),
    ("Ď, D̄, Ḏ", "D"),
    ("ë, è, é, ê, ę, ě, ė, ē, ḗ, ḕ, ē̂, ē̃, ê̄, e̱, ë̄, e̊̄", "e"),
    ("Ë, È, É, Ê, Ę, Ě, Ė, Ē, Ḗ, Ḕ, Ē̂, Ē̃, Ê̄, E̱, Ë̄, E̊̄", "E"),
    ("ğ, ḡ, g̱", "g"),
    ("Ğ, Ḡ, G̱", "G"),
    ("ï, î, ì, í, ı, ī, ī́, ī̀, ī̂, ī̃, i̱", "i"),
    ("Ï, Î, Ì, Í, İ, Ī, Ī́, Ī̀, Ī̂, Ī̃, I̱", "I"),
    ("ľ, ł, l̄, ḹ, ḻ", "l"),
    ("Ł, Ľ, L̄, Ḹ, Ḻ", "L"),
    ("ñ, ń, ň, n̄, ṉ", "n"),
    ("Ñ, Ń, Ň, N̄, Ṉ", "N"),
    ("ö, ò, ő, õ, ô, ó, ō, ṓ, ṑ, ō̂, ō̃, ȫ, ō̈, ǭ, ȭ, ȱ, o̱", "o"),
    ("Ö, Ò, Ő, Õ, Ô, Ó, Ō, Ṓ, Ṑ, Ō̂, Ō̃, Ȫ, Ō̈, Ǭ, Ȭ, Ȱ, O̱", "O"),
    ("ø, ø̄, œ̄", "oe"),
    ("Ø, Ø̄, Œ̄", "OE"),
    ("ř, r̄, ṟ, ṝ", "r"),
    ("Ř, R̄, Ṟ, Ṝ", "R"),
    ("ß", "ss"),
    ("š, ś, ș, ş, s̄, s̱", "s"),
    ("Š, Ś, Ș, Ş, S̄, S̱", "S"),
    ("ť, ț, t̄, ṯ", "t"),
    ("Ť, Ț, T̄, Ṯ", "T"),
    ("ü, ù, û, ú, ů, ű, ū, ū́, ū̀, ū̂, ū̃, u̇̄, ǖ, ṻ, ṳ̄, u̱", "u"),
    ("Ü, Ù, Û, Ú, Ů, Ű, Ū, Ū́, Ū̀, Ū̂, Ū̃, U̇̄, Ǖ, Ṻ, Ṳ̄, U̱", "U"),
    ("ÿ, ý, ȳ, ȳ́, ȳ̀, ȳ̃, y̱", "y"),
    ("Ÿ, Ý, Ȳ, Ȳ́, Ȳ̀, Ȳ̃, Y̱", "Y"),
    ("ź, ž, ż, z̄, ẕ", "z"),
    ("Ź, Ž, Ż, Z̄, Ẕ", "Z"),
)


def _build_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for characters, replacement in _TABLE_ROWS:
        for entry in characters.split(","):
            table[unicodedata.normalize("NFC", entry.strip())] = replacement
    return table


DIACRITICS_TABLE: dict[str, str] = _build_table()


def _clusters(text: str):
    """A character with the combining marks that follow it, one cluster at a time."""
    decomposed = unicodedata.normalize("NFD", text)
    cluster = ""
    for char in decomposed:
        if cluster and unicodedata.combining(char):
            cluster += char
            continue
        if cluster:
            yield cluster
        cluster = char
    if cluster:
        yield cluster


def normalize_diacritics(text: str) -> str:
    """Replace every character listed in Microsoft's table; leave all others untouched."""
    out: list[str] = []
    for cluster in _clusters(text):
        composed = unicodedata.normalize("NFC", cluster)
        out.append(DIACRITICS_TABLE.get(composed, composed))
    return "".join(out)


@register("NormalizeDiacritics", ("source",))
def normalize_diacritics_function(inv: Invocation) -> str | None:
    """NormalizeDiacritics(source): replaces accented characters per Microsoft's table."""
    source = inv.text(0)
    return None if source is None else normalize_diacritics(source)
