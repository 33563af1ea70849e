"""An unreliable Bot API during normal use: the direct reply to what a person just sent is slow
past the timeout, its connection drops, or Telegram answers 429. What the person sent is saved
once, they are never told that it failed when it was saved, and the next message is answered.

PTB's read timeout is 5 s; here it is 0.5 s, so an answer 1.5 s late is past it.
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import AsyncIterator, Awaitable
from typing import TypeVar

import pytest

from bot.clock import ManualClock
from bot.settings import Settings
from telegram_emulator import BotApiEmulator
from tests.auxil.constants import CITIZEN, OFFICIAL_TP
from tests.auxil.harness import BotHarness, running_bot
from tests.auxil.timeouts import shorten_read_timeout

READ_TIMEOUT = 0.5
LATE = 1.5  # seconds the emulator holds a "slow" answer: past READ_TIMEOUT
SAVED = "Đã lưu báo cáo: nhiệm vụ 2.3a"
FAILED = "chưa được thực hiện"  # "your last request was not completed"
MAYBE_MISSING = "câu trả lời có thể bị thiếu"  # "my answer may be missing"
CODE = "Mã theo dõi của bạn là"
NOTE = "Đã công khai 45 thủ tục"
T = TypeVar("T")


@pytest.fixture(autouse=True)
def short_read_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    shorten_read_timeout(monkeypatch, READ_TIMEOUT)


@pytest.fixture
async def limited_bot(
    settings: Settings, clock: ManualClock, emulator: BotApiEmulator
) -> AsyncIterator[BotHarness]:
    """The bot as it runs in production: replies through AIORateLimiter (max_retries=2)."""
    async with running_bot(settings, clock, emulator, rate_limiter=True) as harness:
        yield harness


def reports(bot: BotHarness) -> list[str]:
    with sqlite3.connect(bot.store.db.path) as connection:
        return [r[0] for r in connection.execute("SELECT note FROM task_reports")]


async def within(seconds: float, work: Awaitable[T]) -> T:
    """The bot must not hang: each step is over well before the test's own timeout."""
    async with asyncio.timeout(seconds):
        return await work


async def test_a_reply_slower_than_the_timeout_still_arrives_and_is_not_called_a_failure(
    bot: BotHarness,
) -> None:
    await bot.make_staff(OFFICIAL_TP, "TP")
    bot.emulator.inject_fault("sendMessage", "slow", delay=LATE, chat_id=OFFICIAL_TP.id)
    started = time.monotonic()
    await within(5, bot.send(OFFICIAL_TP, f"/baocao 2.3a xong {NOTE}"))
    assert time.monotonic() - started < LATE  # the bot gave up waiting; it did not hang
    assert reports(bot) == [NOTE]  # saved once
    # Telegram delivered the acknowledgment, only late. The official must not then read that
    # the report "was not completed, try again": that would make them send it twice.
    inbox = bot.inbox(OFFICIAL_TP)
    assert SAVED in inbox[0]
    assert not any(FAILED in text for text in inbox), inbox
    # The next message is answered as usual, and the task is done.
    reply = await within(5, bot.say(OFFICIAL_TP, "/nhiemvu"))
    assert "Nhiệm vụ đang mở" in reply and "2.3a " not in reply
    assert reports(bot) == [NOTE]


async def test_a_reply_whose_connection_drops_leaves_the_report_saved_and_says_to_check(
    bot: BotHarness,
) -> None:
    await bot.make_staff(OFFICIAL_TP, "TP")
    bot.emulator.inject_fault("sendMessage", "drop", chat_id=OFFICIAL_TP.id)
    await within(5, bot.send(OFFICIAL_TP, f"/baocao 2.3a xong {NOTE}"))
    assert reports(bot) == [NOTE]
    # The acknowledgment never reached Telegram; what the official reads instead must not
    # claim the report was not saved: it says the answer may be missing and to check first.
    [notice] = bot.inbox(OFFICIAL_TP)
    assert MAYBE_MISSING in notice and FAILED not in notice
    reply = await within(5, bot.say(OFFICIAL_TP, "/nhiemvu"))
    assert "Nhiệm vụ đang mở" in reply and "2.3a " not in reply


async def test_a_complaint_whose_confirmation_is_lost_is_kept_once_and_theodoi_finds_it(
    bot: BotHarness,
) -> None:
    await bot.make_staff(OFFICIAL_TP, "TP")
    content = "Đèn đường ngõ 12 tổ dân phố 4 hỏng hai tuần nay, tối đi lại rất nguy hiểm"
    await bot.say(CITIZEN, "/phananh")
    await bot.say(CITIZEN, content)
    await bot.click(CITIZEN, "Tiếp tục ➡️")
    await bot.click(CITIZEN, "Không rõ / lĩnh vực khác")
    # The confirmation with the tracking code is sent into a dropped connection.
    bot.emulator.inject_fault("sendMessage", "drop", chat_id=CITIZEN.id)
    shown = await within(5, bot.click(CITIZEN, "✅ Gửi"))
    assert CODE not in shown and FAILED not in shown and MAYBE_MISSING in shown
    [complaint] = await bot.store.complaints.of_citizen(CITIZEN.id)
    assert complaint.content == content
    # Pressing Send again (the summary's buttons were removed, but an old client may still
    # show them) does not file it twice.
    summary = next(m for m in bot.replies(CITIZEN) if "bấm Gửi" in str(m.get("text")))
    again = await bot.press(CITIZEN, summary, "pa:send")
    assert any("đã được gửi hoặc đã hủy" in str(e.get("message", {}).get("text")) for e in again)
    assert len(await bot.store.complaints.of_citizen(CITIZEN.id)) == 1
    # The citizen finds it with /theodoi; the department is told once.
    await within(5, bot.say(CITIZEN, "/theodoi"))
    assert any(label.startswith(complaint.code) for label in bot.buttons(CITIZEN))
    history = await bot.say(CITIZEN, f"/theodoi {complaint.code}")
    assert f"Phản ánh {complaint.code}" in history and content in history
    await bot.deliver()
    await bot.deliver()
    notices = [m for m in bot.inbox(OFFICIAL_TP) if f"Phản ánh mới {complaint.code}" in m]
    assert len(notices) == 1


async def test_a_reply_refused_with_429_is_sent_again_after_retry_after(
    limited_bot: BotHarness,
) -> None:
    bot = limited_bot
    await bot.make_staff(OFFICIAL_TP, "TP")
    bot.emulator.inject_fault("sendMessage", "retry_after", retry_after=1, chat_id=OFFICIAL_TP.id)
    started = time.monotonic()
    await within(10, bot.send(OFFICIAL_TP, f"/baocao 2.3a xong {NOTE}"))
    assert time.monotonic() - started >= 1.0  # it waited the second Telegram asked for
    [reply] = bot.inbox(OFFICIAL_TP)  # then sent it once, and no apology
    assert SAVED in reply
    assert bot.emulator.requests["sendMessage"] == 2  # the refused one and the retry
    assert reports(bot) == [NOTE]


@pytest.mark.parametrize("fault", ["expired", "server_error", "slow"])
async def test_M3_a_failed_button_answer_after_the_complaint_is_saved_still_shows_its_code(
    bot: BotHarness, fault: str
) -> None:
    """Telegram forgot the Send press (answered too late), failed, or timed out answering it:
    the complaint is saved by then, so the citizen gets its code, not "try again"."""
    await bot.say(CITIZEN, "/phananh")
    await bot.say(CITIZEN, "Đèn đường ngõ 7 không sáng đã một tuần, rất nguy hiểm")
    await bot.click(CITIZEN, "Tiếp tục ➡️")
    await bot.click(CITIZEN, "Không rõ / lĩnh vực khác")
    bot.emulator.inject_fault("answerCallbackQuery", fault, delay=LATE)
    shown = await within(5, bot.click(CITIZEN, "✅ Gửi"))
    [complaint] = await bot.store.complaints.of_citizen(CITIZEN.id)
    assert f"{CODE} {complaint.code}" in shown.replace("<b>", "").replace("</b>", "")
    assert not any(FAILED in text or MAYBE_MISSING in text for text in bot.inbox(CITIZEN))


async def test_L1_a_refused_staff_button_gives_the_refusal_and_no_apology(
    bot: BotHarness,
) -> None:
    """A stale or forged menu button of a staff command: the menu answers the press, then the
    role check answers it again (Telegram refuses a second answer). One polite refusal."""
    await bot.say(CITIZEN, "/start")
    menu = bot.replies(CITIZEN)[-1]
    events = await bot.press(CITIZEN, menu, "cmd:xuly")
    texts = [str(e["message"].get("text")) for e in events if e.get("kind") == "send"]
    assert len(texts) == 1 and "cán bộ" in texts[0], texts
    assert FAILED not in texts[0]
