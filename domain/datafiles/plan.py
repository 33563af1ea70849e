"""Read a plan data file (YAML) into a PlanSpec, refusing anything malformed with its line.

`PlanFile` is the file's schema; `_consistent` checks what a schema cannot: the references
between entries, the plan's period, each cadence's due day and codes that appear twice.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field

from domain.datafiles.schema import (
    Codes,
    DataFile,
    Day,
    Flag,
    Loc,
    Number,
    OptionalText,
    Schema,
    Text,
    Whole,
    matches,
)
from domain.datafiles.yaml_lines import load_yaml
from domain.model import Area, Department, Milestone, PlanSpec, TargetSpec, TaskSpec
from domain.plans import default_kind

SHIPPED_PLAN = Path(__file__).resolve().parents[2] / "data" / "plans" / "phu-la-2021-2025.yaml"

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTH_DAY = r"(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])"

Code = Annotated[
    Text, matches(r"[0-9A-Za-zĐđ.]{1,16}", "must be the plan's numbering, e.g. 1.3a or 2.2")
]
DeptCode = Annotated[
    Text, matches(r"[A-Z][A-Z0-9]{0,11}", "must be capital letters and digits, e.g. VP or TP")
]
Direction = Literal["at_least", "above", "at_most"]
Cadence = Literal["once", "weekly", "monthly", "quarterly", "yearly"]


class PlanHead(Schema):
    slug: Annotated[
        Text, matches(r"[a-z0-9][a-z0-9-]{2,60}", "must be lowercase letters, digits and dashes")
    ]
    code: Text
    title: Text
    issuer: Text
    ward: Text
    issued_on: Day = Field(description="must be a date written YYYY-MM-DD")
    period_start: Whole
    period_end: Whole
    district: OptionalText = ""
    city: OptionalText = ""
    signed_by: OptionalText = ""
    source: OptionalText = ""
    note: OptionalText = ""
    # A five-year plan or a yearly plan under it (default: yearly when the period is one year).
    kind: Literal["five_year", "yearly"] | None = None
    parent: OptionalText = ""  # a yearly plan's five-year plan, by its slug


class DepartmentEntry(Schema):
    code: DeptCode
    name: Text
    section: OptionalText = ""


class AreaEntry(Schema):
    code: Text
    name: Text


class MilestoneEntry(Schema):
    year: Whole
    value: Number
    direction: Direction | None = None  # the target's when absent
    value_max: Number | None = None
    note: OptionalText = ""


class TargetEntry(Schema):
    kind: Literal["measurable", "qualitative"]
    metric: Literal["percent", "rank"] | None = None  # measurable only, as the next two
    direction: Direction | None = None
    milestones: tuple[MilestoneEntry, ...] | None = None
    code: Code
    area: Text
    section: Text
    short: Text
    text: Text
    lead: Text
    scope: OptionalText = ""
    sipas: Flag = False


class TaskEntry(Schema):
    cadence: Cadence
    support: Codes = ()
    serves: Codes = ()
    code: Code
    area: Text
    section: Text
    title: Text
    text: Text
    lead: Text
    due: Any = None  # its form depends on the cadence: see _due
    reporting: Flag = False
    news: Flag = False


class PlanFile(Schema):
    plan: PlanHead
    departments: tuple[DepartmentEntry, ...] = Field(min_length=1)
    areas: tuple[AreaEntry, ...] = Field(min_length=1)
    targets: tuple[TargetEntry, ...] = Field(min_length=1)
    tasks: tuple[TaskEntry, ...] = Field(min_length=1)
    duties: tuple[TaskEntry, ...] | None = None


def read_plan(path: Path) -> PlanSpec:
    """Parse and validate a plan file; raise DataFileError naming the file, line and field."""
    source = DataFile(path, load_yaml(path))
    spec = _consistent(source, source.validate(PlanFile))
    # The hash of the parsed content: loading the same plan twice changes nothing, even when
    # only comments or layout differ.
    digest = hashlib.sha256(repr(spec).encode("utf-8")).hexdigest()
    return PlanSpec(**{**spec.__dict__, "content_hash": digest})


def _consistent(source: DataFile, plan: PlanFile) -> PlanSpec:
    head = plan.plan
    start, end = head.period_start, head.period_end
    if not 2000 <= start <= end <= 2100:
        raise source.refuse(
            ("plan", "period_end"), "the period must be two years with start <= end"
        )
    if head.kind == "yearly" and start != end:
        raise source.refuse(("plan", "kind"), "a yearly plan's period is one year")
    _unique(source, "departments", [d.code for d in plan.departments])
    _unique(source, "areas", [a.code for a in plan.areas])
    _unique(source, "targets", [t.code for t in plan.targets])
    depts = {d.code for d in plan.departments}
    areas = {a.code for a in plan.areas}
    targets = [_target(source, i, t, depts, areas, start, end) for i, t in enumerate(plan.targets)]
    served = {t.code for t in targets}
    tasks: list[TaskSpec] = []
    for key, kind, entries in (("tasks", "task", plan.tasks), ("duties", "duty", plan.duties)):
        for i, entry in enumerate(entries or ()):
            if entry.code in {t.code for t in tasks}:
                raise source.refuse((key, i, "code"), f"code {entry.code} appears twice")
            tasks.append(_task(source, (key, i), kind, entry, depts, areas, served, start, end))
    return PlanSpec(
        slug=head.slug,
        code=head.code,
        title=head.title,
        issuer=head.issuer,
        ward=head.ward,
        issued_on=head.issued_on,
        period_start=start,
        period_end=end,
        district=head.district,
        city=head.city,
        signed_by=head.signed_by,
        source=head.source,
        note=head.note,
        kind=head.kind or default_kind(start, end),
        parent=head.parent,
        departments=tuple(Department(d.code, d.name, d.section) for d in plan.departments),
        areas=tuple(Area(a.code, a.name) for a in plan.areas),
        targets=tuple(targets),
        tasks=tuple(tasks),
    )


def _unique(source: DataFile, key: str, codes: list[str]) -> None:
    seen: set[str] = set()
    for i, code in enumerate(codes):
        if code in seen:
            raise source.refuse((key, i, "code"), f"code {code} appears twice")
        seen.add(code)


def _known(source: DataFile, at: Loc, value: str, known: set[str], what: str) -> str:
    if value not in known:
        raise source.refuse(at, f"{value} is not one of the plan's {what}")
    return value


def _target(
    source: DataFile,
    i: int,
    entry: TargetEntry,
    depts: set[str],
    areas: set[str],
    start: int,
    end: int,
) -> TargetSpec:
    at: Loc = ("targets", i)
    milestones: list[Milestone] = []
    if entry.kind == "measurable":
        for key in ("metric", "direction", "milestones"):
            if getattr(entry, key) is None:
                raise source.refuse((*at, key), "is missing")
        assert entry.direction is not None and entry.milestones is not None
        for j, m in enumerate(entry.milestones):
            where = (*at, "milestones", j)
            if not start <= m.year <= end:
                raise source.refuse(
                    (*where, "year"), f"{m.year} is outside the plan's period {start}-{end}"
                )
            if entry.metric == "percent" and not 0 <= m.value <= 100:
                raise source.refuse((*where, "value"), "a percentage must be between 0 and 100")
            if entry.metric == "rank" and (m.value < 1 or m.value != int(m.value)):
                raise source.refuse((*where, "value"), "a rank must be a whole number from 1")
            if m.value_max is not None and m.value_max < m.value:
                raise source.refuse((*where, "value_max"), "must not be below value")
            milestones.append(
                Milestone(
                    year=m.year,
                    value=m.value,
                    direction=m.direction or entry.direction,
                    value_max=m.value_max,
                    note=m.note,
                )
            )
        years = [m.year for m in milestones]
        if len(set(years)) != len(years):
            raise source.refuse((*at, "milestones"), "a year appears twice")
    return TargetSpec(
        code=entry.code,
        area=_known(source, (*at, "area"), entry.area, areas, "areas"),
        section=entry.section,
        short=entry.short,
        text=entry.text,
        kind=entry.kind,
        lead=_known(source, (*at, "lead"), entry.lead, depts, "departments"),
        metric=entry.metric if entry.kind == "measurable" else None,
        direction=entry.direction if entry.kind == "measurable" else None,
        scope=entry.scope,
        is_sipas=entry.sipas,
        milestones=tuple(sorted(milestones, key=lambda m: m.year)),
    )


def _task(
    source: DataFile,
    at: tuple[str, int],
    kind: str,
    entry: TaskEntry,
    depts: set[str],
    areas: set[str],
    targets: set[str],
    start: int,
    end: int,
) -> TaskSpec:
    for code in entry.support:
        _known(source, (*at, "support"), code, depts, "departments")
    for code in entry.serves:
        _known(source, (*at, "serves"), code, targets, "targets")
    return TaskSpec(
        code=entry.code,
        kind=kind,
        area=_known(source, (*at, "area"), entry.area, areas, "areas"),
        section=entry.section,
        title=entry.title,
        text=entry.text,
        lead=_known(source, (*at, "lead"), entry.lead, depts, "departments"),
        cadence=entry.cadence,
        due=_due(source, (*at, "due"), entry.due, entry.cadence, start, end),
        support=entry.support,
        serves=entry.serves,
        is_reporting=entry.reporting,
        is_news=entry.news,
    )


def _due(source: DataFile, at: Loc, raw: object, cadence: str, start: int, end: int) -> str:
    if raw is None:
        if cadence == "once":
            raise source.refuse(at, "a task done once needs its date (YYYY-MM-DD)")
        return ""
    if cadence == "once":
        if not isinstance(raw, date) or not start <= raw.year <= end:
            raise source.refuse(at, "must be a date YYYY-MM-DD within the plan's period")
        return raw.isoformat()
    text = str(raw).strip().lower()
    if cadence == "weekly" and text not in WEEKDAYS:
        raise source.refuse(at, f"a weekly task is due on a weekday: {', '.join(WEEKDAYS)}")
    if cadence == "yearly" and not re.fullmatch(MONTH_DAY, text):
        raise source.refuse(at, "a yearly task is due on a day written MM-DD, e.g. 12-15")
    if cadence in ("monthly", "quarterly") and not (text.isdigit() and 1 <= int(text) <= 28):
        raise source.refuse(at, "must be the day of the period's last month, 1 to 28")
    return text
