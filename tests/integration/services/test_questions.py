"""services.questions over a real store: a question goes to the staff who answer citizens, the
daily limit, and the answer goes back to the citizen with its audit entry."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from domain.buttons import AnswerQuestion
from domain.model import Role
from services.complaints import shipped_rules
from services.questions import QuestionOutcome, answer, answerable, ask
from storage.store import Store
from tests.integration.services.citizens_world import (
    ADMINS,
    CITIZEN_ID,
    NOW,
    citizen,
    join,
    opened_store,
    outbox,
    vietnamese,
)

PASSPORT = "Xin hỏi phường có làm hộ chiếu không?"
JUSTICE, CULTURE, LEADER = 2001, 2003, 3001


async def _ask(store: Store, text: str = PASSPORT, citizen_id: int = CITIZEN_ID) -> int:
    result = await ask(store, shipped_rules(), vietnamese(), citizen_id, text, NOW, admins=ADMINS)
    assert result.outcome is QuestionOutcome.DONE and result.question_id is not None
    return result.question_id


async def test_a_question_is_stored_and_the_answering_staff_are_told(tmp_path: Path) -> None:
    async with opened_store(tmp_path) as store:
        await join(store, JUSTICE, "TP")
        await join(store, CULTURE, "VHXH")
        result = await ask(
            store, shipped_rules(), vietnamese(), CITIZEN_ID, PASSPORT, NOW, admins=ADMINS
        )

        assert result.outcome is QuestionOutcome.DONE and result.notified
        assert result.question_id is not None
        stored = await store.questions.get(result.question_id)
        assert stored is not None
        assert (stored.citizen_id, stored.text, stored.dept_code) == (CITIZEN_ID, PASSPORT, "TP")
        assert stored.answer is None
        # The justice officer (the department that answers citizens), in private; not culture.
        [notice] = await outbox(store, f"question:{result.question_id}:new:")
        assert notice.chat_id == JUSTICE
        assert "Người dân hỏi" in notice.message.text and "hộ chiếu" in notice.message.text
        assert notice.message.buttons[0][0][1] == AnswerQuestion(result.question_id).pack()


async def test_with_nobody_in_the_department_a_leader_is_told(tmp_path: Path) -> None:
    async with opened_store(tmp_path) as store:
        await join(store, LEADER, "VP", Role.LEADER)
        question_id = await _ask(store)
        assert [n.chat_id for n in await outbox(store, f"question:{question_id}:")] == [LEADER]


async def test_the_daily_limit_refuses_the_next_question_and_stores_nothing(
    tmp_path: Path,
) -> None:
    rules = shipped_rules()
    async with opened_store(tmp_path) as store:
        await join(store, JUSTICE, "TP")
        for i in range(rules.daily_questions):
            await _ask(store, f"Câu hỏi số {i + 1} về hộ chiếu")
        queued = len(await outbox(store))

        refused = await ask(store, rules, vietnamese(), CITIZEN_ID, PASSPORT, NOW, admins=ADMINS)

        assert refused.outcome is QuestionOutcome.LIMIT and refused.question_id is None
        assert not refused.notified
        row = await store.db.fetchone("SELECT count(*) FROM citizen_questions")
        assert row is not None and row[0] == rules.daily_questions
        assert len(await outbox(store)) == queued
        # Tomorrow, on the ward's clock, the citizen may ask again.
        tomorrow = NOW.replace(hour=0) + timedelta(days=1)
        again = await ask(store, rules, vietnamese(), CITIZEN_ID, PASSPORT, tomorrow)
        assert again.outcome is QuestionOutcome.DONE


async def test_the_answer_goes_to_the_citizen_with_an_audit_entry_once(tmp_path: Path) -> None:
    async with opened_store(tmp_path) as store:
        official = await join(store, JUSTICE, "TP")
        question_id = await _ask(store)
        later = NOW + timedelta(hours=2)
        reply = "Hộ chiếu do Công an thành phố cấp, phường không làm."

        assert (await answerable(store, official, question_id))[0] is QuestionOutcome.DONE
        result = await answer(store, vietnamese(), official, question_id, reply, later)

        assert result.outcome is QuestionOutcome.DONE and result.notified
        stored = await store.questions.get(question_id)
        assert stored is not None
        assert (stored.answer, stored.answered_by, stored.answered_at) == (reply, JUSTICE, later)
        [told] = await outbox(store, f"question:{question_id}:answer:")
        assert told.chat_id == CITIZEN_ID
        assert "Cán bộ phường trả lời câu hỏi" in told.message.text
        assert PASSPORT in told.message.text and reply in told.message.text
        [entry] = await store.audit.history(f"question:{question_id}")
        assert (entry.actor_id, entry.action, entry.at) == (JUSTICE, "question.answer", later)

        # A second answer (another official of the department, the same button) changes nothing.
        other = await join(store, 2002, "TP")
        assert (await answerable(store, other, question_id))[0] is QuestionOutcome.ANSWERED
        again = await answer(store, vietnamese(), other, question_id, "Khác", later)
        assert again.outcome is QuestionOutcome.ANSWERED and not again.notified
        assert len(await outbox(store, f"question:{question_id}:answer:")) == 1
        assert len(await store.audit.history(f"question:{question_id}")) == 1


async def test_a_citizen_cannot_answer(tmp_path: Path) -> None:
    async with opened_store(tmp_path) as store:
        await join(store, JUSTICE, "TP")
        question_id = await _ask(store)
        intruder = citizen(1002)

        assert (await answerable(store, intruder, question_id))[0] is QuestionOutcome.FORBIDDEN
        result = await answer(store, vietnamese(), intruder, question_id, "Giả mạo", NOW)

        assert result.outcome is QuestionOutcome.FORBIDDEN
        stored = await store.questions.get(question_id)
        assert stored is not None and stored.answer is None
        assert await outbox(store, f"question:{question_id}:answer:") == []
