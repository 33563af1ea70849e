"""How the plan's targets read on a phone: grouped by area, with the milestone that applies."""

from __future__ import annotations

import html
from collections.abc import Mapping

from domain.i18n import Translator
from domain.model import Area, Milestone, Plan, Target
from services.presenters.plain_words import plain_words
from services.presenters.plan_span import plan_span


def milestone_text(t: Translator, target: Target, milestone: Milestone | None) -> str:
    """'≥ 90% (to 95%)', '> 85%', 'top 10 (quận Hà Đông)'; or why there is none."""
    if not target.is_measurable:
        return t._("qualitative target")
    if milestone is None:
        return t._("no milestone set for this year")
    if target.metric == "rank":
        text = t._("in the top {rank}").format(rank=t.number(milestone.value, 0))
        return f"{text} ({target.scope})" if target.scope else text
    value = t.percent(milestone.value)
    if milestone.value == 100 and milestone.direction == "at_least":
        return value  # "at least 100%" is simply "100%"
    sign = {"at_least": "≥", "above": ">", "at_most": "≤"}[milestone.direction]
    text = f"{sign} {value}"
    if milestone.value_max is not None:
        text += " " + t._("(aiming for {value})").format(value=t.percent(milestone.value_max))
    return text


def targets_message(
    t: Translator,
    plan: Plan,
    areas: list[Area],
    targets: list[Target],
    year: int,
    results: Mapping[str, list[str]] | None = None,
    verdicts: tuple[int, int, int] | None = None,
    *,
    public: bool = False,
    selected: bool = False,
) -> str:
    """The /chitieu message. `results` maps a target code to lines about its results;
    `verdicts` (an ended plan's measurable targets met, not met, without a figure) the final
    count. `public`: a resident's view (the plan's abbreviations written out, no data notes meant
    for staff); `selected`: only the targets asked for (`/chitieu 1.3a`), without the count."""
    shown_year = plan.milestone_year(year)
    lines = [
        t._("<b>Targets of the plan {code}</b>").format(code=html.escape(plan.code)),
        html.escape(plan.title),
    ]
    lines += _period_lines(t, plan, year, public)
    if plan.is_over(year) and verdicts is not None and not selected:
        lines.append(_count_line(t, targets, verdicts))
    words = plain_words if public else str
    by_area: dict[str, list[Target]] = {}
    for target in targets:
        by_area.setdefault(target.area_code, []).append(target)
    for area in areas:
        if area.code not in by_area:
            continue
        lines.append("")
        lines.append(f"<b>{html.escape(area.code)}. {html.escape(words(area.name))}</b>")
        for target in by_area[area.code]:
            milestone = target.milestone_for(shown_year)
            if public and not target.is_measurable:
                goal = t._("qualitative target (not measured by a figure)")
            else:
                goal = milestone_text(t, target, milestone)
            lines.append(
                f"• <code>{html.escape(target.code)}</code> {html.escape(words(target.short))}: "
                f"{html.escape(goal)}"
            )
            if milestone and milestone.note and not public:  # a data note, for staff
                lines.append(f"   <i>{html.escape(milestone.note)}</i>")
            for line in (results or {}).get(target.code, []):
                lines.append(f"   {line}")
    if public and not selected:
        lines.append("")
        lines.append(t._("To see one target, type /chitieu and its number, e.g. /chitieu 1.3a."))
    return "\n".join(lines)


def _period_lines(t: Translator, plan: Plan, year: int, public: bool) -> list[str]:
    """Which milestones are shown, and, once the plan has ended, that it has."""
    shown_year = plan.milestone_year(year)
    if plan.is_over(year):
        if public:
            return [
                t._("<b>This plan has ended</b>"),
                t._(
                    "The plan for {span} ended at the end of {end}. Below: the final result of"
                    " each target against its milestone for {end}."
                ).format(span=plan_span(t, plan), end=plan.period_end),
            ]
        return [
            t._("<b>Final results</b>"),
            t._(
                "The plan for {span} has ended. Shown: the final milestones ({year}),"
                " and for each target its latest figure against them: met or not met."
            ).format(span=plan_span(t, plan), year=shown_year),
        ]
    if year < plan.period_start:
        return [
            t._("The plan starts in {start}. Shown: the milestones of {year}.").format(
                start=plan.period_start, year=shown_year
            )
        ]
    return [t._("Milestones of {year}.").format(year=shown_year)]


def _count_line(t: Translator, targets: list[Target], verdicts: tuple[int, int, int]) -> str:
    """Met, not met, no figure and qualitative: together, every target listed."""
    met, missed, unjudged = verdicts
    qualitative = sum(1 for target in targets if not target.is_measurable)
    line = t._("Met: {met} · not met: {missed} · no figure: {unjudged}").format(
        met=met, missed=missed, unjudged=unjudged
    )
    if qualitative:
        line += " · " + t._("qualitative, not measured by a figure: {count}").format(
            count=qualitative
        )
    return line + "."
