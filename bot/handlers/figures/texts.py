"""How the figures area reads: refusals, hints, the saved figure, the 📈 chart buttons."""

from __future__ import annotations

import html

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.handlers.figures.callbacks import ShowChart
from bot.keyboards import grid
from domain.access import Actor
from domain.figures import Figure, FigureError, Judgement
from domain.i18n import N_, Translator
from domain.model import Plan, Target
from domain.occurrences import Period
from services.presenters.charts import Series, target_chart
from services.presenters.targets import milestone_text
from services.presenters.tasks import judgement_text, period_text, value_text

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
    FigureError.BAD_RANK: N_(
        "This target is a rank: write a whole number from 1, e.g. 3 (or 3/15). Nothing was saved."
    ),
    FigureError.BAD_PERIOD: N_(
        "{text} is not a period. Write a quarter (2025-Q3), a month (2025-06) or a year (2025)."
    ),
    FigureError.OUTSIDE_PLAN: N_(
        "{text} is outside the plan's period {start}-{end}. Nothing was saved."
    ),
    FigureError.FUTURE: N_("The period {text} has not begun yet. Nothing was saved."),
}
TARGET_GONE = N_("This target no longer exists. Type /solieu.")


def error_text(t: Translator, error: FigureError, text: str, plan: Plan) -> str:
    return t._(ERRORS[error]).format(
        text=html.escape(text), start=plan.period_start, end=plan.period_end
    )


def measurable(targets: list[Target]) -> list[Target]:
    return [t for t in targets if t.is_measurable and t.metric]


def value_hint(t: Translator, target: Target) -> str:
    if target.metric == "rank":
        return t._("Type the rank, e.g. 3 (or 3/15: third of fifteen).")
    return t._("Type the figure: a count out of a total (118/120) or a percentage (85%, 85,5%).")


def refused_target(t: Translator, target: Target, actor: Actor) -> str:
    return t._(
        "Target {code} belongs to {lead}, not to your department ({dept}). Nothing was saved."
    ).format(code=html.escape(target.code), lead=target.lead_dept, dept=actor.dept_code or "-")


def saved_text(
    t: Translator,
    target: Target,
    period: Period,
    value: float,
    numerator: float | None,
    denominator: float | None,
    judgement: Judgement,
) -> str:
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
    if judgement in (Judgement.AT_RISK, Judgement.MISSED):
        text += "\n" + t._("The leaders will see it among the targets at risk (/tongquan).")
    return text


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
    return target_chart(
        title,
        Series([period_text(t, f.period) for f in figures], [round(f.value, 2) for f in figures]),
        milestone=milestone.value if milestone else None,
        milestone_label=t._("Milestone {year}: {value}").format(
            year=year, value=milestone_text(t, target, milestone)
        ),
        y_label=t._("Rank") if target.metric == "rank" else t._("Percent (%)"),
        lower_is_better=target.metric == "rank",
    )
