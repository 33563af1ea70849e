"""Read a plan data file (YAML) into a PlanSpec, refusing anything malformed with its line."""

from __future__ import annotations

import hashlib
import re
from datetime import date
from pathlib import Path

from domain.datafiles.yaml_lines import DataFileError, Fields, LineDict, load_yaml
from domain.model import Area, Department, Milestone, PlanSpec, TargetSpec, TaskSpec

SHIPPED_PLAN = Path(__file__).resolve().parents[2] / "data" / "plans" / "phu-la-2021-2025.yaml"

CODE = re.compile(r"^[0-9A-Za-zĐđ.]{1,16}$")
DEPT_CODE = re.compile(r"^[A-Z][A-Z0-9]{0,11}$")
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{2,60}$")
CADENCES = ("once", "weekly", "monthly", "quarterly", "yearly")
DIRECTIONS = ("at_least", "above", "at_most")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTH_DAY = re.compile(r"^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")


def read_plan(path: Path) -> PlanSpec:
    """Parse and validate a plan file; raise DataFileError naming the file, line and field."""
    document = load_yaml(path)
    root = Fields(path, document, "file", 1)
    head = Fields(path, root.mapping.get("plan"), "plan", root.mapping.line_of("plan"))
    start = head.integer("period_start")
    end = head.integer("period_end")
    assert start is not None and end is not None
    if not 2000 <= start <= end <= 2100:
        raise head.fail("period_end", "the period must be two years with start <= end")
    issued_on = head.mapping.get("issued_on")
    if not isinstance(issued_on, date):
        raise head.fail("issued_on", "must be a date written YYYY-MM-DD")
    slug = head.text("slug")
    if not SLUG.match(slug):
        raise head.fail("slug", "must be lowercase letters, digits and dashes")

    departments = _departments(path, root)
    dept_codes = {d.code for d in departments}
    areas = _areas(path, root)
    area_codes = {a.code for a in areas}
    targets = _targets(path, root, dept_codes, area_codes, start, end)
    target_codes = {t.code for t in targets}
    tasks = _tasks(path, root, "tasks", "task", dept_codes, area_codes, target_codes, start, end)
    tasks += _tasks(path, root, "duties", "duty", dept_codes, area_codes, target_codes, start, end)
    _unique(path, root, [t.code for t in tasks], "tasks")

    spec = PlanSpec(
        slug=slug,
        code=head.text("code"),
        title=head.text("title"),
        issuer=head.text("issuer"),
        ward=head.text("ward"),
        issued_on=issued_on,
        period_start=start,
        period_end=end,
        district=head.text("district", required=False),
        city=head.text("city", required=False),
        signed_by=head.text("signed_by", required=False),
        source=head.text("source", required=False),
        note=head.text("note", required=False),
        departments=tuple(departments),
        areas=tuple(areas),
        targets=tuple(targets),
        tasks=tuple(tasks),
    )
    # The hash of the parsed content: loading the same plan twice changes nothing, even when
    # only comments or layout differ.
    digest = hashlib.sha256(repr(spec).encode("utf-8")).hexdigest()
    return PlanSpec(**{**spec.__dict__, "content_hash": digest})


def _unique(path: Path, root: Fields, codes: list[str], key: str) -> None:
    seen: set[str] = set()
    for code in codes:
        if code in seen:
            raise DataFileError(path, root.mapping.line_of(key), key, f"code {code} appears twice")
        seen.add(code)


def _entries(path: Path, root: Fields, key: str, required: bool = True) -> list[Fields]:
    entries = root.items(key, required=required)
    if required and not entries:
        raise root.fail(key, "is empty")
    line = root.mapping.line_of(key)
    return [
        Fields(path, item, f"{key}[{i}]", item.line if isinstance(item, LineDict) else line)
        for i, item in enumerate(entries)
    ]


def _departments(path: Path, root: Fields) -> list[Department]:
    found = []
    for entry in _entries(path, root, "departments"):
        code = entry.text("code")
        if not DEPT_CODE.match(code):
            raise entry.fail("code", "must be capital letters and digits, e.g. VP or TP")
        found.append(Department(code, entry.text("name"), entry.text("section", required=False)))
    _unique(path, root, [d.code for d in found], "departments")
    return found


def _areas(path: Path, root: Fields) -> list[Area]:
    found = [Area(e.text("code"), e.text("name")) for e in _entries(path, root, "areas")]
    _unique(path, root, [a.code for a in found], "areas")
    return found


def _code(entry: Fields) -> str:
    code = entry.text("code")
    if not CODE.match(code):
        raise entry.fail("code", "must be the plan's numbering, e.g. 1.3a or 2.2")
    return code


def _reference(entry: Fields, key: str, known: set[str], what: str) -> str:
    value = entry.text(key)
    if value not in known:
        raise entry.fail(key, f"{value} is not one of the plan's {what}")
    return value


def _targets(
    path: Path, root: Fields, depts: set[str], areas: set[str], start: int, end: int
) -> list[TargetSpec]:
    found = []
    for entry in _entries(path, root, "targets"):
        kind = entry.choice("kind", ("measurable", "qualitative"))
        metric = direction = None
        milestones: list[Milestone] = []
        if kind == "measurable":
            metric = entry.choice("metric", ("percent", "rank"))
            direction = entry.choice("direction", DIRECTIONS)
            assert direction is not None
            for i, item in enumerate(entry.items("milestones")):
                m = Fields(path, item, f"{entry.where}.milestones[{i}]", entry.mapping.line)
                year = m.integer("year")
                assert year is not None
                if not start <= year <= end:
                    raise m.fail("year", f"{year} is outside the plan's period {start}-{end}")
                value = m.number("value")
                assert value is not None
                if metric == "percent" and not 0 <= value <= 100:
                    raise m.fail("value", "a percentage must be between 0 and 100")
                if metric == "rank" and (value < 1 or value != int(value)):
                    raise m.fail("value", "a rank must be a whole number from 1")
                value_max = m.number("value_max", required=False)
                if value_max is not None and value_max < value:
                    raise m.fail("value_max", "must not be below value")
                milestones.append(
                    Milestone(
                        year=year,
                        value=value,
                        direction=m.choice("direction", DIRECTIONS, required=False) or direction,
                        value_max=value_max,
                        note=m.text("note", required=False),
                    )
                )
            years = [m.year for m in milestones]
            if len(set(years)) != len(years):
                raise entry.fail("milestones", "a year appears twice")
        found.append(
            TargetSpec(
                code=_code(entry),
                area=_reference(entry, "area", areas, "areas"),
                section=entry.text("section"),
                short=entry.text("short"),
                text=entry.text("text"),
                kind=str(kind),
                lead=_reference(entry, "lead", depts, "departments"),
                metric=metric,
                direction=direction,
                scope=entry.text("scope", required=False),
                is_sipas=entry.flag("sipas"),
                milestones=tuple(sorted(milestones, key=lambda m: m.year)),
            )
        )
    _unique(path, root, [t.code for t in found], "targets")
    return found


def _due(entry: Fields, cadence: str, start: int, end: int) -> str:
    raw = entry.mapping.get("due")
    if raw is None:
        if cadence == "once":
            raise entry.fail("due", "a task done once needs its date (YYYY-MM-DD)")
        return ""
    if cadence == "once":
        if not isinstance(raw, date) or not start <= raw.year <= end:
            raise entry.fail("due", "must be a date YYYY-MM-DD within the plan's period")
        return raw.isoformat()
    text = str(raw).strip().lower()
    if cadence == "weekly" and text not in WEEKDAYS:
        raise entry.fail("due", f"a weekly task is due on a weekday: {', '.join(WEEKDAYS)}")
    if cadence == "yearly" and not MONTH_DAY.match(text):
        raise entry.fail("due", "a yearly task is due on a day written MM-DD, e.g. 12-15")
    if cadence in ("monthly", "quarterly") and not (text.isdigit() and 1 <= int(text) <= 28):
        raise entry.fail("due", "must be the day of the period's last month, 1 to 28")
    return text


def _tasks(
    path: Path,
    root: Fields,
    key: str,
    kind: str,
    depts: set[str],
    areas: set[str],
    targets: set[str],
    start: int,
    end: int,
) -> list[TaskSpec]:
    found = []
    for entry in _entries(path, root, key, required=key == "tasks"):
        cadence = entry.choice("cadence", CADENCES)
        assert cadence is not None
        support = entry.texts("support")
        for code in support:
            if code not in depts:
                raise entry.fail("support", f"{code} is not one of the plan's departments")
        serves = entry.texts("serves")
        for code in serves:
            if code not in targets:
                raise entry.fail("serves", f"{code} is not one of the plan's targets")
        found.append(
            TaskSpec(
                code=_code(entry),
                kind=kind,
                area=_reference(entry, "area", areas, "areas"),
                section=entry.text("section"),
                title=entry.text("title"),
                text=entry.text("text"),
                lead=_reference(entry, "lead", depts, "departments"),
                cadence=cadence,
                due=_due(entry, cadence, start, end),
                support=support,
                serves=serves,
                is_reporting=entry.flag("reporting"),
                is_news=entry.flag("news"),
            )
        )
    return found
