"""Issue 10 item 1 (O1-O3): figures read as officials write them, through the real bot.

The figure table: each line typed as an official types it, then 💾 Lưu pressed if the bot
offers it. Either the right value is stored for the right period, or the bot asks back or
refuses and nothing is stored.
"""

from __future__ import annotations

import io
from datetime import datetime

import pytest
from openpyxl import load_workbook

from domain.model import Role
from tests.auxil.constants import CITIZEN, LEADER, OFFICIAL_TP, VN
from tests.auxil.harness import BotHarness

OCTOBER = datetime(2025, 10, 6, 9, 0, tzinfo=VN)
SAVE = "💾 Lưu"

# (typed, (period, value, count, total)) for what is stored; (typed, None) for asked or refused.
STORED = [
    ("/solieu 1.3a 2025-Q3 118/120", ("2025-Q3", 98.33, 118, 120)),
    ("/solieu 1.3c 2025 50 / 60", ("2025", 83.33, 50, 60)),
    ("/solieu 1.3d 2025-Q2 60 trên 120", ("2025-Q2", 50, 60, 120)),
    ("/solieu 1.3d quý II/2025 60 tren 120", ("2025-Q2", 50, 60, 120)),
    ("/solieu 1.3b 2025-Q2 1.200/2.000", ("2025-Q2", 60, 1200, 2000)),
    ("/solieu 1.3b 2025-Q2 118 / 120", ("2025-Q2", 98.33, 118, 120)),
    ("/solieu 1.3a quý II/2025 đạt 118 trên tổng số 120", ("2025-Q2", 98.33, 118, 120)),
    ("/solieu 1.3a quy 2 2025 118 trong số 120", ("2025-Q2", 98.33, 118, 120)),
    ("/solieu 1.3a 6 tháng đầu năm 2025 118/120", ("2025-H1", 98.33, 118, 120)),
    ("/solieu 1.3a năm 2025 92%", ("2025", 92, None, None)),
    ("/solieu 1.3a tháng 6/2025 100/100", ("2025-06", 100, 100, 100)),
    ("/solieu 1.3a Q3/2025 85,5%", ("2025-Q3", 85.5, None, None)),
    ("/solieu 1.3a 2025-Q3 98.5%", ("2025-Q3", 98.5, None, None)),
    ("/solieu 1.3a 2025-Q3 90 phần trăm", ("2025-Q3", 90, None, None)),
    ("/solieu 1.3a 2025-Q3 118/120 = 98,33%", ("2025-Q3", 98.33, 118, 120)),
    ("/solieu 1.3a 2025-Q3 12.000/12.500", ("2025-Q3", 96, 12000, 12500)),
    ("/solieu 1.3a 2025-Q3 0/0", ("2025-Q3", None, 0, 0)),
    ("/solieu 1.3a quý III/2025 không phát sinh", ("2025-Q3", None, 0, 0)),
    ("/solieu 1.3a quy 3 85%", ("2025-Q3", 85, None, None)),
    ("/solieu 1.3a quý 3: 118/120", ("2025-Q3", 98.33, 118, 120)),
    ("/solieu 1.1a 2025 3", ("2025", 3, None, None)),
    ("/solieu 1.1a năm 2025 thứ 3", ("2025", 3, None, None)),
    ("/solieu 1.1a 2025 hạng 3 trên 15", ("2025", 3, 3, 15)),
]
NOT_STORED = [
    ("/solieu 1.3c 2025 1,5/2", "số nguyên"),
    ("/solieu 1.3a 2025-Q3 1,200/2,000", "dấu phẩy"),
    ("/solieu 1.3a 2025-Q3 xấp xỉ 90%", "ước tính"),
    ("/solieu 1.3a 2025-Q3 118 120", "có hai số"),
    ("/solieu 1.3a 2025-Q3 118/120 = 90%", "không khớp"),
    ("/solieu 1.3a 2025-Q3 muoi tam", "chưa đọc được"),
    ("/solieu 1.3a 2025-Q3 130/120", "lớn hơn tổng số"),
    ("/solieu 1.3a 2025-Q3 101%", "không thể trên 100%"),
    ("/solieu 1.3a 2025-Q3 5/0", "không thể bằng 0"),
    ("/solieu 1.3a 2025-Q3 -5%", "không thể âm"),
    ("/solieu 1.1a 2025 30%", "thứ hạng"),
    ("/solieu 1.3a quý I/2026 118/120", "nằm ngoài thời gian của kế hoạch"),
    ("/solieu 1.3a 2025-Q5 118/120", "không phải là kỳ"),
]


@pytest.mark.parametrize(("typed", "stored"), STORED, ids=[t for t, _ in STORED])
async def test_O1_the_figure_table_each_line_is_stored_as_meant(
    bot: BotHarness, typed: str, stored: tuple[str, float | None, float | None, float | None]
) -> None:
    await bot.make_staff(LEADER, "VP", Role.LEADER)  # may enter every target
    bot.clock.set(OCTOBER)
    preview = await bot.say(LEADER, typed)
    assert "Sẽ lưu" in preview and SAVE in bot.buttons(LEADER), preview
    assert await bot.store.figures.count() == 0  # shown, not yet stored
    assert "Đã lưu" in await bot.click(LEADER, SAVE)
    plan = await bot.store.plans.current()
    code = typed.split()[1]
    [figure] = (await bot.store.figures.latest_by_period(plan.id))[code]
    period, value, count, total = stored
    assert figure.period == period
    assert (figure.value, figure.numerator, figure.denominator) == (
        pytest.approx(value) if value is not None else None,
        count,
        total,
    )


@pytest.mark.parametrize(("typed", "answer"), NOT_STORED, ids=[t for t, _ in NOT_STORED])
async def test_O1_the_figure_table_a_doubtful_or_wrong_line_stores_nothing(
    bot: BotHarness, typed: str, answer: str
) -> None:
    await bot.make_staff(LEADER, "VP", Role.LEADER)
    bot.clock.set(OCTOBER)
    reply = await bot.say(LEADER, typed)
    assert answer in reply
    assert SAVE not in bot.buttons(LEADER)
    assert await bot.store.figures.count() == 0
    assert [e for e in await bot.store.audit.history() if e.action == "figure.add"] == []


async def test_O1_a_doubtful_figure_offers_its_readings_and_stores_the_one_chosen(
    bot: BotHarness,
) -> None:
    await bot.make_staff(OFFICIAL_TP, "TP")
    bot.clock.set(OCTOBER)
    await bot.say(OFFICIAL_TP, "/solieu 1.3b quý III/2025 1,200/2,000")
    assert "1.200/2.000 = 60%" in bot.buttons(OFFICIAL_TP)
    preview = await bot.click(OFFICIAL_TP, "1.200/2.000 = 60%")
    assert "Sẽ lưu: 1.3b" in preview and "1.200/2.000 = 60%" in preview
    assert await bot.store.figures.count() == 0
    saved = await bot.click(OFFICIAL_TP, SAVE)
    assert "Đã lưu" in saved and "60% (1.200/2.000)" in saved
    # ✏️ Sửa lets the official type it again; ✖ Hủy stores nothing.
    await bot.say(OFFICIAL_TP, "/solieu 1.3c 2025 50/60")
    assert "Gõ số liệu" in await bot.click(OFFICIAL_TP, "✏️ Sửa")
    assert "50/70 = 71,43%" in await bot.say(OFFICIAL_TP, "50/70")
    assert "Chưa có gì được lưu" in await bot.click(OFFICIAL_TP, "✖ Hủy")
    assert await bot.store.figures.count() == 1


async def test_O1_the_guided_flow_reads_60_tren_120_as_a_count_out_of_a_total(
    bot: BotHarness,
) -> None:
    await bot.make_staff(OFFICIAL_TP, "TP")
    bot.clock.set(OCTOBER)
    await bot.say(OFFICIAL_TP, "/solieu")
    await bot.click(OFFICIAL_TP, "1.3d")
    await bot.click(OFFICIAL_TP, "quý III/2025")
    assert "60/120 = 50%" in await bot.say(OFFICIAL_TP, "60 trên 120")
    assert "50% (60/120)" in await bot.click(OFFICIAL_TP, SAVE)


async def test_O1_a_figure_typed_without_its_period_asks_for_the_period_and_keeps_it(
    bot: BotHarness,
) -> None:
    await bot.make_staff(OFFICIAL_TP, "TP")
    bot.clock.set(OCTOBER)
    reply = await bot.say(OFFICIAL_TP, "/solieu 1.3a 118/120")
    assert "118/120 là của kỳ nào" in reply
    preview = await bot.click(OFFICIAL_TP, "quý III/2025")
    assert "Sẽ lưu: 1.3a" in preview and "quý III/2025: 118/120 = 98,33%" in preview
    await bot.click(OFFICIAL_TP, SAVE)
    assert await bot.store.figures.count() == 1


async def test_O2_overwriting_a_figure_says_what_it_replaces(bot: BotHarness) -> None:
    await bot.make_staff(OFFICIAL_TP, "TP")
    bot.clock.set(datetime(2025, 7, 3, 9, 0, tzinfo=VN))
    await bot.say(OFFICIAL_TP, "/solieu 1.3a quý II/2025 110/120")
    first = await bot.click(OFFICIAL_TP, SAVE)
    assert "Thay cho" not in first
    bot.clock.set(OCTOBER)
    preview = await bot.say(OFFICIAL_TP, "/solieu 1.3a quý II/2025 118/120")
    assert "Thay cho 110/120 = 91,67% do Phạm Tư Pháp nhập ngày 03/07/2025" in preview
    saved = await bot.click(OFFICIAL_TP, SAVE)
    assert "Thay cho 110/120 = 91,67% do Phạm Tư Pháp nhập ngày 03/07/2025" in saved
    # Another period of the same target replaces nothing.
    assert "Thay cho" not in await bot.say(OFFICIAL_TP, "/solieu 1.3a quý III/2025 85%")


async def test_O3_the_period_as_the_bot_writes_it_and_the_year_it_took(bot: BotHarness) -> None:
    await bot.make_staff(OFFICIAL_TP, "TP")
    bot.clock.set(OCTOBER)
    preview = await bot.say(OFFICIAL_TP, "/solieu 1.3b quý II/2025 40%")
    assert "quý II/2025: 40%" in preview and "không ghi năm" not in preview
    preview = await bot.say(OFFICIAL_TP, "/solieu 1.3a quy 2 10/12")
    assert "quý II/2025: 10/12 = 83,33%" in preview
    assert "Bạn không ghi năm: tôi lấy năm 2025." in preview
    await bot.click(OFFICIAL_TP, SAVE)
    plan = await bot.store.plans.current()
    [figure] = (await bot.store.figures.latest_by_period(plan.id))["1.3a"]
    assert figure.period == "2025-Q2"


async def test_O12_no_dossiers_is_stored_and_read_as_such_everywhere(bot: BotHarness) -> None:
    """`0/0` for a quarter with no applications: stored, and every reader says so."""
    await bot.make_staff(OFFICIAL_TP, "TP")
    await bot.make_staff(LEADER, "VP", Role.LEADER)
    bot.clock.set(OCTOBER)
    await bot.say(OFFICIAL_TP, "/solieu 1.3a quý II/2025 110/120")
    await bot.click(OFFICIAL_TP, SAVE)
    preview = await bot.say(OFFICIAL_TP, "/solieu 1.3a quý III/2025 0/0")
    assert "không phát sinh hồ sơ trong kỳ (0/0)" in preview
    saved = await bot.click(OFFICIAL_TP, SAVE)
    assert "Đã lưu" in saved and "không phát sinh hồ sơ trong kỳ" in saved
    public = await bot.say(CITIZEN, "/chitieu")
    assert "Mới nhất: không phát sinh hồ sơ trong kỳ, quý III/2025: ▫️ không phát sinh" in public
    overview = await bot.say(LEADER, "/tongquan")
    assert "Tình hình thực hiện kế hoạch" in overview
    await bot.say(OFFICIAL_TP, "/chitieu")
    await bot.click(OFFICIAL_TP, "📈 1.3a")  # the chart shows the quarter that had dossiers
    assert "photo" in bot.replies(OFFICIAL_TP)[-1]
    await bot.say(LEADER, "/xuatbaocao quy 2025-Q3")
    [excel] = [
        m
        for m in bot.replies(LEADER)
        if m.get("document", {}).get("file_name", "").endswith("xlsx")
    ]
    sheet = load_workbook(io.BytesIO(bot.emulator.file_bytes(excel["document"]["file_id"])))
    rows = [[c.value for c in row] for row in sheet.worksheets[0].iter_rows()]
    [row] = [r for r in rows if r[1] == "1.3a"]
    assert row[5] is None and (row[6], row[7]) == (0, 0)  # no value, 0 of 0 dossiers
    assert row[8] == "không phát sinh hồ sơ trong kỳ" and row[9] == "không phát sinh"
