"""The ward's own answers: what the staff wrote for questions about the ward itself (its hours,
its address, the one-stop counter's phone), given from then on to every citizen who asks in a
wording alike (the wording key of /cauhoi's mappings, domain.questions.wording_key).

Written from a question of /cauhoi, or saved from an answer an official sent one citizen; listed
and deleted by the leaders and administrators; exported with the catalogue and loaded back with
it. Each change is one transaction with its audit entry.
"""

from __future__ import annotations

from datetime import datetime

from domain.access import Actor, may_answer_question, may_remove_ward_answer, may_write_ward_answer
from domain.office_questions import answer_topics, office_topics
from domain.questions import (
    WardAnswer,
    clean_answer,
    closeness,
    strip_personal,
    wording_key,
)
from domain.text import clip
from services.questions import QuestionOutcome
from storage.dbapi import Transaction
from storage.store import Store

WORDING_CHARS = 500  # as a recorded unanswered question


async def answer_for(store: Store, text: str) -> WardAnswer | None:
    """The ward's answer to a citizen's words, when the staff wrote one for this wording or
    for one close to it (domain.questions.closeness: a few answers, each with its wordings)."""
    key = wording_key(text)
    if not key:
        return None
    mapping = await store.unanswered.mapping(key)
    if mapping is not None:  # the staff said what this very wording means
        return await store.ward_answers.get(mapping.answer_id) if mapping.answer_id else None
    alike = [
        (score, m.answer_id)
        for m in await store.unanswered.answer_mappings()
        if m.answer_id is not None and (score := closeness(key, m.key)) > 0
    ]
    if not alike:
        return None
    return await store.ward_answers.get(max(alike)[1])


async def answer_by_topic(store: Store, text: str) -> WardAnswer | None:
    """The ward's answer that tells what a question about the office asks (its address, hours,
    phone) in other words: "sdt phuong" after the staff answered "phuong lam viec may gio" with
    the hours, the address and the phone number. (Asked only when no procedure fits it.)"""
    if not (asked := set(office_topics(text))):
        return None
    for m in await store.unanswered.answer_mappings():
        if m.answer_id is None or not (found := await store.ward_answers.get(m.answer_id)):
            continue
        if asked <= set(office_topics(m.wording)) | answer_topics(found.answer):
            return found
    return None


async def _write(
    tx: Transaction,
    store: Store,
    actor: Actor,
    wording: str,
    text: str,
    now: datetime,
    **audit: str | int,
) -> int:
    key = wording_key(wording)
    answer_id = await store.ward_answers.add(tx, text, actor.user_id, now)
    kept = clip(wording, WORDING_CHARS)
    await store.ward_answers.map(tx, key, kept, answer_id, actor.user_id, now)
    await store.ward_answers.prune(tx)
    await store.audit.record(
        tx, now, actor.user_id, "ward_answer.write", f"wording:{key}", answer=answer_id, **audit
    )
    return answer_id


async def write_for_unanswered(
    store: Store, actor: Actor, question_id: int, text: str, now: datetime
) -> QuestionOutcome:
    """A staff member's answer to an unanswered question of /cauhoi (the id of its latest row):
    its wording, and every wording alike, get it from now on."""
    found = await store.unanswered.get(question_id)
    cleaned = clean_answer(text)
    if not may_write_ward_answer(actor) or found is None or cleaned is None:
        return QuestionOutcome.FORBIDDEN
    wording, key = found
    if not key:
        return QuestionOutcome.FORBIDDEN
    async with store.transaction() as tx:
        await _write(tx, store, actor, wording, cleaned, now)
    return QuestionOutcome.DONE


async def attach_unanswered(
    store: Store, actor: Actor, question_id: int, answer_id: int, now: datetime
) -> QuestionOutcome:
    """Another wording of /cauhoi ("thu bay phuong co lam viec ko") gets an answer already
    written (the office hours): one answer, many ways of asking."""
    found = await store.unanswered.get(question_id)
    answer = await store.ward_answers.get(answer_id)
    if not may_write_ward_answer(actor) or found is None or answer is None or not found[1]:
        return QuestionOutcome.FORBIDDEN
    wording, key = found
    async with store.transaction() as tx:
        await store.ward_answers.map(
            tx, key, clip(wording, WORDING_CHARS), answer.id, actor.user_id, now
        )
        await store.ward_answers.prune(tx)
        await store.audit.record(
            tx, now, actor.user_id, "ward_answer.attach", f"wording:{key}", answer=answer.id
        )
    return QuestionOutcome.DONE


async def save_answered_question(
    store: Store, actor: Actor, question_id: int, now: datetime
) -> QuestionOutcome:
    """The answer an official wrote to one citizen's passed question, kept as the ward's answer
    for that wording (the question without personal data; the answer as it was sent)."""
    question = await store.questions.get(question_id)
    if question is None or not may_answer_question(actor, question):
        return QuestionOutcome.FORBIDDEN
    cleaned = clean_answer(question.answer or "")
    wording = strip_personal(question.text)
    if cleaned is None or not any(ch.isalpha() for ch in wording_key(wording)):
        return QuestionOutcome.FORBIDDEN
    async with store.transaction() as tx:
        await _write(tx, store, actor, wording, cleaned, now, question=question_id)
    return QuestionOutcome.DONE


async def delete(store: Store, actor: Actor, answer_id: int, now: datetime) -> QuestionOutcome:
    """A leader or administrator deletes an answer: its wordings go back to the search (and to
    /cauhoi's list). Audited."""
    if not may_remove_ward_answer(actor):
        return QuestionOutcome.FORBIDDEN
    async with store.transaction() as tx:
        if not await store.ward_answers.delete(tx, answer_id):
            return QuestionOutcome.FORBIDDEN
        await store.audit.record(
            tx, now, actor.user_id, "ward_answer.delete", f"ward_answer:{answer_id}"
        )
    return QuestionOutcome.DONE


async def restore(
    store: Store, answers: tuple[tuple[str, tuple[str, ...]], ...], now: datetime
) -> None:
    """The answers of an exported catalogue, loaded back (audited as the file's); an answer
    already there (the same text) is not added twice."""
    async with store.transaction() as tx:
        for text, wordings in answers:
            cleaned = clean_answer(text)
            keyed = [(w, k) for w in wordings if (k := wording_key(w))]
            if cleaned is None or not keyed:
                continue
            answer_id = await store.ward_answers.with_text(tx, cleaned)
            if answer_id is None:
                answer_id = await store.ward_answers.add(tx, cleaned, 0, now)
            for wording, key in keyed:
                await store.ward_answers.map(tx, key, wording, answer_id, 0, now)
        await store.ward_answers.prune(tx)
        await store.audit.record(tx, now, None, "ward_answer.load", count=len(answers))


async def exported(store: Store) -> list[tuple[str, list[str]]]:
    """(answer, wordings) of every answer, as the catalogue file keeps them."""
    return [(a.answer, list(a.wordings)) for a in await store.ward_answers.all() if a.wordings]
