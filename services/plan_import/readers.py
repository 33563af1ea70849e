"""A plan document's file as blocks of text (domain.plan_document.blocks): Word, text, PDF."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from domain.plan_document.blocks import Block, Line, Table, text_blocks


class PlanImportError(Exception):
    """The document cannot be imported; the message says why, in Vietnamese, for a person."""


def read_blocks(name: str, data: bytes) -> list[Block]:
    suffix = Path(name).suffix.lower()
    if suffix == ".docx":
        return docx_blocks(name, data)
    if suffix in (".txt", ".md", ".markdown", ""):
        return text_blocks(_decode(name, data))
    if suffix == ".pdf":
        return pdf_blocks(name, data)
    if suffix == ".doc":
        raise PlanImportError(
            f"{name}: tệp .doc (Word cũ) chưa đọc được; mở bằng Word và lưu lại thành .docx"
        )
    raise PlanImportError(f"{name}: chỉ đọc được tệp .docx, .txt, .md hoặc .pdf")


def _decode(name: str, data: bytes) -> str:
    if b"\x00" in data[:4096]:
        raise PlanImportError(f"{name}: không phải tệp văn bản")
    for encoding in ("utf-8-sig", "utf-16"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise PlanImportError(f"{name}: không đọc được chữ (cần mã UTF-8)")


def docx_blocks(name: str, data: bytes) -> list[Block]:
    """Paragraphs and tables in reading order. A merged cell is repeated in every column it
    spans (python-docx gives the same cell for each), and a row that is one cell across the
    table is marked merged: the annex's section rows (I, II...)."""
    import docx
    from docx.table import Table as DocxTable
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise PlanImportError(f"{name}: không phải tệp Word .docx đọc được ({error})") from None
    except Exception as error:  # python-docx raises its own for a package that is not Word's
        if type(error).__name__ in ("PackageNotFoundError", "InvalidXmlError", "XMLSyntaxError"):
            raise PlanImportError(f"{name}: không phải tệp Word .docx đọc được") from None
        raise
    blocks: list[Block] = []
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            line = _paragraph(item)
            if line is not None:
                blocks.append(line)
        elif isinstance(item, DocxTable):
            rows: list[tuple[str, ...]] = []
            merged: list[bool] = []
            for row in item.rows:
                cells = row.cells
                rows.append(tuple(c.text.strip() for c in cells))
                merged.append(len(cells) > 1 and len({id(c._tc) for c in cells}) == 1)
            blocks.append(Table(tuple(rows), tuple(merged)))
    return blocks


def _paragraph(paragraph: object) -> Line | None:
    from docx.text.paragraph import Paragraph

    assert isinstance(paragraph, Paragraph)
    text = " ".join(paragraph.text.split())
    if not text:
        return None
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    runs = [r for r in paragraph.runs if r.text.strip()]
    bold = bool(runs) and all(
        r.bold or (r.bold is None and paragraph.style is not None and paragraph.style.font.bold)
        for r in runs
    )
    italic = bool(runs) and all(r.italic for r in runs)
    numbered = paragraph._p.pPr is not None and paragraph._p.pPr.numPr is not None
    bullet = "bullet" in style.lower() or (numbered and "list" in style.lower())
    heading = style.lower().startswith(("heading", "title")) or bold
    return Line(text, heading=heading, bullet=bullet, italic=italic)


def pdf_blocks(name: str, data: bytes) -> list[Block]:
    """A PDF's text layer as plain text lines (pypdf, installed with the `pdf` extra)."""
    try:
        import pypdf  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        raise PlanImportError(
            f"{name}: đọc PDF cần gói pypdf (pip install 'cchc-bot[pdf]'); hoặc gửi tệp .docx"
        ) from None
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        text = "\n".join(page.extract_text() or "" for page in reader.pages)
    except Exception as error:  # pypdf's errors differ between versions
        raise PlanImportError(f"{name}: không đọc được tệp PDF ({type(error).__name__})") from None
    if len(text.split()) < 20:
        raise PlanImportError(f"{name}: PDF không có lớp chữ (bản quét); cần tệp .docx")
    return text_blocks(text)
