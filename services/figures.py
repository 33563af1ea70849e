"""An indicator figure entered by an official: stored with its audit entry in one transaction,
refused (and nothing written) for a target outside the person's department."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from domain.access import Actor, may_enter_figure
from domain.figures import ParsedValue
from domain.model import Target
from domain.occurrences import Period
from storage.store import Store


class FigureRefused(Enum):
    """Why a figure was not stored."""

    NOT_YOUR_TARGET = "not_your_target"  # another department leads the target


@dataclass(frozen=True)
class RecordedFigure:
    figure_id: int | None
    refused: FigureRefused | None = None


async def record_figure(
    store: Store,
    target: Target,
    period: Period,
    parsed: ParsedValue,
    note: str,
    actor: Actor,
    now: datetime,
) -> RecordedFigure:
    """Store the figure for the target and period; the latest one of a period is the one shown."""
    if not may_enter_figure(actor, target):
        return RecordedFigure(None, FigureRefused.NOT_YOUR_TARGET)
    async with store.transaction() as tx:
        figure_id = await store.figures.add(
            tx,
            target_id=target.id,
            period=period.label,
            period_start=period.start,
            period_end=period.end,
            value=parsed.value,
            numerator=parsed.numerator,
            denominator=parsed.denominator,
            note=note,
            dept_code=actor.dept_code,
            reporter_id=actor.user_id,
            reporter_name=actor.name,
            now=now,
        )
        await store.audit.record(
            tx,
            now,
            actor.user_id,
            "figure.add",
            f"target:{target.code}",
            period=period.label,
            value=parsed.value,
            numerator=parsed.numerator,
            denominator=parsed.denominator,
            figure=figure_id,
        )
    return RecordedFigure(figure_id)
