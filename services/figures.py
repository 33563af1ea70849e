"""An indicator figure entered by an official: stored with its audit entry in one transaction,
refused (and nothing written) for a target outside the person's department."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from domain.access import Actor, may_enter_figure
from domain.figure_reading import NoCases
from domain.figures import Figure, ParsedValue
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
    replaced: Figure | None = None  # the figure that counted for this target and period before


async def record_figure(
    store: Store,
    target: Target,
    period: Period,
    reading: ParsedValue | NoCases,
    note: str,
    actor: Actor,
    now: datetime,
) -> RecordedFigure:
    """Store the figure for the target and period; the latest one of a period is the one shown.
    No dossiers in the period (NoCases) is stored as 0/0 with no value."""
    if not may_enter_figure(actor, target):
        return RecordedFigure(None, FigureRefused.NOT_YOUR_TARGET)
    value, numerator, denominator = (
        (None, 0.0, 0.0)
        if isinstance(reading, NoCases)
        else (reading.value, reading.numerator, reading.denominator)
    )
    replaced = await store.figures.latest_for(target.id, period.label)
    async with store.transaction() as tx:
        figure_id = await store.figures.add(
            tx,
            target_id=target.id,
            period=period.label,
            period_start=period.start,
            period_end=period.end,
            value=value,
            numerator=numerator,
            denominator=denominator,
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
            value=value,
            numerator=numerator,
            denominator=denominator,
            figure=figure_id,
            no_cases=isinstance(reading, NoCases),
            replaces=replaced.id if replaced else None,
        )
    return RecordedFigure(figure_id, replaced=replaced)
