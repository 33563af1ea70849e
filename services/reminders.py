"""What the scheduler does when it wakes: the reminders that are due, and the weekly digest.

The APScheduler glue (bot/reminders/scheduling.py) only decides when; these use cases decide
what, from the database, and queue it in the outbox in one transaction each.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime

from domain.i18n import Translator
from domain.model import Deadline
from domain.reminders import Audience, QueuedMessage, reminders_due, report_deadlines
from domain.schedule_policy import SchedulePolicy
from domain.working_days import WorkingCalendar
from services import occurrences as occurrence_service
from services import plans as plan_service
from services.audience import department_chats, leader_chats
from services.calendar import working_calendar
from services.digest import DigestResult, last_digest_moment, queue_digest, week_for_moment
from storage.store import Store

log = logging.getLogger(__name__)


async def collect_deadlines(
    store: Store, now: datetime, calendar: WorkingCalendar, policy: SchedulePolicy, t: Translator
) -> list[Deadline]:
    """Open task occurrences, open complaints and the plan's coming periodic reports."""
    deadlines = await occurrence_service.open_deadlines(store, now)
    deadlines += await store.complaints.open_deadlines(now)
    plan = await plan_service.working_plan(store, now.date())
    if plan is not None:
        reporting = [
            (task.lead_dept, task.serves)
            for task in await store.plans.tasks(plan.id)
            if task.is_reporting
        ]
        deadlines += report_deadlines(
            reporting,
            (plan.period_start, plan.period_end),
            now.date(),
            calendar,
            policy,
            t,
        )
    return deadlines


async def build_audience(
    store: Store, admin_ids: Iterable[int], dept_codes: Iterable[str]
) -> Audience:
    """Who hears each department's reminders, and who is escalated to."""
    dept_chats = {code: await department_chats(store, code) for code in dict.fromkeys(dept_codes)}
    leaders = await leader_chats(store, admin_ids)
    targets = [t for plan in await store.plans.all() for t in await store.plans.targets(plan.id)]
    return Audience(
        dept_chats=dept_chats,
        leader_chats=leaders,
        dept_names={d.code: d.name for d in await store.departments.all()},
        target_names={t.code: t.short for t in targets},
    )


async def queue_reminders(
    store: Store, now: datetime, policy: SchedulePolicy, t: Translator, admin_ids: Iterable[int]
) -> int:
    """Queue every reminder that has come by `now`; returns how many rows were new."""
    calendar = await working_calendar(store)
    deadlines = await collect_deadlines(store, now, calendar, policy, t)
    audience = await build_audience(store, admin_ids, (d.dept_code for d in deadlines))
    rows = reminders_due(deadlines, audience, calendar, now, policy, t)
    return await enqueue(store, rows, now)


async def enqueue(store: Store, rows: list[QueuedMessage], now: datetime) -> int:
    """Queue the reminders not queued before (their keys make each one once), in one go."""
    known = await store.outbox.known_keys([r.key for r in rows])
    fresh = [r for r in rows if r.key not in known]
    if not fresh:
        return 0
    added = 0
    async with store.transaction() as tx:
        for row in fresh:
            added += await store.outbox.enqueue(
                tx, row.key, row.chat_id, row.kind, row.message, now, not_before=row.not_before
            )
        await store.scheduler_state.put(tx, "reminders.last_queued", now.isoformat(), now)
    return added


async def send_due_digest(
    store: Store,
    now: datetime,
    policy: SchedulePolicy,
    t: Translator,
    admin_ids: Iterable[int],
    ward: str = "",
) -> DigestResult | None:
    """The digest of the last digest moment, if it was not composed yet (at start, or on time)."""
    week = week_for_moment(last_digest_moment(now, policy))
    if await store.digests.get(week) is not None:
        return None
    result = await queue_digest(
        store,
        week,
        now,
        policy,
        t,
        frozenset(admin_ids),
        ward,
    )
    log.info("digest %s queued for %s subscribers", week, result.queued)
    return result
