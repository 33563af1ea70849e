"""Next year's plan in one step (issue 11 item 6): a draft yearly plan file drafted from a
loaded plan's recurring duties, for a person to review and then `cchc-bot plan load`.

What is carried over: the tasks that recur (weekly, monthly, quarterly, yearly) and the
departments' standing duties ("thường xuyên"), with their lead and supporting departments and
due days (which name no year); the targets, with the milestone of the source's last year set as
next year's; the departments and areas they use. A yearly plan's one-off tasks move to the new
year with a check; a five-year plan's one-off tasks are not carried (listed at the top). Every
value a person must decide carries a "# kiểm tra:" comment (domain/plan_document/yaml_out.py).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from domain.model import Area, Department, Plan, Target, Task
from domain.plan_document.draft import DraftDepartment, DraftPlan, DraftTarget, DraftTask
from domain.plan_document.targets import MilestoneReading
from domain.plan_document.yaml_out import draft_yaml, scalar

RECURRING = ("weekly", "monthly", "quarterly", "yearly")
YEAR = re.compile(r"(?<!\d)(19|20)\d{2}(?!\d)")
SPAN = re.compile(r"(?<!\d)(?:19|20)\d{2}-(?:19|20)\d{2}(?!\d)")


@dataclass(frozen=True)
class NextYearDraft:
    plan: DraftPlan
    text: str  # the plan file
    carried: int  # tasks and duties carried over
    left_out: list[str] = field(default_factory=list)  # one-off tasks not carried ("2.1a ...")


def _moved(day: date, years: int) -> date:
    year = day.year + years
    return day.replace(year=year, day=min(day.day, calendar.monthrange(year, day.month)[1]))


def _retitle(text: str, old: int, new: int) -> tuple[str, bool]:
    """`text` with the source's year written as the new one ("năm 2026" -> "năm 2027")."""
    changed = re.sub(rf"(?<!\d){old}(?!\d)", str(new), text)
    return changed, changed != text


def _slug(source: Plan, year: int) -> str:
    base = SPAN.sub("", source.slug)
    base = YEAR.sub("", base).strip("-")
    base = re.sub(r"-{2,}", "-", base) or "ke-hoach"
    return f"{base}-{year}"


def _task(task: Task, source: Plan, year: int) -> DraftTask | None:
    yearly = source.period_start == source.period_end
    checks: dict[str, str] = {}
    title, text = task.title, task.text
    if yearly:
        title, retitled = _retitle(title, source.period_end, year)
        text, changed = _retitle(text, source.period_end, year)
        if retitled or changed:
            checks["title"] = f"đã đổi năm {source.period_end} thành {year}: xem lại"
    elif YEAR.search(f"{title} {text}"):
        checks["text"] = "nội dung nhắc năm của kế hoạch cũ: sửa cho năm mới"
    due = task.due
    if task.cadence == "once":
        if not yearly or not due:
            return None
        old = date.fromisoformat(due)
        due = _moved(old, year - old.year).isoformat()
        checks["due"] = (
            f"việc một lần của năm {source.period_end} (hạn {old:%d/%m/%Y}) chuyển sang năm"
            f" {year}: còn cần làm thì sửa hạn, không thì xoá cả mục"
        )
    return DraftTask(
        code=task.code,
        kind=task.kind,
        area=task.area_code,
        section=task.section,
        title=title,
        text=text,
        lead=task.lead_dept,
        cadence=task.cadence,
        due=due,
        support=list(task.support),
        serves=list(task.serves),
        reporting=task.is_reporting,
        news=task.is_news,
        checks=checks,
    )


def _target(target: Target, source: Plan, year: int) -> DraftTarget:
    checks: dict[str, str] = {}
    milestones: list[MilestoneReading] = []
    if target.is_measurable:
        last = target.milestone_for(source.period_end) or (
            max(target.milestones, key=lambda m: m.year) if target.milestones else None
        )
        if last is not None:
            milestones.append(
                MilestoneReading(year, last.value, last.direction, last.value_max, last.note)
            )
            checks["milestones"] = (
                f"mốc năm {last.year} chép sang năm {year}: sửa theo chỉ tiêu năm {year}"
                " của thành phố"
            )
    short, text = target.short, target.text
    if source.period_start == source.period_end:
        short, _ = _retitle(short, source.period_end, year)
        text, _ = _retitle(text, source.period_end, year)
    if target.scope:
        checks["scope"] = "phạm vi xếp hạng của kế hoạch cũ: xem còn đúng không"
    return DraftTarget(
        code=target.code,
        area=target.area_code,
        section=target.section,
        short=short,
        text=text,
        kind=target.kind,
        lead=target.lead_dept,
        metric=target.metric,
        direction=target.direction,
        scope=target.scope,
        sipas=target.is_sipas,
        milestones=milestones,
        checks=checks,
    )


def draft_next_year(
    source: Plan,
    year: int,
    departments: Iterable[Department],
    areas: Iterable[Area],
    targets: Iterable[Target],
    tasks: Iterable[Task],
    parent: str = "",
) -> NextYearDraft:
    """The draft yearly plan for `year` from `source`; `parent` names the five-year plan that
    covers `year`, when one is loaded."""
    carried: list[DraftTask] = []
    left_out: list[str] = []
    for task in tasks:
        if task.kind == "duty" or task.cadence in RECURRING or task.cadence == "once":
            drafted = _task(task, source, year)
            if drafted is None:
                left_out.append(f"{task.code} {task.title}")
            else:
                carried.append(drafted)
    drafted_targets = [_target(t, source, year) for t in targets]
    used_depts = {t.lead for t in carried} | {d for t in carried for d in t.support}
    used_depts |= {t.lead for t in drafted_targets}
    used_areas = {t.area for t in carried} | {t.area for t in drafted_targets}
    title = (
        _retitle(source.title, source.period_end, year)[0]
        if source.period_start == source.period_end
        else f"Kế hoạch cải cách hành chính năm {year} của {source.ward}"
    )
    checks = {
        "code": f"số, ký hiệu của kế hoạch năm {year}: điền khi ban hành",
        "slug": "tên ngắn trong hệ thống: đổi nếu muốn",
        "title": "tên kế hoạch: sửa theo văn bản ban hành",
        "issued_on": "ngày ban hành: sửa theo văn bản",
        "signed_by": "người ký: điền theo văn bản",
    }
    if source.district:
        checks["district"] = "từ 01/7/2025 không còn cấp quận: xoá dòng này nếu không cần"
    if not parent:
        checks["period_end"] = (
            f"chưa nạp kế hoạch 5 năm có năm {year}: nạp kế hoạch giai đoạn rồi ghi parent"
        )
    plan = DraftPlan(
        source=f"kế hoạch {source.code} ({source.slug}), chép sang năm {year}",
        form="yearly",
        code="(dự thảo)/KH-UBND",
        slug=_slug(source, year),
        title=title,
        issuer=source.issuer,
        ward=source.ward,
        district=source.district,
        city=source.city,
        issued_on=date(year - 1, 12, 31),
        period_start=year,
        period_end=year,
        checks=checks,
        departments=[
            DraftDepartment(d.code, d.name, d.section) for d in departments if d.code in used_depts
        ],
        areas=[(a.code, a.name) for a in areas if a.code in used_areas],
        targets=drafted_targets,
        tasks=carried,
    )
    return NextYearDraft(plan, _text(plan, source, year, parent, left_out), len(carried), left_out)


def _text(plan: DraftPlan, source: Plan, year: int, parent: str, left_out: list[str]) -> str:
    body = draft_yaml(plan).splitlines()
    while body and body[0].startswith("#"):
        body.pop(0)  # the importer's own header: replaced by this one
    head = [
        f"# Bản nháp kế hoạch CCHC năm {year}, chép từ kế hoạch {source.code} ({source.slug}):",
        "# các nhiệm vụ định kỳ (hằng tuần, hằng tháng, hằng quý, hằng năm), nhiệm vụ thường",
        "# xuyên của các đơn vị, các chỉ tiêu và các đơn vị, hạn chuyển sang năm mới.",
        "# Mọi dòng có '# kiểm tra:' cần người xem lại; thêm nhiệm vụ mới của năm theo kế hoạch",
        "# của thành phố; đối chiếu các đơn vị với cơ cấu tổ chức hiện nay. Rồi nạp bằng lệnh:",
        "# cchc-bot plan load <tệp này>",
    ]
    if left_out:
        head.append("# Việc một lần của kế hoạch cũ, không chép sang (thêm lại nếu còn cần):")
        head += [f"#   - {line}" for line in left_out]
    out: list[str] = []
    for line in body:
        out.append(line)
        if line.startswith("  period_end:"):
            out.append("  kind: yearly")
            if parent:
                out.append(f"  parent: {scalar(parent)}")
    return "\n".join(head + out) + "\n"
