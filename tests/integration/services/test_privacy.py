"""services.privacy over a real store: what the ward holds about a citizen, their deletion, the
retention job (audit M6), and the quiet hours of notices (L6), the question rule (M1)."""

from __future__ import annotations

import os
import stat
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from domain.access import Actor
from domain.complaints import Draft, Outcome
from domain.model import Role
from domain.privacy import ERASED
from domain.schedule_policy import SchedulePolicy
from services.complaints import act, shipped_rules, submit
from services.invites import JoinOutcome, create_invite, redeem_invite
from services.news import set_subscription
from services.privacy import daily_retention, erase_my_data, purge_expired, what_we_hold
from services.questions import QuestionOutcome, answer, answerable, ask
from storage.backup import backup_database, default_backup_name
from storage.filestore import LocalFileStore
from storage.store import Store
from tests.integration.services.citizens_world import (
    ADMIN_ID,
    ADMINS,
    CITIZEN_ID,
    NOW,
    OTHER_CITIZEN_ID,
    join,
    opened_store,
    outbox,
    vietnamese,
)

SECRET = "Nhà số 12 ngõ 5 bị lấn chiếm vỉa hè, SĐT tôi 0912345678"
QUESTION = "xin hỏi con tôi mất giấy tờ CCCD 001099012345 phải làm sao"
JUSTICE, MTTQ = 2001, 2006


async def _complaint(store: Store, citizen_id: int = CITIZEN_ID) -> str:
    draft = Draft(SECRET, "datdai", photos=("photo-file-id",), latitude=20.96, longitude=105.76)
    result = await submit(
        store, shipped_rules(), vietnamese(), draft, citizen_id, NOW, admins=ADMINS
    )
    assert result.outcome is Outcome.DONE
    return result.code


async def _close(store: Store, code: str, official: Actor, at: datetime = NOW) -> None:
    outcome = await act(store, vietnamese(), code, official, "close", at, "Đã xử lý xong")
    assert outcome is Outcome.DONE


async def test_M6_a_citizen_sees_what_is_held_and_deletes_it(tmp_path: Path) -> None:
    async with opened_store(tmp_path) as store:
        official = await join(store, JUSTICE, "TP")
        closed = await _complaint(store)
        await _close(store, closed, official)
        still_open = await _complaint(store)
        asked = await ask(store, shipped_rules(), vietnamese(), CITIZEN_ID, QUESTION, NOW)
        await set_subscription(store, CITIZEN_ID, False, True, NOW)
        async with store.transaction() as tx:
            await store.users.remember(tx, CITIZEN_ID, "Trần Thị Bình", "binh", NOW)

        held = await what_we_hold(store, CITIZEN_ID)
        assert [c.code for c in held.complaints] == [closed, still_open]
        assert [q.id for q in held.questions] == [asked.question_id]
        assert held.subscribed is True and held.name == "Trần Thị Bình (@binh)"

        erased = await erase_my_data(store, CITIZEN_ID, True, NOW)
        assert erased.complaints == 1 and erased.pending == (still_open,)
        assert erased.questions == 1 and erased.subscription

        gone = await store.complaints.get(closed)
        assert gone is not None and gone.content == ERASED and gone.citizen_id == 0
        assert gone.latitude is None and gone.photos == () and gone.answer is None
        assert gone.status == "closed" and gone.topic  # the statistic stays
        kept = await store.complaints.get(still_open)
        assert kept is not None and kept.content == SECRET  # the ward must still answer it
        assert asked.question_id and await store.questions.get(asked.question_id) is None
        assert await store.users.get(CITIZEN_ID) is None
        # Nothing left with the citizen's id or text, the audit entries kept without them.
        later = await what_we_hold(store, CITIZEN_ID)
        assert [c.code for c in later.complaints] == [still_open] and later.complaints[
            0
        ].erase_requested
        audit = await store.audit.history(f"complaint:{closed}")
        assert audit and all(e.actor_id != CITIZEN_ID for e in audit)
        rows = await store.db.fetchall(
            "SELECT status, payload FROM outbox WHERE key LIKE ? AND status != 'pending'",
            (f"complaint:{closed}:%",),
        )
        assert not any("0912345678" in r["payload"] for r in rows)

        # Once closed, the open one goes too (the daily job).
        await _close(store, still_open, official, NOW + timedelta(days=1))
        await purge_expired(store, NOW + timedelta(days=2), 24)
        after = await store.complaints.get(still_open)
        assert after is not None and after.content == ERASED and after.citizen_id == 0


async def test_M6_retention_removes_old_personal_data_only(tmp_path: Path) -> None:
    async with opened_store(tmp_path) as store:
        official = await join(store, JUSTICE, "TP")
        old = await _complaint(store)
        await _close(store, old, official)
        recent = await _complaint(store, OTHER_CITIZEN_ID)
        await _close(store, recent, official, NOW + timedelta(days=700))
        question = await ask(store, shipped_rules(), vietnamese(), CITIZEN_ID, QUESTION, NOW)
        assert question.question_id
        await answer(store, vietnamese(), official, question.question_id, "Đến phường", NOW)
        await create_invite(store, ADMIN_ID, "TP", Role.OFFICIAL, NOW, 7)

        later = NOW + timedelta(days=25 * 31)  # 25 months on: past 24
        purged = await purge_expired(store, later, 24)

        assert purged.complaints == 1 and purged.questions == 1 and purged.invites == 1
        gone = await store.complaints.get(old)
        assert gone is not None and gone.content == ERASED and gone.citizen_id == 0
        kept = await store.complaints.get(recent)
        assert kept is not None and kept.content == SECRET  # closed 700 days ago: within 24
        assert await store.questions.get(question.question_id) is None
        # Sent messages lose their copy after 30 days.
        async with store.transaction() as tx:
            await tx.execute("UPDATE outbox SET status = 'sent'")
        await purge_expired(store, later, 24)
        payloads = await store.db.fetchall("SELECT payload FROM outbox")
        assert payloads and not any("0912345678" in r["payload"] for r in payloads)
        entry = next(e for e in await store.audit.history() if e.action == "privacy.purge")
        assert entry.actor_id is None and entry.detail["complaints"] == 1
        # A second run finds nothing more.
        again = await purge_expired(store, later, 24)
        assert (again.complaints, again.questions) == (0, 0)


@pytest.mark.sqlite_only  # the backup copies the SQLite file
async def test_M6_old_backups_are_rotated_and_files_are_private(tmp_path: Path) -> None:
    async with opened_store(tmp_path) as store:
        db_path = tmp_path / "cchc.sqlite3"
        folder = tmp_path / "backups"
        old = backup_database(db_path, default_backup_name(folder, NOW))
        later = NOW + timedelta(days=25 * 31)
        new = backup_database(db_path, default_backup_name(folder, later - timedelta(days=1)))
        assert stat.S_IMODE(os.stat(new).st_mode) == 0o600
        assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700
        os.chmod(new, 0o644)  # as an older version left it
        files = LocalFileStore(tmp_path / "files")
        result = await daily_retention(store, db_path, files, 24, later)
        assert result.backups == 1 and not old.exists() and new.exists()
        assert stat.S_IMODE(os.stat(new).st_mode) == 0o600
        for suffix in ("", "-wal", "-shm"):
            path = f"{db_path}{suffix}"
            assert stat.S_IMODE(os.stat(path).st_mode) == 0o600, path


async def test_M1_only_the_questions_department_or_leaders_may_answer(tmp_path: Path) -> None:
    async with opened_store(tmp_path) as store:
        justice = await join(store, JUSTICE, "TP")
        front = await join(store, MTTQ, "MTTQ")
        leader = await join(store, 3001, "VP", Role.LEADER)
        asked = await ask(store, shipped_rules(), vietnamese(), CITIZEN_ID, QUESTION, NOW)
        assert asked.question_id

        assert (await answerable(store, front, asked.question_id))[0] is QuestionOutcome.FORBIDDEN
        forged = await answer(store, vietnamese(), front, asked.question_id, "chuyển khoản", NOW)
        assert forged.outcome is QuestionOutcome.FORBIDDEN
        assert await outbox(store, f"question:{asked.question_id}:answer:") == []
        assert (await answerable(store, leader, asked.question_id))[0] is QuestionOutcome.DONE
        done = await answer(store, vietnamese(), justice, asked.question_id, "Đến phường", NOW)
        assert done.outcome is QuestionOutcome.DONE


async def test_L6_notices_wait_for_the_end_of_the_quiet_hours(tmp_path: Path) -> None:
    async with opened_store(tmp_path) as store:
        official = await join(store, JUSTICE, "TP")
        night = NOW.replace(hour=23, minute=30)
        morning = (NOW + timedelta(days=1)).replace(hour=7, minute=0)
        draft = Draft(SECRET, "datdai")
        quiet = SchedulePolicy()
        result = await submit(
            store, shipped_rules(), vietnamese(), draft, CITIZEN_ID, night, quiet=quiet
        )
        [notice] = await outbox(store, f"complaint:{result.code}:new:")
        assert notice.not_before == morning
        await act(
            store, vietnamese(), result.code, official, "reply", night, "Đã nhận", quiet=quiet
        )
        [reply] = [
            r for r in await outbox(store, f"complaint:{result.code}:e") if r.chat_id == CITIZEN_ID
        ]
        assert reply.not_before == morning
        day = await submit(
            store, shipped_rules(), vietnamese(), draft, CITIZEN_ID, NOW, quiet=quiet
        )
        [notice] = await outbox(store, f"complaint:{day.code}:new:")
        assert notice.not_before == NOW


async def test_L8_wrong_invite_codes_are_audited_and_limited(tmp_path: Path) -> None:
    async with opened_store(tmp_path) as store:
        invite = await create_invite(store, ADMIN_ID, "TP", Role.OFFICIAL, NOW, 7)
        for _ in range(5):
            wrong = await redeem_invite(store, "ZZZZ-ZZZZ", CITIZEN_ID, "X", None, NOW)
            assert wrong.outcome is JoinOutcome.UNKNOWN
        # The sixth try is refused even with the right code, for an hour.
        limited = await redeem_invite(store, invite.code, CITIZEN_ID, "X", None, NOW)
        assert limited.outcome is JoinOutcome.LIMITED
        fails = [e for e in await store.audit.history() if e.action == "invite.fail"]
        assert len(fails) == 5 and all(e.actor_id == CITIZEN_ID for e in fails)
        later = NOW + timedelta(hours=1, minutes=1)
        joined = await redeem_invite(store, invite.code, CITIZEN_ID, "X", None, later)
        assert joined.outcome is JoinOutcome.JOINED
