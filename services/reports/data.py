"""What the periodic report says, gathered from the store for a quarter or a year."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from domain.figures import Judgement, figure_period, final_judgement, judge
from domain.i18n import Translator
from domain.model import Plan
from domain.occurrences import (
    Occurrence,
    Period,
    Status,
    plan_period,
    quarter_period,
    year_period,
)
from domain.text import sort_key
from services import occurrences as occurrence_service
from services.presenters.targets import milestone_text
from services.presenters.tasks import (
    JUDGEMENT_LABELS,
    ROMAN,
    STATUS_LABELS,
    figure_value,
    period_text,
)
from storage.store import Store

QUARTER = re.compile(r"^(\d{4})-Q([1-4])$", re.IGNORECASE)
PHASE = re.compile(r"^(\d{4})-(\d{4})$")


def report_period(kind: str, label: str) -> Period | None:
    """'quarter' + '2025-Q3', 'year' + '2025', or 'phase' + '2021-2025' (tổng kết giai đoạn)."""
    if kind == "phase" and (m := PHASE.match(label.strip())) and m.group(1) < m.group(2):
        return plan_period(int(m.group(1)), int(m.group(2)))
    if kind == "quarter" and (m := QUARTER.match(label.strip())):
        return quarter_period(int(m.group(1)), int(m.group(2)))
    if kind == "year" and re.match(r"^\d{4}$", label.strip()):
        return year_period(int(label))
    return None


@dataclass(frozen=True)
class TargetRow:
    code: str
    short: str
    milestone: str
    result: str  # the figure as people read it, or "no figure"
    figure_period: str
    judgement: str
    value: float | None
    numerator: float | None
    denominator: float | None


@dataclass(frozen=True)
class TaskRow:
    code: str
    title: str
    lead: str
    period: str
    due: date
    status: str
    done_on: date | None
    on_time: bool | None
    note: str


@dataclass
class AreaSection:
    code: str
    name: str
    targets: list[TargetRow] = field(default_factory=list)
    done: list[TaskRow] = field(default_factory=list)
    overdue: list[TaskRow] = field(default_factory=list)
    other: list[TaskRow] = field(default_factory=list)


@dataclass(frozen=True)
class EvidenceRow:
    """A line of the annex: one evidence file sent with a report on the period's tasks."""

    code: str
    title: str
    period: str
    dept: str
    file_name: str
    sent_on: date
    reporter: str


@dataclass
class ReportData:
    plan: Plan
    kind: str
    period: Period
    period_name: str  # "quý III năm 2025", "năm 2025"
    made_on: datetime
    sections: list[AreaSection]
    evidence: list[EvidenceRow] = field(default_factory=list)  # the annex

    @property
    def tasks(self) -> list[TaskRow]:
        return [row for s in self.sections for row in (*s.done, *s.overdue, *s.other)]

    @property
    def targets(self) -> list[TargetRow]:
        return [row for s in self.sections for row in s.targets]

    def count(self, attribute: str) -> int:
        return sum(len(getattr(s, attribute)) for s in self.sections)


def period_name(t: Translator, kind: str, period: Period) -> str:
    if kind == "phase":
        return t._("the phase {start}-{end}").format(start=period.start.year, end=period.end.year)
    if kind == "quarter":
        return t._("quarter {quarter} of {year}").format(
            quarter=ROMAN[(period.start.month - 1) // 3 + 1], year=period.start.year
        )
    return t._("the year {year}").format(year=period.start.year)


async def collect(
    store: Store, t: Translator, plan: Plan, kind: str, period: Period, now: datetime
) -> ReportData:
    areas = await store.plans.areas(plan.id)
    targets = await store.plans.targets(plan.id)
    tasks = await store.plans.tasks(plan.id)
    figures = await store.figures.latest_by_period(plan.id)
    sections = {a.code: AreaSection(a.code, a.name) for a in areas}
    # A phase review (tổng kết giai đoạn) judges against the final milestones: met or not met.
    phase = kind == "phase"
    year = plan.period_end if phase else plan.milestone_year(period.start.year)
    for target in targets:
        section = sections.get(target.area_code)
        if section is None or not target.is_measurable:
            continue
        inside = [
            f
            for f in figures.get(target.code, [])
            if period.start <= f.period_start and f.period_end <= period.end
        ]
        milestone = target.milestone_for(year)
        if inside:
            latest = inside[-1]
            judgement = judge(target, latest.value, figure_period(latest))
            if phase and (final := final_judgement(target, inside, year)) is not None:
                latest, judgement = final
            row = TargetRow(
                target.code,
                target.short,
                milestone_text(t, target, milestone),
                figure_value(t, target, latest),
                period_text(t, latest.period),
                t._(JUDGEMENT_LABELS[judgement]),
                latest.value,
                latest.numerator,
                latest.denominator,
            )
        else:
            row = TargetRow(
                target.code,
                target.short,
                milestone_text(t, target, milestone),
                t._("no figure entered"),
                "",
                t._(JUDGEMENT_LABELS[Judgement.NO_MILESTONE]) if milestone is None else "",
                None,
                None,
                None,
            )
        section.targets.append(row)
    occurrences = await occurrence_service.occurrences(
        store, plan, tasks, now, first_day=period.start, last_day=period.end
    )
    notes = await _last_notes(store, occurrences)
    for occ in sorted(occurrences, key=lambda o: (o.due, sort_key(o.code))):
        if not period.contains(occ.due) or (section := sections.get(occ.task.area_code)) is None:
            continue
        if phase and occ.status is Status.UNTRACKED:
            continue  # five years of periods before the bot began: nothing is known of them
        task_row = TaskRow(
            occ.code,
            occ.task.title,
            occ.task.lead_dept,
            period_text(t, occ.period.label),
            occ.due,
            t._(STATUS_LABELS[occ.status]),
            occ.done_on,
            occ.done_on_time if occ.done_on else None,
            notes.get(occ.occurrence_id or 0, ""),
        )
        if occ.status is Status.DONE:
            section.done.append(task_row)
        elif occ.status is Status.OVERDUE:
            section.overdue.append(task_row)
        else:
            section.other.append(task_row)
    evidence = [
        EvidenceRow(
            e.task_code,
            e.task_title,
            period_text(t, e.period),
            e.dept_code,
            e.file_name or (t._("photo") if e.kind == "photo" else t._("document")),
            e.reported_at.astimezone(now.tzinfo).date(),
            e.reporter_name,
        )
        for e in await store.reports.evidence_between(
            plan.id, period.start.isoformat(), period.end.isoformat()
        )
    ]
    return ReportData(
        plan, kind, period, period_name(t, kind, period), now, list(sections.values()), evidence
    )


async def _last_notes(store: Store, occurrences: list[Occurrence]) -> dict[int, str]:
    notes: dict[int, str] = {}
    for occ in occurrences:
        if occ.occurrence_id is None:
            continue
        reports = await store.reports.for_occurrence(occ.occurrence_id)
        lead = [r for r in reports if r.dept_code == occ.task.lead_dept] or reports
        if lead:
            notes[occ.occurrence_id] = lead[-1].note
    return notes
