"""What the periodic report says, gathered from the store for a quarter or a year."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from domain.figures import Figure, Judgement, figure_period, final_judgement, judge
from domain.i18n import Translator
from domain.model import Plan, Target
from domain.occurrences import (
    Occurrence,
    Period,
    Status,
    half_period,
    plan_period,
    quarter_period,
    year_period,
)
from domain.report_rules import (
    SUMMARISED,
    ComplaintStats,
    DutySummary,
    complaint_stats,
    cutoff,
    summarise_duties,
)
from domain.survey import MIN_RESPONSES_SHOWN, MonthResult, month_result
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
HALF = re.compile(r"^(\d{4})-H([12])$", re.IGNORECASE)
PHASE = re.compile(r"^(\d{4})-(\d{4})$")


def report_period(kind: str, label: str) -> Period | None:
    """'quarter' + '2025-Q3', 'half' + '2025-H1', 'year' + '2025', or 'phase' + '2021-2025'
    (tổng kết giai đoạn)."""
    if kind == "phase" and (m := PHASE.match(label.strip())) and m.group(1) < m.group(2):
        return plan_period(int(m.group(1)), int(m.group(2)))
    if kind == "quarter" and (m := QUARTER.match(label.strip())):
        return quarter_period(int(m.group(1)), int(m.group(2)))
    if kind == "half" and (m := HALF.match(label.strip())):
        return half_period(int(m.group(1)), int(m.group(2)))
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
    verdict: Judgement | None = None
    source: str = "figure"  # figure, survey (the bot's own), qualitative, none


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
    other: list[TaskRow] = field(default_factory=list)  # open, not due by the cut-off
    untracked: list[TaskRow] = field(default_factory=list)  # due before tracking began
    duties: list[DutySummary] = field(default_factory=list)  # weekly and monthly, summed up


@dataclass(frozen=True)
class SurveySummary:
    """The bot's own satisfaction survey over the period's months (an early signal)."""

    responses: int
    result: MonthResult | None  # all months' answers together; None: no answer

    @property
    def percent(self) -> float | None:
        if self.result is None or self.responses < MIN_RESPONSES_SHOWN:
            return None
        return self.result.percent


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
    cutoff: date | None = None  # the last day of data (the period's end, or the day made)
    tracking_since: date | None = None
    complaints: ComplaintStats = field(default_factory=ComplaintStats)
    survey: SurveySummary = field(default_factory=lambda: SurveySummary(0, None))
    dept_names: dict[str, str] = field(default_factory=dict)
    directions: list[str] = field(default_factory=list)  # suggested from the data
    proposals: list[str] = field(default_factory=list)  # suggested from the data

    @property
    def tasks(self) -> list[TaskRow]:
        return [row for s in self.sections for row in (*s.done, *s.overdue, *s.other, *s.untracked)]

    @property
    def duties(self) -> list[DutySummary]:
        return [d for s in self.sections for d in s.duties]

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
    if kind == "half":
        if period.start.month == 1:
            return t._("the first six months of {year}").format(year=period.start.year)
        return t._("the last six months of {year}").format(year=period.start.year)
    return t._("the year {year}").format(year=period.start.year)


async def collect(
    store: Store, t: Translator, plan: Plan, kind: str, period: Period, now: datetime
) -> ReportData:
    areas = await store.plans.areas(plan.id)
    targets = await store.plans.targets(plan.id)
    tasks = await store.plans.tasks(plan.id)
    figures = await store.figures.latest_by_period(plan.id)
    today = now.date()
    last_day = cutoff(period, today)
    survey = await _survey(store, period, last_day)
    sections = {a.code: AreaSection(a.code, a.name) for a in areas}
    # A phase review (tổng kết giai đoạn) judges against the final milestones: met or not met.
    phase = kind == "phase"
    year = plan.period_end if phase else plan.milestone_year(period.start.year)
    for target in targets:
        if (section := sections.get(target.area_code)) is not None:
            row = _target_row(t, target, figures, period, year, survey, today, final=phase)
            section.targets.append(row)
    occurrences = await occurrence_service.occurrences(
        store, plan, tasks, now, first_day=period.start, last_day=period.end
    )
    notes = await _last_notes(store, occurrences)
    inside = [
        occ
        for occ in sorted(occurrences, key=lambda o: (o.due, sort_key(o.code)))
        if period.contains(occ.due) and occ.task.area_code in sections
    ]
    for duty in summarise_duties(inside, last_day):
        sections[next(o.task.area_code for o in inside if o.code == duty.code)].duties.append(duty)
    for occ in inside:
        if occ.task.cadence in SUMMARISED:
            continue
        if phase and occ.status is Status.UNTRACKED:
            continue  # five years of periods before the bot began: nothing is known of them
        section = sections[occ.task.area_code]
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
        elif occ.status is Status.UNTRACKED:
            section.untracked.append(task_row)
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
    tz = now.tzinfo
    assert tz is not None
    received = await store.complaints.received_between(
        datetime.combine(period.start, time(0), tz),
        datetime.combine(last_day + timedelta(days=1), time(0), tz),
    )
    data = ReportData(
        plan,
        kind,
        period,
        period_name(t, kind, period),
        now,
        list(sections.values()),
        evidence,
        cutoff=last_day,
        tracking_since=await store.occurrences.tracking_since(plan.id, today),
        complaints=complaint_stats(received, last_day, tz),
        survey=survey,
        dept_names={d.code: d.name for d in await store.departments.all()},
    )
    suggest(t, data)
    return data


def _target_row(
    t: Translator,
    target: Target,
    figures: dict[str, list[Figure]],
    period: Period,
    year: int,
    survey: SurveySummary,
    today: date,
    *,
    final: bool = False,
) -> TargetRow:
    """A target's line in the report: its latest figure of the period, the bot's survey for
    the SIPAS target without one, and the qualitative targets for the leader to assess."""
    milestone = target.milestone_for(year)
    shown = milestone_text(t, target, milestone)
    if not target.is_measurable:
        return TargetRow(
            target.code, target.short, shown, t._("to be assessed by the leader"), "", "",
            None, None, None, source="qualitative",
        )  # fmt: skip
    inside = [
        f
        for f in figures.get(target.code, [])
        if period.start <= f.period_start and f.period_end <= period.end
    ]
    if inside:
        latest = inside[-1]
        judgement = judge(target, latest.value, figure_period(latest), today)
        if final and (verdict := final_judgement(target, inside, year)) is not None:
            latest, judgement = verdict  # an ended plan: met or not met, never "at risk"
        return TargetRow(
            target.code,
            target.short,
            shown,
            figure_value(t, target, latest),
            period_text(t, latest.period),
            t._(JUDGEMENT_LABELS[judgement]),
            latest.value,
            latest.numerator,
            latest.denominator,
            judgement,
        )
    if target.is_sipas and survey.responses:
        return TargetRow(
            target.code,
            target.short,
            shown,
            survey_text(t, survey),
            "",
            t._("early signal, not the official index"),
            survey.percent,
            None,
            None,
            source="survey",
        )
    return TargetRow(
        target.code,
        target.short,
        shown,
        t._("no figure entered"),
        "",
        t._(JUDGEMENT_LABELS[Judgement.NO_MILESTONE]) if milestone is None else "",
        None,
        None,
        None,
        source="none",
    )


def survey_text(t: Translator, survey: SurveySummary) -> str:
    """'Khảo sát qua bot: 86,67% hài lòng (45 phiếu)', or the count when too few answered."""
    if survey.percent is None:
        return t.ngettext(
            "bot survey: {count} answer (a figure is shown from {min})",
            "bot survey: {count} answers (a figure is shown from {min})",
            survey.responses,
        ).format(count=survey.responses, min=MIN_RESPONSES_SHOWN)
    return t.ngettext(
        "bot survey: {percent} satisfied ({count} answer)",
        "bot survey: {percent} satisfied ({count} answers)",
        survey.responses,
    ).format(percent=t.percent(survey.percent), count=survey.responses)


async def _survey(store: Store, period: Period, last_day: date) -> SurveySummary:
    """The survey's answers of every month of the period up to the cut-off, added together."""
    responses = 0
    counts: dict[str, dict[int, int]] = {}
    month = date(period.start.year, period.start.month, 1)
    while month <= last_day:
        label = f"{month:%Y-%m}"
        responses += await store.surveys.responses(label)
        for question, scores in (await store.surveys.counts(label)).items():
            into = counts.setdefault(question, {})
            for score, n in scores.items():
                into[score] = into.get(score, 0) + n
        month = (month + timedelta(days=32)).replace(day=1)
    if not responses:
        return SurveySummary(0, None)
    return SurveySummary(responses, month_result(period.label, responses, counts))


def suggest(t: Translator, data: ReportData) -> None:
    """What the data suggests for the next period and for proposals, for the leader to edit."""
    directions, proposals = data.directions, data.proposals
    overdue = [row for s in data.sections for row in s.overdue]
    if overdue:
        directions.append(
            t.ngettext(
                "Finish the {count} overdue task: {codes}.",
                "Finish the {count} overdue tasks: {codes}.",
                len(overdue),
            ).format(count=len(overdue), codes=", ".join(dict.fromkeys(r.code for r in overdue)))
        )
    for duty in data.duties:
        if duty.due and duty.done < duty.due:
            directions.append(
                t._("Keep up duty {code} ({title}): done {done} of {due}.").format(
                    code=duty.code, title=duty.title, done=duty.done, due=duty.due
                )
            )
    risky = [r for r in data.targets if r.verdict in (Judgement.AT_RISK, Judgement.MISSED)]
    for row in risky:
        directions.append(
            t._("Improve target {code} ({short}): {result} against {milestone}.").format(
                code=row.code, short=row.short, result=row.result, milestone=row.milestone
            )
        )
    missing = [r.code for r in data.targets if r.source == "none"]
    if missing:
        directions.append(
            t._("Enter the figures of the targets without one: {codes}.").format(
                codes=", ".join(missing)
            )
        )
    if data.complaints.open_overdue:
        directions.append(
            t.ngettext(
                "Settle the {count} complaint past its time limit.",
                "Settle the {count} complaints past their time limit.",
                data.complaints.open_overdue,
            ).format(count=data.complaints.open_overdue)
        )
    if data.survey.responses < MIN_RESPONSES_SHOWN:
        proposals.append(
            t._(
                "Invite more citizens to rate the service (/danhgia): {count} answers this period,"
                " a reliable figure needs at least {min}."
            ).format(count=data.survey.responses, min=MIN_RESPONSES_SHOWN)
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
