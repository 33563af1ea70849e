"""services.complaints over a real store: submit, the daily limit, and the steps that tell the
citizen (take, ask, close)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from domain.buttons import AddComplaintInfo, OpenComplaint, RateService
from domain.complaints import Draft, Outcome
from services.complaints import act, may_submit_today, shipped_rules, submit
from storage.store import Store
from tests.conftest import VN
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

FLOOD = "Ngõ 5 tổ dân phố 3 bị ngập nước thải từ tuần trước, mùi rất hôi."
JUSTICE, LAND, CULTURE = 2001, 2005, 2003
JUSTICE_GROUP = -100123


async def _staffed(store: Store) -> None:
    await join(store, JUSTICE, "TP")
    await join(store, LAND, "DCXD")
    await join(store, CULTURE, "VHXH")
    async with store.transaction() as tx:  # a group linked to the justice department
        await store.groups.link(tx, JUSTICE_GROUP, "TP", "Nhóm Tư pháp", JUSTICE, NOW)


async def _submit(store: Store, content: str = FLOOD, field: str | None = "datdai") -> str:
    result = await submit(
        store, shipped_rules(), vietnamese(), Draft(content, field), CITIZEN_ID, NOW, admins=ADMINS
    )
    assert result.outcome is Outcome.DONE
    return result.code


async def test_submit_stores_the_complaint_and_tells_the_departments_in_private(
    tmp_path: Path,
) -> None:
    async with opened_store(tmp_path) as store:
        await _staffed(store)
        draft = Draft(FLOOD, "datdai", ("photo-1",), 20.9647, 105.7617)
        result = await submit(
            store, shipped_rules(), vietnamese(), draft, CITIZEN_ID, NOW, admins=ADMINS
        )

        assert result.outcome is Outcome.DONE and result.notified
        assert result.code == "PA-2506-0001"
        assert result.due == date(2025, 6, 16)  # 10 working days
        assert result.dept_name == "Công chức Tư pháp"
        stored = await store.complaints.get(result.code)
        assert stored is not None
        assert (stored.citizen_id, stored.content, stored.status) == (CITIZEN_ID, FLOOD, "new")
        assert (stored.dept_code, stored.support_dept) == ("TP", "DCXD")
        assert stored.due_on == date(2025, 6, 16) and stored.photos == ("photo-1",)
        events = await store.complaints.events(stored.id)
        assert [e.kind for e in events] == ["submitted"]
        [entry] = await store.audit.history(f"complaint:{result.code}")
        assert (entry.actor_id, entry.action) == (CITIZEN_ID, "complaint.submit")

        # Both departments' officials, each in a private chat: never the linked group.
        notices = await outbox(store, f"complaint:{result.code}:new:")
        assert sorted(n.chat_id for n in notices) == [JUSTICE, LAND]
        assert JUSTICE_GROUP not in {n.chat_id for n in notices}
        assert CULTURE not in {n.chat_id for n in notices}
        for notice in notices:
            assert "Phản ánh mới PA-2506-0001" in notice.message.text
            assert "16/06/2025" in notice.message.text
            assert notice.message.buttons[0][0][1] == OpenComplaint(result.code).pack()


async def test_with_nobody_in_the_departments_the_leaders_then_admins_are_told(
    tmp_path: Path,
) -> None:
    async with opened_store(tmp_path) as store:
        code = await _submit(store)
        assert [n.chat_id for n in await outbox(store, f"complaint:{code}:new:")] == [9001]


async def test_the_daily_limit_refuses_the_next_complaint_and_stores_nothing(
    tmp_path: Path,
) -> None:
    rules = shipped_rules()
    async with opened_store(tmp_path) as store:
        await _staffed(store)
        for i in range(rules.daily_limit):
            assert await may_submit_today(store, rules, CITIZEN_ID, NOW, VN)
            await _submit(store, f"Đèn đường ngõ {i + 1} bị hỏng đã lâu chưa sửa")
        assert not await may_submit_today(store, rules, CITIZEN_ID, NOW, VN)
        queued = len(await outbox(store))

        refused = await submit(
            store, rules, vietnamese(), Draft(FLOOD), CITIZEN_ID, NOW, admins=ADMINS
        )

        assert refused.outcome is Outcome.LIMIT and not refused.notified
        assert len(await store.complaints.of_citizen(CITIZEN_ID)) == rules.daily_limit
        assert len(await outbox(store)) == queued
        # Another citizen is not limited; the next day (the ward's midnight) neither is this one.
        assert await may_submit_today(store, rules, CITIZEN_ID + 1, NOW, VN)
        midnight = NOW.replace(hour=0) + timedelta(days=1)
        assert not await may_submit_today(
            store, rules, CITIZEN_ID, midnight - timedelta(seconds=1), VN
        )
        assert await may_submit_today(store, rules, CITIZEN_ID, midnight, VN)


async def test_take_ask_and_close_each_tell_the_citizen(tmp_path: Path) -> None:
    async with opened_store(tmp_path) as store:
        await _staffed(store)
        official = await join(store, 2010, "TP")
        code = await _submit(store)
        t = vietnamese()
        later = NOW + timedelta(hours=1)

        assert await act(store, t, code, official, "take", later) is Outcome.DONE
        asked = "Bạn cho biết số nhà gần chỗ ngập nhất?"
        assert await act(store, t, code, official, "ask", later, asked) is Outcome.DONE
        assert await act(store, t, code, citizen(), "info", later, "Nhà số 12") is Outcome.DONE
        answer = "Cống đã được nạo vét, hết ngập."
        assert await act(store, t, code, official, "close", later, answer) is Outcome.DONE

        stored = await store.complaints.get(code)
        assert stored is not None
        assert (stored.status, stored.assignee_id, stored.answer) == ("closed", 2010, answer)
        told = [
            r.message for r in await outbox(store, f"complaint:{code}:e") if r.chat_id == CITIZEN_ID
        ]
        assert len(told) == 3
        assert "đang được cán bộ phường xử lý" in told[0].text
        assert asked in told[1].text
        assert told[1].buttons[0][0][1] == AddComplaintInfo(code).pack()
        assert answer in told[2].text and "đã được trả lời và kết thúc" in told[2].text
        assert told[2].buttons[0][0][1] == RateService(code).pack()
        # The citizen's information goes to the official who took it, and to no one else.
        info = [r for r in await outbox(store, f"complaint:{code}:e") if r.chat_id != CITIZEN_ID]
        assert [r.chat_id for r in info] == [2010] and "Nhà số 12" in info[0].message.text
        actions = [e.action for e in await store.audit.history(f"complaint:{code}")]
        assert actions == [
            "complaint.submit",
            "complaint.take",
            "complaint.ask",
            "complaint.info",
            "complaint.close",
        ]


async def test_an_official_of_another_department_changes_nothing(tmp_path: Path) -> None:
    async with opened_store(tmp_path) as store:
        await _staffed(store)
        code = await _submit(store, field="hotich")
        outsider = await join(store, 2020, "VHXH")
        queued = len(await outbox(store))

        assert (
            await act(store, vietnamese(), code, outsider, "close", NOW, "x") is Outcome.FORBIDDEN
        )
        assert await act(store, vietnamese(), code, citizen(1002), "info", NOW, "x") is (
            Outcome.FORBIDDEN
        )

        stored = await store.complaints.get(code)
        assert stored is not None and stored.status == "new"
        assert len(await outbox(store)) == queued
