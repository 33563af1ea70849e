"""Plan import: how much of a person's reading of a plan document the importer gets right.

The expected reading is data/plans/phu-la-2021-2025.yaml, written by a person from the document
data/plans/ke-hoach-124-KH-UBND-cchc-phu-la-2021-2025.txt (the same text as ../shared/plan/).
This scorer was written before the importer and is a held-out check: the importer must not read
the YAML, and its rules are not tuned to these numbers (the misses are printed, not fixed one by
one). The same text saved as .docx (tests/auxil/plan_documents.py) is scored too.

Fields, each over the person's items:
- targets found (by code), and for those found: section, kind, metric, direction, milestones
  (year, value, value_max and direction of every milestone, as one set);
- tasks and duties found (by code), and for those found: lead department, supporting departments
  (as a set), area;
- departments found (by code).
Extra items the importer drafts that the person left out are counted, not scored (section III's
duties: the person kept 7 of them).

`python -m bench.plan_import_quality`, or part of `python -m bench`. Printed, never asserted.
"""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.common import ROOT, Row, print_table
from domain.datafiles.plan import SHIPPED_PLAN, read_plan
from domain.model import PlanSpec, TargetSpec, TaskSpec

SOURCE = ROOT / "data" / "plans" / "ke-hoach-124-KH-UBND-cchc-phu-la-2021-2025.txt"
GOAL = 95.0


@dataclass
class Field:
    right: int = 0
    total: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, ok: bool, miss: str) -> None:
        self.total += 1
        self.right += ok
        if not ok:
            self.misses.append(miss)

    @property
    def percent(self) -> float:
        return 100 * self.right / self.total if self.total else 100.0


def _milestones(target: TargetSpec) -> set[tuple[int, float, float | None, str]]:
    return {(m.year, m.value, m.value_max, m.direction) for m in target.milestones}


def compare(gold: PlanSpec, draft: PlanSpec) -> dict[str, Field]:
    """Field-level agreement of `draft` with `gold`, every difference named."""
    scores: dict[str, Field] = {}

    def score(name: str, ok: bool, miss: str) -> None:
        scores.setdefault(name, Field()).add(ok, miss)

    drafted = {t.code: t for t in draft.targets}
    for want in gold.targets:
        got = drafted.get(want.code)
        score("targets found", got is not None, f"{want.code} not found")
        if got is None:
            continue
        checks: Iterable[tuple[str, Callable[[TargetSpec], Any]]] = (
            ("target section", lambda t: t.section),
            ("target kind", lambda t: t.kind),
            ("target metric", lambda t: t.metric),
            ("target direction", lambda t: t.direction),
            ("milestones", _milestones),
        )
        for name, get in checks:
            score(name, get(got) == get(want), f"{want.code}: {get(got)} != {get(want)}")
    tasks = {t.code: t for t in draft.tasks}
    for want_task in gold.tasks:
        got_task = tasks.get(want_task.code)
        score("tasks found", got_task is not None, f"{want_task.code} not found")
        if got_task is None:
            continue
        task_checks: Iterable[tuple[str, Callable[[TaskSpec], Any]]] = (
            ("task lead", lambda t: t.lead),
            ("task support", lambda t: sorted(t.support)),
            ("task area", lambda t: t.area),
        )
        for name, get_task in task_checks:
            score(
                name,
                get_task(got_task) == get_task(want_task),
                f"{want_task.code}: {get_task(got_task)} != {get_task(want_task)}",
            )
    codes = {d.code for d in draft.departments}
    for dept in gold.departments:
        score("departments found", dept.code in codes, f"{dept.code} ({dept.name}) not found")
    return scores


def extras(gold: PlanSpec, draft: PlanSpec) -> tuple[int, int]:
    """Targets and tasks the draft has that the person's reading does not."""
    return (
        len({t.code for t in draft.targets} - {t.code for t in gold.targets}),
        len({t.code for t in draft.tasks} - {t.code for t in gold.tasks}),
    )


def import_draft(source: Path) -> PlanSpec:
    from services.plan_import import import_plan

    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "draft.yaml"
        import_plan(source, out)
        return read_plan(out)


def _docx_of_the_text(folder: Path) -> Path:
    from tests.auxil.plan_documents import five_year_docx

    return five_year_docx(SOURCE, folder / "ke-hoach-124.docx")


async def run(quick: bool) -> list[Row]:
    del quick  # one document: always all of it
    gold = read_plan(SHIPPED_PLAN)
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as folder:
        forms = (("txt", lambda: SOURCE), ("docx", lambda: _docx_of_the_text(Path(folder))))
        for form, make in forms:
            try:
                draft = import_draft(make())
            except Exception as error:  # a broken importer is a result, not a crash
                rows.append(Row("(i) plan import", f"{form}: import failed", repr(error)))
                continue
            scores = compare(gold, draft)
            right = sum(s.right for s in scores.values())
            total = sum(s.total for s in scores.values())
            overall = 100 * right / total
            verdict = "met" if overall >= GOAL else "missed"
            rows.append(
                Row("(i) plan import", f"{form}: all fields", f"{overall:.1f}%", "95%", verdict)
            )
            for name, s in scores.items():
                rows.append(
                    Row("(i) plan import", f"{form}: {name}", f"{s.right}/{s.total}"
                        f" ({s.percent:.0f}%)")
                )  # fmt: skip
            more_targets, more_tasks = extras(gold, draft)
            rows.append(
                Row(
                    "(i) plan import",
                    f"{form}: drafted beyond the person's reading",
                    f"{more_targets} targets, {more_tasks} tasks/duties",
                )
            )
            if form == "txt":
                for name, s in scores.items():
                    rows += [Row("(i) plan import", f"miss: {name}", m) for m in s.misses]
    return rows


if __name__ == "__main__":
    print_table(asyncio.run(run(False)))
