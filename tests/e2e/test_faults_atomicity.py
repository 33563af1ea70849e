"""M8: a change and the messages it causes commit together or not at all.

A failure is injected inside the use case, after the change is written and before its outbox
rows are: nothing of it may remain. A use case that committed the change in a transaction of its
own and queued the messages in a second one would leave a complaint nobody is ever told about.
"""

from __future__ import annotations

from typing import Any

import pytest

from domain.i18n import translator
from domain.schedule_policy import SchedulePolicy
from services.digest import queue_digest
from tests.auxil.constants import CITIZEN, MONDAY, OFFICIAL_TP, VN
from tests.auxil.harness import BotHarness

CONTENT = "Đèn đường ngõ 12 tổ dân phố 4 hỏng hai tuần nay, tối đi lại rất nguy hiểm"
FAILED = "chưa được thực hiện"  # "your last request was not completed"


class Injected(RuntimeError):
    pass


async def fail(*args: Any, **kwargs: Any) -> Any:
    raise Injected("the disk is gone")


async def file_complaint(bot: BotHarness) -> str:
    await bot.say(CITIZEN, "/phananh")
    await bot.say(CITIZEN, CONTENT)
    await bot.click(CITIZEN, "Tiếp tục ➡️")
    await bot.click(CITIZEN, "Không rõ / lĩnh vực khác")
    return await bot.click(CITIZEN, "✅ Gửi")


async def test_M8_a_complaint_and_its_staff_notice_exist_together_or_not_at_all(
    bot: BotHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    await bot.make_staff(OFFICIAL_TP, "TP")
    # The complaint, its history and its audit entry are written; queueing the notice fails.
    with monkeypatch.context() as m:
        m.setattr(bot.store.outbox, "enqueue", fail)
        shown = await file_complaint(bot)
    assert "PA-" not in shown and FAILED in shown  # true this time: nothing was kept
    assert await bot.store.complaints.of_citizen(CITIZEN.id) == []
    assert await bot.store.outbox.counts() == {}

    shown = await file_complaint(bot)  # the citizen tries again, as told
    [complaint] = await bot.store.complaints.of_citizen(CITIZEN.id)
    assert complaint.code in shown
    assert await bot.store.outbox.count_prefix_by_status(f"complaint:{complaint.code}:") == {
        "pending": 1
    }
    await bot.deliver()
    assert any(f"Phản ánh mới {complaint.code}" in text for text in bot.inbox(OFFICIAL_TP))


async def test_M8_a_digest_is_queued_and_recorded_together_or_not_at_all(
    bot: BotHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    subscribers = [8100 + i for i in range(5)]
    async with bot.store.transaction() as tx:
        for chat in subscribers:
            await bot.store.subscriptions.set(tx, chat, True, MONDAY)
    t = translator(None, VN)
    with monkeypatch.context() as m:
        m.setattr(bot.store.digests, "record", fail)  # after the rows are queued
        with pytest.raises(Injected):
            await queue_digest(bot.store, "2025-W22", MONDAY, SchedulePolicy(), t)
    assert await bot.store.outbox.count_prefix_by_status("digest:") == {}
    assert await bot.store.digests.get("2025-W22") is None

    result = await queue_digest(bot.store, "2025-W22", MONDAY, SchedulePolicy(), t)
    assert (result.queued, result.recipients) == (5, 5)
    assert await bot.store.outbox.count_prefix_by_status("digest:") == {"pending": 5}
