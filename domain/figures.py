"""Indicator figures: the stored figure, and its judgement against the milestone.

How a figure is read from what an official typed is domain/figure_reading.py (the one parser).
A figure's value is a percentage (0-100) or a rank; None when the period had no dossiers
("0/0", "không phát sinh"): nothing to judge, and no error.

The judgement compares the figure with the milestone of the figure's year:
- met: the milestone is reached;
- missed: not reached, and the figure covers the year's end (the year, its Q4 or December)
  and that end has passed, so there is nothing left to catch up;
- on track: not reached yet, within ON_TRACK_MARGIN percentage points of it (or one place of
  the rank) while the year is still running;
- at risk: further behind while the year is still running.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from domain.occurrences import Period

if TYPE_CHECKING:
    from domain.model import Milestone, Target

ON_TRACK_MARGIN = 5.0  # percentage points below the milestone still counted as on track
RANK_MARGIN = 1.0  # places


class FigureError(StrEnum):
    NOT_A_NUMBER = "not_a_number"
    NEGATIVE = "negative"
    ZERO_TOTAL = "zero_total"
    ABOVE_TOTAL = "above_total"
    NOT_WHOLE = "not_whole"  # a count of dossiers is a whole number
    ABOVE_100 = "above_100"
    BAD_RANK = "bad_rank"
    BAD_PERIOD = "bad_period"
    OUTSIDE_PLAN = "outside_plan"
    FUTURE = "future"


class Judgement(StrEnum):
    MET = "met"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    MISSED = "missed"
    NO_MILESTONE = "no_milestone"
    NO_CASES = "no_cases"  # no dossiers in the period: nothing to judge


@dataclass(frozen=True)
class ParsedValue:
    value: float
    numerator: float | None = None
    denominator: float | None = None


def period_allowed(
    period: Period, plan_start: int, plan_end: int, today: date
) -> FigureError | None:
    """Why a figure may not be entered for this period (outside the plan, not begun), or None."""
    if not plan_start <= period.start.year <= plan_end:
        return FigureError.OUTSIDE_PLAN
    if period.start > today:
        return FigureError.FUTURE
    return None


def is_final(period: Period) -> bool:
    """The figure covers the end of its year: nothing is left to catch up."""
    return period.end.month == 12 and period.end.day == 31


def reaches(value: float, milestone: Milestone) -> bool:
    if milestone.direction == "at_most":
        return value <= milestone.value
    if milestone.direction == "above":
        return value > milestone.value
    return value >= milestone.value


def judge(
    target: Target, value: float | None, period: Period, today: date | None = None
) -> Judgement:
    """The figure against its year's milestone; `today` given, a figure whose period has not
    ended yet (a year figure entered in June) is on track or at risk, never missed."""
    if value is None:
        return Judgement.NO_CASES
    milestone = target.milestone_for(period.start.year)
    if milestone is None:
        return Judgement.NO_MILESTONE
    if reaches(value, milestone):
        return Judgement.MET
    if is_final(period) and (today is None or today > period.end):
        return Judgement.MISSED
    gap = abs(value - milestone.value)
    margin = RANK_MARGIN if target.metric == "rank" else ON_TRACK_MARGIN
    return Judgement.ON_TRACK if gap <= margin else Judgement.AT_RISK


def final_judgement(
    target: Target, figures: list[Figure], last_year: int
) -> tuple[Figure, Judgement] | None:
    """An ended plan's verdict on a target (kết quả cuối kỳ): its latest figure against the
    final milestone, met or missed, never "at risk"; None when no figure was entered."""
    valued = [f for f in figures if f.value is not None]
    if not valued:
        return None
    latest = valued[-1]
    milestone = target.milestone_for(last_year) or target.milestone_for(latest.year)
    if milestone is None or latest.value is None:
        return latest, Judgement.NO_MILESTONE
    return latest, Judgement.MET if reaches(latest.value, milestone) else Judgement.MISSED


def figure_period(figure: Figure) -> Period:
    return Period(figure.period_start, figure.period_end, figure.period)


class Trend(StrEnum):
    BETTER = "better"
    WORSE = "worse"
    SAME = "same"
    FIRST = "first"


def period_kind(label: str) -> str:
    """'2025-Q2' -> 'Q', '2025-06' -> 'M', '2025-H1' -> 'H', '2025' -> 'Y': a trend compares
    like with like (never a quarter with a month inside it)."""
    if "-" not in label:
        return "Y"
    tail = label.split("-", 1)[1]
    return tail[0] if tail[0].isalpha() else "M"


def comparable(figures: list[Figure]) -> list[Figure]:
    """The figures of the same kind of period as the latest one, oldest first."""
    if not figures:
        return []
    kind = period_kind(figures[-1].period)
    return [f for f in figures if period_kind(f.period) == kind]


def trend(target: Target, figures: list[Figure]) -> Trend:
    """The latest figure against the one before it of the same kind of period (oldest first)."""
    figures = comparable(figures)
    if len(figures) < 2:
        return Trend.FIRST
    before, latest = figures[-2].value, figures[-1].value
    if before is None or latest is None:
        return Trend.FIRST
    if abs(latest - before) < 1e-9:
        return Trend.SAME
    lower_is_better = target.metric == "rank"
    improved = latest < before if lower_is_better else latest > before
    return Trend.BETTER if improved else Trend.WORSE


TREND_ARROWS = {Trend.BETTER: "↗", Trend.WORSE: "↘", Trend.SAME: "→", Trend.FIRST: ""}


@dataclass(frozen=True)
class Figure:
    id: int
    target_id: int
    target_code: str
    period: str
    period_start: date
    period_end: date
    year: int
    value: float | None  # percent (0-100) or rank; None: no dossiers in the period
    numerator: float | None
    denominator: float | None
    note: str
    dept_code: str | None
    reporter_id: int
    reporter_name: str
    created_at: datetime
