"""services.tasks over a real SQLite store, without Telegram: reports, corrections, deadlines."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from domain.access import Actor
from domain.datafiles.plan import SHIPPED_PLAN, read_plan
from domain.i18n import Translator, translator
from domain.model import Plan, Role, Task
from domain.occurrences import Occurrence, Progress, Status
from services.invites import create_invite, redeem_invite
from services.occurrences import occurrence_for
from services.tasks import (
    CORRECTION_WINDOW,
    CorrectionRefused,
    DeadlineRefused,
    correct_report,
    correctable_report,
    move_deadline,
    submit_report,
)
from storage.store import Store

VN = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2025, 6, 2, 9, 0, tzinfo=VN)  # a Monday in quarter II of the shipped plan
ADMIN_ID = 9001
TP = Actor(2001, "Phạm Tư Pháp", Role.OFFICIAL, "TP")
VP = Actor(2002, "Hoàng Văn Phòng", Role.OFFICIAL, "VP")
LEADER = Actor(3001, "Chủ tịch Phường", Role.LEADER, "VP")
GROUP_TP = -100500


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    """A fresh database with the shipped plan, tracked from NOW, and three staff members."""
    opened = await Store.open(tmp_path / "cchc.sqlite3")
    await opened.plans.load(read_plan(SHIPPED_PLAN), NOW)
    await opened.occurrences.start_tracking_current(NOW.date())
    for actor in (TP, VP, LEADER):
        assert actor.dept_code is not None
        invite = await create_invite(opened, ADMIN_ID, actor.dept_code, actor.role, NOW, 7)
        joined = await redeem_invite(opened, invite.code, actor.user_id, actor.name, None, NOW)
        assert joined.invite is not None
    yield opened
    await opened.close()


@pytest.fixture
def t() -> Translator:
    return translator("vi", VN)


async def plan_task_occurrence(
    store: Store, code: str, label: str | None = None, now: datetime = NOW
) -> tuple[Plan, Task, Occurrence]:
    plan = await store.plans.current()
    assert plan is not None
    task = await store.plans.task(plan.id, code)
    assert task is not None
    occ = await occurrence_for(store, plan, task, label, now)
    assert occ is not None
    return plan, task, occ


async def report(
    store: Store, t: Translator, actor: Actor, code: str, status: Progress, note: str
) -> int:
    plan, task, occ = await plan_task_occurrence(store, code)
    assert actor.dept_code is not None
    saved = await submit_report(
        store, t, plan, task, occ.period, actor, actor.dept_code, status, note, [], NOW
    )
    return saved.report_id


async def test_a_lead_report_is_stored_with_its_audit_entry_and_closes_the_occurrence(
    store: Store, t: Translator
) -> None:
    plan, task, occ = await plan_task_occurrence(store, "2.3a")
    saved = await submit_report(
        store, t, plan, task, occ.period, TP, "TP", Progress.DONE, "Đã niêm yết", [], NOW
    )
    stored = await store.reports.last_by(TP.user_id)
    assert stored is not None and stored.id == saved.report_id
    assert (stored.task_code, stored.period, stored.status) == ("2.3a", "2025-Q2", "done")
    [entry] = await store.audit.history("task:2.3a")
    assert entry.action == "task.report" and entry.actor_id == TP.user_id
    assert entry.detail["status"] == "done" and entry.detail["report"] == saved.report_id
    _, _, after = await plan_task_occurrence(store, "2.3a", "2025-Q2")
    assert after.status is Status.DONE
    # The lead department's own report tells no one.
    assert saved.notified == 0 and await store.outbox.counts() == {}


async def test_a_supporting_report_queues_a_message_for_the_lead_department_and_its_group(
    store: Store, t: Translator
) -> None:
    async with store.transaction() as tx:
        await store.groups.link(tx, GROUP_TP, "TP", "Tổ Tư pháp", TP.user_id, NOW)
    plan, task, occ = await plan_task_occurrence(store, "2.3a")
    saved = await submit_report(
        store, t, plan, task, occ.period, VP, "VP", Progress.DONE, "VP đã xong", [], NOW
    )
    assert saved.notified == 2
    for chat in (TP.user_id, GROUP_TP):
        [row] = await store.outbox.for_chat(chat)
        assert row.key == f"task:2.3a:2025-Q2:r{saved.report_id}:{chat}"
        assert "đã báo cáo phần việc của mình ở nhiệm vụ <b>2.3a</b>" in row.message.text
    assert await store.outbox.for_chat(VP.user_id) == []
    # Only the lead closes the task.
    _, _, after = await plan_task_occurrence(store, "2.3a", "2025-Q2")
    assert after.status is not Status.DONE


async def test_a_correction_inside_the_window_changes_the_report_and_the_occurrence(
    store: Store, t: Translator
) -> None:
    report_id = await report(store, t, TP, "2.3a", Progress.DONE, "Xong")
    later = NOW + CORRECTION_WINDOW - timedelta(minutes=1)
    corrected = await correct_report(
        store, TP, report_id, Progress.IN_PROGRESS, "Mới được một nửa", later
    )
    assert corrected.refused is None and corrected.report is not None
    assert corrected.report.note == "Xong"  # as it was before
    stored = await store.reports.get(report_id)
    assert stored is not None and stored.note == "Mới được một nửa"
    assert stored.status == "in_progress" and stored.corrected_at is not None
    entry = (await store.audit.history("task:2.3a"))[-1]
    assert entry.action == "task.report.correct" and entry.detail["before_note"] == "Xong"
    _, _, after = await plan_task_occurrence(store, "2.3a", "2025-Q2", later)
    assert after.status is not Status.DONE


async def test_a_correction_outside_the_window_or_of_another_report_is_refused(
    store: Store, t: Translator
) -> None:
    first = await report(store, t, TP, "2.3a", Progress.DONE, "Một")
    last = await report(store, t, TP, "2.3b", Progress.DONE, "Hai")
    too_late = NOW + CORRECTION_WINDOW + timedelta(minutes=1)
    refused = await correct_report(store, TP, last, Progress.DONE, "Muộn", too_late)
    assert refused.refused is CorrectionRefused.TOO_LATE
    assert await correctable_report(store, TP, too_late) is CorrectionRefused.TOO_LATE
    not_last = await correct_report(store, TP, first, Progress.DONE, "Cũ", NOW)
    assert not_last.refused is CorrectionRefused.ONLY_LAST
    someone_else = await correct_report(store, VP, last, Progress.DONE, "Của người khác", NOW)
    assert someone_else.refused is CorrectionRefused.ONLY_LAST
    notes = [stored.note for i in (first, last) if (stored := await store.reports.get(i))]
    assert notes == ["Một", "Hai"]
    corrections = [e for e in await store.audit.history() if e.action == "task.report.correct"]
    assert corrections == []


@pytest.mark.parametrize(
    ("day", "refused"),
    [
        (date(2025, 6, 1), DeadlineRefused.PAST),
        (date(2026, 1, 15), DeadlineRefused.AFTER_PLAN),
        (date(2025, 6, 30), DeadlineRefused.UNCHANGED),  # L5: the deadline it has already
    ],
)
async def test_a_deadline_in_the_past_or_after_the_plan_is_refused(
    store: Store, t: Translator, day: date, refused: DeadlineRefused
) -> None:
    plan, task, occ = await plan_task_occurrence(store, "2.3a")
    moved = await move_deadline(store, t, plan, task, occ, day, "họp", LEADER, NOW)
    assert moved.refused is refused and moved.notified == 0
    assert [e for e in await store.audit.history() if e.action == "task.deadline"] == []
    assert await store.outbox.counts() == {}


async def test_the_deadline_of_a_done_occurrence_is_not_moved(store: Store, t: Translator) -> None:
    await report(store, t, TP, "2.3a", Progress.DONE, "Xong")
    plan, task, occ = await plan_task_occurrence(store, "2.3a", "2025-Q2")
    moved = await move_deadline(
        store, t, plan, task, occ, date(2025, 7, 15), "chờ số liệu", LEADER, NOW
    )
    assert moved.refused is DeadlineRefused.DONE
    assert [e for e in await store.audit.history() if e.action == "task.deadline"] == []


async def test_a_moved_deadline_is_stored_audited_and_every_department_taking_part_is_told(
    store: Store, t: Translator
) -> None:
    plan, task, occ = await plan_task_occurrence(store, "2.3a")
    assert occ.due == date(2025, 6, 30) and "VP" in task.support
    moved = await move_deadline(
        store, t, plan, task, occ, date(2025, 6, 20), "họp giao ban", LEADER, NOW
    )
    assert moved.refused is None
    _, _, after = await plan_task_occurrence(store, "2.3a", "2025-Q2")
    assert after.due == date(2025, 6, 20)
    [entry] = [e for e in await store.audit.history("task:2.3a") if e.action == "task.deadline"]
    assert entry.detail == {
        "period": "2025-Q2",
        "before": "2025-06-30",
        "after": "2025-06-20",
        "reason": "họp giao ban",
    }
    [to_tp] = await store.outbox.for_chat(TP.user_id)
    [to_vp] = await store.outbox.for_chat(VP.user_id)
    assert "20/06/2025" in to_tp.message.text and "Chủ tịch Phường" in to_tp.message.text
    assert "từ 30/06/2025" in to_tp.message.text and "Lý do: họp giao ban" in to_tp.message.text
    assert to_vp.message.text == to_tp.message.text
    # The leader who moved it is not told about their own change (they are in VP).
    assert await store.outbox.for_chat(LEADER.user_id) == []
    assert moved.notified == 2
