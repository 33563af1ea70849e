"""Personal data: what the ward holds about one person, and its removal (services.privacy).

Anonymising keeps the record a statistic needs (a complaint's code, field, department, dates and
status; a survey's scores) and removes the person: the text they wrote, what was written to them,
where they were, their photos and their Telegram id. The audit entries stay, without their id.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from domain.privacy import ERASED
from storage.dbapi import Database, Transaction
from storage.timefmt import from_db, to_db

BLANK_PAYLOAD = json.dumps({"text": ERASED, "parse_mode": None, "buttons": []})


@dataclass(frozen=True)
class HeldComplaint:
    code: str
    status: str
    created_at: datetime
    erase_requested: bool


@dataclass(frozen=True)
class HeldQuestion:
    id: int
    text: str
    asked_at: datetime
    answered: bool


@dataclass(frozen=True)
class Holding:
    """What the ward holds about one Telegram user."""

    name: str | None  # the name and @username the bot remembers, if any
    complaints: list[HeldComplaint]
    questions: list[HeldQuestion]
    survey_months: list[str]
    subscribed: bool | None  # None: never chose


class PrivacyRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def holding(self, user_id: int) -> Holding:
        user = await self._db.fetchone(
            "SELECT full_name, username FROM users WHERE tg_id = ?", (user_id,)
        )
        name = None
        if user is not None:
            name = user["full_name"] + (f" (@{user['username']})" if user["username"] else "")
        complaints = [
            HeldComplaint(r["code"], r["status"], _at(r["created_at"]), bool(r["erase_requested"]))
            for r in await self._db.fetchall(
                "SELECT code, status, created_at, erase_requested FROM complaints"
                " WHERE citizen_id = ? ORDER BY id",
                (user_id,),
            )
        ]
        questions = [
            HeldQuestion(r["id"], r["text"], _at(r["asked_at"]), r["answer"] is not None)
            for r in await self._db.fetchall(
                "SELECT id, text, asked_at, answer FROM citizen_questions"
                " WHERE citizen_id = ? ORDER BY id",
                (user_id,),
            )
        ]
        months = [
            r["month"]
            for r in await self._db.fetchall(
                "SELECT month FROM survey_responses WHERE respondent_id = ? ORDER BY month",
                (user_id,),
            )
        ]
        sub = await self._db.fetchone(
            "SELECT subscribed FROM digest_subscriptions WHERE chat_id = ?", (user_id,)
        )
        subscribed = None if sub is None else bool(sub["subscribed"])
        return Holding(name, complaints, questions, months, subscribed)

    # --- removal -------------------------------------------------------------------------------
    async def closed_before(self, tx: Transaction, cutoff: datetime) -> list[tuple[int, str, int]]:
        """(id, code, citizen id) of the complaints to anonymise: closed before `cutoff`, or
        closed at all when their author asked for it."""
        rows = await tx.fetchall(
            "SELECT id, code, citizen_id FROM complaints WHERE anonymised_at IS NULL"
            " AND status = 'closed' AND (closed_at < ? OR erase_requested = 1) ORDER BY id",
            (to_db(cutoff),),
        )
        return [(r["id"], r["code"], r["citizen_id"]) for r in rows]

    async def complaints_of(self, tx: Transaction, user_id: int) -> list[tuple[int, str, str]]:
        """(id, code, status) of a person's complaints not yet anonymised."""
        rows = await tx.fetchall(
            "SELECT id, code, status FROM complaints WHERE citizen_id = ?"
            " AND anonymised_at IS NULL ORDER BY id",
            (user_id,),
        )
        return [(r["id"], r["code"], r["status"]) for r in rows]

    async def request_erasure(self, tx: Transaction, complaint_id: int) -> None:
        await tx.execute("UPDATE complaints SET erase_requested = 1 WHERE id = ?", (complaint_id,))

    async def anonymise_complaint(
        self, tx: Transaction, complaint_id: int, code: str, citizen_id: int, now: datetime
    ) -> None:
        """The content, the answer, the place, the photos and the history's texts go; the
        author's id goes from the complaint, its history, its audit entries and its messages."""
        await tx.execute(
            "UPDATE complaints SET content = ?, answer = NULL, fix_photo = NULL, latitude = NULL,"
            " longitude = NULL,"
            " citizen_id = 0, erase_requested = 0, anonymised_at = ? WHERE id = ?",
            (ERASED, to_db(now), complaint_id),
        )
        await tx.execute("DELETE FROM complaint_photos WHERE complaint_id = ?", (complaint_id,))
        await tx.execute(
            "UPDATE complaint_events SET text = '',"
            " actor_id = CASE WHEN actor_id = ? THEN NULL ELSE actor_id END"
            " WHERE complaint_id = ?",
            (citizen_id, complaint_id),
        )
        await tx.execute(
            "UPDATE audit_log SET actor_id = NULL WHERE subject = ? AND actor_id = ?",
            (f"complaint:{code}", citizen_id),
        )
        await tx.execute(
            "UPDATE outbox SET payload = ? WHERE key LIKE ?"
            " AND status NOT IN ('pending', 'sending')",
            (BLANK_PAYLOAD, f"complaint:{code}:%"),
        )
        await tx.execute("UPDATE survey_responses SET source = '' WHERE source = ?", (code,))

    async def delete_answered_questions(self, tx: Transaction, cutoff: datetime) -> int:
        rows = await tx.fetchall(
            "SELECT id FROM citizen_questions WHERE answered_at IS NOT NULL AND answered_at < ?",
            (to_db(cutoff),),
        )
        for r in rows:
            await self._delete_question(tx, r["id"])
        return len(rows)

    async def delete_questions_of(self, tx: Transaction, user_id: int) -> int:
        rows = await tx.fetchall(
            "SELECT id FROM citizen_questions WHERE citizen_id = ?", (user_id,)
        )
        for r in rows:
            await self._delete_question(tx, r["id"])
        return len(rows)

    async def _delete_question(self, tx: Transaction, question_id: int) -> None:
        await tx.execute("DELETE FROM citizen_questions WHERE id = ?", (question_id,))
        await tx.execute(
            "UPDATE outbox SET payload = ? WHERE key LIKE ?"
            " AND status NOT IN ('pending', 'sending')",
            (BLANK_PAYLOAD, f"question:{question_id}:%"),
        )
        # The staff's notice of a question no longer there is not sent.
        await tx.execute(
            "UPDATE outbox SET status = 'skipped', payload = ?"
            " WHERE key LIKE ? AND status = 'pending'",
            (BLANK_PAYLOAD, f"question:{question_id}:new:%"),
        )

    async def anonymise_surveys_before(self, tx: Transaction, cutoff: datetime) -> int:
        """Old answers keep their scores, not who gave them nor their comment."""
        return await tx.execute(
            "UPDATE survey_responses SET respondent_id = -id, comment = '', source = ''"
            " WHERE respondent_id > 0 AND submitted_at < ?",
            (to_db(cutoff),),
        )

    async def anonymise_surveys_of(self, tx: Transaction, user_id: int) -> int:
        return await tx.execute(
            "UPDATE survey_responses SET respondent_id = -id, comment = '', source = ''"
            " WHERE respondent_id = ?",
            (user_id,),
        )

    async def forget_subscription(self, tx: Transaction, user_id: int) -> int:
        return await tx.execute("DELETE FROM digest_subscriptions WHERE chat_id = ?", (user_id,))

    async def forget_citizen(self, tx: Transaction, user_id: int) -> int:
        """A citizen's name and @username (staff keep theirs: their work is signed)."""
        return await tx.execute(
            "DELETE FROM users WHERE tg_id = ? AND role = 'citizen'", (user_id,)
        )

    async def forget_in_audit(self, tx: Transaction, user_id: int) -> int:
        """A citizen's id leaves the audit log; the entries (what happened, when) stay."""
        return await tx.execute(
            "UPDATE audit_log SET actor_id = NULL WHERE actor_id = ?", (user_id,)
        )

    async def blank_messages_to(self, tx: Transaction, chat_id: int) -> int:
        return await tx.execute(
            "UPDATE outbox SET payload = ? WHERE chat_id = ?"
            " AND status NOT IN ('pending', 'sending')",
            (BLANK_PAYLOAD, chat_id),
        )

    async def blank_sent_before(self, tx: Transaction, cutoff: datetime) -> int:
        """The text of messages sent (or given up) before `cutoff`: their copy is not needed."""
        return await tx.execute(
            "UPDATE outbox SET payload = ? WHERE status NOT IN ('pending', 'sending')"
            " AND created_at < ? AND payload != ?",
            (BLANK_PAYLOAD, to_db(cutoff), BLANK_PAYLOAD),
        )

    async def delete_stale_invites(self, tx: Transaction, now: datetime) -> int:
        """Invite codes that expired unused: nothing needs them."""
        return await tx.execute(
            "DELETE FROM invites WHERE used_by IS NULL AND expires_at < ?", (to_db(now),)
        )


def _at(text: str) -> datetime:
    moment = from_db(text)
    assert moment is not None
    return moment
