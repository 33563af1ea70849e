"""Officials enter indicator figures; /chitieu shows them against the milestone."""

from __future__ import annotations

from datetime import datetime

import pytest

from domain.model import Role
from services.presenters.charts import png_title
from tests.auxil.constants import CITIZEN, LEADER, OFFICIAL_TP, OFFICIAL_VHXH, VN
from tests.auxil.harness import BotHarness

OCTOBER = datetime(2025, 10, 6, 9, 0, tzinfo=VN)


async def test_a_figure_entered_in_one_line_shows_on_the_targets(bot: BotHarness) -> None:
    await bot.make_staff(OFFICIAL_TP, "TP")
    bot.clock.set(OCTOBER)
    preview = await bot.say(OFFICIAL_TP, "/solieu 1.3a 2025-Q3 118/120")
    assert "Sẽ lưu: 1.3a Hồ sơ TTHC trả kết quả đúng hạn, trước hạn, quý III/2025" in preview
    assert "quý III/2025: 118/120 = 98,33%" in preview
    assert await bot.store.figures.count() == 0  # nothing before 💾 Lưu
    reply = await bot.click(OFFICIAL_TP, "💾 Lưu")
    assert "Đã lưu: 1.3a Hồ sơ TTHC trả kết quả đúng hạn, trước hạn, quý III/2025" in reply
    assert "98,33% (118/120)" in reply
    assert "Mốc năm 2025: 100%" in reply and "đúng tiến độ" in reply
    # Everyone sees the figure under its target, the citizen included.
    public = await bot.say(CITIZEN, "/chitieu")
    assert "Mới nhất: 98,33% (118/120), quý III/2025: 🟢 đúng tiến độ" in public
    assert not any(label.startswith("📈") for label in bot.buttons(CITIZEN))
    # A full-year figure entered in October is year-to-date: at risk, not yet missed (L4);
    # no trend arrow against a quarter (a year is compared with a year).
    await bot.say(OFFICIAL_TP, "/solieu 1.3a 2025 110/120")
    await bot.click(OFFICIAL_TP, "💾 Lưu")
    staff_view = await bot.say(OFFICIAL_TP, "/chitieu")
    assert "Mới nhất: 91,67% (110/120), năm 2025: 🟠 có nguy cơ không đạt\n" in staff_view
    assert "📈 1.3a" in bot.buttons(OFFICIAL_TP)


async def test_a_figure_through_buttons_alone(bot: BotHarness) -> None:
    await bot.make_staff(OFFICIAL_TP, "TP")
    bot.clock.set(OCTOBER)
    reply = await bot.say(OFFICIAL_TP, "/solieu")
    assert "Số liệu cho chỉ tiêu nào?" in reply
    assert "1.1a" not in bot.buttons(OFFICIAL_TP)  # the office's target, not the TP's
    await bot.click(OFFICIAL_TP, "1.3b")
    reply = await bot.click(OFFICIAL_TP, "quý III/2025")
    assert "Gõ số liệu" in reply
    assert "chưa đọc được năm mươi" in await bot.say(OFFICIAL_TP, "năm mươi")
    assert "Sẽ lưu" in await bot.say(OFFICIAL_TP, "45,5%")
    reply = await bot.click(OFFICIAL_TP, "💾 Lưu")
    assert "45,5%" in reply and "đúng tiến độ" in reply
    figures = await bot.store.figures.latest_by_period((await bot.store.plans.current()).id)
    [saved] = figures["1.3b"]
    assert saved.value == 45.5 and saved.period == "2025-Q3" and saved.reporter_id == OFFICIAL_TP.id


async def test_a_figure_typed_when_the_period_is_asked_is_kept(bot: BotHarness) -> None:
    await bot.make_staff(OFFICIAL_TP, "TP")
    bot.clock.set(OCTOBER)
    await bot.say(OFFICIAL_TP, "/solieu")
    asked = await bot.click(OFFICIAL_TP, "1.3a")
    assert "Gõ /huy để hủy" in asked
    # The figure typed instead of pressing a period: kept, and the period asked for it (not
    # the procedure search's "not found").
    asked = await bot.say(OFFICIAL_TP, "60 tren 120")
    assert "60 tren 120 là của kỳ nào" in asked and "chưa tìm được thủ tục" not in asked
    preview = await bot.click(OFFICIAL_TP, "quý III/2025")
    assert "quý III/2025: 60/120 = 50%" in preview
    # The period and the figure typed together at that step.
    await bot.say(OFFICIAL_TP, "/solieu")
    await bot.click(OFFICIAL_TP, "1.3a")
    preview = await bot.say(OFFICIAL_TP, "quy 3/2025 118/120")
    assert "quý III/2025: 118/120 = 98,33%" in preview
    # The period alone, typed after the figure.
    await bot.say(OFFICIAL_TP, "/solieu 1.3a 100/120")
    preview = await bot.say(OFFICIAL_TP, "quý 3/2025")
    assert "quý III/2025: 100/120 = 83,33%" in preview
    assert await bot.store.figures.count() == 0  # nothing before 💾 Lưu


@pytest.mark.parametrize(
    ("line", "answer"),
    [
        ("/solieu 9.9z 2025-Q2 118/120", "Không có chỉ tiêu định lượng 9.9z"),
        ("/solieu 1.4a 2025-Q2 100%", "Không có chỉ tiêu định lượng 1.4a"),  # qualitative
        ("/solieu 1.3a 2020 118/120", "nằm ngoài thời gian của kế hoạch (giai đoạn 2021-2025)"),
        ("/solieu 1.3a 2026-Q1 118/120", "nằm ngoài thời gian của kế hoạch (giai đoạn 2021-2025)"),
        ("/solieu 1.3a 2025-Q4 118/120", "Kỳ quý IV/2025 chưa bắt đầu"),
        ("/solieu 1.3a 2025-Q5 118/120", "2025-Q5 không phải là kỳ"),
        ("/solieu 1.3a Q5/2025 118/120", "Q5/2025 không phải là kỳ"),
        ("/solieu 1.3a 2025-13 118/120", "2025-13 không phải là kỳ"),
        ("/solieu 1.3a 2025-Q2 121/120", "Số đạt lớn hơn tổng số (121/120)"),
        ("/solieu 1.3a 2025-Q2 -5/120", "Số liệu không thể âm"),
        ("/solieu 1.3a 2025-Q2 -5%", "Số liệu không thể âm"),
        ("/solieu 1.3a 2025-Q2 abc", "abc không phải là số liệu"),
        ("/solieu 1.3a 2025-Q2 5/0", "Tổng số không thể bằng 0"),
        ("/solieu 1.3a 2025-Q2 105%", "Tỷ lệ không thể trên 100%"),
        ("/solieu 1.1a 2025 hạng", "không phải là số liệu"),
        ("/solieu 1.1a 2025 2.5", "Chỉ tiêu này là thứ hạng"),
        ("/solieu 1.1a 2025 0", "Chỉ tiêu này là thứ hạng"),
    ],
)
async def test_each_validation_error_is_answered_and_nothing_is_saved(
    bot: BotHarness, line: str, answer: str
) -> None:
    await bot.make_staff(LEADER, "VP", Role.LEADER)  # may enter every target
    assert answer in await bot.say(LEADER, line)
    assert await bot.store.figures.count() == 0
    assert [e for e in await bot.store.audit.history() if e.action == "figure.add"] == []


async def test_a_target_outside_ones_department_is_refused(bot: BotHarness) -> None:
    await bot.make_staff(OFFICIAL_VHXH, "VHXH")
    reply = await bot.say(OFFICIAL_VHXH, "/solieu 1.3a 2025-Q2 118/120")
    assert "Chỉ tiêu 1.3a do TP chủ trì, không thuộc bộ phận của bạn (VHXH)" in reply
    assert await bot.store.figures.count() == 0
    # A forged button naming that target is refused the same way.
    await bot.make_staff(OFFICIAL_TP, "TP")
    await bot.say(OFFICIAL_TP, "/solieu 1.3a")
    period_message = bot.replies(OFFICIAL_TP)[-1]
    events = await bot.press(OFFICIAL_VHXH, period_message, "sl:p:1.3a:2025-Q2")
    assert any(
        "không thuộc bộ phận của bạn" in str(e["message"].get("text"))
        for e in events
        if e.get("kind") == "send"
    )
    assert await bot.store.figures.count() == 0


async def test_a_rank_target_is_judged_lower_is_better(bot: BotHarness) -> None:
    await bot.make_staff(LEADER, "VP", Role.LEADER)
    await bot.say(LEADER, "/solieu 1.1a 2025-Q1 12/30")
    reply = await bot.click(LEADER, "💾 Lưu")
    assert "hạng 12/30" in reply and "có nguy cơ không đạt" in reply
    await bot.say(LEADER, "/solieu 1.1a 2025-Q2 8")
    reply = await bot.click(LEADER, "💾 Lưu")
    assert "hạng 8" in reply and "✅ đạt" in reply
    assert "↗ từ hạng 12/30" in await bot.say(LEADER, "/chitieu")


async def test_the_chart_is_a_png_with_a_vietnamese_title_for_staff_only(bot: BotHarness) -> None:
    await bot.make_staff(OFFICIAL_TP, "TP")
    bot.clock.set(OCTOBER)
    for line in ("/solieu 1.3a 2025-Q2 110/120", "/solieu 1.3a 2025-Q3 118/120"):
        await bot.say(OFFICIAL_TP, line)
        await bot.click(OFFICIAL_TP, "💾 Lưu")
    await bot.say(OFFICIAL_TP, "/chitieu")
    await bot.click(OFFICIAL_TP, "📈 1.3a")
    photo = bot.replies(OFFICIAL_TP)[-1]
    assert "photo" in photo and "98,33%" in photo["caption"]
    content = bot.emulator.file_bytes(photo["photo"][-1]["file_id"])
    assert content.startswith(b"\x89PNG")
    assert png_title(content) == "Chỉ tiêu 1.3a: Hồ sơ TTHC trả kết quả đúng hạn, trước hạn"
    # A citizen pressing a forged chart button gets nothing but a polite refusal.
    await bot.say(CITIZEN, "/chitieu")
    sent = len(bot.replies(CITIZEN))
    events = await bot.press(CITIZEN, bot.replies(CITIZEN)[-1], "ct:1.3a")
    assert any(e["kind"] == "answer_callback" and "cán bộ" in (e.get("text") or "") for e in events)
    assert len(bot.replies(CITIZEN)) == sent
