"""Officials' changes: a report on a task, its correction, a moved deadline, a figure, a linked
group. Each change, its audit entry and the messages it causes commit in one transaction."""

from __future__ import annotations

import html
import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from domain.access import Actor
from domain.figures import ParsedValue
from domain.i18n import N_, Translator
from domain.messages import OutgoingMessage
from domain.model import EvidenceFile, Plan, Target, Task, TaskReport
from domain.occurrences import Occurrence, Period, Progress, default_due
from services.audience import department_chats
from services.presenters.tasks import period_text
from storage.db import Transaction
from storage.store import Store

log = logging.getLogger(__name__)

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


class CorrectionRefused(Exception):
    """Why a report cannot be corrected (a message id to translate)."""


async def correct_report(
    store: Store,
    actor: Actor,
    report: TaskReport,
    status: Progress,
    note: str,
    now: datetime,
) -> None:
    """Correct the reporter's own last report within the correction window."""
    last = await store.reports.last_by(actor.user_id)
    if last is None or last.id != report.id or report.reporter_id != actor.user_id:
        raise CorrectionRefused(N_("Only your own last report can be corrected."))
    if now - report.created_at > CORRECTION_WINDOW:
        raise CorrectionRefused(
            N_("A report can be corrected within 30 minutes only. Send a new report instead.")
        )
    async with store.transaction() as tx:
        occ = await store.occurrences.get_in(tx, report.occurrence_id)
        assert occ is not None
        await store.reports.correct(tx, report.id, status.value, note, now)
        task_row = await tx.fetchone("SELECT lead_dept FROM tasks WHERE id = ?", (occ.task_id,))
        if task_row and task_row["lead_dept"] == report.dept_code:
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
        )


async def move_deadline(
    store: Store,
    t: Translator,
    task: Task,
    occ: Occurrence,
    due: date,
    actor: Actor,
    now: datetime,
) -> None:
    """Set the occurrence's due date and tell every department taking part."""
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
        )
        text = t._(
            "📅 The deadline of task <b>{code}</b> {title} ({period}) is now {due}, set by {who}."
        ).format(
            code=html.escape(task.code),
            title=html.escape(task.title),
            period=period_text(t, occ.period.label),
            due=t.date(due),
            who=html.escape(actor.name),
        )
        for dept in (task.lead_dept, *task.support):
            await notify_department(
                store,
                tx,
                dept,
                f"task:{task.code}:{occ.period.label}:due:{due}",
                text,
                now,
                skip=actor.user_id,
            )


async def record_figure(
    store: Store,
    target: Target,
    period: Period,
    parsed: ParsedValue,
    note: str,
    actor: Actor,
    now: datetime,
) -> int:
    async with store.transaction() as tx:
        figure_id = await store.figures.add(
            tx,
            target_id=target.id,
            period=period.label,
            period_start=period.start,
            period_end=period.end,
            value=parsed.value,
            numerator=parsed.numerator,
            denominator=parsed.denominator,
            note=note,
            dept_code=actor.dept_code,
            reporter_id=actor.user_id,
            reporter_name=actor.name,
            now=now,
        )
        await store.audit.record(
            tx,
            now,
            actor.user_id,
            "figure.add",
            f"target:{target.code}",
            period=period.label,
            value=parsed.value,
            numerator=parsed.numerator,
            denominator=parsed.denominator,
            figure=figure_id,
        )
    return figure_id


async def link_group(
    store: Store, chat_id: int, title: str, dept_code: str, actor: Actor, now: datetime
) -> str | None:
    async with store.transaction() as tx:
        before = await store.groups.link(tx, chat_id, dept_code, title, actor.user_id, now)
        await store.audit.record(
            tx, now, actor.user_id, "group.link", f"group:{chat_id}", dept=dept_code, before=before
        )
    return before


async def unlink_group(store: Store, chat_id: int, actor: Actor, now: datetime) -> str | None:
    async with store.transaction() as tx:
        before = await store.groups.unlink(tx, chat_id)
        if before:
            await store.audit.record(
                tx, now, actor.user_id, "group.unlink", f"group:{chat_id}", dept=before
            )
    return before
