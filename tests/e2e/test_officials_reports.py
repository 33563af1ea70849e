"""Officials report on their tasks from the phone: guided with a photo, one line, corrected."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

from domain.model import Role
from domain.text import sort_key
from services import occurrences as occurrence_service
from telegram_emulator import ChatUser
from tests.auxil.constants import LEADER, OFFICIAL_TP, OFFICIAL_VP, VN
from tests.auxil.harness import BotHarness

GROUP_TP = -100500


def png(width: int, height: int) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


async def send_photo_with_sizes(bot: BotHarness, user: ChatUser, content: bytes) -> str:
    """A photo as Telegram sends it: several sizes, the thumbnail first."""
    update = bot.emulator.message_update(user, photo=content)
    sizes = update["message"]["photo"]
    sizes.insert(
        0,
        {
            "file_id": "thumb-not-downloadable",
            "file_unique_id": "thumb",
            "width": 90,
            "height": 60,
            "file_size": 900,
        },
    )
    events = await bot._process(update)
    return "\n".join(
        str(e["message"].get("text", "")) for e in events if e.get("kind") in ("send", "edit")
    )


async def test_a_guided_report_with_a_photo_is_saved_with_its_evidence(
    bot: BotHarness, tmp_path: Path
) -> None:
    await bot.make_staff(OFFICIAL_TP, "TP")
    listing = await bot.say(OFFICIAL_TP, "/nhiemvu")
    assert "Nhiệm vụ đang mở của Công chức Tư pháp" in listing
    assert "2.3a Rà soát, đơn giản hóa và công khai TTHC · quý II/2025 · hạn 30/06/2025" in listing
    # Soonest due first: the weekly... TP has no weekly task; monthly 3.2.2b (30/06) and the
    # quarterly ones share a date; the yearly 2.2 (31/03) was due before tracking began.
    assert "2.2 " not in listing
    reply = await bot.click(OFFICIAL_TP, "📝 2.3a")
    assert "Tình trạng thế nào?" in reply
    assert "Hoàn thành" in " ".join(bot.buttons(OFFICIAL_TP))
    await bot.click(OFFICIAL_TP, "✅ Hoàn thành")
    reply = await bot.say(
        OFFICIAL_TP, "Đã rà soát 12 thủ tục, niêm yết công khai tại bộ phận một cửa"
    )
    assert "gửi ảnh hoặc tài liệu" in reply
    big = png(640, 480)
    reply = await send_photo_with_sizes(bot, OFFICIAL_TP, big)
    assert "Đã nhận 1 tệp" in reply
    summary = await bot.click(OFFICIAL_TP, "➡️ Tiếp tục")
    assert "Nhiệm vụ: 2.3a (quý II/2025)" in summary and "Tệp: 1" in summary
    saved = await bot.click(OFFICIAL_TP, "✅ Gửi báo cáo")
    assert (
        "Đã lưu báo cáo: nhiệm vụ 2.3a Rà soát, đơn giản hóa và công khai TTHC (quý II/2025):"
        " hoàn thành, phần của Công chức Tư pháp." in saved
    )
    report = await bot.store.reports.last_by(OFFICIAL_TP.id)
    assert report is not None and report.status == "done" and report.dept_code == "TP"
    assert report.reporter_name == "Phạm Tư Pháp"
    assert "12 thủ tục" in report.note
    [evidence] = report.evidence
    assert evidence.file_id != "thumb-not-downloadable"  # the largest size was kept
    assert evidence.local_path
    kept = Path(evidence.local_path)
    assert kept.is_relative_to(tmp_path / "files" / "evidence")
    assert kept.read_bytes() == big  # noqa: ASYNC240 - a test reading a small file
    # The task is done and leaves the open list.
    assert "2.3a" not in await bot.say(OFFICIAL_TP, "/nhiemvu")
    history = await bot.store.audit.history("task:2.3a")
    assert [e.action for e in history] == ["task.report"]
    assert history[0].actor_id == OFFICIAL_TP.id and history[0].detail["evidence"] == 1


async def test_a_one_line_report_and_its_correction_within_30_minutes(bot: BotHarness) -> None:
    await bot.make_staff(OFFICIAL_TP, "TP")
    reply = await bot.say(OFFICIAL_TP, "/baocao 2.3b dang Đang tiếp nhận phản ánh tháng 6")
    assert "(quý II/2025): đang thực hiện" in reply
    assert "2.3b" in await bot.say(OFFICIAL_TP, "/nhiemvu")
    bot.clock.advance(minutes=20)
    reply = await bot.say(OFFICIAL_TP, "/baocao sua xong Đã xử lý xong 3 phản ánh")
    assert "Đã sửa: nhiệm vụ 2.3b (quý II/2025) hoàn thành" in reply
    report = await bot.store.reports.last_by(OFFICIAL_TP.id)
    assert report is not None and report.status == "done" and report.corrected_at is not None
    assert report.note == "Đã xử lý xong 3 phản ánh"
    assert "2.3b" not in await bot.say(OFFICIAL_TP, "/nhiemvu")
    correction = [e for e in await bot.store.audit.history("task:2.3b")][-1]
    assert correction.action == "task.report.correct"
    assert correction.detail["before_note"] == "Đang tiếp nhận phản ánh tháng 6"


async def test_a_correction_by_buttons_and_too_late_a_correction(bot: BotHarness) -> None:
    await bot.make_staff(OFFICIAL_TP, "TP")
    await bot.say(OFFICIAL_TP, "/baocao 2.3c xong Đã số hóa 40 hồ sơ")
    await bot.click(OFFICIAL_TP, "✏️ Sửa báo cáo")
    await bot.click(OFFICIAL_TP, "⏳ Đang thực hiện")
    await bot.say(OFFICIAL_TP, "Mới số hóa 20 hồ sơ")
    reply = await bot.click(OFFICIAL_TP, "➡️ Tiếp tục, không có tệp")  # files may be added (O5)
    assert "Đã sửa" in reply and "đang thực hiện" in reply
    assert "2.3c" in await bot.say(OFFICIAL_TP, "/nhiemvu")
    bot.clock.advance(minutes=31)
    reply = await bot.say(OFFICIAL_TP, "/baocao sua xong Xong rồi")
    assert "trong vòng 30 phút" in reply
    report = await bot.store.reports.last_by(OFFICIAL_TP.id)
    assert report is not None and report.note == "Mới số hóa 20 hồ sơ"


async def test_cancel_saves_nothing_and_answers_politely(bot: BotHarness) -> None:
    await bot.make_staff(OFFICIAL_TP, "TP")
    await bot.say(OFFICIAL_TP, "/baocao 2.3a")
    await bot.click(OFFICIAL_TP, "✅ Hoàn thành")
    reply = await bot.say(OFFICIAL_TP, "/huy")
    assert "Đã hủy" in reply and "Chưa có gì được lưu" in reply
    assert await bot.store.reports.last_by(OFFICIAL_TP.id) is None


async def test_an_abandoned_draft_expires_on_the_clock(bot: BotHarness) -> None:
    await bot.make_staff(OFFICIAL_TP, "TP")
    await bot.say(OFFICIAL_TP, "/baocao 2.3a xong")
    bot.clock.advance(minutes=45)
    reply = await bot.say(OFFICIAL_TP, "ghi chú muộn")
    assert "quá lâu" in reply
    assert await bot.store.reports.last_by(OFFICIAL_TP.id) is None


async def test_a_supporting_department_reports_its_part_and_the_lead_and_its_group_hear(
    bot: BotHarness,
) -> None:
    await bot.make_staff(OFFICIAL_TP, "TP")
    await bot.make_staff(OFFICIAL_VP, "VP")
    linked = await bot.say(OFFICIAL_TP, "/lienket", chat_id=GROUP_TP, chat_type="supergroup")
    assert "đã được liên kết với Công chức Tư pháp" in bot.emulator.sent_to(GROUP_TP)[-1]["text"]
    del linked
    reply = await bot.say(OFFICIAL_VP, "/baocao 2.3a xong Văn phòng đã niêm yết thủ tục")
    assert "Bộ phận chủ trì (TP) đã được báo" in reply
    await bot.deliver()
    told = "Văn phòng HĐND&UBND phường đã báo cáo phần việc của mình ở nhiệm vụ 2.3a"
    assert any(told in m for m in bot.inbox(OFFICIAL_TP))
    assert any(told in str(m.get("text")) for m in bot.emulator.sent_to(GROUP_TP))
    # The task stays open: only the lead department closes it.
    listing = await bot.say(OFFICIAL_TP, "/nhiemvu")
    assert "2.3a" in listing
    assert "phần của bạn: hoàn thành" in await bot.say(OFFICIAL_VP, "/nhiemvu")


async def test_the_leader_moves_a_deadline_and_overdue_work_is_marked(bot: BotHarness) -> None:
    await bot.make_staff(OFFICIAL_TP, "TP")
    await bot.make_staff(LEADER, "VP", Role.LEADER)
    await bot.say(LEADER, "/giao 2.3a 20/06/2025 họp giao ban yêu cầu xong sớm")
    reply = await bot.click(LEADER, "✅ Xác nhận dời hạn")
    assert "nhiệm vụ 2.3a (quý II/2025) nay có hạn 20/06/2025" in reply
    await bot.deliver()
    assert any("hạn 20/06/2025" in m or "20/06/2025" in m for m in bot.inbox(OFFICIAL_TP))
    bot.clock.set(datetime(2025, 6, 23, 9, 0, tzinfo=VN))
    listing = await bot.say(OFFICIAL_TP, "/nhiemvu")
    first = next(line for line in listing.splitlines() if line.startswith("• "))
    assert first.startswith("• 2.3a") and "quá hạn" in first and "(đã dời)" in first
    deadlines = await occurrence_service.open_deadlines(bot.store, bot.clock.now())
    moved = next(d for d in deadlines if d.key == "task:2.3a:2025-Q2")
    assert moved.due.isoformat() == "2025-06-20" and moved.command == "/baocao 2.3a 2025-Q2"
    assert moved.dept_code == "TP" and "1.3a" in moved.serves
    history = await bot.say(LEADER, "/lichsu 2.3a")
    assert "hạn của quý II/2025 được dời từ 30/06/2025 sang 20/06/2025" in history
    assert "(lý do: họp giao ban yêu cầu xong sớm)" in history


async def test_a_deadline_in_the_past_or_not_a_date_changes_nothing(bot: BotHarness) -> None:
    await bot.make_staff(LEADER, "VP", Role.LEADER)
    assert "đã qua" in await bot.say(LEADER, "/giao 2.3a 01/05/2025")
    assert "không phải là ngày" in await bot.say(LEADER, "/giao 2.3a 31/02/2025")
    assert "Không có nhiệm vụ 9.9" in await bot.say(LEADER, "/giao 9.9 30/06/2025")
    assert [e for e in await bot.store.audit.history() if e.action == "task.deadline"] == []


async def test_task_codes_with_d_stroke_are_told_apart(bot: BotHarness) -> None:
    await bot.make_staff(OFFICIAL_VP, "VP")
    await bot.say(OFFICIAL_VP, "/baocao 2.5dd xong Cán bộ đeo thẻ đầy đủ")
    report = await bot.store.reports.last_by(OFFICIAL_VP.id)
    assert report is not None and report.task_code == "2.5đ"
    await bot.say(OFFICIAL_VP, "/baocao 2.5d xong Thái độ lịch sự")
    report = await bot.store.reports.last_by(OFFICIAL_VP.id)
    assert report is not None and report.task_code == "2.5d"


async def test_open_deadlines_cover_the_current_periods_of_the_plan(bot: BotHarness) -> None:
    deadlines = await occurrence_service.open_deadlines(bot.store, bot.clock.now())
    keys = {d.key for d in deadlines}
    assert "task:3.2.3d:2025-W23" in keys  # weekly news, due Friday 6 June
    assert "task:3.2.2b:2025-06" in keys  # monthly
    assert "task:2.1d:2025" in keys  # yearly, due 30 November
    assert "task:2.1a:2025" not in keys  # due 31 January, before the bot began tracking
    weekly = next(d for d in deadlines if d.key == "task:3.2.3d:2025-W23")
    assert weekly.due.isoformat() == "2025-06-06" and weekly.dept_code == "VHXH"
    assert deadlines == sorted(deadlines, key=lambda d: (d.due, sort_key(d.key.split(":")[1])))


async def test_an_overdue_occurrence_of_an_earlier_period_is_reported_by_naming_it(
    bot: BotHarness,
) -> None:
    await bot.make_staff(OFFICIAL_TP, "TP")
    bot.clock.set(datetime(2025, 7, 2, 9, 0, tzinfo=VN))
    deadlines = await occurrence_service.open_deadlines(bot.store, bot.clock.now())
    old = next(d for d in deadlines if d.key == "task:2.3a:2025-Q2")
    assert old.command == "/baocao 2.3a 2025-Q2"
    current = next(d for d in deadlines if d.key == "task:2.3a:2025-Q3")
    assert current.command == "/baocao 2.3a 2025-Q3"  # a plain /baocao goes to Q2 now (O4)
    listing = await bot.say(OFFICIAL_TP, "/nhiemvu")
    assert "2.3a Rà soát, đơn giản hóa và công khai TTHC · quý II/2025" in listing
    assert "🔴 quá hạn" in listing
    reply = await bot.say(OFFICIAL_TP, "/baocao 2.3a 2025-Q2 xong Hoàn thành muộn")
    assert "(quý II/2025): hoàn thành" in reply
    keys = {d.key for d in await occurrence_service.open_deadlines(bot.store, bot.clock.now())}
    assert "task:2.3a:2025-Q2" not in keys and "task:2.3a:2025-Q3" in keys
    assert "không có kỳ 2025-Q4 đã bắt đầu" in await bot.say(
        OFFICIAL_TP, "/baocao 2.3a 2025-Q4 xong sớm"
    )
