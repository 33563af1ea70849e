"""services.survey over a real store: five answers and a comment stored together, one response
per person a month, and nothing stored from an unfinished survey."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from domain.survey import QUESTIONS, SurveyDraft, month_result
from services.survey import SurveyOutcome, record
from tests.conftest import VN
from tests.integration.services.citizens_world import CITIZEN_ID, NOW, opened_store


def _answered(*scores: int, source: str = "command") -> SurveyDraft:
    draft: SurveyDraft | None = SurveyDraft(source)
    for question, score in enumerate(scores):
        assert draft is not None
        draft = draft.answered(question, score)
    assert draft is not None
    return draft


async def test_the_answers_and_comment_are_stored_in_the_wards_month(tmp_path: Path) -> None:
    async with opened_store(tmp_path) as store:
        draft = _answered(5, 4, 3, 2, 1, source="PA-2506-0001")
        result = await record(store, CITIZEN_ID, draft, "Cán bộ nhiệt tình", NOW, VN)

        assert result.outcome is SurveyOutcome.RECORDED and not result.replaced
        assert await store.surveys.responses("2025-06") == 1
        counts = await store.surveys.counts("2025-06")
        assert counts["access"] == {5: 1} and counts["feedback"] == {1: 1}
        assert await store.surveys.comments("2025-06") == ["Cán bộ nhiệt tình"]
        row = await store.db.fetchone("SELECT source FROM survey_responses")
        assert row is not None and row[0] == "PA-2506-0001"
        result_of_month = month_result("2025-06", await store.surveys.responses("2025-06"), counts)
        assert result_of_month.percent == 40.0  # two of the five parts satisfied


async def test_a_second_response_in_the_month_replaces_the_first(tmp_path: Path) -> None:
    async with opened_store(tmp_path) as store:
        await record(store, CITIZEN_ID, _answered(1, 1, 1, 1, 1), "", NOW, VN)
        again = await record(store, CITIZEN_ID, _answered(5, 5, 5, 5, 5), "", NOW, VN)

        assert again.outcome is SurveyOutcome.RECORDED and again.replaced
        assert await store.surveys.responses("2025-06") == 1
        assert (await store.surveys.counts("2025-06"))["access"] == {5: 1}


async def test_the_month_is_the_wards_not_utc(tmp_path: Path) -> None:
    # 00:30 on 1 July in Hà Nội is still 30 June in UTC: it counts in July.
    first_of_july = NOW.replace(month=7, day=1, hour=0, minute=30)
    async with opened_store(tmp_path) as store:
        await record(store, CITIZEN_ID, _answered(4, 4, 4, 4, 4), "", first_of_july, VN)
        assert await store.surveys.responses("2025-07") == 1
        assert await store.surveys.responses("2025-06") == 0


async def test_an_unfinished_survey_stores_nothing(tmp_path: Path) -> None:
    async with opened_store(tmp_path) as store:
        unfinished = _answered(5, 5)
        result = await record(store, CITIZEN_ID, unfinished, "", NOW + timedelta(hours=1), VN)

        assert result.outcome is SurveyOutcome.INCOMPLETE
        assert await store.surveys.responses("2025-06") == 0


def test_only_the_current_question_on_the_scale_is_taken() -> None:
    draft = SurveyDraft()
    assert draft.answered(1, 5) is None  # a later question's button
    assert draft.answered(0, 9) is None  # off the scale
    first = draft.answered(0, 4)
    assert first is not None and first.scores == (4,)
    assert first.answered(0, 5) is None  # the same question again, from an older message
    full = _answered(*([3] * len(QUESTIONS)))
    assert full.complete and full.answered(len(QUESTIONS), 3) is None
