"""The periodic report as a Word document, in the layout of Vietnamese administrative documents
(Decree 30/2020/NĐ-CP): the issuing body and the national motto side by side, the number and the
place-and-date line, the title, then the body in Times New Roman."""

from __future__ import annotations

from io import BytesIO

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph

from domain.i18n import Translator
from services.reports.data import AreaSection, ReportData, TaskRow
from services.reports.sections import (
    complaints_part,
    duty_line,
    overall_lines,
    recipients,
    suggestion_part,
)

FONT = "Times New Roman"


def place_name(ward: str) -> str:
    """'phường Phú La' -> 'Phú La' (the place-and-date line names the place alone)."""
    for prefix in ("phường ", "xã ", "thị trấn "):
        if ward.lower().startswith(prefix):
            return ward[len(prefix) :]
    return ward


def _line(
    cell_or_doc: object,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    size: float = 13,
    align: int = WD_ALIGN_PARAGRAPH.CENTER,
    first: bool = False,
) -> Paragraph:
    # A table cell starts with one empty paragraph: the first line goes into it.
    paragraph = cell_or_doc.paragraphs[0] if first else cell_or_doc.add_paragraph()  # type: ignore[attr-defined]
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(0)
    run = paragraph.add_run(text)
    run.bold, run.italic = bold, italic
    run.font.size = Pt(size)
    return paragraph


def _evidence_annex(document: object, t: Translator, data: ReportData) -> None:
    """The annex: the evidence files sent with the reports on the period's tasks, by task."""
    document.add_page_break()  # type: ignore[attr-defined]
    _line(document, t._("ANNEX"), bold=True, size=14)
    _line(
        document,
        t._("Evidence of the tasks reported in {period}").format(period=data.period_name),
        bold=True,
        size=13,
    )
    if not data.evidence:
        _line(document, t._("No evidence file was sent with the reports of this period."))
        return
    _table(
        document,
        [
            t._("No."),
            t._("Task"),
            t._("Period"),
            t._("Department"),
            t._("File"),
            t._("Sent on"),
            t._("By"),
        ],
        [
            [
                str(number),
                f"{row.code} {row.title}",
                row.period,
                row.dept,
                row.file_name,
                t.date(row.sent_on),
                row.reporter,
            ]
            for number, row in enumerate(data.evidence, start=1)
        ],
        [1.0, 4.6, 2.2, 1.6, 3.8, 2.2, 2.6],
    )


def _no_borders(table: Table) -> None:
    borders = table._tbl.tblPr.first_child_found_in("w:tblBorders")
    if borders is not None:
        table._tbl.tblPr.remove(borders)


def _table(document: object, header: list[str], rows: list[list[str]], widths: list[float]) -> None:
    table = document.add_table(rows=1, cols=len(header))  # type: ignore[attr-defined]
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for i, text in enumerate(header):
        cell = table.rows[0].cells[i]
        _line(cell, text, bold=True, size=12, first=True)
    for values in rows:
        cells = table.add_row().cells
        for i, text in enumerate(values):
            _line(cells[i], text, size=12, align=WD_ALIGN_PARAGRAPH.LEFT, first=True)
    for row in table.rows:
        for i, width in enumerate(widths):
            row.cells[i].width = Cm(width)


def _heading(document: object, text: str) -> None:
    _line(document, text, bold=True, align=WD_ALIGN_PARAGRAPH.LEFT)


def _tasks(document: object, t: Translator, data: ReportData, section: AreaSection) -> None:
    """A section's tasks: done, overdue, not due yet; weekly and monthly duties summed up;
    those due before tracking began counted apart, never as unfinished."""
    left = WD_ALIGN_PARAGRAPH.LEFT
    if not (
        section.done or section.overdue or section.other or section.duties or section.untracked
    ):
        _line(document, t._("No task was due in this period."), align=left)
    if section.done:
        _line(document, t._("Done:"), align=left)
        for row in section.done:
            _line(document, _task_line(t, row), size=13, align=left)
    if section.overdue:
        _line(document, t._("Overdue:"), align=left)
        for row in section.overdue:
            _line(document, _task_line(t, row), size=13, align=left)
    if section.duties:
        _line(document, t._("Recurring duties:"), align=left)
        for duty in section.duties:
            _line(document, "- " + duty_line(t, duty), size=13, align=left)
    if section.other:
        _line(document, t._("In progress, not due yet:"), align=left)
        for row in section.other:
            _line(document, _task_line(t, row) + f" [{row.status}]", size=13, align=left)
    if section.untracked:
        codes = ", ".join(dict.fromkeys(row.code for row in section.untracked))
        _line(
            document,
            t.ngettext(
                "Not counted: {count} task due before the bot began tracking ({codes}).",
                "Not counted: {count} tasks due before the bot began tracking ({codes}).",
                len(section.untracked),
            ).format(count=len(section.untracked), codes=codes),
            italic=True,
            size=13,
            align=left,
        )


def _task_line(t: Translator, row: TaskRow) -> str:
    text = t._("{code} {title} ({lead}, {period}, due {due})").format(
        code=row.code, title=row.title, lead=row.lead, period=row.period, due=t.date(row.due)
    )
    if row.done_on:
        text += ": " + t._("done on {day}").format(day=t.date(row.done_on))
        if row.on_time is False:
            text += " " + t._("(late)")
    if row.note:
        text += f". {row.note}"
    return "- " + text


def write_docx(t: Translator, data: ReportData) -> bytes:
    plan = data.plan
    document = Document()
    # The file's own properties name the ward as it is now too (not "python-docx").
    document.core_properties.author = t._("People's Committee of {ward}").format(ward=plan.ward)
    document.core_properties.title = t._("Administrative reform report, {period}").format(
        period=data.period_name
    )
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(14)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)  # A4
    section.top_margin = section.bottom_margin = Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)

    header = document.add_table(rows=2, cols=2)
    _no_borders(header)
    left, right = header.rows[0].cells
    _line(left, t._("PEOPLE'S COMMITTEE"), size=13, first=True)
    _line(left, plan.ward.upper(), bold=True, size=13)
    _line(left, "―――――", size=10)
    _line(right, t._("SOCIALIST REPUBLIC OF VIETNAM"), bold=True, size=12, first=True)
    _line(right, t._("Independence - Freedom - Happiness"), bold=True, size=13)
    _line(right, "――――――――――", size=10)
    number, place = header.rows[1].cells
    _line(number, t._("No.: .../BC-UBND"), size=13, first=True)
    _line(
        place,
        t._("{place}, day ... month ... year {year}").format(
            place=place_name(plan.ward), year=data.made_on.year
        ),
        italic=True,
        size=13,
        first=True,
    )
    for row in header.rows:
        row.cells[0].width, row.cells[1].width = Cm(6.5), Cm(10)

    document.add_paragraph()
    title = t._("PHASE REVIEW REPORT") if data.kind == "phase" else t._("REPORT")
    _line(document, title, bold=True, size=14)
    _line(
        document,
        t._("Results of administrative reform work in {period}").format(period=data.period_name),
        bold=True,
        size=14,
    )
    _line(document, "―――――", size=10)
    intro = document.add_paragraph(
        t._(
            "Carrying out Plan No. {code} of {issuer} ({title}), the People's Committee of {ward}"
            " reports the results of {period} (from {start} to {end}) as follows:"
        ).format(
            code=plan.code,
            issuer=plan.issuer,
            title=plan.title,
            ward=plan.ward,
            period=data.period_name,
            start=t.date(data.period.start),
            end=t.date(data.period.end),
        )
    )
    intro.paragraph_format.first_line_indent = Cm(1)
    intro.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    if data.cutoff is not None:
        _line(
            document,
            t._("(Data as of {day}, from what the departments reported in the bot.)").format(
                day=t.date(data.cutoff)
            ),
            italic=True,
            size=13,
        )

    _line(document, t._("I. RESULTS BY AREA OF THE PLAN"), bold=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    for number_, section_data in enumerate(data.sections, start=1):
        _line(
            document,
            f"{number_}. {section_data.name}",
            bold=True,
            align=WD_ALIGN_PARAGRAPH.LEFT,
        )
        if section_data.targets:
            _line(document, t._("a) Targets"), italic=True, align=WD_ALIGN_PARAGRAPH.LEFT)
            _table(
                document,
                [t._("Code"), t._("Target"), t._("Milestone"), t._("Result"), t._("Assessment")],
                [
                    [
                        r.code,
                        r.short,
                        r.milestone,
                        f"{r.result} {r.figure_period}".strip(),
                        r.judgement,
                    ]
                    for r in section_data.targets
                ],
                [1.4, 6.0, 2.6, 3.6, 2.4],
            )
        tasks_label = t._("b) Tasks") if section_data.targets else t._("a) Tasks")
        _line(document, tasks_label, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT)
        _tasks(document, t, data, section_data)

    _heading(document, t._("II. COMPLAINTS AND CITIZENS' SATISFACTION"))
    for text in complaints_part(t, data):
        _line(document, text, size=13, align=WD_ALIGN_PARAGRAPH.LEFT)
    if data.complaints.by_field:
        _table(
            document,
            [t._("Field"), t._("Received"), t._("Late or overdue")],
            [
                [f.topic or t._("(no field)"), str(f.received), str(f.overdue)]
                for f in data.complaints.by_field
            ],
            [9.0, 3.0, 4.0],
        )
    _heading(document, t._("III. OVERALL ASSESSMENT"))
    for text in overall_lines(t, data):
        _line(document, text, size=14, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    for heading, note, items in suggestion_part(t, data):
        _heading(document, heading)
        _line(document, note, italic=True, size=12, align=WD_ALIGN_PARAGRAPH.LEFT)
        for text in items:
            _line(document, "- " + text, size=14, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
        _line(document, "…………………………………………………", size=14, align=WD_ALIGN_PARAGRAPH.LEFT)

    signature = document.add_table(rows=1, cols=2)
    _no_borders(signature)
    recipients_cell, signer = signature.rows[0].cells
    _line(
        recipients_cell,
        t._("Recipients:"),
        bold=True,
        italic=True,
        size=12,
        align=WD_ALIGN_PARAGRAPH.LEFT,
        first=True,
    )
    for text in recipients(t, data):
        _line(recipients_cell, text, size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    _line(signer, t._("ON BEHALF OF THE PEOPLE'S COMMITTEE"), bold=True, size=13, first=True)
    _line(signer, t._("CHAIRPERSON"), bold=True, size=13)
    _evidence_annex(document, t, data)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()
