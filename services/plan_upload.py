"""A plan sent in the chat by an admin (issue 11 item 3): read, summarised, loaded on confirmation.

The same reading as `cchc-bot plan import` (services.plan_import) for a document, and the same
validation as `cchc-bot plan load` (domain.datafiles.plan.read_plan) for the draft or for a
corrected .yaml sent back. Nothing is written until `load_upload`, which stores the plan, audits
it and starts tracking it in one step.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from domain.datafiles.plan import read_plan
from domain.datafiles.yaml_lines import DataFileError
from domain.model import LoadResult, Plan, PlanSpec
from domain.plan_document.summary import DepartmentCount, ImportSummary, summarize
from domain.plan_document.yaml_out import CHECK
from domain.plans import FIVE_YEAR, default_kind
from services import plans as plan_service
from services.plan_import import PlanImportError, draft_from_bytes
from storage.store import Store

MAX_BYTES = 5 * 1024 * 1024  # a plan with its annexes is well under 1 MB as .docx
DOCUMENTS = (".docx", ".pdf", ".txt", ".md")
PLAN_FILES = (".yaml", ".yml")
SUFFIXES = DOCUMENTS + PLAN_FILES

__all__ = ["MAX_BYTES", "SUFFIXES", "LoadPreview", "PlanImportError", "Upload", "read_upload"]


@dataclass(frozen=True)
class Refusal:
    """Why today's loader refuses the plan file: where (line, field) and what."""

    line: int | None
    field: str
    problem: str


@dataclass(frozen=True)
class Upload:
    """A sent file read as a plan: its plan file text (the draft, or the .yaml as sent), what it
    holds, and the plan to load, or why the loader refuses it."""

    name: str  # the file as sent
    draft_name: str  # the plan file's name when it is sent back to be corrected
    text: str
    summary: ImportSummary
    spec: PlanSpec | None
    refused: Refusal | None
    from_document: bool


def read_upload(name: str, data: bytes) -> Upload:
    """Read a sent file; PlanImportError (Vietnamese, for the admin) when it is no plan."""
    suffix = Path(name).suffix.lower()
    if len(data) > MAX_BYTES:
        raise PlanImportError(f"{name}: tệp quá lớn")
    stem = Path(name).stem or "ke-hoach"
    if suffix in PLAN_FILES:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise PlanImportError(f"{name}: không đọc được chữ (cần mã UTF-8)") from None
        spec, refused = validate(Path(name).name, text)
        if spec is None and refused is not None and refused.line is None and not refused.field:
            raise PlanImportError(f"{name}: không phải tệp kế hoạch ({refused.problem})")
        summary = _summary_of(spec, text) if spec else _empty_summary(name, text)
        return Upload(name, Path(name).name, text, summary, spec, refused, from_document=False)
    plan, text = draft_from_bytes(name, data)
    draft_name = f"{stem}.draft.yaml"
    spec, refused = validate(draft_name, text)
    return Upload(name, draft_name, text, summarize(plan, text), spec, refused, from_document=True)


def validate(name: str, text: str) -> tuple[PlanSpec | None, Refusal | None]:
    """Today's loader on a plan file's text: (the plan, None) or (None, why it is refused)."""
    with tempfile.TemporaryDirectory(prefix="cchc-plan-") as folder:
        path = Path(folder) / Path(name).name
        path.write_text(text, encoding="utf-8")
        try:
            return read_plan(path), None
        except DataFileError as error:
            return None, Refusal(error.line, error.field, error.problem)


def _summary_of(spec: PlanSpec, text: str) -> ImportSummary:
    """The import summary of a plan file (a corrected draft sent back)."""
    tasks = [t for t in spec.tasks if t.kind == "task"]
    return ImportSummary(
        title=spec.title,
        code=spec.code,
        ward=spec.ward,
        period_start=spec.period_start,
        period_end=spec.period_end,
        form="five-year" if spec.kind == FIVE_YEAR else "yearly",
        targets=len(spec.targets),
        measurable=sum(t.kind == "measurable" for t in spec.targets),
        tasks=len(tasks),
        duties=len(spec.tasks) - len(tasks),
        departments=tuple(
            DepartmentCount(
                d.code,
                d.name,
                sum(t.lead == d.code for t in spec.tasks),
                sum(d.code in t.support for t in spec.tasks),
                False,
            )
            for d in spec.departments
        ),
        unread=(),
        checks=text.count(CHECK),
    )


def _empty_summary(name: str, text: str) -> ImportSummary:
    """A plan file the loader refuses: nothing counted, the refusal says what to fix."""
    return ImportSummary(Path(name).name, "", "", 0, 0, "", 0, 0, 0, 0, (), (), text.count(CHECK))


@dataclass(frozen=True)
class LoadPreview:
    """What loading would do, said before the admin confirms."""

    replaces: Plan | None  # a loaded plan with the same slug, whose content it replaces
    unchanged: bool  # the very same content is loaded already
    beside: tuple[Plan, ...]  # the other loaded plans, which stay
    current: bool  # its period contains today: it becomes a current plan


async def preview(store: Store, spec: PlanSpec, now: datetime) -> LoadPreview:
    plans = await store.plans.all()
    same = next((p for p in plans if p.slug == spec.slug), None)
    unchanged = same is not None and await store.plans.content_hash(spec.slug) == (
        spec.content_hash
    )
    beside = tuple(p for p in plans if p.slug != spec.slug)
    return LoadPreview(same, unchanged, beside, spec.period_start <= now.year <= spec.period_end)


async def load_upload(store: Store, upload: Upload, actor_id: int, now: datetime) -> LoadResult:
    """Validate again and load: the plan, its audit entry, then tracking it if it is current.

    Raises PlanImportError when the file no longer passes (it cannot once read_upload passed)."""
    spec, refused = validate(upload.draft_name, upload.text)
    if spec is None:
        where = f"dòng {refused.line}, " if refused and refused.line else ""
        problem = f"{refused.field}: {refused.problem}" if refused else ""
        raise PlanImportError(f"{upload.name}: {where}{problem}")
    async with store.transaction() as tx:
        result = await store.plans.load_in(tx, spec, now)
        if result.outcome != "unchanged":
            await store.audit.record(
                tx,
                now,
                actor_id,
                "plan.load",
                f"plan:{spec.slug}",
                outcome=result.outcome,
                period=f"{spec.period_start}-{spec.period_end}",
                kind=spec.kind or default_kind(spec.period_start, spec.period_end),
                file=upload.name,
                via="chat",
            )
    await plan_service.start_tracking_current(store, now.date())
    return result
