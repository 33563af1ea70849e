"""Officials' changes to their tasks: a report, its correction, a moved deadline. Each change,
its audit entry and the messages it causes commit in one transaction; a change that is refused
says why (an enum the handlers put into words) and writes nothing.

Figures are in services/figures.py, linked groups in services/groups.py.
"""

from __future__ import annotations

import html
import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import Enum

from domain.access import Actor
from domain.i18n import Translator
from domain.messages import OutgoingMessage
from domain.model import EvidenceFile, Plan, Task, TaskReport
from domain.occurrences import (
    Occurrence,
    Period,
    Progress,
    Status,
    default_due,
    period_containing,
)
from services import plans as plan_service
from services.audience import department_chats
from services.presenters.tasks import period_text
from storage.dbapi import Transaction
from storage.store import Store

log = logging.getLogger(__name__)

# The handlers' texts say "30 minutes" in words (bot/handlers/tasks/texts.py): change both.
CORRECTION_WINDOW = timedelta(minutes=30)
NOTE_LIMIT = 1000


async def notify_department(
    store: Store,
    tx: Transaction,
    dept_code: str,
    key: str,
    text: str,
    now: datetime,
    *,
    skip: int | None = None,
) -> int:
    """Queue `text` for the department's members and groups; `key` is made unique per chat."""
    queued = 0
    for chat_id in await department_chats(store, dept_code, tx):
        if chat_id == skip:
            continue
        if await store.outbox.enqueue(
            tx, f"{key}:{chat_id}", chat_id, "department", OutgoingMessage(text), now
        ):
            queued += 1
    return queued


@dataclass(frozen=True)
class SavedReport:
    report_id: int
    occurrence_id: int
    dept_code: str
    notified: int


async def submit_report(
    store: Store,
    t: Translator,
    plan: Plan,
    task: Task,
    period: Period,
    actor: Actor,
    dept_code: str,
    status: Progress,
    note: str,
    evidence: list[EvidenceFile],
    now: datetime,
) -> SavedReport:
    """Store a report; the lead department's word sets the occurrence's progress."""
    del plan  # the task and period say everything; kept for symmetry with the other changes
    async with store.transaction() as tx:
        occ = await store.occurrences.ensure(tx, task, period, default_due(task, period), now)
        report_id = await store.reports.add(
            tx, occ.id, dept_code, actor.user_id, actor.name, status.value, note, now, evidence
        )
        if dept_code == task.lead_dept:
            await store.occurrences.set_progress(
                tx, occ.id, status, now if status is Progress.DONE else None, now
            )
        await store.audit.record(
            tx,
            now,
            actor.user_id,
            "task.report",
            f"task:{task.code}",
            period=period.label,
            dept=dept_code,
            status=status.value,
            note=note,
            report=report_id,
            evidence=len(evidence),
        )
        notified = 0
        if dept_code != task.lead_dept:
            dept = await store.departments.get(dept_code)
            text = t._(
                "📝 {dept} reported its part of task <b>{code}</b> ({period}): {status}.\n{note}"
            ).format(
                dept=html.escape(dept.name if dept else dept_code),
                code=html.escape(task.code),
                period=period_text(t, period.label),
                status=t._("done") if status is Progress.DONE else t._("in progress"),
                note=html.escape(note),
            )
            notified = await notify_department(
                store,
                tx,
                task.lead_dept,
                f"task:{task.code}:{period.label}:r{report_id}",
                text,
                now,
            )
    return SavedReport(report_id, occ.id, dept_code, notified)


class CorrectionRefused(Enum):
    """Why a report cannot be corrected."""

    ONLY_LAST = "only_last"  # not the person's own last report
    TOO_LATE = "too_late"  # older than CORRECTION_WINDOW


async def correctable_report(
    store: Store, actor: Actor, now: datetime, report_id: int | None = None
) -> TaskReport | CorrectionRefused:
    """The person's last report if they may still correct it (and it is `report_id`, if given)."""
    last = await store.reports.last_by(actor.user_id)
    if last is None or last.reporter_id != actor.user_id:
        return CorrectionRefused.ONLY_LAST
    if report_id is not None and last.id != report_id:
        return CorrectionRefused.ONLY_LAST
    if now - last.created_at > CORRECTION_WINDOW:
        return CorrectionRefused.TOO_LATE
    return last


@dataclass(frozen=True)
class Correction:
    report: TaskReport | None  # the report as it was before the correction
    refused: CorrectionRefused | None = None


async def correct_report(
    store: Store,
    actor: Actor,
    report_id: int,
    status: Progress,
    note: str,
    now: datetime,
    evidence: list[EvidenceFile] | tuple[EvidenceFile, ...] = (),
) -> Correction:
    """Correct the reporter's own last report within the correction window (and add files to
    it); the lead department's latest word sets the occurrence's progress again."""
    report = await correctable_report(store, actor, now, report_id)
    if isinstance(report, CorrectionRefused):
        return Correction(None, report)
    async with store.transaction() as tx:
        occ = await store.occurrences.get_in(tx, report.occurrence_id)
        assert occ is not None
        await store.reports.correct(tx, report.id, status.value, note, now)
        await store.reports.add_evidence(tx, report.id, evidence, now)
        if await store.plans.lead_dept_of(tx, occ.task_id) == report.dept_code:
            latest = await store.reports.latest_of_dept(tx, occ.id, report.dept_code)
            progress = Progress(latest) if latest else Progress.NONE
            done_at = report.created_at if progress is Progress.DONE else None
            await store.occurrences.set_progress(tx, occ.id, progress, done_at, now)
        await store.audit.record(
            tx,
            now,
            actor.user_id,
            "task.report.correct",
            f"task:{report.task_code}",
            period=report.period,
            report=report.id,
            before_status=report.status,
            before_note=report.note,
            status=status.value,
            note=note,
            evidence=len(evidence),
        )
    return Correction(report)


async def attach_evidence(
    store: Store,
    actor: Actor,
    report_id: int,
    evidence: list[EvidenceFile] | tuple[EvidenceFile, ...],
    now: datetime,
) -> Correction:
    """Add files to the reporter's own last report within the correction window (a one-line
    report has no file step: its files come this way)."""
    report = await correctable_report(store, actor, now, report_id)
    if isinstance(report, CorrectionRefused):
        return Correction(None, report)
    async with store.transaction() as tx:
        await store.reports.add_evidence(tx, report.id, evidence, now)
        await store.audit.record(
            tx,
            now,
            actor.user_id,
            "task.report.evidence",
            f"task:{report.task_code}",
            period=report.period,
            report=report.id,
            evidence=len(evidence),
        )
    return Correction(report)


async def tick_news_duty(
    store: Store, tx: Transaction, actor: Actor, post_id: int, title: str, now: datetime
) -> str | None:
    """A news post by the department that leads the plan's weekly news duty (a weekly task with
    is_news) is that week's report on it: done, with the post's title as the note, written in
    the post's own transaction. The task's code, or None when nothing was ticked (another
    department's post, no such duty, or the week already done)."""
    day = now.date()
    plan = await plan_service.working_plan(store, day)
    if plan is None or not actor.dept_code:
        return None
    for task in await store.plans.tasks(plan.id):
        if not (task.is_news and task.cadence == "weekly" and task.lead_dept == actor.dept_code):
            continue
        if not plan.period_start <= day.year <= plan.period_end:
            return None
        period = period_containing(task.cadence, day, plan.period_start, plan.period_end)
        occ = await store.occurrences.ensure(tx, task, period, default_due(task, period), now)
        if occ.progress is Progress.DONE:
            return None
        note = f"📰 {title}"[:NOTE_LIMIT]
        report_id = await store.reports.add(
            tx, occ.id, actor.dept_code, actor.user_id, actor.name, "done", note, now
        )
        await store.occurrences.set_progress(tx, occ.id, Progress.DONE, now, now)
        await store.audit.record(
            tx,
            now,
            actor.user_id,
            "task.report",
            f"task:{task.code}",
            period=period.label,
            dept=actor.dept_code,
            status=Progress.DONE.value,
            note=note,
            report=report_id,
            news=post_id,
        )
        return task.code
    return None


class DeadlineRefused(Enum):
    """Why a deadline was not moved."""

    PAST = "past"  # the new day is before today
    AFTER_PLAN = "after_plan"  # the new day is after the plan's last year
    DONE = "done"  # the occurrence is done already
    UNCHANGED = "unchanged"  # the new day is the deadline already: nothing to change or tell


REASON_LIMIT = 300


def deadline_refusal(plan: Plan, occ: Occurrence, due: date, today: date) -> DeadlineRefused | None:
    """Why the occurrence's deadline may not become `due`, or None."""
    if occ.status is Status.DONE:
        return DeadlineRefused.DONE
    if due == occ.due:
        return DeadlineRefused.UNCHANGED
    if due < today:
        return DeadlineRefused.PAST
    if due.year > plan.period_end:
        return DeadlineRefused.AFTER_PLAN
    return None


@dataclass(frozen=True)
class DeadlineMove:
    refused: DeadlineRefused | None = None
    notified: int = 0  # messages queued for the departments taking part


async def move_deadline(
    store: Store,
    t: Translator,
    plan: Plan,
    task: Task,
    occ: Occurrence,
    due: date,
    reason: str,
    actor: Actor,
    now: datetime,
) -> DeadlineMove:
    """Set the occurrence's due date, with the leader's reason, and tell every department taking
    part; refused (nothing written, no one told) when deadline_refusal says so."""
    if refused := deadline_refusal(plan, occ, due, now.date()):
        return DeadlineMove(refused)
    notified = 0
    async with store.transaction() as tx:
        row = await store.occurrences.ensure(
            tx, task, occ.period, default_due(task, occ.period), now
        )
        await store.occurrences.set_due(tx, row.id, due if due != row.plan_due else None, now)
        await store.audit.record(
            tx,
            now,
            actor.user_id,
            "task.deadline",
            f"task:{task.code}",
            period=occ.period.label,
            before=occ.due.isoformat(),
            after=due.isoformat(),
            reason=reason,
        )
        text = t._(
            "📅 The deadline of task <b>{code}</b> {title} ({period}) moved from {before} to"
            " {due}, set by {who}. Reason: {reason}"
        ).format(
            code=html.escape(task.code),
            title=html.escape(task.title),
            period=period_text(t, occ.period.label),
            before=t.date(occ.due),
            due=t.date(due),
            who=html.escape(actor.name),
            reason=html.escape(reason),
        )
        for dept in (task.lead_dept, *task.support):
            notified += await notify_department(
                store,
                tx,
                dept,
                f"task:{task.code}:{occ.period.label}:due:{due}",
                text,
                now,
                skip=actor.user_id,
            )
    return DeadlineMove(notified=notified)
