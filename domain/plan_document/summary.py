"""What an import found, for the person who imported the document (chat and CLI)."""

from __future__ import annotations

from dataclasses import dataclass

from domain.plan_document.draft import DraftPlan
from domain.plan_document.yaml_out import CHECK


@dataclass(frozen=True)
class DepartmentCount:
    code: str
    name: str
    leads: int  # tasks and duties it leads
    supports: int  # tasks it supports
    new_code: bool  # the code was made by the importer


@dataclass(frozen=True)
class ImportSummary:
    title: str
    code: str
    ward: str
    period_start: int
    period_end: int
    form: str  # "five-year" or "yearly"
    targets: int
    measurable: int
    tasks: int
    duties: int
    departments: tuple[DepartmentCount, ...]
    unread: tuple[str, ...]  # what could not be read
    checks: int  # values marked "kiểm tra" in the draft


def summarize(plan: DraftPlan, draft_text: str) -> ImportSummary:
    tasks = [t for t in plan.tasks if t.kind == "task"]
    return ImportSummary(
        title=plan.title,
        code=plan.code,
        ward=plan.ward,
        period_start=plan.period_start,
        period_end=plan.period_end,
        form=plan.form,
        targets=len(plan.targets),
        measurable=sum(t.kind == "measurable" for t in plan.targets),
        tasks=len(tasks),
        duties=len(plan.tasks) - len(tasks),
        departments=tuple(
            DepartmentCount(
                d.code,
                d.name,
                sum(t.lead == d.code for t in plan.tasks),
                sum(d.code in t.support for t in plan.tasks),
                "code" in d.checks,
            )
            for d in plan.departments
        ),
        unread=tuple(plan.unread),
        checks=draft_text.count(CHECK),
    )


def describe(summary: ImportSummary) -> str:
    """The summary in Vietnamese, as the CLI prints it."""
    years = (
        str(summary.period_start)
        if summary.period_start == summary.period_end
        else f"{summary.period_start}-{summary.period_end}"
    )
    lines = [
        f"{summary.title} ({summary.code}), {summary.ward}, {years}",
        f"- {summary.targets} chỉ tiêu ({summary.measurable} có số đo được)",
        f"- {summary.tasks} nhiệm vụ, {summary.duties} nhiệm vụ thường xuyên của đơn vị",
        "- Theo đơn vị (chủ trì / phối hợp):",
    ]
    for d in summary.departments:
        mark = " (mã tự đặt)" if d.new_code else ""
        lines.append(f"    {d.code}{mark}: {d.name}: {d.leads} / {d.supports}")
    if summary.unread:
        lines.append("- Không đọc được:")
        lines += [f"    {what}" for what in summary.unread]
    lines.append(f"- {summary.checks} chỗ ghi '# kiểm tra:' cần người xem lại")
    return "\n".join(lines)
