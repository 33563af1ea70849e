"""Citizens' questions that no procedure answers: passed to the staff who answer citizens, and
their answer sent back to the citizen's chat.

Each step is one transaction: the question (or its answer), the audit entry of an answer and the
messages to the people concerned (through the outbox, keyed so each is sent once) commit together.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import datetime, tzinfo
from enum import StrEnum

from domain.access import Actor, may_answer_question
from domain.buttons import AnswerQuestion
from domain.complaints import ComplaintRules
from domain.datafiles.procedures import catalogue_yaml
from domain.i18n import Translator
from domain.messages import OutgoingMessage
from domain.procedures import Question
from domain.questions import strip_personal, wording_key
from domain.schedule_policy import SchedulePolicy
from domain.text import clip
from services.audience import answering_staff
from services.complaints import send_moment, ward_midnight
from services.departments import routing_rules
from storage.store import Store

QUOTED_QUESTION = 200  # characters of the question quoted back with its answer


class QuestionOutcome(StrEnum):
    DONE = "done"
    LIMIT = "limit"  # the citizen asked the most questions a day allows
    FORBIDDEN = "forbidden"  # not an official, or no such question
    ANSWERED = "answered"  # someone answered it first


@dataclass(frozen=True)
class Asked:
    outcome: QuestionOutcome
    question_id: int | None = None
    notified: bool = False  # the answering staff have messages waiting in the outbox


@dataclass(frozen=True)
class Answered:
    outcome: QuestionOutcome
    notified: bool = False  # the citizen has the answer waiting in the outbox


async def may_ask_today(
    store: Store, rules: ComplaintRules, citizen_id: int, now: datetime, tz: tzinfo
) -> bool:
    """The daily limit: fewer than `rules.daily_questions` questions since the ward's midnight."""
    asked = await store.questions.asked_since(citizen_id, ward_midnight(now, tz))
    return asked < rules.daily_questions


async def ask(
    store: Store,
    rules: ComplaintRules,
    t: Translator,
    citizen_id: int,
    text: str,
    now: datetime,
    *,
    admins: frozenset[int] = frozenset(),
    quiet: SchedulePolicy | None = None,
) -> Asked:
    """Store the question for the department that answers citizens and tell its staff."""
    if not await may_ask_today(store, rules, citizen_id, now, t.tz):
        return Asked(QuestionOutcome.LIMIT)
    dept = (await routing_rules(store, rules)).handler  # followed to the new structure
    chats = await answering_staff(store, (dept,), admins)
    async with store.transaction() as tx:
        question_id = await store.questions.ask(tx, citizen_id, text, dept, now)
        note = OutgoingMessage(
            t._("A citizen asks (question {id}):\n{text}").format(
                id=question_id, text=html.escape(text)
            ),
            buttons=(((t._("✍️ Answer"), AnswerQuestion(question_id).pack()),),),
        )
        for chat in chats:
            await store.outbox.enqueue(
                tx,
                f"question:{question_id}:new:{chat}",
                chat,
                "question",
                note,
                now,
                send_moment(now, t.tz, quiet),
            )
    return Asked(QuestionOutcome.DONE, question_id, bool(chats))


async def answerable(
    store: Store, actor: Actor, question_id: int
) -> tuple[QuestionOutcome, Question | None]:
    """May this person answer this question now? (Its department's staff, the leaders and the
    administrators may: domain.access.may_answer_question; once.)"""
    question = await store.questions.get(question_id)
    if question is None or not may_answer_question(actor, question):
        return QuestionOutcome.FORBIDDEN, None
    if question.answer is not None:
        return QuestionOutcome.ANSWERED, question
    return QuestionOutcome.DONE, question


async def answer(
    store: Store,
    t: Translator,
    actor: Actor,
    question_id: int,
    text: str,
    now: datetime,
    *,
    quiet: SchedulePolicy | None = None,
    card: str | None = None,
    buttons: tuple[tuple[tuple[str, str], ...], ...] = (),
    procedure: str | None = None,
) -> Answered:
    """Record an official's answer, send it to the citizen, audit it; the first answer wins.

    With `card` (a procedure's card, HTML, and its `buttons`) the answer is that card: `text`
    names it in the record, `procedure` is its code for the audit log."""
    question = await store.questions.get(question_id)
    if question is None or not may_answer_question(actor, question):
        return Answered(QuestionOutcome.FORBIDDEN)
    async with store.transaction() as tx:
        if not await store.questions.answer(tx, question.id, text, actor.user_id, now):
            return Answered(QuestionOutcome.ANSWERED)
        await store.outbox.enqueue(
            tx,
            f"question:{question.id}:answer:{question.citizen_id}",
            question.citizen_id,
            "question",
            OutgoingMessage(
                t._(
                    "The ward's staff answered your question “{question}” with this"
                    " procedure:\n\n{card}"
                ).format(question=html.escape(clip(question.text, QUOTED_QUESTION)), card=card),
                buttons=buttons,
            )
            if card
            else OutgoingMessage(
                t._("The ward's staff answered your question “{question}”:\n{answer}").format(
                    question=html.escape(clip(question.text, QUOTED_QUESTION)),
                    answer=html.escape(text),
                )
            ),
            now,
            send_moment(now, t.tz, quiet),
        )
        await store.audit.record(
            tx,
            now,
            actor.user_id,
            "question.answer",
            f"question:{question.id}",
            **({"procedure": procedure} if procedure else {}),
        )
    return Answered(QuestionOutcome.DONE, notified=True)


# Questions the bot could not answer ---------------------------------------------------------------
async def record_unanswered(store: Store, text: str, now: datetime) -> None:
    """Keep a question no procedure answered for the staff's review, without personal data and
    without who asked."""
    wording = strip_personal(text)
    key = wording_key(wording)
    if not any(ch.isalpha() for ch in key):
        return  # "2", "???": a slip of the thumb, not a question to review
    async with store.transaction() as tx:
        await store.unanswered.record(tx, clip(wording, 500), key, now)


async def mapped(store: Store, text: str) -> tuple[bool, str | None]:
    """What the staff said this wording meant: (True, code), (True, None) for "not the ward's",
    or (False, None) when they have not said."""
    key = wording_key(text)
    mapping = await store.unanswered.mapping(key) if key else None
    if mapping is None or mapping.answer_id is not None:  # a ward answer: services.ward_answers
        return False, None
    return True, mapping.procedure_code


async def map_question(
    store: Store, actor: Actor, question_id: int, procedure_code: str | None, now: datetime
) -> QuestionOutcome:
    """An official says what an unanswered wording meant (a procedure, or None: not the
    ward's); the search answers it so from then on. Audited."""
    found = await store.unanswered.get(question_id)
    if not actor.is_staff or found is None:
        return QuestionOutcome.FORBIDDEN
    if procedure_code is not None and await store.procedures.get(procedure_code) is None:
        return QuestionOutcome.FORBIDDEN
    wording, key = found
    async with store.transaction() as tx:
        await store.unanswered.map(tx, key, wording, procedure_code, actor.user_id, now)
        await store.ward_answers.prune(tx)
        await store.audit.record(
            tx,
            now,
            actor.user_id,
            "question.map",
            f"wording:{key}",
            procedure=procedure_code or "-",
        )
    return QuestionOutcome.DONE


async def restore_learned(
    store: Store, learned: tuple[tuple[str, str | None], ...], now: datetime
) -> None:
    """The mappings of an exported catalogue, loaded back (audited as the file's)."""
    async with store.transaction() as tx:
        for wording, code in learned:
            if key := wording_key(wording):
                await store.unanswered.map(tx, key, wording, code, 0, now)
        await store.ward_answers.prune(tx)
        await store.audit.record(tx, now, None, "question.map.load", count=len(learned))


async def export_catalogue(store: Store) -> tuple[str, int, int] | None:
    """The loaded catalogue with the staff's mappings and the ward's own answers
    (services.ward_answers), as a file `procedures load` reads back: (text, procedures,
    mappings and answers); None when no catalogue is loaded."""
    info = await store.procedures.info()
    if info is None:
        return None
    procedures = await store.procedures.all()
    mappings = [
        (m.wording, m.procedure_code)
        for m in await store.unanswered.mappings()
        if m.answer_id is None
    ]
    answers = [(a.answer, list(a.wordings)) for a in await store.ward_answers.all() if a.wordings]
    text = catalogue_yaml(
        info.title, info.checked, info.portal_url, info.notes, procedures, mappings, answers
    )
    return text, len(procedures), len(mappings) + len(answers)
