"""Complaints and suggestions (phản ánh, kiến nghị): codes, routing, due dates and each step.

Every step is one transaction: the change, its history event, its audit entry and the messages
to the other people concerned (through the outbox, keyed so each is sent once) commit together.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date, datetime, time, tzinfo

from domain.access import Actor, can_handle
from domain.buttons import AddComplaintInfo, OpenComplaint, RateService, ReopenComplaint
from domain.complaints import (
    MAX_ADDED_PHOTOS,
    Complaint,
    ComplaintRules,
    Draft,
    NewComplaint,
    Outcome,
    code_prefix,
    due_on,
    file_id_of,
    is_document,
    may_reopen,
    route,
    takes_information,
    tracking_code,
)
from domain.datafiles.complaint_rules import (  # noqa: F401 (re-exported for callers)
    RULES_FILE,
    read_rules,
    shipped_rules,
)
from domain.i18n import Translator
from domain.messages import OutgoingMessage
from domain.reminders import outside_quiet_hours
from domain.schedule_policy import SchedulePolicy
from domain.text import clip
from domain.working_days import WorkingCalendar
from services.audience import answering_staff
from services.departments import routing_rules
from storage.dbapi import Transaction
from storage.store import Store

MAX_CAPTION_TEXT = 800  # of the citizen's words under a photo (Telegram's caption: 1,024)


@dataclass(frozen=True)
class Submitted:
    outcome: Outcome
    code: str = ""
    due: date | None = None
    dept_name: str = ""
    notified: bool = False  # the departments' staff have messages waiting in the outbox
    support_name: str = ""  # the field's department, working on it with the holding one


def _open_button(t: Translator, code: str) -> tuple[tuple[tuple[str, str], ...], ...]:
    return (((t._("Open and handle"), OpenComplaint(code).pack()),),)


async def recipients(
    store: Store, rules: ComplaintRules, field_code: str | None
) -> tuple[str, str | None]:
    """(department holding it, department of its field) for a complaint sent now: what
    `submit` stores and what the citizen is told before pressing Send. `rules` as
    `routing_rules` gives them (the old departments followed to the new ones)."""
    field = rules.field(field_code) if field_code else None
    moved = await store.department_moves.all()
    departments = [d for d in await store.departments.all() if d.code not in moved]
    return route(rules, field, departments)


async def recipient_names(store: Store, rules: ComplaintRules, field_code: str | None) -> list[str]:
    """The departments a complaint sent now goes to, by name."""
    holding, support = await recipients(store, await routing_rules(store, rules), field_code)
    return [await _dept_name(store, code) for code in (holding, *([support] if support else []))]


async def _dept_name(store: Store, code: str) -> str:
    dept = await store.departments.get(code)
    return dept.name if dept else code


def ward_midnight(now: datetime, tz: tzinfo) -> datetime:
    """The start of `now`'s day on the ward's clock: daily limits count from there."""
    return datetime.combine(now.astimezone(tz).date(), time(0), tzinfo=tz)


async def may_submit_today(
    store: Store,
    rules: ComplaintRules,
    citizen_id: int,
    now: datetime,
    tz: tzinfo,
    tx: Transaction | None = None,
) -> bool:
    """The daily limit: fewer than `rules.daily_limit` complaints since the ward's midnight.

    /phananh asks before the citizen writes anything; submit asks again inside its
    transaction, so two summaries sent at once cannot both pass.
    """
    sent = await store.complaints.count_since(citizen_id, ward_midnight(now, tz), tx)
    return sent < rules.daily_limit


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
    quiet: SchedulePolicy | None = None,
) -> Submitted:
    """Store a complaint durably and tell the departments; the code is shown only after this."""
    local = now.astimezone(t.tz)
    rules = await routing_rules(store, rules)  # the old departments followed to the new ones
    field = rules.field(draft.field_code) if draft.field_code else None
    holding, support = await recipients(store, rules, draft.field_code)
    due = due_on(local.date(), rules, calendar)
    staff = await answering_staff(store, (holding, *([support] if support else [])), admins)
    async with store.transaction() as tx:
        if not await may_submit_today(store, rules, citizen_id, now, t.tz, tx):
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
                not_before=send_moment(now, t.tz, quiet),
            )
    return Submitted(
        Outcome.DONE,
        code,
        due,
        await _dept_name(store, holding),
        bool(staff),
        await _dept_name(store, support) if support else "",
    )


def send_moment(now: datetime, tz: tzinfo, quiet: SchedulePolicy | None) -> datetime:
    """When a notice may go out: not in the quiet hours (audit L6: officials and citizens were
    woken at 23:30); the person's own direct reply is not a notice and is never held."""
    return outside_quiet_hours(now.astimezone(tz), quiet) if quiet is not None else now


def _short(text: str, limit: int = 300) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


async def _tell(
    store: Store,
    tx: Transaction,
    key: str,
    chat_id: int,
    message: OutgoingMessage,
    now: datetime,
    not_before: datetime | None = None,
) -> None:
    await store.outbox.enqueue(tx, key, chat_id, "complaint", message, now, not_before)


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
    quiet: SchedulePolicy | None = None,
    fix_photo: str | None = None,
) -> Outcome:
    """One step by an official (take, reply, ask, reassign, close) or the citizen (info).

    Rights are checked here, on the stored complaint, whatever button or command led here.
    `text` is the reply, the request, the closing answer or the reason for passing it on (told
    to the receiving department, kept in the history and the audit log); `fix_photo` a photo of
    the fix a closing may carry (kept on the complaint, sent to the citizen).
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
    members: set[int] = set()  # the receiving department's own staff (the rest stand in)
    if action == "info":
        target = (complaint.assignee_id,) if complaint.assignee_id else ()
        notify_staff = list(target) or await answering_staff(store, complaint.departments, admins)
    elif action == "reassign":
        assert new_dept is not None
        notify_staff = await answering_staff(store, (new_dept,), admins)
        members = {u.tg_id for u in await store.users.members(new_dept) if u.role.is_staff}
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
            fix_photo=fix_photo if action == "close" else None,
        )
        if not changed:
            return Outcome.CLOSED
        kind = {"take": "taken", "ask": "asked", "info": "citizen_info", "close": "closed"}.get(
            action, "reply" if action == "reply" else "reassigned"
        )
        event_id = await store.complaints.add_event(
            tx, complaint.id, now, actor.user_id, kind, text, new_dept
        )
        detail: dict[str, object] = {"dept": new_dept}
        if action == "reassign":
            detail["reason"] = text
        if action == "close":
            detail["fix_photo"] = bool(fix_photo)
        await store.audit.record(
            tx, now, actor.user_id, f"complaint.{action}", f"complaint:{code}", **detail
        )
        if action == "close" and fix_photo:
            # The photo first, so the answer and its buttons come last in the citizen's chat.
            await _tell(
                store,
                tx,
                f"complaint:{code}:e{event_id}:photo:{complaint.citizen_id}",
                complaint.citizen_id,
                OutgoingMessage(
                    t._("Photo of the fix, complaint {code}").format(code=code), photo=fix_photo
                ),
                now,
                send_moment(now, t.tz, quiet),
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
                send_moment(now, t.tz, quiet),
            )
        if notify_staff:
            from_name = await _dept_name(store, complaint.dept_code)
            for chat in notify_staff:
                note = _staff_note(
                    t, action, code, text, complaint.content, from_name, dept_name, chat in members
                )
                await _tell(
                    store,
                    tx,
                    f"complaint:{code}:e{event_id}:{chat}",
                    chat,
                    OutgoingMessage(note, buttons=_open_button(t, code)),
                    now,
                    send_moment(now, t.tz, quiet),
                )
    return Outcome.DONE


def _staff_note(
    t: Translator,
    action: str,
    code: str,
    text: str,
    content: str,
    from_name: str,
    dept_name: str,
    member: bool,
) -> str:
    """What an official is told of a citizen's answer or of a complaint passed on. "Your
    department" only to its own staff: a leader or administrator standing in for a department
    with no one in the bot is told which department it went to (O7)."""
    if action == "info":
        return t._("The citizen added information to complaint {code}:\n{text}").format(
            code=code, text=html.escape(text)
        )
    values = {
        "code": code,
        "source": html.escape(from_name),
        "dept": html.escape(dept_name),
        "reason": html.escape(text),
        "content": html.escape(_short(content)),
    }
    if member:
        return t._(
            "Complaint {code} was passed to your department by {source}.\nReason: {reason}\n\n"
            "{content}"
        ).format(**values)
    return t._(
        "Complaint {code} was passed from {source} to {dept}. No one of {dept} uses the bot yet,"
        " so it comes to you.\nReason: {reason}\n\n{content}"
    ).format(**values)


@dataclass(frozen=True)
class Information:
    """What the citizen sent in answer to the ward: any of a text, a picture, a location."""

    text: str = ""
    photo: str | None = None  # a file id (domain.complaints.as_document for a file)
    location: tuple[float, float] | None = None


async def awaiting_information(
    store: Store,
    citizen_id: int,
    now: datetime,
    *,
    text: bool,
    prompted: tuple[str, datetime] | None = None,
) -> Complaint | None:
    """The citizen's complaint their next message answers (the ward asked, or they reopened it;
    domain.complaints.takes_information), the latest first; None: it is not an answer.
    `prompted`: the complaint whose "add information" button they pressed, and when."""
    for complaint in await store.complaints.open_of_citizen(citizen_id):
        at = prompted[1] if prompted and prompted[0] == complaint.code else None
        events = await store.complaints.events(complaint.id)
        if takes_information(complaint, events, now, text=text, prompted_at=at):
            return complaint
    return None


async def add_information(
    store: Store,
    t: Translator,
    code: str,
    citizen_id: int,
    info: Information,
    now: datetime,
    *,
    admins: frozenset[int] = frozenset(),
    quiet: SchedulePolicy | None = None,
) -> Outcome:
    """The citizen's answer to the ward (a text, a photo with its caption, a location): kept on
    the complaint, in its history, audited, and sent to the official handling it."""
    complaint = await store.complaints.get(code)
    if complaint is None:
        return Outcome.NOT_FOUND
    if complaint.citizen_id != citizen_id:
        return Outcome.FORBIDDEN
    if not complaint.is_open:
        return Outcome.CLOSED
    target = (complaint.assignee_id,) if complaint.assignee_id else ()
    staff = list(target) or await answering_staff(store, complaint.departments, admins)
    parts = [info.text] if info.text else []
    if info.photo:
        parts.append(t._("[photo]"))
    if info.location:
        parts.append(t._("[location]"))
    summary = " ".join(parts)
    async with store.transaction() as tx:
        if info.photo and len(complaint.photos) < MAX_ADDED_PHOTOS:
            await store.complaints.add_photo(tx, complaint.id, info.photo)
        if info.location:
            await store.complaints.set_location(tx, complaint.id, *info.location)
        if complaint.status == "waiting_citizen":
            await store.complaints.set_state(tx, complaint.id, now, status="in_progress")
        event_id = await store.complaints.add_event(
            tx, complaint.id, now, citizen_id, "citizen_info", summary
        )
        await store.audit.record(tx, now, citizen_id, "complaint.info", f"complaint:{code}")
        for chat in staff:
            await _tell(
                store,
                tx,
                f"complaint:{code}:e{event_id}:{chat}",
                chat,
                _information_note(t, code, summary, info),
                now,
                send_moment(now, t.tz, quiet),
            )
    return Outcome.DONE


def _information_note(t: Translator, code: str, summary: str, info: Information) -> OutgoingMessage:
    """What the official is told of the citizen's answer: with a picture, the picture itself
    (sent back as a file when it came as one), what the citizen wrote with it as its caption."""
    buttons = _open_button(t, code)
    if (photo := info.photo) is None:
        note = t._("The citizen added information to complaint {code}:\n{text}").format(
            code=code, text=html.escape(summary)
        )
        return OutgoingMessage(note, buttons=buttons)
    # A caption holds 1,024 characters: the text is clipped before it is escaped.
    caption = t._("The citizen added this photo to complaint {code}.").format(code=code)
    if info.text:
        caption += "\n" + html.escape(clip(info.text, MAX_CAPTION_TEXT))
    if is_document(photo):
        return OutgoingMessage(caption, buttons=buttons, document=file_id_of(photo))
    return OutgoingMessage(caption, buttons=buttons, photo=photo)


@dataclass(frozen=True)
class Reopened:
    outcome: Outcome
    dept_name: str = ""
    notified: bool = False


async def reopen(
    store: Store,
    rules: ComplaintRules,
    t: Translator,
    code: str,
    citizen_id: int,
    now: datetime,
    *,
    admins: frozenset[int] = frozenset(),
    calendar: WorkingCalendar | None = None,
    quiet: SchedulePolicy | None = None,
    reason: str = "",
) -> Reopened:
    """Its author says a closed complaint was not resolved: once, within rules.reopen_days; it
    goes back to its department with a new due date, and their staff are told (with `reason`,
    the citizen's words, when they gave one)."""
    complaint = await store.complaints.get(code)
    if complaint is None:
        return Reopened(Outcome.NOT_FOUND)
    events = await store.complaints.events(complaint.id)
    verdict = may_reopen(complaint, events, citizen_id, now, rules.reopen_days)
    if verdict is not Outcome.DONE:
        return Reopened(verdict)
    staff = await answering_staff(store, complaint.departments, admins)
    if complaint.assignee_id and complaint.assignee_id not in staff:
        staff.append(complaint.assignee_id)
    due = due_on(now.astimezone(t.tz).date(), rules, calendar)
    async with store.transaction() as tx:
        if not await store.complaints.reopen(tx, complaint.id, now, due):
            return Reopened(Outcome.OPEN)
        event_id = await store.complaints.add_event(
            tx, complaint.id, now, citizen_id, "reopened", reason, complaint.dept_code
        )
        await store.audit.record(tx, now, citizen_id, "complaint.reopen", f"complaint:{code}")
        note = t._(
            "The citizen says complaint {code} was not resolved: it is open again, due {due}.\n"
            "{content}"
        ).format(code=code, due=t.date(due), content=html.escape(_short(complaint.content)))
        if reason:
            note += "\n\n" + t._("Why, in the citizen's words: {reason}").format(
                reason=html.escape(_short(reason))
            )
        for chat in staff:
            await _tell(
                store,
                tx,
                f"complaint:{code}:e{event_id}:{chat}",
                chat,
                OutgoingMessage(note, buttons=_open_button(t, code)),
                now,
                send_moment(now, t.tz, quiet),
            )
    return Reopened(Outcome.DONE, await _dept_name(store, complaint.dept_code), bool(staff))


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
                "Simply write your answer here, or send photos or your location: they are added"
                " to {code}."
            ).format(code=code, text=body),
            buttons=(((t._("✍️ Add information"), AddComplaintInfo(code).pack()),),),
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
            "Please rate the service (it takes a minute). If it was not resolved, press"
            " “Not resolved”."
        ).format(code=code, text=body),
        buttons=(
            ((t._("⭐ Rate the service"), RateService(code).pack()),),
            ((t._("↩️ Not resolved"), ReopenComplaint(code).pack()),),
        ),
    )


def formal_complaint_note(t: Translator) -> str:
    return t._(
        "Note: a formal complaint (khiếu nại) or a denunciation (tố cáo) follows the Law on"
        " Complaints and the Law on Denunciations, not this channel: submit it in writing or in"
        " person at the ward's reception."
    )
