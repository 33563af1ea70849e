"""The report's sentences: duties summed up, complaints and the survey, the overall assessment,
the suggested directions and proposals, and who receives it. Shared by the Word document and
the tests, so both read the same words."""

from __future__ import annotations

from datetime import date

from domain.i18n import Translator
from domain.report_rules import DutySummary
from services.reports.data import ReportData, survey_text

# Since 1 July 2025 communes report to the province (two-level local government, DOMAIN.md):
# before that the district's People's Committee received the ward's reports.
TWO_LEVELS_FROM = date(2025, 7, 1)


def duty_line(t: Translator, duty: DutySummary) -> str:
    """'3.2.3d Chuyên đề… (VHXH): 12/13 tuần hoàn thành, 1 quá hạn; 9 tuần trước khi theo dõi…'."""
    unit = t._("weeks") if duty.cadence == "weekly" else t._("months")
    text = t._("{code} {title} ({lead}): {done}/{due} {unit} done").format(
        code=duty.code, title=duty.title, lead=duty.lead, done=duty.done, due=duty.due, unit=unit
    )
    extra = []
    if duty.overdue:
        extra.append(t._("{count} overdue").format(count=duty.overdue))
    if duty.not_due:
        extra.append(t._("{count} not due yet").format(count=duty.not_due))
    if duty.untracked:
        extra.append(
            t._("{count} {unit} before tracking began, not counted").format(
                count=duty.untracked, unit=unit
            )
        )
    return text + ("; " + ", ".join(extra) if extra else "")


def complaints_part(t: Translator, data: ReportData) -> list[str]:
    """Complaints received in the period and how they were handled; the bot's survey."""
    stats = data.complaints
    lines = []
    if not stats.received:
        lines.append(t._("1. Complaints and suggestions: none received through the bot."))
    else:
        lines.append(
            t._(
                "1. Complaints and suggestions received through the bot: {received}; answered"
                " {answered} ({on_time} on time, {late} late); still open {open}, of which"
                " {overdue} past the time limit."
            ).format(
                received=stats.received,
                answered=stats.answered,
                on_time=stats.answered_on_time,
                late=stats.answered_late,
                open=stats.open_in_time + stats.open_overdue,
                overdue=stats.open_overdue,
            )
        )
    if data.survey.responses:
        lines.append(
            "2. "
            + t._("Satisfaction survey in the bot ({text}).").format(
                text=survey_text(t, data.survey)
            )
            + " "
            + t._("This is the bot's own survey, an early signal: not the official SIPAS index.")
        )
    else:
        lines.append(t._("2. Satisfaction survey in the bot: no answer in this period."))
    return lines


def overall_lines(t: Translator, data: ReportData) -> list[str]:
    """The overall assessment: only what fell due by the cut-off is judged."""
    duties_due = sum(d.due for d in data.duties)
    duties_done = sum(d.done for d in data.duties)
    lines = [
        t._(
            "In {period}, up to {day}: {done} tasks done, {overdue} overdue, {other} not due"
            " yet; recurring duties done {duties_done}/{duties_due} times;"
            " {figures} of {targets} measurable targets have a figure."
        ).format(
            period=data.period_name,
            day=t.date(data.cutoff or data.period.end),
            done=data.count("done"),
            overdue=data.count("overdue"),
            other=data.count("other"),
            duties_done=duties_done,
            duties_due=duties_due,
            figures=sum(1 for r in data.targets if r.figure_period),  # "0/0" is a figure too
            targets=sum(1 for r in data.targets if r.source != "qualitative"),
        )
    ]
    untracked = data.count("untracked") + sum(d.untracked for d in data.duties)
    if untracked and data.tracking_since:
        lines.append(
            t.ngettext(
                "{count} task due before the bot began tracking on {day} is not counted: its"
                " result is in the departments' own records.",
                "{count} tasks due before the bot began tracking on {day} are not counted:"
                " their results are in the departments' own records.",
                untracked,
            ).format(count=untracked, day=t.date(data.tracking_since))
        )
    return lines


def suggestion_part(t: Translator, data: ReportData) -> list[tuple[str, str, list[str]]]:
    """The two sections the leader writes, pre-filled with what the data suggests."""
    note = t._("(Suggested from the bot's data: review and complete before signing.)")
    return [
        (t._("IV. DIRECTIONS AND TASKS FOR THE NEXT PERIOD"), note, data.directions),
        (t._("V. PROPOSALS AND RECOMMENDATIONS"), note, data.proposals),
    ]


def recipients(t: Translator, data: ReportData) -> list[str]:
    """Nơi nhận: the body the ward reports to, its own leadership, and the file copy."""
    plan = data.plan
    if plan.district and data.period.end < TWO_LEVELS_FROM:
        above = t._("- People's Committee of {district} (Home Affairs office) (to report);").format(
            district=plan.district
        )
    else:
        above = t._("- Department of Home Affairs of {city} (to report);").format(
            city=plan.city or "…"
        )
    return [
        above,
        t._(
            "- Standing committees of the Party and People's Council of {ward} (to report);"
        ).format(ward=plan.ward),
        t._("- Chairperson and Vice-Chairpersons of the People's Committee;"),
        t._("- Filed: VT, VP."),
    ]
