"""How a plan's time is named in a sentence: "năm 2026" for a yearly plan, "giai đoạn 2021-2025"
for a five-year one (never "giai đoạn 2026-2026")."""

from __future__ import annotations

from domain.i18n import Translator
from domain.model import Plan


def plan_span(t: Translator, plan: Plan) -> str:
    if plan.period_start == plan.period_end:
        return t._("the year {year}").format(year=plan.period_start)
    return t._("the phase {start}-{end}").format(start=plan.period_start, end=plan.period_end)
