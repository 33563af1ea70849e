"""The end of a plan (issue 11 item 5): its leftovers closed in one step, the admins told once.

When a plan's period has ended, the occurrences still open (overdue, or in progress and never
finished) are its *leftovers*. `close_leftovers` closes them in one audited transaction with a
reason ("kế hoạch kết thúc"): they leave /nhiemvu, the reminders and the overdue counts, the
reports show them as closed (not done), and a late "done" report still wins. `queue_end_notice`
tells the administrators once per plan (remembered in the database) what to do next, with
buttons: close the leftovers, draft next year's plan.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from domain.buttons import CloseLeftovers, DraftNextPlan, LoadNextPlan
from domain.figures import Judgement, final_judgement
from domain.i18n import Translator
from domain.messages import OutgoingMessage
from domain.model import Plan
from domain.occurrences import Occurrence
from domain.reminders import outside_quiet_hours
from domain.schedule_policy import SchedulePolicy
from services import occurrences as occurrence_service
from services import plans as plan_service
from services.presenters.plan_span import plan_span
from storage.store import Store

END_REASON = "kế hoạch kết thúc"


def has_ended(plan: Plan, now: datetime) -> bool:
    return plan.is_over(now.date().year)


async def leftovers(store: Store, plan: Plan, now: datetime) -> list[Occurrence]:
    """The plan's occurrences still open (none while its period runs: nothing is left over)."""
    if not has_ended(plan, now):
        return []
    tasks = await store.plans.tasks(plan.id)
    return [o for o in await occurrence_service.occurrences(store, plan, tasks, now) if o.is_open]


async def final_verdicts(store: Store, plan: Plan) -> tuple[int, int, int]:
    """An ended plan's measurable targets: (met, not met, no figure) against the final
    milestones (kết quả cuối kỳ)."""
    figures = await store.figures.latest_by_period(plan.id)
    met = missed = unjudged = 0
    for target in await store.plans.targets(plan.id):
        if not target.is_measurable:
            continue
        verdict = final_judgement(target, figures.get(target.code, []), plan.period_end)
        if verdict is None or verdict[1] is Judgement.NO_MILESTONE:
            unjudged += 1
        elif verdict[1] is Judgement.MET:
            met += 1
        else:
            missed += 1
    return met, missed, unjudged


class CloseOutcome(StrEnum):
    CLOSED = "closed"
    NOTHING = "nothing"  # the plan ended with nothing left open
    NOT_ENDED = "not_ended"  # its period still runs: refused
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class CloseResult:
    outcome: CloseOutcome
    plan: Plan | None = None
    closed: int = 0


async def find_plan(store: Store, key: int | str) -> Plan | None:
    """A plan by its id (a button) or its slug (the command line)."""
    if isinstance(key, int):
        return await store.plans.get(key)
    return await store.plans.by_slug(key)


async def close_leftovers(
    store: Store,
    key: int | str,
    actor_id: int | None,
    now: datetime,
    reason: str = END_REASON,
) -> CloseResult:
    """Close every leftover occurrence of an ended plan, in one transaction, audited."""
    plan = await find_plan(store, key)
    if plan is None:
        return CloseResult(CloseOutcome.UNKNOWN)
    if not has_ended(plan, now):
        return CloseResult(CloseOutcome.NOT_ENDED, plan)
    found = await leftovers(store, plan, now)
    if not found:
        return CloseResult(CloseOutcome.NOTHING, plan)
    async with store.transaction() as tx:
        for occ in found:
            row = await store.occurrences.ensure(tx, occ.task, occ.period, occ.due, now)
            await store.occurrences.close(tx, row.id, reason, actor_id, now)
        await store.audit.record(
            tx,
            now,
            actor_id,
            "plan.close_leftovers",
            f"plan:{plan.slug}",
            reason=reason,
            closed=len(found),
            occurrences=[f"{o.code} {o.period.label}" for o in found],
        )
    return CloseResult(CloseOutcome.CLOSED, plan, len(found))


# the admins told once -----------------------------------------------------------------------
@dataclass(frozen=True)
class EndState:
    """What the admins are told when the working plan's period has ended."""

    plan: Plan
    leftovers: int
    next_year: int  # the year to draft a plan for: the current year
    next_loaded: bool  # a plan covering the current year is loaded already


async def end_state(store: Store, now: datetime) -> EndState | None:
    """The ended plan whose tasks people worked to last, or None while a plan runs."""
    plan = await plan_service.working_plan(store, now.date())
    if plan is None or not has_ended(plan, now):
        return None
    year = now.date().year
    loaded = bool(await plan_service.plans_for_year(store, year))
    return EndState(plan, len(await leftovers(store, plan, now)), year, loaded)


async def ended_plan_to_close(store: Store, now: datetime) -> EndState | None:
    """An ended plan with leftovers, for the buttons: the working plan when it ended, else the
    latest ended plan (after the next plan was loaded, 2025's leftovers can still be closed)."""
    if (state := await end_state(store, now)) is not None:
        return state if state.leftovers else None
    year = now.date().year
    ended = [p for p in await store.plans.all() if not p.archived and p.period_end < year]
    for plan in sorted(ended, key=lambda p: (-p.period_end, p.kind != "yearly", -p.id)):
        if count := len(await leftovers(store, plan, now)):
            return EndState(plan, count, year, True)
    return None


def end_text(t: Translator, state: EndState) -> str:
    """What the administrators read: the plan ended, what is left, what to do next."""
    plan = state.plan
    lines = [
        t._("The plan {code} ({span}) has ended: no new task falls due.").format(
            code=plan.code, span=plan_span(t, plan)
        )
    ]
    if state.leftovers:
        lines.append(
            t.ngettext(
                "{n} task is still open from it. Close it with the reason «the plan ended»:"
                " it leaves the task lists and the reminders, and the reports show it as closed.",
                "{n} tasks are still open from it. Close them in one step with the reason «the"
                " plan ended»: they leave the task lists and the reminders, and the reports show"
                " them as closed.",
                state.leftovers,
            ).format(n=state.leftovers)
        )
    if not state.next_loaded:
        lines.append(
            t._(
                "No plan for {year} is loaded yet. Get a draft of the {year} plan made from this"
                " plan's recurring tasks, correct it, then send it (or the plan's Word document)"
                " back to me to load."
            ).format(year=state.next_year)
        )
    return "\n".join(lines)


def end_buttons(
    t: Translator, state: EndState, admin: bool
) -> tuple[tuple[tuple[str, str], ...], ...]:
    """The buttons under it: close the leftovers (leaders too); the draft and how to load the
    next plan (administrators)."""
    rows: list[tuple[tuple[str, str], ...]] = []
    if state.leftovers:
        label = t._("⏹ Close the {n} leftover tasks").format(n=state.leftovers)
        rows.append(((label, CloseLeftovers(state.plan.id).pack()),))
    if admin and not state.next_loaded:
        draft = t._("📝 Draft of the {year} plan").format(year=state.next_year)
        rows.append(((draft, DraftNextPlan(state.plan.id, state.next_year).pack()),))
        rows.append(((t._("📥 Load the new plan"), LoadNextPlan(state.next_year).pack()),))
    return tuple(rows)


async def to_tell(store: Store, now: datetime) -> EndState | None:
    """What the buttons offer: the working plan when its period ended, else an older ended plan
    with leftovers (the 2025 plan's after the 2026 plan was loaded); None while all is well."""
    if (state := await end_state(store, now)) is not None:
        return state
    return await ended_plan_to_close(store, now)


async def queue_end_notice(
    store: Store,
    now: datetime,
    policy: SchedulePolicy,
    admin_ids: Iterable[int],
    t: Translator,
) -> int:
    """Tell the administrators, once per plan (remembered in the database), that its period has
    ended and what to do next, by buttons. Returns how many messages were queued."""
    state = await to_tell(store, now)
    chats = sorted(set(admin_ids))
    if state is None or not chats or await store.occurrences.end_noticed(state.plan.id):
        return 0
    message = OutgoingMessage(end_text(t, state), None, end_buttons(t, state, admin=True))
    queued = 0
    async with store.transaction() as tx:
        if not await store.occurrences.note_end_noticed(tx, state.plan.id, now):
            return 0
        for chat in chats:
            queued += await store.outbox.enqueue(
                tx,
                f"plan-end:{state.plan.id}:{chat}",
                chat,
                "plan_end",
                message,
                now,
                not_before=outside_quiet_hours(now, policy),
            )
        await store.audit.record(
            tx, now, None, "plan.end_noticed", f"plan:{state.plan.slug}", leftovers=state.leftovers
        )
    return queued
