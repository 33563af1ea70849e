"""The ward's own answers over a real database (services.ward_answers): written for a wording of
/cauhoi, found for wordings alike, exported with the catalogue and loaded back once, replaced by a
later mapping, deleted only by the leaders and administrators."""

from __future__ import annotations

from pathlib import Path

from bot.search import load_catalogue
from domain.datafiles.procedures import SHIPPED_CATALOGUE, read_catalogue
from domain.model import Role
from domain.questions import clean_answer
from services.questions import (
    QuestionOutcome,
    export_catalogue,
    map_question,
    mapped,
    record_unanswered,
)
from services.ward_answers import answer_for, delete, write_for_unanswered
from tests.integration.services.citizens_world import NOW, citizen, join, opened_store

HOURS = "Sáng 8:00–12:00, chiều 13:30–17:00,\nthứ Hai đến thứ Sáu."


def test_an_answer_keeps_its_lines_and_refuses_what_is_too_long() -> None:
    assert clean_answer("  Sáng 8:00\u200b  –12:00\n\n\n\nchiều   13:30 \n") == (
        "Sáng 8:00 –12:00\n\nchiều 13:30"
    )
    assert clean_answer(" \n ") is None
    assert clean_answer("x" * 1501) is None
    assert clean_answer("\n".join("dòng" for _ in range(16))) is None


async def test_a_ward_answer_is_found_exported_and_loaded_back_once(tmp_path: Path) -> None:
    async with opened_store(tmp_path) as store:
        await load_catalogue(store, read_catalogue(SHIPPED_CATALOGUE), NOW)
        await record_unanswered(store, "Ủy ban phường mở cửa mấy giờ ạ?", NOW)
        [group] = await store.unanswered.groups()
        official = await join(store, 2001, "TP")
        refused = await write_for_unanswered(store, citizen(), group.latest_id, HOURS, NOW)
        assert refused is QuestionOutcome.FORBIDDEN
        assert await write_for_unanswered(store, official, group.latest_id, " ", NOW) is (
            QuestionOutcome.FORBIDDEN
        )
        done = await write_for_unanswered(store, official, group.latest_id, HOURS, NOW)
        assert done is QuestionOutcome.DONE
        found = await answer_for(store, "uy ban phuong mo cua may gio")
        assert found is not None and found.answer == HOURS
        assert await mapped(store, "uy ban phuong mo cua may gio") == (False, None)
        assert await store.unanswered.groups() == []

        exported = await export_catalogue(store)
        assert exported is not None
        path = tmp_path / "export.yaml"
        path.write_text(exported[0], encoding="utf-8")
        catalogue = read_catalogue(path)
        assert catalogue.ward_answers == ((HOURS, ("Ủy ban phường mở cửa mấy giờ ạ?",)),)
        assert catalogue.learned == ()  # the answer is not a "not the ward's" mapping

    other = tmp_path / "other"
    other.mkdir()
    async with opened_store(other) as fresh:
        await load_catalogue(fresh, catalogue, NOW)
        await load_catalogue(fresh, catalogue, NOW)  # loaded twice: one answer
        [kept] = await fresh.ward_answers.all()
        assert kept.answer == HOURS
        assert (await answer_for(fresh, "UY BAN PHUONG MO CUA MAY GIO")) == kept


async def test_a_later_mapping_replaces_it_and_only_leaders_delete(tmp_path: Path) -> None:
    async with opened_store(tmp_path) as store:
        await load_catalogue(store, read_catalogue(SHIPPED_CATALOGUE), NOW)
        await record_unanswered(store, "xin giấy xác nhận làm thẻ xe buýt", NOW)
        [group] = await store.unanswered.groups()
        official = await join(store, 2001, "TP")
        await write_for_unanswered(store, official, group.latest_id, "Ra bộ phận một cửa.", NOW)
        [answer] = await store.ward_answers.all()
        assert await delete(store, official, answer.id, NOW) is QuestionOutcome.FORBIDDEN
        # Mapped to a procedure after all (a catalogue file, say): the answer goes.
        await map_question(store, official, group.latest_id, "xac_nhan_cu_tru", NOW)
        assert await mapped(store, "xin giay xac nhan lam the xe buyt") == (
            True,
            "xac_nhan_cu_tru",
        )
        assert await store.ward_answers.all() == []

        await record_unanswered(store, "phường có wifi không", NOW)
        [group] = await store.unanswered.groups()
        await write_for_unanswered(store, official, group.latest_id, "Có, mật khẩu ở quầy.", NOW)
        [answer] = await store.ward_answers.all()
        leader = await join(store, 3001, "VP", Role.LEADER)
        assert await delete(store, leader, answer.id, NOW) is QuestionOutcome.DONE
        assert await delete(store, leader, answer.id, NOW) is QuestionOutcome.FORBIDDEN
        assert await answer_for(store, "phuong co wifi khong") is None
        assert [g.wording for g in await store.unanswered.groups()] == ["phường có wifi không"]
