"""The report's rules without a store: the cut-off, complaints of the period, the Ministry's
calendar, and how a figure is judged while its year is still running (L2, L4)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from domain.complaints import Complaint
from domain.figures import Figure, Judgement, Trend, judge, trend
from domain.model import Milestone, Target
from domain.occurrences import quarter_period, year_period
from domain.report_rules import bnv_windows, complaint_stats, cutoff

VN = ZoneInfo("Asia/Ho_Chi_Minh")
TARGET = Target(
    1, 1, "1.3a", "3", "II.1.3", "Hồ sơ đúng hạn", "", "measurable", "percent", "at_least", "",
    "TP", False, (Milestone(2025, 100.0, "at_least"),),
)  # fmt: skip


def complaint(
    n: int, topic: str, due: date, closed: datetime | None, status: str = "closed"
) -> Complaint:
    created = datetime(2025, 7, 1, 2, 0, tzinfo=UTC)
    return Complaint(
        n, f"PA-2507-{n:04d}", 100 + n, "nội dung", topic, "TP", None,
        status if closed else "new", None, None, None, created, created, due, closed, None,
    )  # fmt: skip


def figure(period: str, start: date, end: date, value: float) -> Figure:
    return Figure(
        1, 1, "1.3a", period, start, end, start.year, value, None, None, "", "TP", 1, "",
        datetime(2025, 10, 1, tzinfo=UTC),
    )  # fmt: skip


def test_L2_the_cutoff_is_the_period_end_or_the_day_the_report_is_made() -> None:
    q2 = quarter_period(2025, 2)
    assert cutoff(q2, date(2025, 6, 2)) == date(2025, 6, 2)
    assert cutoff(q2, date(2025, 7, 2)) == date(2025, 6, 30)


def test_L2_complaints_are_counted_on_time_late_and_overdue_by_field() -> None:
    last_day = date(2025, 9, 30)
    stats = complaint_stats(
        [
            # Closed at 23:30 Hà Nội time on its due day (16:30 UTC): on time.
            complaint(1, "Hộ tịch", date(2025, 7, 15), datetime(2025, 7, 15, 16, 30, tzinfo=UTC)),
            complaint(2, "Hộ tịch", date(2025, 7, 15), datetime(2025, 7, 16, 2, 0, tzinfo=UTC)),
            complaint(3, "Đất đai", date(2025, 9, 1), None),  # open, past its limit
            complaint(4, "Đất đai", date(2025, 10, 3), None),  # open, in time
            complaint(5, "Đất đai", date(2025, 9, 5), datetime(2025, 10, 2, 2, 0, tzinfo=UTC)),
        ],
        last_day,
        VN,
    )
    assert (stats.received, stats.answered_on_time, stats.answered_late) == (5, 1, 1)
    # Closed after the cut-off: still open, and overdue, as of the cut-off.
    assert (stats.open_in_time, stats.open_overdue) == (1, 2)
    assert [(f.topic, f.received, f.overdue) for f in stats.by_field] == [
        ("Đất đai", 3, 2),
        ("Hộ tịch", 2, 1),
    ]


def test_L2_the_ministry_s_calendar_closes_data_on_the_14th() -> None:
    windows = {w.code: w for w in bnv_windows(2026)}
    assert list(windows) == ["2026-Q1", "2026-H1", "2026-Q3", "2026"]
    assert (windows["2026-Q1"].first_data_day, windows["2026-Q1"].cutoff) == (
        date(2025, 12, 15),
        date(2026, 3, 14),
    )
    assert windows["2026-H1"].cutoff == date(2026, 6, 14)
    assert windows["2026-Q3"].first_data_day == date(2026, 6, 15)
    assert windows["2026"].cutoff == date(2026, 12, 14)
    assert windows["2026-H1"].command == "/xuatbaocao 6thang 2026"


def test_L4_a_year_figure_is_not_missed_before_the_year_ends() -> None:
    year = year_period(2025)
    assert judge(TARGET, 91.67, year, date(2025, 6, 20)) is Judgement.AT_RISK
    assert judge(TARGET, 97.0, year, date(2025, 6, 20)) is Judgement.ON_TRACK
    assert judge(TARGET, 91.67, year, date(2026, 1, 2)) is Judgement.MISSED
    assert judge(TARGET, 91.67, year) is Judgement.MISSED  # without a day: as before


def test_L4_a_trend_compares_a_quarter_with_a_quarter_never_with_a_month() -> None:
    month = figure("2025-06", date(2025, 6, 1), date(2025, 6, 30), 83.33)
    q1 = figure("2025-Q1", date(2025, 1, 1), date(2025, 3, 31), 95.0)
    q2 = figure("2025-Q2", date(2025, 4, 1), date(2025, 6, 30), 91.67)
    assert trend(TARGET, [q1, month, q2]) is Trend.WORSE  # against Q1, not June
    assert trend(TARGET, [month, q2]) is Trend.FIRST
