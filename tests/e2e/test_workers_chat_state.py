"""Two worker processes (two Applications) over one database: any worker serves a chat's next
update, a chat's updates are processed one after the other, and a restarted worker goes on with
a flow (issue 14 item 3)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack

import pytest

from bot.clock import ManualClock
from bot.settings import Settings
from telegram_emulator import BotApiEmulator, ChatUser
from tests.auxil.constants import CITIZEN, OFFICIAL_TP
from tests.auxil.harness import BotHarness, running_bot

CONTENT = "Ngõ 5 tổ dân phố 3 bị ngập nước thải từ tuần trước, mùi rất hôi, xin phường xử lý."


class Workers:
    """Worker 1 and worker 2 take the updates in turn; each answer read from the one that
    processed the update (both read the same emulator)."""

    def __init__(self, workers: list[BotHarness]) -> None:
        self.workers = workers
        self.turn = 0
        self.served: list[int] = []

    def next(self) -> BotHarness:
        worker = self.workers[self.turn % len(self.workers)]
        self.served.append(self.turn % len(self.workers) + 1)
        self.turn += 1
        for other in self.workers:  # nobody re-reads answers another worker already read
            other._cursor = len(worker.emulator.events(0)[0])
        return worker

    async def say(self, user: ChatUser, text: str) -> str:
        return await self.next().say(user, text)

    async def click(self, user: ChatUser, label: str) -> str:
        return await self.next().click(user, label)


@pytest.fixture
async def workers(
    settings: Settings, clock: ManualClock, emulator: BotApiEmulator
) -> AsyncIterator[Workers]:
    async with AsyncExitStack() as stack:
        first = await stack.enter_async_context(
            running_bot(settings, clock, emulator, rate_limiter=False)
        )
        second = await stack.enter_async_context(
            running_bot(settings, clock, emulator, rate_limiter=False)
        )
        yield Workers([first, second])


async def test_a_complaint_alternating_between_two_workers_is_stored_as_typed(
    workers: Workers,
) -> None:
    assert "Gửi phản ánh, kiến nghị" in await workers.say(CITIZEN, "/phananh")
    assert "bước 2/3" in await workers.say(CITIZEN, CONTENT)
    assert "Đã nhận vị trí" not in await workers.say(CITIZEN, "Ở ngay đầu ngõ, cạnh cột điện")
    await workers.click(CITIZEN, "Tiếp tục ➡️")
    fields = [b for b in workers.workers[0].buttons(CITIZEN) if b.startswith("✅ ")]
    summary = await workers.click(CITIZEN, fields[0])
    assert "Ngõ 5 tổ dân phố 3" in summary
    sent = await workers.click(CITIZEN, "✅ Gửi")
    assert "Mã theo dõi của bạn là" in sent, sent
    code = sent.split("Mã theo dõi của bạn là ")[1].split(".")[0]
    assert workers.served == [1, 2, 1, 2, 1, 2]
    stored = await workers.workers[1].store.complaints.get(code)
    assert stored is not None and stored.citizen_id == CITIZEN.id
    assert stored.content == CONTENT + " Ở ngay đầu ngõ, cạnh cột điện"
    # Nothing is left behind: no flow state, no draft, no lease.
    db = workers.workers[0].store.db
    assert await db.fetchall("SELECT * FROM chat_state") == []
    assert await db.fetchall("SELECT * FROM chat_locks") == []


async def test_an_official_report_alternating_between_two_workers_is_saved(
    workers: Workers,
) -> None:
    await workers.workers[0].make_staff(OFFICIAL_TP, "TP")
    assert "Tình trạng thế nào?" in await workers.say(OFFICIAL_TP, "/baocao 2.3a")
    await workers.click(OFFICIAL_TP, "✅ Hoàn thành")
    reply = await workers.say(OFFICIAL_TP, "Đã rà soát 12 thủ tục, niêm yết tại bộ phận một cửa")
    assert "gửi ảnh hoặc tài liệu" in reply
    summary = await workers.click(OFFICIAL_TP, "➡️ Tiếp tục, không có tệp")
    assert "Nhiệm vụ: 2.3a (quý II/2025)" in summary
    saved = await workers.click(OFFICIAL_TP, "✅ Gửi báo cáo")
    assert "Đã lưu báo cáo: nhiệm vụ 2.3a" in saved
    assert workers.served == [1, 2, 1, 2, 1]
    report = await workers.workers[1].store.reports.last_by(OFFICIAL_TP.id)
    assert report is not None and report.status == "done"
    assert report.note == "Đã rà soát 12 thủ tục, niêm yết tại bộ phận một cửa"


async def test_two_updates_of_one_chat_on_two_workers_at_once_run_one_after_the_other(
    workers: Workers,
) -> None:
    first, second = workers.workers
    emulator = first.emulator
    start = asyncio.create_task(first._process(emulator.message_update(CITIZEN, "/phananh")))
    # Until worker 1 holds the chat (its row in the database another process would see).
    while not await second.store.db.fetchall("SELECT * FROM chat_locks"):  # noqa: ASYNC110
        await asyncio.sleep(0)
    text = asyncio.create_task(second._process(emulator.message_update(CITIZEN, CONTENT)))
    await asyncio.wait([start, text])
    # Worker 2 waited for worker 1's /phananh and took the text as the complaint's content.
    replies = [m["text"] for m in emulator.sent_to(CITIZEN.id)]
    assert "Gửi phản ánh, kiến nghị" in replies[-2] and "bước 2/3" in replies[-1]


@pytest.mark.parametrize("alone", [False, True], ids=["workers", "one_process"])
async def test_a_worker_stopped_mid_flow_and_a_new_one_goes_on_with_the_complaint(
    settings: Settings, clock: ManualClock, emulator: BotApiEmulator, alone: bool
) -> None:
    """Also for `cchc-bot run`, the one process of its database (no lease): a restart."""
    async with running_bot(settings, clock, emulator, rate_limiter=False) as old:
        if alone:
            old.app.update_processor.use(old.store.chat_state, shared=False)
        await old.say(CITIZEN, "/phananh")
        assert "bước 2/3" in await old.say(CITIZEN, CONTENT)
        assert await old.store.db.fetchall("SELECT * FROM chat_locks") == []
    async with running_bot(settings, clock, emulator, rate_limiter=False) as new:
        if alone:
            new.app.update_processor.use(new.store.chat_state, shared=False)
        await new.click(CITIZEN, "Tiếp tục ➡️")
        fields = [b for b in new.buttons(CITIZEN) if b.startswith("✅ ")]
        await new.click(CITIZEN, fields[0])
        sent = await new.click(CITIZEN, "✅ Gửi")
        code = sent.split("Mã theo dõi của bạn là ")[1].split(".")[0]
        stored = await new.store.complaints.get(code)
        assert stored is not None and stored.content == CONTENT
