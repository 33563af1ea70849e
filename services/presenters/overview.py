"""/tongquan as a leader reads it on a phone: the text, and the chart for a briefing."""

from __future__ import annotations

import html

from domain.i18n import Translator
from domain.occurrences import Occurrence
from services.overview import DepartmentRate, Overview
from services.presenters.charts import Bar, department_chart
from services.presenters.tasks import figure_line, occurrence_line

OVERDUE_SHOWN = 3  # overdue lines per department, the oldest; the rest are counted
TARGET = 100.0  # every task due done on time
WATCH_FROM = 80.0  # amber from here, red below


def rate_status(rate: DepartmentRate) -> str:
    """A key of charts.STATUS_COLOURS."""
    if not rate.due:
        return "none"
    if rate.share >= TARGET:
        return "met"
    return "watch" if rate.share >= WATCH_FROM else "behind"


def rate_text(t: Translator, rate: DepartmentRate) -> str:
    """'8/12 · 66,7%', or 'chưa có nhiệm vụ đến hạn'."""
    if not rate.due:
        return t._("no task due yet")
    return t._("{done}/{due} · {share}").format(
        done=rate.done, due=rate.due, share=t.percent(rate.share)
    )


def overview_text(t: Translator, data: Overview) -> str:
    lines = [t._("<b>Where the plan stands</b> ({today})").format(today=t.date(data.today))]
    if data.as_of < data.today:
        lines.append(
            t._("The plan's period has ended: the figures of {year}, its last year.").format(
                year=data.year
            )
        )
    lines.append(t._("<b>Tasks done on time, {year}</b>").format(year=data.year))
    for rate in data.rates:
        lines.append(f"• {html.escape(rate.name or rate.dept_code)}: {rate_text(t, rate)}")
    if not any(rate.due for rate in data.rates):
        lines.append(t._("No task has fallen due since the bot began tracking."))
    lines.append("")
    lines.append(t._("<b>Overdue ({count})</b>").format(count=len(data.overdue)))
    names = {rate.dept_code: rate.name or rate.dept_code for rate in data.rates}
    by_dept: dict[str, list[Occurrence]] = {}
    for occ in data.overdue:  # already by department, the oldest first
        by_dept.setdefault(occ.task.lead_dept, []).append(occ)
    for dept, found in by_dept.items():
        lines.append(f"<i>{html.escape(names.get(dept, dept))} ({len(found)})</i>")
        for occ in found[:OVERDUE_SHOWN]:
            lines.append("• " + html.escape(occurrence_line(t, occ)))
        if (more := len(found) - OVERDUE_SHOWN) > 0:
            lines.append(
                t.ngettext(
                    "… and {count} more overdue task (/nhiemvu lists them all).",
                    "… and {count} more overdue tasks (/nhiemvu lists them all).",
                    more,
                ).format(count=more)
            )
    if not data.overdue:
        lines.append(t._("Nothing is overdue."))
    lines.append("")
    lines.append(t._("<b>Targets at risk ({count})</b>").format(count=len(data.at_risk)))
    for risk in data.at_risk:
        lines.append(
            f"• <code>{html.escape(risk.target.code)}</code> {html.escape(risk.target.short)}: "
            + html.escape(figure_line(t, risk.target, risk.figures, data.today))
        )
    if not data.at_risk:
        lines.append(t._("No target is at risk on the figures entered."))
    return "\n".join(lines)


def chart_title(t: Translator, data: Overview) -> str:
    return t._("Tasks done on time by department, {year} (to {day})").format(
        year=data.year, day=t.date(data.as_of)
    )


def overview_bars(t: Translator, data: Overview) -> list[Bar]:
    """Every department, by name, with its count and share and its status."""
    return [
        Bar(
            rate.name or rate.dept_code,
            rate.share if rate.due else None,
            rate_text(t, rate),
            rate_status(rate),
        )
        for rate in data.rates
    ]


def overview_chart(t: Translator, data: Overview) -> bytes:
    """Every department, by name, with its count and share, the 100% line, colour by status."""
    return department_chart(
        chart_title(t, data),
        overview_bars(t, data),
        target=TARGET,
        target_label=t._("Target {value}").format(value=t.percent(TARGET)),
        axis_label=t._("Share of the tasks due that were done on time"),
        ticks=[(v, t.percent(v)) for v in (0, 25, 50, 75, 100)],
        legend=[
            ("met", t._("all on time")),
            ("watch", t._("{value} or more").format(value=t.percent(WATCH_FROM))),
            ("behind", t._("below {value}").format(value=t.percent(WATCH_FROM))),
            ("none", t._("no task due yet")),
        ],
    )
