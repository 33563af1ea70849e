"""Next year's plan in one step (issue 11 item 6): the draft plan file from a loaded plan, for
`cchc-bot plan new --year 2027 --from <plan>` and the admins' button. Nothing is stored: the
person reviews the file, then loads it (`cchc-bot plan load`), with today's validation."""

from __future__ import annotations

from dataclasses import dataclass

from domain import plans as rules
from domain.plan_document.next_year import NextYearDraft, draft_next_year
from storage.store import Store


class NextPlanError(ValueError):
    """Why no draft can be made (an unknown plan, a year that is not after it)."""


@dataclass(frozen=True)
class NextPlan:
    draft: NextYearDraft
    source_slug: str
    year: int

    @property
    def file_name(self) -> str:
        return f"{self.draft.plan.slug}.draft.yaml"


async def draft_next_plan(store: Store, key: int | str, year: int) -> NextPlan:
    """The draft of `year`'s yearly plan from the plan `key` (its id or its slug)."""
    every = await store.plans.all()
    source = next((p for p in every if p.id == key or p.slug == key), None)
    if source is None:
        raise NextPlanError(f"không có kế hoạch {key!r} (xem: cchc-bot plan list)")
    if not source.period_start < year <= source.period_end + 10:
        raise NextPlanError(
            f"năm {year} không sau kế hoạch {source.slug} ({source.period_start}-"
            f"{source.period_end})"
        )
    parent = next(
        (p.slug for p in rules.covering(every, year) if p.kind == rules.FIVE_YEAR),
        "",
    )
    draft = draft_next_year(
        source,
        year,
        await store.departments.all(),
        await store.plans.areas(source.id),
        await store.plans.targets(source.id),
        await store.plans.tasks(source.id),
        parent,
    )
    return NextPlan(draft, source.slug, year)
