"""What a periodic report counts, as plain rules (no store, no documents).

- The data cut-off: a report made before its period ends counts up to the day it is made.
- A recurring duty (weekly, monthly) is one summary line ("12/13 tuần"), not a line per week.
- Complaints of the period: received, answered on time or late, still open and overdue, by field.
- The reporting calendar of the Ministry of Home Affairs (letter 581/BNV-CCHC): quarter I, six
  months, quarter III and the year, each closing its data on the 14th of its last month.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo

from domain.complaints import Complaint
from domain.occurrences import Occurrence, Period, Status

SUMMARISED = ("weekly", "monthly")  # cadences a report sums up per task


def cutoff(period: Period, today: date) -> date:
    """The last day whose data the report holds: the period's end, or today when earlier."""
    return min(period.end, today)


@dataclass
class DutySummary:
    """A recurring duty over a report's period: 'done 12 of 13 weeks due'."""

    code: str
    title: str
    lead: str
    cadence: str
    due: int = 0  # occurrences due by the cut-off and tracked
    done: int = 0
    on_time: int = 0
    overdue: int = 0
    untracked: int = 0  # due before tracking began, nothing reported
    not_due: int = 0  # due after the cut-off


def summarise_duties(occurrences: Iterable[Occurrence], last_day: date) -> list[DutySummary]:
    """One summary per weekly or monthly task, in the order the occurrences come."""
    found: dict[str, DutySummary] = {}
    for occ in occurrences:
        if occ.task.cadence not in SUMMARISED:
            continue
        entry = found.setdefault(
            occ.code, DutySummary(occ.code, occ.task.title, occ.task.lead_dept, occ.task.cadence)
        )
        if occ.status is Status.UNTRACKED:
            entry.untracked += 1
        elif occ.status is Status.DONE and occ.due <= last_day:
            entry.due += 1
            entry.done += 1
            entry.on_time += occ.done_on_time
        elif occ.due > last_day:
            entry.not_due += 1
        else:
            entry.due += 1
            entry.overdue += occ.status is Status.OVERDUE
    return list(found.values())


@dataclass
class FieldCount:
    topic: str
    received: int = 0
    overdue: int = 0  # open past its due date, or answered late


@dataclass
class ComplaintStats:
    received: int = 0
    answered_on_time: int = 0
    answered_late: int = 0
    open_in_time: int = 0
    open_overdue: int = 0
    by_field: list[FieldCount] = field(default_factory=list)

    @property
    def answered(self) -> int:
        return self.answered_on_time + self.answered_late


def complaint_stats(complaints: Iterable[Complaint], last_day: date, tz: tzinfo) -> ComplaintStats:
    """Complaints received in the period (up to `last_day`), judged as of `last_day`: answered
    by their due date or after it, still open within it or past it; and the same by field."""
    stats = ComplaintStats()
    fields: dict[str, FieldCount] = {}
    for complaint in complaints:
        stats.received += 1
        row = fields.setdefault(complaint.topic, FieldCount(complaint.topic))
        row.received += 1
        closed_on = _local_day(complaint.closed_at, tz)
        if closed_on is not None and closed_on <= last_day:
            if closed_on <= complaint.due_on:
                stats.answered_on_time += 1
            else:
                stats.answered_late += 1
                row.overdue += 1
        elif complaint.due_on < last_day:
            stats.open_overdue += 1
            row.overdue += 1
        else:
            stats.open_in_time += 1
    stats.by_field = sorted(fields.values(), key=lambda f: (-f.received, f.topic))
    return stats


def _local_day(moment: datetime | None, tz: tzinfo) -> date | None:
    return moment.astimezone(tz).date() if moment else None


# The Ministry of Home Affairs' reporting calendar --------------------------------------------
CUTOFF_DAY = 14  # the data of a period closes on the 14th of its last month


@dataclass(frozen=True)
class ReportWindow:
    """One periodic report of the Ministry's calendar: its data window and its closing month."""

    code: str  # "2025-Q1", "2025-H1", "2025-Q3", "2025"
    kind: str  # quarter, half, year
    first_data_day: date
    cutoff: date  # the last day of data: the 14th of the period's last month
    command: str  # what exports it


def bnv_windows(year: int) -> list[ReportWindow]:
    """Quarter I (15/12 of the year before to 14/3), six months (to 14/6), quarter III (15/6
    to 14/9) and the year (15/12 of the year before to 14/12)."""
    start = date(year - 1, 12, CUTOFF_DAY + 1)
    return [
        ReportWindow(
            f"{year}-Q1", "quarter", start, date(year, 3, CUTOFF_DAY), f"/xuatbaocao quy {year}-Q1"
        ),
        ReportWindow(
            f"{year}-H1", "half", start, date(year, 6, CUTOFF_DAY), f"/xuatbaocao 6thang {year}"
        ),
        ReportWindow(
            f"{year}-Q3",
            "quarter",
            date(year, 6, CUTOFF_DAY + 1),
            date(year, 9, CUTOFF_DAY),
            f"/xuatbaocao quy {year}-Q3",
        ),
        ReportWindow(
            str(year), "year", start, date(year, 12, CUTOFF_DAY), f"/xuatbaocao nam {year}"
        ),
    ]
