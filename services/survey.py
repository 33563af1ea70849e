"""The satisfaction survey: a person's five answers (and comment) stored in one transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo
from enum import StrEnum

from domain.survey import SurveyDraft, month_of
from storage.store import Store


class SurveyOutcome(StrEnum):
    RECORDED = "recorded"
    INCOMPLETE = "incomplete"  # not every question answered: already sent, or never started
    NOT_USED = "not_used"  # every answer was "have not used this service": nothing to record


@dataclass(frozen=True)
class Recorded:
    outcome: SurveyOutcome
    replaced: bool = False  # it replaced the person's answers given earlier in the month


async def record(
    store: Store,
    respondent_id: int,
    draft: SurveyDraft,
    comment: str,
    now: datetime,
    tz: tzinfo,
) -> Recorded:
    """Store the answers in the month they were given (the ward's time); one per person a month."""
    if not draft.complete:
        return Recorded(SurveyOutcome.INCOMPLETE)
    if not draft.by_question():
        return Recorded(SurveyOutcome.NOT_USED)
    month = month_of(now.astimezone(tz))
    async with store.transaction() as tx:
        replaced = await store.surveys.record(
            tx, respondent_id, month, draft.by_question(), comment, draft.source, now
        )
    return Recorded(SurveyOutcome.RECORDED, replaced)
