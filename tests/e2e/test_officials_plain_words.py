"""Ward staff type what they want as they would say it ("nhiem vu cua toi", "xuat bao cao quy 1
2025") and get that screen, not "no procedure found" and an offer to ask the ward's staff; a
citizen typing the same words asks the procedure search as before."""

from __future__ import annotations

from domain.model import Role
from tests.auxil.constants import CITIZEN, LEADER, OFFICIAL_TP
from tests.auxil.harness import BotHarness

NOT_FOUND = "chưa tìm được thủ tục phù hợp"


async def test_an_official_asks_for_tasks_figures_and_targets_in_words(bot: BotHarness) -> None:
    await bot.make_staff(OFFICIAL_TP, "TP")
    tasks = await bot.say(OFFICIAL_TP, "nhiem vu cua toi")
    assert tasks.startswith("Nhiệm vụ đang mở của"), tasks
    assert (await bot.say(OFFICIAL_TP, "Báo cáo tiến độ nhiệm vụ ạ")).startswith("Nhiệm vụ")
    assert (await bot.say(OFFICIAL_TP, "bao cao")).startswith("Nhiệm vụ")  # /baocao in words
    assert "bấm nút để bắt đầu" in await bot.say(OFFICIAL_TP, "nhap so lieu")
    assert "🔢 Số liệu" in bot.buttons(OFFICIAL_TP)
    # The report is the leaders': an official asking for it is told so, not sent to the search.
    refused = await bot.say(OFFICIAL_TP, "xuat bao cao")
    assert "dành cho lãnh đạo" in refused and NOT_FOUND not in refused
    targets = await bot.say(OFFICIAL_TP, "chi tieu nam nay the nao")
    assert NOT_FOUND not in targets and "chỉ tiêu" in targets.lower()


async def test_a_leader_exports_a_report_by_typing_it(bot: BotHarness) -> None:
    await bot.make_staff(LEADER, "VP", Role.LEADER)
    before = len(bot.replies(LEADER))
    assert "Đây là báo cáo" in await bot.say(LEADER, "xuat bao cao quy 1 2025")
    sent = [m["document"]["file_name"] for m in bot.replies(LEADER)[before:] if "document" in m]
    assert sent == ["bao-cao-cchc-2025-Q1.docx", "bao-cao-cchc-2025-Q1.xlsx"]
    overview = await bot.say(LEADER, "tong quan")
    assert NOT_FOUND not in overview


async def test_a_citizen_typing_staff_words_gets_the_search(bot: BotHarness) -> None:
    for typed in ("nhiem vu", "so lieu", "xuat bao cao", "bao cao"):
        reply = await bot.say(CITIZEN, typed)
        assert "dành cho cán bộ" not in reply and "bấm nút để bắt đầu" not in reply, reply
