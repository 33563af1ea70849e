"""Import a ward's CCHC plan from its document (.docx, .txt/.md, .pdf with a text layer) as a
draft plan file for a person to review, then `cchc-bot plan load` as today.

The file formats are read here (readers.py); what the text says is read by the pure rules of
domain/plan_document/. `import_plan` writes the draft and checks it with today's loader
(domain.datafiles.plan.read_plan): a draft the loader refuses is still written, and the refusal
is returned so the person knows what to fix.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from domain.datafiles.plan import read_plan
from domain.datafiles.yaml_lines import DataFileError
from domain.plan_document.draft import DraftPlan
from domain.plan_document.reading import NotAPlan, read_plan_document
from domain.plan_document.summary import ImportSummary, describe, summarize
from domain.plan_document.yaml_out import draft_yaml
from services.plan_import.readers import PlanImportError, read_blocks

__all__ = [
    "ImportResult",
    "ImportSummary",
    "PlanImportError",
    "describe",
    "draft_from_bytes",
    "import_plan",
]


@dataclass(frozen=True)
class ImportResult:
    summary: ImportSummary
    draft_path: Path
    draft: DraftPlan
    refused: str = ""  # today's loader's refusal of the draft, "" when it loads


def draft_from_bytes(name: str, data: bytes) -> tuple[DraftPlan, str]:
    """The draft plan and its plan file text for a document's bytes (a file sent in the chat)."""
    blocks = read_blocks(name, data)
    try:
        plan = read_plan_document(blocks, Path(name).name)
    except NotAPlan as error:
        raise PlanImportError(f"{Path(name).name}: không phải kế hoạch CCHC ({error})") from None
    return plan, draft_yaml(plan)


def import_plan(source: Path, out: Path) -> ImportResult:
    """Read `source`, write the draft plan file to `out` and check it with today's loader."""
    try:
        data = source.read_bytes()
    except FileNotFoundError:
        raise PlanImportError(f"{source}: không có tệp này") from None
    except OSError as error:
        raise PlanImportError(f"{source}: không đọc được ({error.strerror})") from None
    plan, text = draft_from_bytes(source.name, data)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    refused = ""
    try:
        read_plan(out)
    except DataFileError as error:
        refused = str(error)
    return ImportResult(summarize(plan, text), out, plan, refused)
