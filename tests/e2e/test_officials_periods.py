"""Issue 10 item 2 (O4, O5, O9-O11): reports land in the period they are about, with their
evidence, under the task that was meant."""

from __future__ import annotations

from datetime import datetime

from domain.text import sort_key
from tests.auxil.constants import OFFICIAL_TP, OFFICIAL_VHXH, OFFICIAL_VP, VN
from tests.auxil.harness import BotHarness

JULY_1 = datetime(2025, 7, 1, 9, 0, tzinfo=VN)
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
    b"\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)


async def test_O4_a_report_without_a_period_settles_the_oldest_overdue_one_and_says_so(
    bot: BotHarness,
) -> None:
    await bot.make_staff(OFFICIAL_VHXH, "VHXH")
    bot.clock.set(JULY_1)  # quý II ended yesterday; quý III has begun
    reply = await bot.say(OFFICIAL_VHXH, "/baocao 2.1b xong Đã tuyên truyền trên loa phường")
    assert "nhiệm vụ 2.1b Thông tin tuyên truyền về CCHC (quý II/2025)" in reply
    assert "Bạn không ghi kỳ: báo cáo được ghi cho kỳ chưa hoàn thành cũ nhất, quý II/2025" in reply
    assert "/baocao 2.1b 2025-Q2 xong" in reply
    report = await bot.store.reports.last_by(OFFICIAL_VHXH.id)
    assert report is not None and report.period == "2025-Q2"
    # The weekly duty: the oldest overdue week first (tuần 23, due Friday 6 June), not this one.
    await bot.say(OFFICIAL_VHXH, "/baocao 3.2.3d xong Chuyên đề tuần 23")
    report = await bot.store.reports.last_by(OFFICIAL_VHXH.id)
    assert report is not None and report.period == "2025-W23"
    # Named, it goes where it is told, and nothing extra is said.
    reply = await bot.say(OFFICIAL_VHXH, "/baocao 2.1b 2025-Q3 dang Đang chuẩn bị")
    assert "quý III/2025" in reply and "Bạn không ghi kỳ" not in reply


async def test_O5_a_photo_captioned_with_a_report_line_is_that_reports_evidence(
    bot: BotHarness,
) -> None:
    await bot.make_staff(OFFICIAL_TP, "TP")
    reply = await bot.say(
        OFFICIAL_TP, photo=PNG, caption="/baocao 2.3a xong Ảnh niêm yết thủ tục tại một cửa"
    )
    assert "Đã lưu báo cáo: nhiệm vụ 2.3a" in reply and "Đã lưu 1 tệp minh chứng" in reply
    report = await bot.store.reports.last_by(OFFICIAL_TP.id)
    assert report is not None and report.note == "Ảnh niêm yết thủ tục tại một cửa"
    [photo] = report.evidence
    assert photo.kind == "photo" and photo.local_path
    # A document captioned with only the task: the guided steps, the file already kept.
    await bot.say(
        OFFICIAL_TP,
        document=("qd-cong-bo.pdf", b"%PDF-1.4 qd", "application/pdf"),
        caption="/baocao 2.3b",
    )
    await bot.click(OFFICIAL_TP, "✅ Hoàn thành")
    await bot.say(OFFICIAL_TP, "Đã công bố quyết định")
    summary = await bot.click(OFFICIAL_TP, "➡️ Tiếp tục")
    assert "Tệp: 1" in summary
    await bot.click(OFFICIAL_TP, "✅ Gửi báo cáo")
    report = await bot.store.reports.last_by(OFFICIAL_TP.id)
    assert report is not None and [e.file_name for e in report.evidence] == ["qd-cong-bo.pdf"]


async def test_O5_files_are_added_to_a_one_line_report_and_to_a_correction(
    bot: BotHarness,
) -> None:
    await bot.make_staff(OFFICIAL_TP, "TP")
    await bot.say(OFFICIAL_TP, "/baocao 2.3c xong Đã số hóa 40 hồ sơ")
    assert "📎 Thêm minh chứng" in bot.buttons(OFFICIAL_TP)
    await bot.click(OFFICIAL_TP, "📎 Thêm minh chứng")
    await bot.say(OFFICIAL_TP, document=("danh-sach.xlsx", b"PK xlsx", "application/vnd.ms-excel"))
    assert "Đã thêm 1 tệp vào báo cáo nhiệm vụ 2.3c" in await bot.click(OFFICIAL_TP, "➡️ Tiếp tục")
    report = await bot.store.reports.last_by(OFFICIAL_TP.id)
    assert report is not None and [e.file_name for e in report.evidence] == ["danh-sach.xlsx"]
    # A correction may bring files too.
    await bot.click(OFFICIAL_TP, "✏️ Sửa báo cáo")
    await bot.click(OFFICIAL_TP, "⏳ Đang thực hiện")
    await bot.say(OFFICIAL_TP, "Mới số hóa 20 hồ sơ")
    await bot.say(OFFICIAL_TP, photo=PNG)
    reply = await bot.click(OFFICIAL_TP, "➡️ Tiếp tục")
    assert "Đã sửa" in reply and "Đã thêm 1 tệp" in reply
    report = await bot.store.reports.last_by(OFFICIAL_TP.id)
    assert report is not None and len(report.evidence) == 2 and report.status == "in_progress"
    # After the 30 minutes, no more.
    bot.clock.advance(minutes=31)
    await bot.say(OFFICIAL_TP, "/nhiemvu")
    events = await bot.press(OFFICIAL_TP, bot.replies(OFFICIAL_TP)[-1], f"bc:add:{report.id}")
    assert any(
        "trong vòng 30 phút" in str(e["message"].get("text")) for e in events if "message" in e
    )


async def test_O9_the_confirmation_names_the_task_and_codes_sort_in_vietnamese_order(
    bot: BotHarness,
) -> None:
    await bot.make_staff(OFFICIAL_VP, "VP")
    three = {"2.5d", "2.5đ", "2.5e"}  # same quarter, same deadline: the code decides
    for command in ("/baocao", "/nhiemvu"):
        listing = await bot.say(OFFICIAL_VP, command)
        codes = [line.split()[1] for line in listing.splitlines() if line.startswith("• 2.5")]
        assert [c for c in codes if c in three] == ["2.5d", "2.5đ", "2.5e"], command
    # "đeo thẻ" typed without its đ: the answer names 2.5d's title, so the slip shows.
    reply = await bot.say(OFFICIAL_VP, "/baocao 2.5d xong deo the day du")
    assert "nhiệm vụ 2.5d Tinh thần tự chủ, thái độ lịch sự, hòa nhã" in reply
    assert sorted(["2.5e", "2.5đ", "2.5d"], key=sort_key) == ["2.5d", "2.5đ", "2.5e"]
    assert sorted(["2.10a", "2.9b"], key=sort_key) == ["2.9b", "2.10a"]


async def test_O10_a_supporting_department_sees_its_own_part_as_reported(
    bot: BotHarness,
) -> None:
    await bot.make_staff(OFFICIAL_TP, "TP")
    before = await bot.say(OFFICIAL_TP, "/baocao")
    [line] = [x for x in before.splitlines() if x.startswith("• 2.5d ")]
    assert "phần của bạn" not in line
    await bot.say(OFFICIAL_TP, "/baocao 2.5d xong Cán bộ TP lịch sự với dân")
    after = await bot.say(OFFICIAL_TP, "/baocao")
    [line] = [x for x in after.splitlines() if x.startswith("• 2.5d ")]
    assert "(phối hợp; phần của bạn: hoàn thành)" in line
    assert any(label.startswith("☑️ 2.5d") for label in bot.buttons(OFFICIAL_TP))


async def test_O11_a_news_post_by_the_responsible_officer_ticks_the_weekly_news_duty(
    bot: BotHarness,
) -> None:
    await bot.make_staff(OFFICIAL_VHXH, "VHXH")
    assert "3.2.3d" in await bot.say(OFFICIAL_VHXH, "/nhiemvu")  # tuần 23, due Friday
    assert "Đã đăng" in await bot.say(
        OFFICIAL_VHXH, "/dangtin Một cửa làm việc sáng thứ Bảy | Từ 7/6 nhận hồ sơ cả sáng thứ Bảy."
    )
    assert "3.2.3d" not in await bot.say(OFFICIAL_VHXH, "/nhiemvu")
    report = await bot.store.reports.last_by(OFFICIAL_VHXH.id)
    assert report is not None and (report.task_code, report.period) == ("3.2.3d", "2025-W23")
    assert report.status == "done" and "Một cửa làm việc sáng thứ Bảy" in report.note
    # A second post the same week changes nothing more.
    await bot.say(OFFICIAL_VHXH, "/dangtin Tin thứ hai | Nội dung.")
    assert len(await bot.store.reports.for_occurrence(report.occurrence_id)) == 1
