"""Plain records that go into and come out of the repositories."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum


class Role(StrEnum):
    CITIZEN = "citizen"
    OFFICIAL = "official"
    LEADER = "leader"
    ADMIN = "admin"

    @property
    def is_staff(self) -> bool:
        return self is not Role.CITIZEN

    @property
    def sees_all_departments(self) -> bool:
        return self in (Role.LEADER, Role.ADMIN)


@dataclass(frozen=True)
class Department:
    code: str
    name: str
    section: str = ""


@dataclass(frozen=True)
class Area:
    code: str
    name: str


@dataclass(frozen=True)
class Milestone:
    year: int
    value: float
    direction: str
    value_max: float | None = None
    note: str = ""


@dataclass(frozen=True)
class TargetSpec:
    code: str
    area: str
    section: str
    short: str
    text: str
    kind: str
    lead: str
    metric: str | None = None
    direction: str | None = None
    scope: str = ""
    is_sipas: bool = False
    milestones: tuple[Milestone, ...] = ()


@dataclass(frozen=True)
class TaskSpec:
    code: str
    kind: str  # "task" (section II.2) or "duty" (section III)
    area: str
    section: str
    title: str
    text: str
    lead: str
    cadence: str
    due: str = ""
    support: tuple[str, ...] = ()
    serves: tuple[str, ...] = ()
    is_reporting: bool = False
    is_news: bool = False


@dataclass(frozen=True)
class PlanSpec:
    """A plan as read from its data file, before it is stored."""

    slug: str
    code: str
    title: str
    issuer: str
    ward: str
    issued_on: date
    period_start: int
    period_end: int
    district: str = ""
    city: str = ""
    signed_by: str = ""
    source: str = ""
    note: str = ""
    departments: tuple[Department, ...] = ()
    areas: tuple[Area, ...] = ()
    targets: tuple[TargetSpec, ...] = ()
    tasks: tuple[TaskSpec, ...] = ()
    kind: str = "five_year"  # "five_year" or "yearly" (domain.plans)
    parent: str = ""  # a yearly plan's five-year plan, by slug
    content_hash: str = ""


@dataclass(frozen=True)
class Plan:
    id: int
    slug: str
    code: str
    title: str
    issuer: str
    ward: str
    district: str
    city: str
    issued_on: date
    signed_by: str
    period_start: int
    period_end: int
    note: str
    kind: str = "five_year"  # "five_year" or "yearly" (domain.plans)
    parent: str = ""  # a yearly plan's five-year plan, by slug
    pinned_at: datetime | None = None  # `plan use`: preferred over others of its kind
    archived_at: datetime | None = None  # `plan archive`: never current, still reportable

    @property
    def archived(self) -> bool:
        return self.archived_at is not None

    def covers(self, year: int) -> bool:
        return self.period_start <= year <= self.period_end

    def is_over(self, year: int) -> bool:
        return year > self.period_end

    def milestone_year(self, year: int) -> int:
        """The year whose milestones apply: this year, clamped to the plan's period."""
        return min(max(year, self.period_start), self.period_end)


@dataclass(frozen=True)
class Target:
    id: int
    plan_id: int
    code: str
    area_code: str
    section: str
    short: str
    text: str
    kind: str
    metric: str | None
    direction: str | None
    scope: str
    lead_dept: str
    is_sipas: bool
    milestones: tuple[Milestone, ...] = field(default=())

    @property
    def is_measurable(self) -> bool:
        return self.kind == "measurable"

    def milestone_for(self, year: int) -> Milestone | None:
        return next((m for m in self.milestones if m.year == year), None)


@dataclass(frozen=True)
class Task:
    id: int
    plan_id: int
    code: str
    kind: str
    area_code: str
    section: str
    title: str
    text: str
    lead_dept: str
    cadence: str
    due: str
    is_reporting: bool
    is_news: bool
    support: tuple[str, ...] = ()
    serves: tuple[str, ...] = ()

    def involves(self, dept_code: str) -> bool:
        return dept_code == self.lead_dept or dept_code in self.support


@dataclass(frozen=True)
class User:
    tg_id: int
    full_name: str
    username: str | None
    role: Role
    dept_code: str | None


@dataclass(frozen=True)
class Invite:
    code: str
    dept_code: str
    role: Role
    created_by: int
    created_at: datetime
    expires_at: datetime
    used_by: int | None
    used_at: datetime | None


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: datetime
    actor_id: int | None
    action: str
    subject: str
    detail: dict[str, object]


@dataclass(frozen=True)
class LoadResult:
    plan_id: int
    slug: str
    outcome: str  # "created", "updated" or "unchanged"
    targets: int
    tasks: int


@dataclass(frozen=True)
class Deadline:
    """Something a department must finish by a date: what the reminders are about."""

    key: str  # stable, e.g. "task:2.3a:2025-Q2" or "complaint:PA-2611-0042"
    kind: str  # "task" or "complaint"
    dept_code: str
    title: str  # what, as the department knows it
    due: date
    serves: tuple[str, ...] = ()  # target codes: why it matters
    command: str = ""  # what to type to act on it, e.g. "/baocao 2.3a"


@dataclass(frozen=True)
class EvidenceFile:
    """A photo or document sent as evidence: Telegram's id, and the ward's own copy."""

    kind: str  # "photo" or "document"
    file_id: str
    file_unique_id: str
    file_name: str = ""
    mime_type: str = ""
    file_size: int | None = None
    local_path: str | None = None
    id: int | None = None  # once stored


@dataclass(frozen=True)
class EvidenceListing:
    """One evidence file as the periodic report's annex lists it."""

    task_code: str
    task_title: str
    period: str
    dept_code: str
    file_name: str
    kind: str
    reported_at: datetime
    reporter_name: str


@dataclass(frozen=True)
class TaskReport:
    id: int
    occurrence_id: int
    task_code: str
    period: str
    dept_code: str
    reporter_id: int
    reporter_name: str
    status: str  # "in_progress" or "done"
    note: str
    created_at: datetime
    corrected_at: datetime | None
    evidence: tuple[EvidenceFile, ...] = ()


@dataclass(frozen=True)
class NewsPost:
    id: int
    title: str
    body: str
    link: str
    photo: str  # a Telegram file id, or ""
    author_id: int
    dept_code: str | None
    posted_at: datetime


@dataclass(frozen=True)
class DoneTask:
    code: str
    title: str
    period: str


@dataclass(frozen=True)
class FigureEntry:
    target_code: str
    period: str
    period_start: date
    period_end: date
    value: float | None  # None: no dossiers in the period
    numerator: float | None
    denominator: float | None
    entered_in_span: bool  # False: the latest figure before the span (for status changes)


@dataclass(frozen=True)
class DigestSend:
    week: str
    text: str
    recipients: int
    composed_at: datetime


@dataclass(frozen=True)
class StoredOverride:
    day: date
    kind: str  # one of KINDS
    reason: str
    source: str
    added_by: int
    added_at: datetime
