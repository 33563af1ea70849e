"""How officials' work reads in Vietnamese: periods, statuses, figures and their judgement."""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING

from domain.figures import (
    TREND_ARROWS,
    Judgement,
    comparable,
    figure_period,
    final_judgement,
    judge,
    trend,
)
from domain.i18n import N_, Translator
from domain.occurrences import Occurrence, Status

if TYPE_CHECKING:
    from domain.figures import Figure
    from domain.model import Target

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}

STATUS_LABELS = {
    Status.NOT_STARTED: N_("not started"),
    Status.IN_PROGRESS: N_("in progress"),
    Status.DONE: N_("done"),
    Status.OVERDUE: N_("overdue"),
    Status.UNTRACKED: N_("not tracked"),
    Status.CLOSED: N_("closed: the plan ended"),
}
STATUS_ICONS = {
    Status.NOT_STARTED: "⚪",
    Status.IN_PROGRESS: "🟡",
    Status.DONE: "✅",
    Status.OVERDUE: "🔴",
    Status.UNTRACKED: "▫️",
    Status.CLOSED: "⏹",
}
JUDGEMENT_LABELS = {
    Judgement.MET: N_("met"),
    Judgement.ON_TRACK: N_("on track"),
    Judgement.AT_RISK: N_("at risk"),
    Judgement.MISSED: N_("missed"),
    Judgement.NO_MILESTONE: N_("no milestone this year"),
    Judgement.NO_CASES: N_("no dossiers"),
}
JUDGEMENT_ICONS = {
    Judgement.MET: "✅",
    Judgement.ON_TRACK: "🟢",
    Judgement.AT_RISK: "🟠",
    Judgement.MISSED: "🔴",
    Judgement.NO_MILESTONE: "▫️",
    Judgement.NO_CASES: "▫️",
}


def period_text(t: Translator, label: str) -> str:
    """'2025-Q3' -> 'quý III/2025', '2025-06' -> 'tháng 06/2025', '2025-W23' -> 'tuần 23/2025'."""
    if m := re.match(r"^(\d{4})-Q([1-4])$", label):
        return t._("quarter {quarter}/{year}").format(
            quarter=ROMAN[int(m.group(2))], year=m.group(1)
        )
    if m := re.match(r"^(\d{4})-W(\d{2})$", label):
        return t._("week {week}/{year}").format(week=int(m.group(2)), year=m.group(1))
    if m := re.match(r"^(\d{4})-(\d{2})$", label):
        return t._("month {month}/{year}").format(month=m.group(2), year=m.group(1))
    if m := re.match(r"^(\d{4})-H([12])$", label):
        if m.group(2) == "1":
            return t._("first six months of {year}").format(year=m.group(1))
        return t._("last six months of {year}").format(year=m.group(1))
    if re.match(r"^\d{4}$", label):
        return t._("year {year}").format(year=label)
    return t._("period {period}").format(period=label)


def status_text(t: Translator, status: Status) -> str:
    return f"{STATUS_ICONS[status]} {t._(STATUS_LABELS[status])}"


def judgement_text(t: Translator, judgement: Judgement) -> str:
    return f"{JUDGEMENT_ICONS[judgement]} {t._(JUDGEMENT_LABELS[judgement])}"


def value_text(
    t: Translator,
    target: Target,
    value: float | None,
    numerator: float | None,
    denominator: float | None,
) -> str:
    """'98,33% (118/120)' for a percentage, 'hạng 3/15' for a rank, 'không phát sinh hồ sơ'
    for a period with no dossiers."""
    if value is None:
        return t._("no dossiers in this period")
    if target.metric == "rank":
        if denominator:
            return t._("rank {rank} of {total}").format(
                rank=t.number(value, 0), total=t.number(denominator, 0)
            )
        return t._("rank {rank}").format(rank=t.number(value, 0))
    text = t.percent(value, 2)
    if numerator is not None and denominator is not None:
        text += f" ({t.number(numerator)}/{t.number(denominator)})"
    return text


def entry_text(
    t: Translator,
    target: Target,
    value: float | None,
    numerator: float | None,
    denominator: float | None,
) -> str:
    """A figure exactly as it is stored, for the official to check before saving and in what
    a new figure replaces: '118/120 = 98,33%', '85,5%', 'hạng 3/15', 'không phát sinh (0/0)'."""
    if value is None:
        return t._("no dossiers in this period (0/0)")
    if target.metric == "rank" or numerator is None or denominator is None:
        return value_text(t, target, value, numerator, denominator)
    return f"{t.number(numerator)}/{t.number(denominator)} = {t.percent(value, 2)}"


def figure_value(t: Translator, target: Target, figure: Figure) -> str:
    return value_text(t, target, figure.value, figure.numerator, figure.denominator)


def figure_line(
    t: Translator, target: Target, figures: list[Figure], today: date | None = None
) -> str:
    """The latest figure of a target for /chitieu and /tongquan: value, period, judgement and
    trend (against the previous period of the same kind). With `today`: a year-to-date figure
    is not yet 'missed', and a figure of a period that ended over a quarter ago says so."""
    latest = figures[-1]
    judgement = judge(target, latest.value, figure_period(latest), today)
    direction = trend(target, figures)
    stale = today is not None and (today - latest.period_end).days > 92
    template = (
        t._("Last figure, of {period} (none newer): {value}: {judgement}")
        if stale
        else t._("Latest: {value}, {period}: {judgement}")
    )
    line = template.format(
        value=figure_value(t, target, latest),
        period=period_text(t, latest.period),
        judgement=judgement_text(t, judgement),
    )
    if arrow := TREND_ARROWS[direction]:
        before = comparable(figures)[-2]
        line += " " + t._("{arrow} from {value} ({period})").format(
            arrow=arrow, value=figure_value(t, target, before), period=period_text(t, before.period)
        )
    return line


def final_line(t: Translator, target: Target, figures: list[Figure], last_year: int) -> str:
    """An ended plan's result on a target for /chitieu: 'Kết quả cuối kỳ: 98,33%, năm 2025:
    ✅ đạt', or that no figure was entered."""
    verdict = final_judgement(target, figures, last_year)
    if verdict is None:
        return t._("Final result: no figure was entered, not judged")
    latest, judgement = verdict
    return t._("Final result: {value}, {period}: {judgement}").format(
        value=figure_value(t, target, latest),
        period=period_text(t, latest.period),
        judgement=judgement_text(t, judgement),
    )


def occurrence_line(t: Translator, occ: Occurrence) -> str:
    """'2.3a Rà soát... · quý II/2025 · hạn 30/06/2025 · 🔴 quá hạn'."""
    due = t.date(occ.due)
    if occ.moved:
        due += " " + t._("(moved)")
    return t._("{code} {title} · {period} · due {due} · {status}").format(
        code=occ.code,
        title=occ.task.title,
        period=period_text(t, occ.period.label),
        due=due,
        status=status_text(t, occ.status),
    )
