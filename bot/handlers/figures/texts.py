"""How the figures area reads: refusals, hints, the saved figure, the 📈 chart buttons."""

from __future__ import annotations

import html
from datetime import date

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.handlers.figures.callbacks import (
    DropFigure,
    PickReading,
    RetypeFigure,
    SaveFigure,
    ShowChart,
)
from bot.keyboards import grid
from domain.access import Actor
from domain.figure_reading import Doubt, NoCases
from domain.figures import Figure, FigureError, Judgement, ParsedValue, judge
from domain.i18n import N_, Translator
from domain.model import Plan, Target
from domain.occurrences import Period
from services.presenters.charts import Series, target_chart
from services.presenters.plan_span import plan_span
from services.presenters.targets import milestone_text
from services.presenters.tasks import entry_text, judgement_text, period_text, value_text

ERRORS = {
    FigureError.NOT_A_NUMBER: N_(
        "{text} is not a figure. Write a count out of a total (118/120) or a percentage (85%)."
    ),
    FigureError.NEGATIVE: N_("A figure cannot be negative ({text}). Nothing was saved."),
    FigureError.ZERO_TOTAL: N_("The total cannot be zero ({text}). Nothing was saved."),
    FigureError.ABOVE_TOTAL: N_(
        "The count is larger than the total ({text}). Check the numbers; nothing was saved."
    ),
    FigureError.ABOVE_100: N_("A percentage cannot be above 100% ({text}). Nothing was saved."),
    FigureError.NOT_WHOLE: N_(
        "Counts of dossiers are whole numbers ({text}). Check the numbers; nothing was saved."
    ),
    FigureError.BAD_RANK: N_(
        "This target is a rank: write a whole number from 1, e.g. 3 (or 3/15). Nothing was saved."
    ),
    FigureError.BAD_PERIOD: N_(
        "{text} is not a period. Write a quarter (quý III/2025), six months (6 tháng đầu năm"
        " 2025), a month (tháng 6/2025) or a year (năm 2025)."
    ),
    FigureError.OUTSIDE_PLAN: N_("{text} is outside the plan's time ({span}). Nothing was saved."),
    FigureError.FUTURE: N_("The period {text} has not begun yet. Nothing was saved."),
}
TARGET_GONE = N_("This target no longer exists. Type /solieu.")
DOUBTS = {
    Doubt.SEPARATOR: N_(
        "In {text} a comma can be a decimal comma or a thousands separator. Which did you mean?"
        " Nothing was saved yet."
    ),
    Doubt.NO_RELATION: N_(
        "{text}: two numbers, but nothing says how they go together. Did you mean a count out"
        " of a total? Nothing was saved yet."
    ),
    Doubt.HEDGED: N_(
        "{text} sounds like an estimate. Type the exact figure, or choose this one if it is"
        " exact. Nothing was saved yet."
    ),
    Doubt.DISAGREES: N_(
        "In {text} the count and the percentage do not agree. Which one is right? Nothing was"
        " saved yet."
    ),
    Doubt.WORDS: N_(
        "I could not read {text} as one figure. Write it in digits, like 118/120 or 85%."
        " Nothing was saved."
    ),
}


def error_text(t: Translator, error: FigureError, text: str, plan: Plan) -> str:
    return t._(ERRORS[error]).format(text=html.escape(text), span=plan_span(t, plan))


def measurable(targets: list[Target]) -> list[Target]:
    return [t for t in targets if t.is_measurable and t.metric]


def value_hint(t: Translator, target: Target) -> str:
    if target.metric == "rank":
        return t._("Type the rank, e.g. 3 (or 3/15: third of fifteen).")
    return t._(
        "Type the figure: a count out of a total (118/120, 60 trên 120) or a percentage (85%,"
        " 85,5%); 0/0 if there were no dossiers."
    )


def doubt_text(t: Translator, doubt: Doubt, typed: str) -> str:
    return t._(DOUBTS[doubt]).format(text=html.escape(typed))


def stored_as(t: Translator, target: Target, reading: ParsedValue | NoCases) -> str:
    if isinstance(reading, NoCases):
        return entry_text(t, target, None, 0, 0)
    return entry_text(t, target, reading.value, reading.numerator, reading.denominator)


def replaces_text(t: Translator, target: Target, earlier: Figure) -> str:
    """'thay cho 110/120 = 91,67% của Nguyễn Văn A ngày 03/07'."""
    return t._("This replaces {value} entered by {who} on {day}.").format(
        value=entry_text(t, target, earlier.value, earlier.numerator, earlier.denominator),
        who=html.escape(earlier.reporter_name),
        day=t.date(earlier.created_at, "dd/MM/yyyy"),
    )


def preview_text(
    t: Translator,
    target: Target,
    period: Period,
    reading: ParsedValue | NoCases,
    year_taken: int | None,
    earlier: Figure | None,
) -> str:
    """Exactly what Save will store, before it is stored."""
    lines = [
        t._("To be saved: {code} {short}, {period}: <b>{value}</b>").format(
            code=html.escape(target.code),
            short=html.escape(target.short),
            period=period_text(t, period.label),
            value=stored_as(t, target, reading),
        )
    ]
    if year_taken is not None:
        lines.append(t._("No year was written: I took {year}.").format(year=year_taken))
    if earlier is not None:
        lines.append(replaces_text(t, target, earlier))
    lines.append(t._("Save it?"))
    return "\n".join(lines)


def refused_target(t: Translator, target: Target, actor: Actor) -> str:
    return t._(
        "Target {code} belongs to {lead}, not to your department ({dept}). Nothing was saved."
    ).format(code=html.escape(target.code), lead=target.lead_dept, dept=actor.dept_code or "-")


def saved_text(
    t: Translator,
    target: Target,
    period: Period,
    reading: ParsedValue | NoCases,
    earlier: Figure | None,
    today: date | None = None,
) -> str:
    """The figure saved, its milestone and judgement (a year figure entered before the year
    ends is not yet 'missed'), and what it replaced."""
    if isinstance(reading, NoCases):
        text = t._("Saved: {code} {short}, {period}: {value}.").format(
            code=html.escape(target.code),
            short=html.escape(target.short),
            period=period_text(t, period.label),
            value=value_text(t, target, None, 0, 0),
        )
        return text + ("\n" + replaces_text(t, target, earlier) if earlier else "")
    value, numerator, denominator = reading.value, reading.numerator, reading.denominator
    judgement = judge(target, value, period, today)
    milestone = target.milestone_for(period.start.year)
    text = t._(
        "Saved: {code} {short}, {period}: {value}.\nMilestone {year}: {milestone}. {judgement}"
    ).format(
        code=html.escape(target.code),
        short=html.escape(target.short),
        period=period_text(t, period.label),
        value=value_text(t, target, value, numerator, denominator),
        year=period.start.year,
        milestone=html.escape(milestone_text(t, target, milestone)),
        judgement=judgement_text(t, judgement),
    )
    if earlier is not None:
        text += "\n" + replaces_text(t, target, earlier)
    if judgement in (Judgement.AT_RISK, Judgement.MISSED):
        text += "\n" + t._("The leaders will see it among the targets at risk (/tongquan).")
    return text


def options_markup(
    t: Translator, target: Target, entry: int, options: tuple[ParsedValue, ...]
) -> InlineKeyboardMarkup:
    rows = [
        [InlineKeyboardButton(stored_as(t, target, o), callback_data=PickReading(entry, i).pack())]
        for i, o in enumerate(options)
    ]
    rows.append(
        [
            InlineKeyboardButton(t._("✏️ Retype"), callback_data=RetypeFigure(entry).pack()),
            InlineKeyboardButton(t._("✖ Cancel"), callback_data=DropFigure(entry).pack()),
        ]
    )
    return InlineKeyboardMarkup(rows)


def confirm_markup(t: Translator, entry: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(t._("💾 Save"), callback_data=SaveFigure(entry).pack()),
                InlineKeyboardButton(t._("✏️ Retype"), callback_data=RetypeFigure(entry).pack()),
                InlineKeyboardButton(t._("✖ Cancel"), callback_data=DropFigure(entry).pack()),
            ]
        ]
    )


def chart_markup(t: Translator, targets: list[Target]) -> InlineKeyboardMarkup | None:
    """📈 buttons for the measurable targets (shown to staff only)."""
    del t  # the labels are the codes
    buttons = [
        InlineKeyboardButton(f"📈 {x.code}", callback_data=ShowChart(x.code).pack())
        for x in measurable(targets)
    ]
    return grid(buttons, 4) if buttons else None


def chart_for(t: Translator, target: Target, figures: list[Figure], year: int) -> bytes:
    milestone = target.milestone_for(year)
    title = t._("Target {code}: {short}").format(code=target.code, short=target.short)
    shown = [f for f in figures if f.value is not None]  # a period without dossiers: no point
    return target_chart(
        title,
        Series(
            [period_text(t, f.period) for f in shown],
            [round(f.value, 2) for f in shown if f.value is not None],
        ),
        milestone=milestone.value if milestone else None,
        milestone_label=t._("Milestone {year}: {value}").format(
            year=year, value=milestone_text(t, target, milestone)
        ),
        y_label=t._("Rank") if target.metric == "rank" else t._("Percent (%)"),
        lower_is_better=target.metric == "rank",
        value_labels=[
            t.number(f.value, 0) if target.metric == "rank" else t.percent(f.value, 2)
            for f in shown
            if f.value is not None
        ],
    )
