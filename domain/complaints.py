"""Complaints and suggestions (phản ánh, kiến nghị): the case, its codes, routing and due date.

Pure rules: who holds a complaint, when it is due in working days, how a typed tracking code is
read. The steps that change a complaint (submit, take, answer, close) are services.complaints.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from domain.model import Department
from domain.text import fold, folded_words
from domain.working_days import WorkingCalendar, add_working_days

PREFIX = "PA"
CODE_TEXT = re.compile(r"^\s*P\s*A\s*[-_.\s]*(\d{4})\s*[-_.\s]*(\d{1,5})\s*$", re.IGNORECASE)
CODE_COMPACT = re.compile(r"^\s*PA(\d{4})(\d{4,5})\s*$", re.IGNORECASE)
# A code inside a sentence ("ma cua toi la pa-2507-0001 a"): PA as a word of its own, then the
# four digits of the month and the number, written with dashes, dots, spaces or run together.
CODE_IN_TEXT = re.compile(r"(?<!\w)PA\s*[-_.]?\s*(\d{4})\s*[-_.]?\s*(\d{1,5})(?!\d)", re.IGNORECASE)
FORMAL = ("khieu nai", "to cao")  # formal complaints and denunciations follow other laws


OPEN_STATUSES = ("new", "in_progress", "waiting_citizen")


@dataclass(frozen=True)
class NewComplaint:
    code: str
    citizen_id: int
    content: str
    topic: str
    dept_code: str
    support_dept: str | None
    due_on: date
    photos: tuple[str, ...] = ()
    latitude: float | None = None
    longitude: float | None = None


@dataclass(frozen=True)
class Complaint:
    id: int
    code: str
    citizen_id: int
    content: str
    topic: str
    dept_code: str
    support_dept: str | None
    status: str
    assignee_id: int | None
    latitude: float | None
    longitude: float | None
    created_at: datetime
    updated_at: datetime
    due_on: date
    closed_at: datetime | None
    answer: str | None
    photos: tuple[str, ...] = ()
    fix_photo: str | None = None  # the official's photo of the fix, sent with the closing answer

    @property
    def is_open(self) -> bool:
        return self.status != "closed"

    @property
    def departments(self) -> tuple[str, ...]:
        """The departments that see it: the one holding it and the one of its field."""
        return (self.dept_code, self.support_dept) if self.support_dept else (self.dept_code,)


@dataclass(frozen=True)
class ComplaintEvent:
    id: int
    complaint_id: int
    at: datetime
    actor_id: int | None
    kind: str
    text: str
    dept_code: str | None


@dataclass(frozen=True)
class ComplaintField:
    code: str
    name: str
    dept: str
    keywords: tuple[tuple[str, ...], ...]  # folded phrases


@dataclass(frozen=True)
class ComplaintRules:
    handler: str
    due_working_days: int
    daily_limit: int
    daily_questions: int
    max_photos: int
    fields: tuple[ComplaintField, ...]
    reopen_days: int = 30  # days after closing in which its author may reopen it, once
    contact: str = ""  # how to reach the ward about a complaint (shown when one is overdue)

    def field(self, code: str) -> ComplaintField | None:
        return next((f for f in self.fields if f.code == code), None)


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


def find_code(text: str) -> str | None:
    """The tracking code written anywhere in `text` ("cho hoi phan anh PA 2507 0001 den dau
    roi"), or None; None too for two different codes (which one is not guessed)."""
    codes = find_codes(text)
    return codes[0] if len(codes) == 1 else None


def find_codes(text: str) -> tuple[str, ...]:
    """Every tracking code written in `text`, each once, in order."""
    if code := parse_code(text):
        return (code,)
    found = [
        f"{PREFIX}-{m.group(1)}-{int(m.group(2)):04d}"
        for m in CODE_IN_TEXT.finditer(text)
        if 1 <= int(m.group(1)[2:]) <= 12  # YYMM: a month, not any four digits
    ]
    return tuple(dict.fromkeys(found))


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
    rules: ComplaintRules, field: ComplaintField | None, departments: Sequence[Department]
) -> tuple[str, str | None]:
    """(department holding it, department of the field) among the plan's departments, in the
    plan's order. A plan without the rules' handler (a merged ward's new structure) gives it to
    the People's Committee's office, which receives and passes on its mail, else to its first
    department."""
    codes = {d.code for d in departments}
    if rules.handler in codes:
        holding = rules.handler
    else:
        office = [d for d in departments if fold(d.name).startswith("van phong")]
        holding = (office or list(departments))[0].code
    support = field.dept if field and field.dept in codes else None
    return holding, (support if support != holding else None)


def due_on(received: date, rules: ComplaintRules, calendar: WorkingCalendar | None = None) -> date:
    return add_working_days(received, rules.due_working_days, calendar)


class Outcome(StrEnum):
    DONE = "done"
    NOT_FOUND = "not_found"
    FORBIDDEN = "forbidden"
    CLOSED = "closed"
    LIMIT = "limit"
    SAME_DEPT = "same_dept"
    OPEN = "open"  # reopening: it is not closed
    REOPENED = "reopened"  # reopening: it was reopened once already
    TOO_LATE = "too_late"  # reopening: closed too long ago


@dataclass(frozen=True)
class Draft:
    content: str
    field_code: str | None = None
    photos: tuple[str, ...] = ()
    latitude: float | None = None
    longitude: float | None = None
    at: datetime | None = None  # when the form last moved (FORM_LEFT_AFTER)
    pending: str = ""  # text typed after the form was left: content or a new question? (asked)


# attachments -------------------------------------------------------------------------------------
DOCUMENT_MARK = "doc:"  # a picture sent as a file: Telegram sends it back as a document


def as_document(file_id: str) -> str:
    return DOCUMENT_MARK + file_id


def is_document(attachment: str) -> bool:
    return attachment.startswith(DOCUMENT_MARK)


def file_id_of(attachment: str) -> str:
    return attachment.removeprefix(DOCUMENT_MARK)


# the citizen's answers and second thoughts --------------------------------------------------------
TEXT_WINDOW = timedelta(minutes=30)  # typed text after the first answer counts for this long
MAX_ADDED_PHOTOS = 10  # photos a complaint may gain after it was sent
# A form left this long: the next typed text may be something else (a new question), so the
# citizen is asked what it is instead of it being added to the form (or taken as a reason).
FORM_LEFT_AFTER = timedelta(minutes=30)


def left_for_a_while(since: datetime | None, now: datetime) -> bool:
    """Was the form (or the question the bot asked) left longer than FORM_LEFT_AFTER?"""
    return since is not None and now - since > FORM_LEFT_AFTER


def takes_information(
    complaint: Complaint,
    events: list[ComplaintEvent],
    now: datetime,
    *,
    text: bool,
    prompted_at: datetime | None = None,
) -> bool:
    """Is the citizen's next message an answer to the ward's request on this complaint?

    Yes while the ward's latest step is the request for information (or the citizen reopened
    it) and nothing else happened since but the citizen's answers: photos and a location always
    then; typed text while the first answer is awaited, or within TEXT_WINDOW of the latest
    answer or of pressing "add information" (later text is a new question, not an answer).
    """
    if not complaint.is_open:
        return False
    steps = [e for e in events if e.kind != "citizen_info"]
    if not steps or steps[-1].kind not in ("asked", "reopened"):
        return False
    if not text or complaint.status == "waiting_citizen":
        return True
    latest = max(events[-1].at, prompted_at or events[-1].at)
    return now - latest <= TEXT_WINDOW


def may_reopen(
    complaint: Complaint, events: list[ComplaintEvent], citizen_id: int, now: datetime, days: int
) -> Outcome:
    """Its author may reopen a closed complaint once, within `days` days of its closing."""
    if complaint.citizen_id != citizen_id:
        return Outcome.FORBIDDEN
    if complaint.is_open:
        return Outcome.OPEN
    if any(e.kind == "reopened" for e in events):
        return Outcome.REOPENED
    closed = complaint.closed_at or complaint.updated_at
    if now - closed > timedelta(days=days):
        return Outcome.TOO_LATE
    return Outcome.DONE


def is_overdue(complaint: Complaint, today: date) -> bool:
    return complaint.is_open and complaint.due_on < today


def by_urgency(complaints: list[Complaint], today: date) -> list[Complaint]:
    """The officials' queue order: overdue first (the longest overdue on top), then the nearest
    deadline; the same day, the one received first."""
    return sorted(complaints, key=lambda c: (not is_overdue(c, today), c.due_on, c.id))
