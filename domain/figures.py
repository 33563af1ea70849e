"""Indicator figures: reading what an official typed, and judging it against the milestone.

Values: "118/120" (a count out of a total, as a percentage), "85%", "85,5%", "85.5" for a
percent target; "3" (or "3/15": third of fifteen) for a rank target. Periods: "2025-Q3",
"2025-06", "2025" (also typed "Q3/2025", "q3-2025", "06/2025").

The judgement compares the figure with the milestone of the figure's year:
- met: the milestone is reached;
- missed: not reached, and the figure covers the year's end (the year, its Q4 or December),
  so there is nothing left to catch up;
- on track: not reached yet, within ON_TRACK_MARGIN percentage points of it (or one place of
  the rank) while the year is still running;
- at risk: further behind while the year is still running.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from domain.occurrences import Period, half_period, month_period, quarter_period, year_period

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


@dataclass(frozen=True)
class ParsedValue:
    value: float
    numerator: float | None = None
    denominator: float | None = None


_NUMBER = r"-?\d+(?:[.,]\d+)?"
_FRACTION = re.compile(rf"^({_NUMBER})\s*/\s*({_NUMBER})$")
_PERCENT = re.compile(rf"^({_NUMBER})\s*%?$")


def _number(text: str) -> float:
    return float(text.replace(",", "."))


def parse_value(text: str, metric: str | None) -> ParsedValue | FigureError:
    """The figure a person typed, or why it cannot be one."""
    raw = text.strip().replace(" ", "")
    if m := _FRACTION.match(raw):
        part, whole = _number(m.group(1)), _number(m.group(2))
        if part < 0 or whole < 0:
            return FigureError.NEGATIVE
        if whole == 0:
            return FigureError.ZERO_TOTAL
        if part > whole:
            return FigureError.ABOVE_TOTAL
        if metric == "rank":
            if part < 1 or part != int(part) or whole != int(whole):
                return FigureError.BAD_RANK
            return ParsedValue(part, part, whole)
        return ParsedValue(round(100 * part / whole, 2), part, whole)
    if m := _PERCENT.match(raw):
        if metric == "rank" and raw.endswith("%"):
            return FigureError.BAD_RANK
        value = _number(m.group(1))
        if value < 0:
            return FigureError.NEGATIVE
        if metric == "rank":
            if value < 1 or value != int(value):
                return FigureError.BAD_RANK
            return ParsedValue(value)
        if value > 100:
            return FigureError.ABOVE_100
        return ParsedValue(value)
    if raw.startswith("-") and re.match(rf"^{_NUMBER}", raw):
        return FigureError.NEGATIVE
    return FigureError.NOT_A_NUMBER


_P_QUARTER = (
    re.compile(r"^(\d{4})\s*[-/ ]?\s*q([1-4])$"),
    re.compile(r"^q([1-4])\s*[-/ ]?\s*(\d{4})$"),
)
_P_MONTH = (re.compile(r"^(\d{4})-(\d{1,2})$"), re.compile(r"^(\d{1,2})[/-](\d{4})$"))
_P_YEAR = re.compile(r"^(\d{4})$")
_P_HALF = re.compile(r"^(\d{4})-h([12])$")


def parse_figure_period(text: str) -> Period | None:
    raw = text.strip().lower()
    if m := _P_QUARTER[0].match(raw):
        return quarter_period(int(m.group(1)), int(m.group(2)))
    if m := _P_QUARTER[1].match(raw):
        return quarter_period(int(m.group(2)), int(m.group(1)))
    if (m := _P_MONTH[0].match(raw)) and 1 <= int(m.group(2)) <= 12:
        return month_period(int(m.group(1)), int(m.group(2)))
    if (m := _P_MONTH[1].match(raw)) and 1 <= int(m.group(1)) <= 12:
        return month_period(int(m.group(2)), int(m.group(1)))
    if m := _P_YEAR.match(raw):
        return year_period(int(m.group(1)))
    if m := _P_HALF.match(raw):
        return half_period(int(m.group(1)), int(m.group(2)))
    return None


def check_period(text: str, plan_start: int, plan_end: int, today: date) -> Period | FigureError:
    """A period the figure may be entered for: inside the plan, and already begun."""
    period = parse_figure_period(text)
    if period is None:
        return FigureError.BAD_PERIOD
    if not plan_start <= period.start.year <= plan_end:
        return FigureError.OUTSIDE_PLAN
    if period.start > today:
        return FigureError.FUTURE
    return period


def is_final(period: Period) -> bool:
    """The figure covers the end of its year: nothing is left to catch up."""
    return period.end.month == 12 and period.end.day == 31


def reaches(value: float, milestone: Milestone) -> bool:
    if milestone.direction == "at_most":
        return value <= milestone.value
    if milestone.direction == "above":
        return value > milestone.value
    return value >= milestone.value


def judge(target: Target, value: float, period: Period) -> Judgement:
    milestone = target.milestone_for(period.start.year)
    if milestone is None:
        return Judgement.NO_MILESTONE
    if reaches(value, milestone):
        return Judgement.MET
    if is_final(period):
        return Judgement.MISSED
    gap = abs(value - milestone.value)
    margin = RANK_MARGIN if target.metric == "rank" else ON_TRACK_MARGIN
    return Judgement.ON_TRACK if gap <= margin else Judgement.AT_RISK


def figure_period(figure: Figure) -> Period:
    return Period(figure.period_start, figure.period_end, figure.period)


class Trend(StrEnum):
    BETTER = "better"
    WORSE = "worse"
    SAME = "same"
    FIRST = "first"


def trend(target: Target, figures: list[Figure]) -> Trend:
    """The latest figure against the one before it (figures oldest first)."""
    if len(figures) < 2:
        return Trend.FIRST
    before, latest = figures[-2].value, figures[-1].value
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
    value: float  # percent (0-100) or rank
    numerator: float | None
    denominator: float | None
    note: str
    dept_code: str | None
    reporter_id: int
    reporter_name: str
    created_at: datetime
