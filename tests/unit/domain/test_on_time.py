"""'Done on time' is judged on the ward's calendar day, by one rule for every screen and report."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from domain.model import Task
from domain.occurrences import (
    Progress,
    StoredOccurrence,
    build_occurrence,
    on_time_by_department,
    quarter_period,
)

VN = ZoneInfo("Asia/Ho_Chi_Minh")
Q2 = quarter_period(2025, 2)  # due 30 June 2025
TASK = Task(1, 1, "2.1b", "task", "II", "", "Rà soát TTHC", "", "TP", "quarterly", "", False, False)
TRACKED_SINCE = date(2025, 6, 2)


def reported_at(moment: datetime, now: datetime) -> tuple[bool, dict[str, tuple[int, int]]]:
    stored = StoredOccurrence(7, 1, Q2.label, date(2025, 6, 30), None, Progress.DONE, moment)
    occ = build_occurrence(TASK, Q2, stored, {}, now, TRACKED_SINCE)
    return occ.done_on_time, on_time_by_department([occ], now.date())


def test_a_report_at_01_30_on_1_july_hanoi_time_is_late_for_a_30_june_deadline() -> None:
    # 01:30 on 1 July in Hà Nội is 18:30 on 30 June in UTC, as the database stores it.
    stored_moment = datetime(2025, 6, 30, 18, 30, tzinfo=UTC)
    on_time, by_dept = reported_at(stored_moment, datetime(2025, 7, 2, 9, 0, tzinfo=VN))
    assert not on_time
    assert by_dept == {"TP": (0, 1)}


def test_a_report_at_23_59_on_30_june_hanoi_time_is_on_time() -> None:
    stored_moment = datetime(2025, 6, 30, 23, 59, tzinfo=VN).astimezone(UTC)
    on_time, by_dept = reported_at(stored_moment, datetime(2025, 7, 2, 9, 0, tzinfo=VN))
    assert on_time
    assert by_dept == {"TP": (1, 1)}


def test_the_day_done_is_shown_as_the_ward_lived_it() -> None:
    stored = StoredOccurrence(
        7,
        1,
        Q2.label,
        date(2025, 6, 30),
        None,
        Progress.DONE,
        datetime(2025, 6, 30, 18, 30, tzinfo=UTC),
    )
    occ = build_occurrence(TASK, Q2, stored, {}, datetime(2025, 7, 2, 9, tzinfo=VN), TRACKED_SINCE)
    assert occ.done_on == date(2025, 7, 1)
