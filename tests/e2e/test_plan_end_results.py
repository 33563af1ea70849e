"""Issue 11 item 5 (field test section 6): after the plan's period, /chitieu gives the final
results (met or not met, never "at risk"), /xuatbaocao offers the phase review of 2021-2025 with
the whole period's results, and no empty weekly digest goes out. While the plan runs (July 2025)
none of it shows."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import datetime

from docx import Document

from bot.clock import ManualClock
from bot.reminders.scheduling import Scheduler
from bot.settings import Settings
from domain.model import Role
from telegram_emulator import BotApiEmulator
from tests.auxil.constants import ADMIN, CITIZEN, LEADER, OFFICIAL_TP, OFFICIAL_VHXH, VN
from tests.auxil.harness import BotHarness, running_bot
from tests.auxil.plans import TEST_PLAN_2026

DECEMBER_2026 = datetime(2026, 12, 7, 9, 0, tzinfo=VN)  # a Monday, after the digest moment
JULY_2025 = datetime(2025, 7, 2, 9, 0, tzinfo=VN)


def docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    cells = [c.text for table in document.tables for row in table.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


async def a_figure_in_2025(bot: BotHarness) -> None:
    await bot.make_staff(OFFICIAL_TP, "TP")
    await bot.make_staff(LEADER, "VP", Role.LEADER)
    bot.clock.set(datetime(2025, 10, 6, 9, 0, tzinfo=VN))
    await bot.say(OFFICIAL_TP, "/solieu 1.3a 2025-Q3 118/120")
    assert "Đã lưu" in await bot.click(OFFICIAL_TP, "💾 Lưu")


async def test_item5_chitieu_shows_the_final_results_of_an_ended_plan(bot: BotHarness) -> None:
    await a_figure_in_2025(bot)
    bot.clock.set(JULY_2025.replace(month=10, day=7))
    running = await bot.say(CITIZEN, "/chitieu")
    assert (
        "Kết quả cuối kỳ" not in running
        and "Mới nhất: 98,33% (118/120), quý III/2025: 🟢 đúng tiến độ" in running
    )
    bot.clock.set(DECEMBER_2026)
    ended = await bot.say(CITIZEN, "/chitieu")
    assert "Kết quả cuối kỳ" in ended and "đã kết thúc" in ended
    assert "Kết quả cuối kỳ: 98,33% (118/120), quý III/2025: 🔴 không đạt" in ended
    assert "nguy cơ" not in ended and "đúng tiến độ" not in ended
    assert "Kết quả cuối kỳ: chưa có số liệu nên chưa đánh giá được" in ended  # 1.3b
    assert "Đạt: 0 · không đạt: 1 · chưa có số liệu:" in ended


async def test_item5_the_phase_review_of_2021_2025_is_offered_and_made(bot: BotHarness) -> None:
    await a_figure_in_2025(bot)
    bot.clock.set(DECEMBER_2026)
    await bot.say(LEADER, "/xuatbaocao")
    assert "Tổng kết giai đoạn 2021-2025" in bot.buttons(LEADER)
    await bot.click(LEADER, "Tổng kết giai đoạn 2021-2025")
    sent = [m["document"] for m in bot.replies(LEADER) if "document" in m]
    assert [d["file_name"] for d in sent] == [
        "tong-ket-cchc-2021-2025.docx",
        "tong-ket-cchc-2021-2025.xlsx",
    ]
    text = docx_text(bot.emulator.file_bytes(sent[0]["file_id"]))
    assert "BÁO CÁO TỔNG KẾT" in text
    assert "Kết quả thực hiện công tác cải cách hành chính giai đoạn 2021-2025" in text
    assert "không đạt" in text and "có nguy cơ" not in text
    # Typed the way a leader types it, without diacritics.
    await bot.say(LEADER, "/xuatbaocao tong ket giai doan 2021-2025")
    assert [m["document"]["file_name"] for m in bot.replies(LEADER) if "document" in m][-2] == (
        "tong-ket-cchc-2021-2025.docx"
    )


async def test_item5_no_phase_review_while_the_plan_runs(bot: BotHarness) -> None:
    await bot.make_staff(LEADER, "VP", Role.LEADER)
    bot.clock.set(JULY_2025)
    await bot.say(LEADER, "/xuatbaocao")
    assert not any("Tổng kết" in b for b in bot.buttons(LEADER))
    refused = await bot.say(LEADER, "/xuatbaocao tong ket")
    assert "Chưa có kế hoạch 5 năm nào kết thúc" in refused


async def test_item5_no_empty_digest_after_the_plans_period(bot: BotHarness) -> None:
    await bot.say(CITIZEN, "/dangky")
    bot.clock.set(DECEMBER_2026)
    services = bot.app.bot_data
    services.sender.per_chat_interval = 0.0
    scheduler = Scheduler(services.store, services.settings, services.clock, services.sender)
    await scheduler.catch_up()
    await bot.deliver()
    assert not any("Bản tin CCHC" in m for m in bot.inbox(CITIZEN))
    assert not any("Bản tin CCHC" in m for m in bot.inbox(ADMIN))
    await scheduler.catch_up()  # the next hour: still nothing, and not composed again
    await bot.deliver()
    assert not any("Bản tin CCHC" in m for m in bot.inbox(CITIZEN))


async def test_a_yearly_plan_that_ended_is_named_by_its_year(
    settings: Settings, emulator: BotApiEmulator
) -> None:
    """Kiến Hưng's 2026 plan in January 2027: "Kế hoạch năm 2026 đã kết thúc", never the
    "giai đoạn 2026-2026" a five-year wording gives a yearly plan."""
    settings = replace(settings, plan_file=TEST_PLAN_2026)
    clock = ManualClock(datetime(2027, 1, 15, 9, 0, tzinfo=VN))
    async with running_bot(settings, clock, emulator, rate_limiter=False) as bot:
        await bot.make_staff(OFFICIAL_VHXH, "VHXH")
        tasks = await bot.say(OFFICIAL_VHXH, "/nhiemvu")
        assert "Kế hoạch năm 2026 đã kết thúc" in tasks, tasks
        targets = await bot.say(CITIZEN, "/chitieu")
        assert "Kế hoạch năm 2026 đã kết thúc" in targets
        assert "2026-2026" not in tasks + targets
