"""The draft plan an import produces: today's plan file fields, each with what a person should
check ("kiểm tra") when the value was inferred or could not be read."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from domain.plan_document.targets import MilestoneReading

Checks = dict[str, str]  # field name -> what to check, in Vietnamese


@dataclass
class DraftDepartment:
    code: str
    name: str
    section: str = ""
    checks: Checks = field(default_factory=dict)


@dataclass
class DraftTarget:
    code: str
    area: str
    section: str
    short: str
    text: str
    kind: str
    lead: str = ""
    metric: str | None = None
    direction: str | None = None
    scope: str = ""
    sipas: bool = False
    milestones: list[MilestoneReading] = field(default_factory=list)
    checks: Checks = field(default_factory=dict)


@dataclass
class DraftTask:
    code: str
    kind: str  # task or duty
    area: str
    section: str
    title: str
    text: str
    lead: str = ""
    cadence: str = "yearly"
    due: str = ""
    support: list[str] = field(default_factory=list)
    serves: list[str] = field(default_factory=list)
    reporting: bool = False
    news: bool = False
    completion: str = ""  # the completion time as the document writes it
    product: str = ""  # "Sản phẩm" of the annex
    lead_text: str = ""  # the lead and supporting departments as the document writes them
    support_text: str = ""
    checks: Checks = field(default_factory=dict)


@dataclass
class DraftPlan:
    source: str
    form: str = "five-year"  # "five-year" or "yearly"
    code: str = ""
    slug: str = ""
    title: str = ""
    issuer: str = ""
    ward: str = ""
    district: str = ""
    city: str = ""
    issued_on: date | None = None
    signed_by: str = ""
    period_start: int = 0
    period_end: int = 0
    checks: Checks = field(default_factory=dict)
    departments: list[DraftDepartment] = field(default_factory=list)
    areas: list[tuple[str, str]] = field(default_factory=list)
    targets: list[DraftTarget] = field(default_factory=list)
    tasks: list[DraftTask] = field(default_factory=list)
    unread: list[str] = field(default_factory=list)  # what could not be read, for the summary

    @property
    def duties(self) -> list[DraftTask]:
        return [t for t in self.tasks if t.kind == "duty"]

    def department(self, code: str) -> DraftDepartment | None:
        return next((d for d in self.departments if d.code == code), None)
