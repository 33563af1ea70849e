"""services.complaints' answers to the ward and reopening, and services.questions' unanswered
questions, mappings and their export, over a real store (issue 13, items 5 and 6)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from bot.search import load_catalogue
from domain.complaints import Draft, Outcome
from domain.datafiles.procedures import SHIPPED_CATALOGUE, read_catalogue
from services.complaints import (
    Information,
    act,
    add_information,
    awaiting_information,
    reopen,
    shipped_rules,
    submit,
)
from services.questions import (
    QuestionOutcome,
    export_catalogue,
    map_question,
    mapped,
    record_unanswered,
)
from storage.store import Store
from tests.integration.services.citizens_world import (
    ADMINS,
    CITIZEN_ID,
    NOW,
    OTHER_CITIZEN_ID,
    citizen,
    join,
    opened_store,
    outbox,
    vietnamese,
)

JUSTICE = 2001


async def _sent_and_asked(store: Store) -> str:
    official = await join(store, JUSTICE, "TP")
    result = await submit(
        store, shipped_rules(), vietnamese(), Draft("Hố ga vỡ ở ngõ 5"), CITIZEN_ID, NOW
    )
    await act(store, vietnamese(), result.code, official, "ask", NOW, "Nhà số mấy?")
    return result.code


async def test_answers_are_kept_audited_and_sent_to_the_official(tmp_path: Path) -> None:
    async with opened_store(tmp_path) as store:
        code = await _sent_and_asked(store)
        later = NOW + timedelta(minutes=5)
        found = await awaiting_information(store, CITIZEN_ID, later, text=True)
        assert found is not None and found.code == code
        assert await awaiting_information(store, OTHER_CITIZEN_ID, later, text=True) is None
        t = vietnamese()
        text = Information(text="Nhà số 12")
        photo = Information(text="nắp vỡ", photo="photo-1")
        place = Information(location=(20.96, 105.76))
        for info in (text, photo, place):
            assert await add_information(store, t, code, CITIZEN_ID, info, later) is Outcome.DONE
        other = await add_information(store, t, code, OTHER_CITIZEN_ID, text, later)
        assert other is Outcome.FORBIDDEN
        stored = await store.complaints.get(code)
        assert stored is not None and stored.photos == ("photo-1",)
        assert stored.latitude == 20.96 and stored.status == "in_progress"
        rows = await store.db.fetchall(
            "SELECT action FROM audit_log WHERE action = 'complaint.info'"
        )
        assert len(rows) == 3
        messages = [r.message for r in await outbox(store, f"complaint:{code}:e")]
        notes = [m.text for m in messages]
        assert sum("Nhà số 12" in n for n in notes) == 1
        # The photo itself goes to the official, what the citizen wrote as its caption.
        (with_photo,) = [m for m in messages if m.photo]
        assert with_photo.photo == "photo-1" and with_photo.text.endswith("\nnắp vỡ")
        # Text much later is no longer an answer; a photo still is, until the ward acts.
        much_later = later + timedelta(hours=3)
        assert await awaiting_information(store, CITIZEN_ID, much_later, text=True) is None
        assert await awaiting_information(store, CITIZEN_ID, much_later, text=False) is not None
        official = await join(store, 2002, "TP")
        await act(store, t, code, official, "reply", much_later, "Đã nhận")
        assert await awaiting_information(store, CITIZEN_ID, much_later, text=False) is None


async def test_reopening_once_within_the_days_goes_back_to_the_department(tmp_path: Path) -> None:
    async with opened_store(tmp_path) as store:
        code = await _sent_and_asked(store)
        t = vietnamese()
        official = await join(store, 2002, "TP")
        early = await reopen(store, shipped_rules(), t, code, CITIZEN_ID, NOW)
        assert early.outcome is Outcome.OPEN
        await act(store, t, code, official, "close", NOW, "Đã xong")
        rules = shipped_rules()
        assert (await reopen(store, rules, t, code, OTHER_CITIZEN_ID, NOW)).outcome is (
            Outcome.FORBIDDEN
        )
        late = NOW + timedelta(days=rules.reopen_days + 1)
        assert (await reopen(store, rules, t, code, CITIZEN_ID, late)).outcome is Outcome.TOO_LATE
        done = await reopen(
            store, rules, t, code, CITIZEN_ID, NOW + timedelta(days=1), admins=ADMINS
        )
        assert done.outcome is Outcome.DONE and done.notified
        stored = await store.complaints.get(code)
        assert stored is not None and stored.status == "new" and stored.closed_at is None
        events = await store.complaints.events(stored.id)
        assert events[-1].kind == "reopened"
        audit = await store.db.fetchone(
            "SELECT actor_id FROM audit_log WHERE action = ?", ("complaint.reopen",)
        )
        assert audit is not None and audit["actor_id"] == CITIZEN_ID
        notes = await outbox(store, f"complaint:{code}:e{events[-1].id}:")
        assert {r.chat_id for r in notes} >= {JUSTICE, 2002}
        await act(store, t, code, official, "close", NOW + timedelta(days=2), "Xong lần hai")
        again = await reopen(store, rules, t, code, CITIZEN_ID, NOW + timedelta(days=3))
        assert again.outcome is Outcome.REOPENED


async def test_unanswered_questions_mapped_and_exported_with_the_catalogue(
    tmp_path: Path,
) -> None:
    async with opened_store(tmp_path) as store:
        await load_catalogue(store, read_catalogue(SHIPPED_CATALOGUE), NOW)
        await record_unanswered(store, "Tôi là Lan, 0987654321, hỏi làm thẻ xe buýt", NOW)
        await record_unanswered(store, "lam the xe buyt", NOW)
        groups = await store.unanswered.groups()
        assert len(groups) == 1 and groups[0].count == 2
        assert "0987654321" not in groups[0].wording and "Lan" not in groups[0].wording
        official = await join(store, JUSTICE, "TP")
        refused = await map_question(store, citizen(), groups[0].latest_id, "tam_tru", NOW)
        assert refused is QuestionOutcome.FORBIDDEN
        assert await mapped(store, "lam the xe buyt") == (False, None)  # a citizen cannot map
        await map_question(store, official, groups[0].latest_id, "xac_nhan_cu_tru", NOW)
        assert await mapped(store, "Làm thẻ xe buýt?") == (True, "xac_nhan_cu_tru")
        assert await store.unanswered.groups() == []

        exported = await export_catalogue(store)
        assert exported is not None
        text, count, learned = exported
        assert learned == 1 and count > 30
        path = tmp_path / "export.yaml"
        path.write_text(text, encoding="utf-8")
        catalogue = read_catalogue(path)
        assert len(catalogue.procedures) == count
        assert catalogue.learned == (("lam the xe buyt", "xac_nhan_cu_tru"),)

    other = tmp_path / "other"
    other.mkdir()
    async with opened_store(other) as fresh:
        await load_catalogue(fresh, catalogue, NOW)
        assert await mapped(fresh, "lam the xe buyt") == (True, "xac_nhan_cu_tru")
