"""Issue 11 item 5: an ended plan's verdict on a target is met or not met, never "at risk"."""

from __future__ import annotations

from datetime import UTC, date, datetime

from domain.figures import Figure, Judgement, final_judgement, judge
from domain.model import Milestone, Target
from domain.occurrences import quarter_period

TARGET = Target(
    id=1,
    plan_id=1,
    code="1.3a",
    area_code="3",
    section="II.1.3",
    short="Hồ sơ đúng hạn",
    text="",
    kind="measurable",
    metric="percent",
    direction="at_least",
    scope="",
    lead_dept="TP",
    is_sipas=False,
    milestones=(Milestone(2025, 100, "at_least"),),
)


def figure(value: float | None, quarter: int = 3) -> Figure:
    period = quarter_period(2025, quarter)
    made = datetime(2025, 10, 6, 9, 0, tzinfo=UTC)
    return Figure(
        1, 1, "1.3a", period.label, period.start, period.end, 2025, value, None, None, "",
        "TP", 2001, "Phạm Tư Pháp", made,
    )  # fmt: skip


def test_item5_a_quarter_below_the_milestone_is_not_met_once_the_plan_ended() -> None:
    latest = figure(98.33)
    assert judge(TARGET, 98.33, quarter_period(2025, 3)) is not Judgement.MISSED  # while running
    assert final_judgement(TARGET, [latest], 2025) == (latest, Judgement.MISSED)


def test_item5_the_latest_figure_with_a_value_decides() -> None:
    met = figure(100, 3)
    assert final_judgement(TARGET, [figure(90, 2), met, figure(None, 4)], 2025) == (
        met,
        Judgement.MET,
    )
    assert final_judgement(TARGET, [figure(None)], 2025) is None
    assert final_judgement(TARGET, [], 2025) is None
    assert date(2025, 9, 30) == met.period_end
