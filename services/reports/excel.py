"""The periodic report's tables as an Excel workbook: targets, tasks, and the evidence annex."""

from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from domain.i18n import Translator
from services.reports.data import ReportData

# A text starting with one of these is read as a formula by Excel or LibreOffice (formula or
# DDE injection: an official's note `=HYPERLINK(...)` became a live link in leaders' exports).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _as_text(sheet: Worksheet) -> None:
    """Every cell of `sheet` whose text could be read as a formula is stored as plain text,
    with Excel's quote prefix so that editing the cell does not make it a formula either."""
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
                cell.data_type = "s"
                cell.quotePrefix = True


def _header(sheet: Worksheet, titles: list[str], widths: list[int]) -> None:
    sheet.append(titles)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for i, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + i)].width = width
    sheet.freeze_panes = "A2"


def write_xlsx(t: Translator, data: ReportData) -> bytes:
    book = Workbook()
    targets = book.active
    assert targets is not None
    targets.title = t._("Targets")
    _header(
        targets,
        [
            t._("Area"),
            t._("Code"),
            t._("Target"),
            t._("Milestone"),
            t._("Figure period"),
            t._("Value"),
            t._("Count"),
            t._("Total"),
            t._("Result"),
            t._("Assessment"),
        ],
        [8, 8, 50, 18, 16, 10, 10, 10, 22, 16],
    )
    for section in data.sections:
        for row in section.targets:
            targets.append(
                [
                    section.code,
                    row.code,
                    row.short,
                    row.milestone,
                    row.figure_period,
                    row.value,
                    row.numerator,
                    row.denominator,
                    row.result,
                    row.judgement,
                ]
            )
    tasks = book.create_sheet(t._("Tasks"))
    _header(
        tasks,
        [
            t._("Area"),
            t._("Code"),
            t._("Task"),
            t._("Lead"),
            t._("Period"),
            t._("Due"),
            t._("Status"),
            t._("Done on"),
            t._("On time"),
            t._("Note"),
        ],
        [8, 8, 50, 8, 16, 12, 14, 12, 10, 50],
    )
    for section in data.sections:
        for task in (*section.done, *section.overdue, *section.other, *section.untracked):
            tasks.append(
                [
                    section.code,
                    task.code,
                    task.title,
                    task.lead,
                    task.period,
                    task.due,
                    task.status,
                    task.done_on,
                    None if task.on_time is None else (t._("yes") if task.on_time else t._("no")),
                    task.note,
                ]
            )
    for sheet in (tasks,):
        for cell in sheet["F"][1:] + sheet["H"][1:]:
            cell.number_format = "DD/MM/YYYY"
    duties = book.create_sheet(t._("Recurring duties"))
    _header(
        duties,
        [
            t._("Area"),
            t._("Code"),
            t._("Duty"),
            t._("Lead"),
            t._("Due"),
            t._("Done"),
            t._("On time"),
            t._("Overdue"),
            t._("Not due yet"),
            t._("Before tracking"),
        ],
        [8, 8, 50, 8, 10, 10, 10, 10, 12, 14],
    )
    for section in data.sections:
        for duty in section.duties:
            duties.append(
                [
                    section.code,
                    duty.code,
                    duty.title,
                    duty.lead,
                    duty.due,
                    duty.done,
                    duty.on_time,
                    duty.overdue,
                    duty.not_due,
                    duty.untracked,
                ]
            )
    summary = book.create_sheet(t._("Complaints and survey"))
    _header(summary, [t._("Item"), t._("Value")], [50, 30])
    stats = data.complaints
    for label, value in (
        (t._("Data as of"), data.cutoff),
        (t._("Complaints received"), stats.received),
        (t._("Answered on time"), stats.answered_on_time),
        (t._("Answered late"), stats.answered_late),
        (t._("Open, within the time limit"), stats.open_in_time),
        (t._("Open, past the time limit"), stats.open_overdue),
        (t._("Survey answers in the bot"), data.survey.responses),
        (t._("Satisfied (bot survey, %)"), data.survey.percent),
    ):
        summary.append([label, value])
    summary["B2"].number_format = "DD/MM/YYYY"
    for field_row in stats.by_field:
        summary.append(
            [
                t._("Complaints in the field {field}").format(
                    field=field_row.topic or t._("(no field)")
                ),
                field_row.received,
            ]
        )
    annex = book.create_sheet(t._("Evidence"))
    _header(
        annex,
        [
            t._("Code"),
            t._("Task"),
            t._("Period"),
            t._("Department"),
            t._("File"),
            t._("Sent on"),
            t._("By"),
        ],
        [8, 50, 16, 12, 36, 12, 24],
    )
    for item in data.evidence:
        where = (item.code, item.title, item.period, item.dept)
        annex.append([*where, item.file_name, item.sent_on, item.reporter])
    for cell in annex["F"][1:]:
        cell.number_format = "DD/MM/YYYY"
    for sheet in (targets, tasks, duties, summary, annex):
        _as_text(sheet)
    buffer = BytesIO()
    # The file's own properties name the ward as it is now (the sheets are tables only).
    book.properties.creator = t._("People's Committee of {ward}").format(ward=data.plan.ward)
    book.properties.title = t._("Administrative reform report, {period}").format(
        period=data.period_name
    )
    book.save(buffer)
    return buffer.getvalue()
