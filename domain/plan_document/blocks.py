"""A plan document as the importer sees it: lines of text and tables, in reading order.

Every source form (.docx, .txt/.md, .pdf) becomes this first, so the rules that read a plan see
one shape. A line knows whether the document marked it as a heading (a Markdown `#`, bold text,
a Word heading style) and whether it was a bullet; a table is its rows of cell texts, one text per
grid column, a merged cell repeated in each column it spans (as Word shows it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from domain.text import nfc


@dataclass(frozen=True)
class Line:
    text: str
    heading: bool = False  # marked as a heading or bold in the document
    bullet: bool = False  # a "-", "+", "•" or a Word bullet list item
    italic: bool = False


@dataclass(frozen=True)
class Table:
    rows: tuple[tuple[str, ...], ...]
    # per row: True when the whole row is one cell merged across every column
    merged: tuple[bool, ...] = ()


Block = Line | Table

_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_BULLET = re.compile(r"^\s*[-+•*–·]\s+")
_BOLD = re.compile(r"^\*\*(.+?)\*\*[.:]?$")
_ITALIC = re.compile(r"^\*([^*].*?)\*$")
_MD_TABLE_RULE = re.compile(r"^\|?\s*:?-{2,}")


def clean(text: str) -> str:
    """NFC, no Markdown emphasis marks, one space between words."""
    text = nfc(text).replace("**", "").replace("__", "")
    return " ".join(text.split())


def text_blocks(text: str) -> list[Block]:
    """The plain text or Markdown form of a plan (as in ../shared/plan/) as blocks.

    A paragraph broken over lines by a blank line in the middle of a sentence (a page break in
    the source) is joined back when the next line starts in lower case.
    """
    blocks: list[Block] = []
    table: list[tuple[str, ...]] = []
    for raw in nfc(text).splitlines():
        stripped = raw.strip()
        if stripped.startswith("|") and stripped.count("|") >= 2:
            if not _MD_TABLE_RULE.match(stripped):
                table.append(tuple(clean(c) for c in stripped.strip("|").split("|")))
            continue
        if table:
            blocks.append(markdown_table(table))
            table = []
        if not stripped:
            continue
        heading = bool(_MD_HEADING.match(stripped))
        stripped = _MD_HEADING.sub("", stripped)
        bullet = bool(_BULLET.match(stripped)) and not stripped.startswith("**")
        if bullet:
            stripped = _BULLET.sub("", stripped, count=1)
        bold = _BOLD.match(stripped)
        italic = bool(_ITALIC.match(stripped)) and not bold
        line = clean(stripped.strip("*") if italic else stripped)
        if not line:
            continue
        previous = blocks[-1] if blocks else None
        if (
            isinstance(previous, Line)
            and not (heading or bullet or bold)
            and line[:1].islower()
            and not previous.heading
            and not previous.text.endswith((".", ":", ";"))
        ):
            blocks[-1] = Line(f"{previous.text} {line}", bullet=previous.bullet)
            continue
        blocks.append(Line(line, heading=heading or bool(bold), bullet=bullet, italic=italic))
    if table:
        blocks.append(markdown_table(table))
    return blocks


def markdown_table(rows: list[tuple[str, ...]]) -> Table:
    width = max(len(r) for r in rows)
    padded = [r + ("",) * (width - len(r)) for r in rows]
    merged = tuple(sum(1 for c in r if c) == 1 and width > 1 and bool(r[0]) for r in padded)
    return Table(tuple(padded), merged)
