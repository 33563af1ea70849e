"""Issue 11: the shipped 2021-2025 plan and a 2026 yearly plan side by side (December 2026).

The 2026 plan is tests/data/plans/kien-hung-2026-test.yaml: a TEST document in the shape of a
ward's yearly plan, not the ward's real plan.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from bot.report_cli import report_files
from bot.settings import Settings
from domain.datafiles.plan import SHIPPED_PLAN, read_plan
from domain.model import Role
from tests.auxil.constants import CITIZEN, LEADER, OFFICIAL_TP, OFFICIAL_VP, VN
from tests.auxil.harness import BotHarness
from tests.auxil.plans import TEST_PLAN_2026
from tests.auxil.processes import cchc_bot

DECEMBER_2026 = datetime(2026, 12, 7, 9, 0, tzinfo=VN)


async def work_in_2025_then_load_2026(bot: BotHarness) -> None:
    await bot.make_staff(OFFICIAL_TP, "TP")
    await bot.make_staff(OFFICIAL_VP, "VP")
    await bot.make_staff(LEADER, "VP", Role.LEADER)
    bot.clock.set(datetime(2025, 9, 15, 9, 0, tzinfo=VN))
    await bot.say(OFFICIAL_TP, "/baocao 2.3a xong Đã công khai 54 thủ tục")
    bot.clock.set(DECEMBER_2026)
    await bot.store.plans.load(read_plan(TEST_PLAN_2026), DECEMBER_2026)


async def test_the_2026_tasks_are_worked_on_and_2025_stays_reportable(bot: BotHarness) -> None:
    await work_in_2025_then_load_2026(bot)
    tasks = await bot.say(OFFICIAL_VP, "/nhiemvu")
    assert "I.2 Báo cáo CCHC định kỳ" in tasks and "2.1a" not in tasks
    assert "đã kết thúc" not in tasks

    shown = await bot.say(OFFICIAL_TP, "/solieu 1.3a 2025 118/120")
    assert "Sẽ lưu: 1.3a" in shown and "năm 2025" in shown
    saved = await bot.click(OFFICIAL_TP, "💾 Lưu")
    assert "Đã lưu: 1.3a" in saved and "năm 2025" in saved
    history = await bot.say(LEADER, "/lichsu 2.3a")
    assert "Đã công khai 54 thủ tục" in history
    assert "Đã công khai 54 thủ tục" in await bot.say(LEADER, "/lichsu 2.3a 2025")

    await bot.say(LEADER, "/xuatbaocao năm 2025")
    names = [m["document"]["file_name"] for m in bot.replies(LEADER) if "document" in m]
    assert names == ["bao-cao-cchc-2025.docx", "bao-cao-cchc-2025.xlsx"]
    await bot.say(LEADER, "/xuatbaocao quy 2026-Q4")
    assert "bao-cao-cchc-2026-Q4.docx" in [
        m["document"]["file_name"] for m in bot.replies(LEADER) if "document" in m
    ]


async def test_the_greeting_names_the_ward_of_the_current_plan(bot: BotHarness) -> None:
    assert "phường Phú La" in await bot.say(CITIZEN, "/start")
    bot.clock.set(DECEMBER_2026)
    await bot.store.plans.load(read_plan(TEST_PLAN_2026), DECEMBER_2026)
    greeting = await bot.say(CITIZEN, "/start")
    assert "phường Kiến Hưng" in greeting and "Phú La" not in greeting


async def test_after_the_period_staff_are_shown_the_plans_note(bot: BotHarness) -> None:
    bot.clock.set(DECEMBER_2026)
    await bot.make_staff(OFFICIAL_TP, "TP")
    greeting = await bot.say(OFFICIAL_TP, "/start")
    assert "Kế hoạch 124/KH-UBND (giai đoạn 2021-2025) đã kết thúc" in greeting
    assert "phường Kiến Hưng (mới)" in greeting
    assert "phường Kiến Hưng (mới)" in await bot.say(OFFICIAL_TP, "/nhiemvu")
    citizen = await bot.say(CITIZEN, "/start")
    assert "cchc-bot" not in citizen and "đã kết thúc" not in citizen


async def test_two_plans_for_one_year_are_chosen_by_buttons(
    bot: BotHarness, tmp_path: Path
) -> None:
    await bot.make_staff(LEADER, "VP", Role.LEADER)
    bot.clock.set(DECEMBER_2026)
    copy = tmp_path / "copy.yaml"
    text = TEST_PLAN_2026.read_text(encoding="utf-8")
    copy.write_text(text.replace("kien-hung-2026-test", "kien-hung-2026-b"), encoding="utf-8")
    await bot.store.plans.load(read_plan(TEST_PLAN_2026), DECEMBER_2026)
    await bot.store.plans.load(read_plan(copy), DECEMBER_2026)
    assert "Báo cáo theo kế hoạch nào" in await bot.say(LEADER, "/xuatbaocao nam 2026")
    choices = bot.buttons(LEADER)
    assert len(choices) == 2
    await bot.click(LEADER, choices[0])
    assert "bao-cao-cchc-2026.docx" in [
        m["document"]["file_name"] for m in bot.replies(LEADER) if "document" in m
    ]


async def test_the_command_line_reports_2025_after_the_2026_plan(
    bot: BotHarness, settings: Settings, tmp_path: Path
) -> None:
    await work_in_2025_then_load_2026(bot)
    paths = await report_files(settings, None, "2025", tmp_path / "out")
    assert [p.name for p in paths] == ["bao-cao-cchc-2025.docx", "bao-cao-cchc-2025.xlsx"]


def test_plan_list_use_and_archive_from_a_shell(tmp_path: Path) -> None:
    now = {"CCHC_NOW": "2026-12-07T09:00:00+07:00"}
    assert cchc_bot(tmp_path, "plan", "load", str(SHIPPED_PLAN), "--new", **now).returncode == 0
    loaded = cchc_bot(tmp_path, "plan", "load", str(TEST_PLAN_2026), **now)
    assert loaded.returncode == 0, loaded.stderr
    listing = cchc_bot(tmp_path, "plan", "list", **now).stdout.splitlines()
    assert listing[0].startswith(
        "  phu-la-2021-2025  five_year  2021-2025  -  16 targets, 30 tasks"
    )
    assert listing[1].startswith("* kien-hung-2026-test  yearly  2026-2026  current  3 targets")
    report = cchc_bot(tmp_path, "report", "--year", "2025", "--out", "out", **now)
    assert report.returncode == 0, report.stderr
    assert (tmp_path / "out" / "bao-cao-cchc-2025.docx").exists()

    archived = cchc_bot(tmp_path, "plan", "archive", "phu-la-2021-2025", **now)
    assert archived.returncode == 0 and "archived" in archived.stdout
    assert "archived" in cchc_bot(tmp_path, "plan", "list", **now).stdout.splitlines()[0]
    again = cchc_bot(tmp_path, "report", "--year", "2025", "--out", "out2", **now)
    assert again.returncode == 0, again.stderr  # archived plans stay reportable
    used = cchc_bot(tmp_path, "plan", "use", "phu-la-2021-2025", **now)
    assert used.returncode == 0 and "current plan for its years" in used.stdout
    assert "pinned" in cchc_bot(tmp_path, "plan", "list", **now).stdout.splitlines()[0]
    missing = cchc_bot(tmp_path, "plan", "use", "nope", **now)
    assert missing.returncode == 2 and "no plan 'nope'" in missing.stderr
    outside = cchc_bot(tmp_path, "report", "--year", "2031", "--out", "out3", **now)
    assert outside.returncode == 2 and "outside the loaded plans' periods" in outside.stderr
