"""Complaints and suggestions (phản ánh, kiến nghị): codes, routing, due dates and each step.

Every step is one transaction: the change, its history event, its audit entry and the messages
to the other people concerned (through the outbox, keyed so each is sent once) commit together.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import date, datetime, time
from enum import StrEnum

from bot.context import Actor
from bot.search.normalize import folded_words
from domain.datafiles.complaint_rules import (  # noqa: F401 (re-exported: the rules file moved)
    RULES_FILE,
    ComplaintField,
    ComplaintRules,
    read_rules,
    shipped_rules,
)
from domain.i18n import Translator
from domain.working_days import WorkingCalendar, add_working_days
from storage.complaints import Complaint, NewComplaint
from storage.db import Transaction
from storage.outbox import OutgoingMessage
from storage.store import Store

PREFIX = "PA"
CODE_TEXT = re.compile(r"^\s*P\s*A\s*[-_.\s]*(\d{4})\s*[-_.\s]*(\d{1,5})\s*$", re.IGNORECASE)
CODE_COMPACT = re.compile(r"^\s*PA(\d{4})(\d{4,5})\s*$", re.IGNORECASE)
FORMAL = ("khieu nai", "to cao")  # formal complaints and denunciations follow other laws


# codes -----------------------------------------------------------------------------------------
def code_prefix(received: date) -> str:
    """PA-YYMM-: the year and month are read aloud as four digits; no letters to confuse."""
    return f"{PREFIX}-{received:%y%m}-"


def tracking_code(received: date, number: int) -> str:
    return f"{code_prefix(received)}{number:04d}"


def parse_code(text: str) -> str | None:
    """'PA-2611-0042', 'pa 2611 42', 'PA26110042' -> 'PA-2611-0042'; None if not a code."""
    match = CODE_TEXT.match(text) or CODE_COMPACT.match(text)
    if not match:
        return None
    return f"{PREFIX}-{match.group(1)}-{int(match.group(2)):04d}"


# routing ---------------------------------------------------------------------------------------
def suggest_field(rules: ComplaintRules, content: str) -> ComplaintField | None:
    """The field whose keywords the content uses most (None: no clue)."""
    text = f" {' '.join(folded_words(content))} "
    best: tuple[int, ComplaintField] | None = None
    for field in rules.fields:
        hits = sum(1 for k in field.keywords if f" {' '.join(k)} " in text)
        if hits and (best is None or hits > best[0]):
            best = (hits, field)
    return best[1] if best else None


def mentions_formal_complaint(content: str) -> bool:
    text = " ".join(folded_words(content))
    return any(word in text for word in FORMAL)


def route(
    rules: ComplaintRules, field: ComplaintField | None, departments: set[str]
) -> tuple[str, str | None]:
    """(department holding it, department of the field) among the plan's departments."""
    holding = rules.handler if rules.handler in departments else sorted(departments)[0]
    support = field.dept if field and field.dept in departments else None
    return holding, (support if support != holding else None)


def due_on(received: date, rules: ComplaintRules, calendar: WorkingCalendar | None = None) -> date:
    return add_working_days(received, rules.due_working_days, calendar)


def can_handle(actor: Actor, complaint: Complaint) -> bool:
    """Leaders and admins handle every complaint; an official those of their department."""
    if not actor.is_staff:
        return False
    return actor.role.sees_all_departments or actor.dept_code in complaint.departments


def can_view(actor: Actor, complaint: Complaint) -> bool:
    return complaint.citizen_id == actor.user_id or can_handle(actor, complaint)


# steps -----------------------------------------------------------------------------------------
class Outcome(StrEnum):
    DONE = "done"
    NOT_FOUND = "not_found"
    FORBIDDEN = "forbidden"
    CLOSED = "closed"
    LIMIT = "limit"
    SAME_DEPT = "same_dept"


@dataclass(frozen=True)
class Draft:
    content: str
    field_code: str | None = None
    photos: tuple[str, ...] = ()
    latitude: float | None = None
    longitude: float | None = None


@dataclass(frozen=True)
class Submitted:
    outcome: Outcome
    code: str = ""
    due: date | None = None
    dept_name: str = ""


def _open_button(t: Translator, code: str) -> tuple[tuple[tuple[str, str], ...], ...]:
    return (((t._("Open and handle"), f"xl:o:{code}"),),)


async def _staff_chats(store: Store, depts: tuple[str, ...], fallback: frozenset[int]) -> list[int]:
    """Who is told of a complaint: the departments' people, else the leaders, else admins."""
    chats: list[int] = []
    for dept in depts:
        chats += [u.tg_id for u in await store.users.members(dept)]
    if not chats:
        chats = [u.tg_id for u in await store.users.leaders()]
    if not chats:
        chats = sorted(fallback)
    return list(dict.fromkeys(chats))


async def _dept_name(store: Store, code: str) -> str:
    dept = await store.departments.get(code)
    return dept.name if dept else code


async def submit(
    store: Store,
    rules: ComplaintRules,
    t: Translator,
    draft: Draft,
    citizen_id: int,
    now: datetime,
    *,
    admins: frozenset[int] = frozenset(),
    calendar: WorkingCalendar | None = None,
) -> Submitted:
    """Store a complaint durably and tell the departments; the code is shown only after this."""
    local = now.astimezone(t.tz)
    midnight = datetime.combine(local.date(), time(0), tzinfo=t.tz)
    field = rules.field(draft.field_code) if draft.field_code else None
    departments = {d.code for d in await store.departments.all()}
    holding, support = route(rules, field, departments)
    due = due_on(local.date(), rules, calendar)
    staff = await _staff_chats(store, (holding, *([support] if support else [])), admins)
    async with store.transaction() as tx:
        if await store.complaints.count_since(tx, citizen_id, midnight) >= rules.daily_limit:
            return Submitted(Outcome.LIMIT)
        prefix = code_prefix(local.date())
        code = tracking_code(local.date(), await store.complaints.next_number(tx, prefix))
        complaint_id = await store.complaints.create(
            tx,
            NewComplaint(
                code=code,
                citizen_id=citizen_id,
                content=draft.content,
                topic=field.name if field else "",
                dept_code=holding,
                support_dept=support,
                due_on=due,
                photos=draft.photos[: rules.max_photos],
                latitude=draft.latitude,
                longitude=draft.longitude,
            ),
            now,
        )
        await store.complaints.add_event(
            tx, complaint_id, now, citizen_id, "submitted", "", holding
        )
        await store.audit.record(tx, now, citizen_id, "complaint.submit", f"complaint:{code}")
        text = t._("New complaint {code} ({field}), due {due}:\n{content}").format(
            code=code,
            field=html.escape(field.name if field else t._("no field chosen")),
            due=t.date(due),
            content=html.escape(_short(draft.content)),
        )
        for chat in staff:
            await store.outbox.enqueue(
                tx,
                f"complaint:{code}:new:{chat}",
                chat,
                "complaint",
                OutgoingMessage(text, buttons=_open_button(t, code)),
                now,
            )
    return Submitted(Outcome.DONE, code, due, await _dept_name(store, holding))


def _short(text: str, limit: int = 300) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


async def _tell(
    store: Store,
    tx: Transaction,
    key: str,
    chat_id: int,
    message: OutgoingMessage,
    now: datetime,
) -> None:
    await store.outbox.enqueue(tx, key, chat_id, "complaint", message, now)


async def act(
    store: Store,
    t: Translator,
    code: str,
    actor: Actor,
    action: str,
    now: datetime,
    text: str = "",
    new_dept: str | None = None,
    *,
    admins: frozenset[int] = frozenset(),
) -> Outcome:
    """One step by an official (take, reply, ask, reassign, close) or the citizen (info).

    Rights are checked here, on the stored complaint, whatever button or command led here.
    """
    complaint = await store.complaints.get(code)
    if complaint is None:
        return Outcome.NOT_FOUND
    if action == "info":
        if complaint.citizen_id != actor.user_id:
            return Outcome.FORBIDDEN
    elif not can_handle(actor, complaint):
        return Outcome.FORBIDDEN
    if not complaint.is_open:
        return Outcome.CLOSED
    if action == "reassign":
        if new_dept is None or await store.departments.get(new_dept) is None:
            return Outcome.NOT_FOUND
        if new_dept == complaint.dept_code:
            return Outcome.SAME_DEPT
    notify_staff: list[int] = []
    if action == "info":
        target = (complaint.assignee_id,) if complaint.assignee_id else ()
        notify_staff = list(target) or await _staff_chats(store, complaint.departments, admins)
    elif action == "reassign":
        assert new_dept is not None
        notify_staff = await _staff_chats(store, (new_dept,), admins)
    dept_name = await _dept_name(store, new_dept) if new_dept else ""
    async with store.transaction() as tx:
        status = {
            "take": "in_progress",
            "reply": "in_progress",
            "ask": "waiting_citizen",
            "info": "in_progress",
            "reassign": "new",
            "close": "closed",
        }[action]
        changed = await store.complaints.set_state(
            tx,
            complaint.id,
            now,
            status=status,
            assignee_id=actor.user_id if action == "take" else None,
            keep_assignee=action != "reassign",
            dept_code=new_dept if action == "reassign" else None,
            answer=text if action == "close" else None,
        )
        if not changed:
            return Outcome.CLOSED
        kind = {"take": "taken", "ask": "asked", "info": "citizen_info", "close": "closed"}.get(
            action, "reply" if action == "reply" else "reassigned"
        )
        event_id = await store.complaints.add_event(
            tx, complaint.id, now, actor.user_id, kind, text, new_dept
        )
        await store.audit.record(
            tx, now, actor.user_id, f"complaint.{action}", f"complaint:{code}", dept=new_dept
        )
        if action != "info":
            message = citizen_notice(t, code, action, text, dept_name)
            await _tell(
                store,
                tx,
                f"complaint:{code}:e{event_id}:{complaint.citizen_id}",
                complaint.citizen_id,
                message,
                now,
            )
        if notify_staff:
            if action == "info":
                note = t._("The citizen added information to complaint {code}:\n{text}").format(
                    code=code, text=html.escape(text)
                )
            else:
                note = t._("Complaint {code} was passed to your department:\n{content}").format(
                    code=code, content=html.escape(_short(complaint.content))
                )
            for chat in notify_staff:
                await _tell(
                    store,
                    tx,
                    f"complaint:{code}:e{event_id}:{chat}",
                    chat,
                    OutgoingMessage(note, buttons=_open_button(t, code)),
                    now,
                )
    return Outcome.DONE


def citizen_notice(t: Translator, code: str, action: str, text: str, dept: str) -> OutgoingMessage:
    """What the citizen is told at each step."""
    body = html.escape(text)
    if action == "take":
        return OutgoingMessage(
            t._("Your complaint {code} is being handled by an official of the ward.").format(
                code=code
            )
        )
    if action == "reply":
        return OutgoingMessage(
            t._("The ward wrote about your complaint {code}:\n{text}").format(code=code, text=body)
        )
    if action == "ask":
        return OutgoingMessage(
            t._(
                "The ward needs more information about your complaint {code}:\n{text}\n\n"
                "Press the button below to answer."
            ).format(code=code, text=body),
            buttons=(((t._("✍️ Add information"), f"pa:i:{code}"),),),
        )
    if action == "reassign":
        return OutgoingMessage(
            t._("Your complaint {code} was passed to {dept}, which will handle it.").format(
                code=code, dept=html.escape(dept)
            )
        )
    return OutgoingMessage(
        t._(
            "Your complaint {code} has been answered and closed:\n{text}\n\n"
            "Would you rate the service? It takes a minute."
        ).format(code=code, text=body),
        buttons=(((t._("⭐ Rate the service"), f"sv:s:{code}"),),),
    )


def formal_complaint_note(t: Translator) -> str:
    return t._(
        "Note: a formal complaint (khiếu nại) or a denunciation (tố cáo) follows the Law on"
        " Complaints and the Law on Denunciations, not this channel: submit it in writing or in"
        " person at the ward's reception."
    )
