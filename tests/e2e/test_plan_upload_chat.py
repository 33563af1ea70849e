"""Issue 11 item 3: an admin sends the plan's document in the private chat; the bot summarises
it and loads it only when Load is pressed; the draft can be downloaded, corrected and sent back.

The document is the TEST yearly plan of Kiến Hưng 2026 built with python-docx
(tests/auxil/plan_documents.py), not the ward's real plan.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from domain.model import Role
from tests.auxil.constants import ADMIN, CITIZEN, OFFICIAL_TP, VN
from tests.auxil.harness import BotHarness
from tests.auxil.plan_documents import yearly_docx

DECEMBER_2026 = datetime(2026, 12, 5, 9, 0, tzinfo=VN)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


async def plan_slugs(bot: BotHarness) -> list[str]:
    return [p.slug for p in await bot.store.plans.all()]


async def send_plan(bot: BotHarness, tmp_path: Path) -> str:
    source = yearly_docx(tmp_path / "ke-hoach-cchc-2026.docx")
    return await bot.say(ADMIN, document=(source.name, source.read_bytes(), DOCX))


async def test_the_admin_sends_the_yearly_plan_and_loads_it(
    bot: BotHarness, tmp_path: Path
) -> None:
    bot.clock.set(DECEMBER_2026)
    summary = await send_plan(bot, tmp_path)
    assert "ke-hoach-cchc-2026.docx" in summary
    assert "27 nhiệm vụ" in summary and "chỉ tiêu" in summary
    assert "TTPV" in summary and "chủ trì / phối hợp" in summary
    assert "bên cạnh các kế hoạch đã nạp" in summary and "124/KH-UBND (2021-2025)" in summary
    assert "Chưa có gì thay đổi cho đến khi" in summary
    assert bot.buttons(ADMIN) == ["✅ Nạp kế hoạch này", "📥 Tải bản nháp", "✖️ Hủy"]
    assert await plan_slugs(bot) == ["phu-la-2021-2025"]

    loaded = await bot.click(ADMIN, "✅ Nạp kế hoạch này")
    assert "Đã nạp kế hoạch 12/KH-UBND" in loaded and "27" in loaded
    assert "kien-hung-2026" in await plan_slugs(bot)
    audit = await bot.store.db.fetchall("SELECT action FROM audit_log WHERE action = 'plan.load'")
    assert len(audit) == 1
    greeting = await bot.say(CITIZEN, "/start")
    assert "phường Kiến Hưng" in greeting and "Phú La" not in greeting

    # The same file again: already loaded, nothing to load.
    again = await send_plan(bot, tmp_path)
    assert "đã được nạp với cùng nội dung" in again
    assert "✅ Nạp kế hoạch này" not in bot.buttons(ADMIN)


async def test_cancel_changes_nothing_and_old_buttons_are_refused(
    bot: BotHarness, tmp_path: Path
) -> None:
    bot.clock.set(DECEMBER_2026)
    await send_plan(bot, tmp_path)
    assert "Đã hủy" in await bot.click(ADMIN, "✖️ Hủy")
    assert await plan_slugs(bot) == ["phu-la-2021-2025"]
    audit = await bot.store.db.fetchall("SELECT action FROM audit_log WHERE action = 'plan.load'")
    assert audit == []


async def test_the_draft_is_downloaded_corrected_and_sent_back(
    bot: BotHarness, tmp_path: Path
) -> None:
    bot.clock.set(DECEMBER_2026)
    await send_plan(bot, tmp_path)
    caption = await bot.click(ADMIN, "📥 Tải bản nháp")
    assert "# kiểm tra:" in caption
    sent = [m for m in bot.replies(ADMIN) if "document" in m][-1]
    assert sent["document"]["file_name"] == "ke-hoach-cchc-2026.draft.yaml"
    draft = bot.emulator.file_bytes(sent["document"]["file_id"]).decode("utf-8")
    assert "kien-hung-2026" in draft
    assert await plan_slugs(bot) == ["phu-la-2021-2025"]

    # The admin corrects a department's name and sends the file back.
    corrected = draft.replace("Phòng Văn hóa - Xã hội", "Phòng Văn hóa - Xã hội phường", 1)
    assert corrected != draft
    summary = await bot.say(
        ADMIN, document=("ke-hoach-cchc-2026.yaml", corrected.encode(), "application/yaml")
    )
    assert "27 nhiệm vụ" in summary and "Phòng Văn hóa - Xã hội phường" in summary
    assert "✅ Nạp kế hoạch này" in bot.buttons(ADMIN)
    assert "Đã nạp kế hoạch" in await bot.click(ADMIN, "✅ Nạp kế hoạch này")
    dept = await bot.store.departments.get("VHXH")
    assert dept is not None and dept.name == "Phòng Văn hóa - Xã hội phường"

    # The first draft sent afterwards would replace the loaded content: said before loading.
    replacing = await bot.say(
        ADMIN, document=("ke-hoach-cchc-2026.yaml", draft.encode(), "application/yaml")
    )
    assert "thay nội dung của kế hoạch 12/KH-UBND (2026)" in replacing
    assert "Đã hủy" in await bot.click(ADMIN, "✖️ Hủy")
    dept = await bot.store.departments.get("VHXH")
    assert dept is not None and dept.name == "Phòng Văn hóa - Xã hội phường"


async def test_a_broken_draft_is_refused_with_its_line_and_not_loaded(bot: BotHarness) -> None:
    bot.clock.set(DECEMBER_2026)
    broken = b"plan:\n  slug: Kien Hung\n  code: 1\ndepartments: []\n"
    answer = await bot.say(ADMIN, document=("ke-hoach.yaml", broken, "application/yaml"))
    assert "chưa nạp được" in answer and "Chưa có gì thay đổi" in answer
    assert bot.buttons(ADMIN) == ["✖️ Hủy"]
    assert "sửa lại tệp" in answer
    assert await plan_slugs(bot) == ["phu-la-2021-2025"]


async def test_unreadable_and_large_files_get_a_polite_answer(bot: BotHarness) -> None:
    garbage = await bot.say(ADMIN, document=("ke-hoach.docx", b"not a word file", DOCX))
    assert "không đọc được tệp này như một kế hoạch CCHC" in garbage
    assert "Không có gì thay đổi" in garbage
    scan = await bot.say(ADMIN, document=("scan.pdf", b"%PDF-1.4", "application/pdf"))
    assert "Không có gì thay đổi" in scan
    big = await bot.say(ADMIN, document=("to.docx", b"x" * (5 * 1024 * 1024 + 1), DOCX))
    assert "quá lớn" in big
    assert await plan_slugs(bot) == ["phu-la-2021-2025"]


async def test_files_from_others_keep_their_old_path(bot: BotHarness, tmp_path: Path) -> None:
    await bot.make_staff(OFFICIAL_TP, "TP", Role.OFFICIAL)
    source = yearly_docx(tmp_path / "ke-hoach-cchc-2026.docx")
    for user in (CITIZEN, OFFICIAL_TP):
        answer = await bot.say(user, document=(source.name, source.read_bytes(), DOCX))
        assert "chỉ đọc được tin nhắn chữ" in answer and "Nạp" not in answer
    assert await plan_slugs(bot) == ["phu-la-2021-2025"]
