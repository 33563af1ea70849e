"""A report a leader can sign and a chart for a briefing (issue 10 items 5-6, L2, L4).

The ward's quarter: a quarter of work entered through the bot (reports, a weekly duty, figures,
complaints, a moved deadline, the survey), then the Word and Excel report read back.
"""

from __future__ import annotations

import io
import struct
from datetime import date, datetime
from pathlib import Path

from docx import Document
from openpyxl import load_workbook

from bot.report_cli import report_files
from bot.settings import Settings
from domain.i18n import translator
from domain.model import Role
from services.overview import plan_overview
from services.presenters.charts import png_title
from services.presenters.overview import overview_bars, overview_chart
from tests.auxil.constants import CITIZEN, CITIZEN_2, LEADER, OFFICIAL_TP, OFFICIAL_VHXH, VN
from tests.auxil.harness import BotHarness
from tests.e2e.test_citizens_complaints import send_complaint
from tests.e2e.test_citizens_survey import take_survey

MOVE = "✅ Xác nhận dời hạn"


def docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


async def export(bot: BotHarness, command: str) -> tuple[str, dict[str, list[tuple]]]:
    """The report's Word text and the Excel sheets' rows, as the leader received them."""
    before = len(bot.replies(LEADER))
    assert "Đây là báo cáo" in await bot.say(LEADER, command)
    documents = [m for m in bot.replies(LEADER)[before:] if "document" in m]
    word, excel = (bot.emulator.file_bytes(m["document"]["file_id"]) for m in documents)
    book = load_workbook(io.BytesIO(excel))
    sheets = {
        sheet.title: list(sheet.iter_rows(min_row=2, values_only=True)) for sheet in book.worksheets
    }
    return docx_text(word), sheets


def at(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=VN)


async def test_the_ward_s_quarter_ends_in_a_report_with_the_numbers_entered(
    bot: BotHarness,
) -> None:
    await bot.make_staff(OFFICIAL_TP, "TP")
    await bot.make_staff(OFFICIAL_VHXH, "VHXH")
    await bot.make_staff(LEADER, "VP", Role.LEADER)

    # 1 July: the leader moves 2.3c of quarter III earlier, with a reason, and confirms.
    bot.clock.set(at(date(2025, 7, 1)))
    asked = await bot.say(LEADER, "/giao 2.3c 2025-Q3 19/09/2025 họp yêu cầu xong sớm")
    assert "sớm hơn" in asked
    assert "nay có hạn 19/09/2025" in await bot.click(LEADER, MOVE)

    # Two complaints in July: one answered within its time limit, one left open.
    bot.clock.set(at(date(2025, 7, 7)))
    answered = await send_complaint(bot, CITIZEN)
    forgotten = await send_complaint(
        bot, CITIZEN_2, "Đèn chiếu sáng ngõ 12 tổ dân phố 5 hỏng đã hai tuần, đi tối rất nguy hiểm."
    )
    bot.clock.set(at(date(2025, 7, 9)))
    await bot.say(OFFICIAL_TP, f"/xuly {answered}")
    await bot.click(OFFICIAL_TP, "✅ Trả lời, kết thúc")
    await bot.say(OFFICIAL_TP, "Cống đã được nạo vét ngày 09/7, hết ngập.")
    await bot.click(OFFICIAL_TP, "✅ Đồng ý kết thúc")
    closed = await bot.store.complaints.get(answered)
    assert closed is not None and closed.status == "closed"
    still_open = await bot.store.complaints.get(forgotten)
    assert still_open is not None and still_open.is_open

    # The weekly news duty, reported three weeks out of the quarter's thirteen.
    for week, day in (("2025-W28", date(2025, 7, 11)), ("2025-W29", date(2025, 7, 18))):
        bot.clock.set(at(day))
        await bot.say(OFFICIAL_VHXH, f"/baocao 3.2.3d {week} xong Đã đăng chuyên đề CCHC tuần")
    bot.clock.set(at(date(2025, 8, 1)))
    await bot.say(OFFICIAL_VHXH, "/baocao 3.2.3d 2025-W31 xong Đã đăng tin tuần 31")

    # A citizen rates the service in August.
    bot.clock.set(at(date(2025, 8, 12)))
    assert "đã được ghi nhận" in await take_survey(bot, CITIZEN, [5, 4, 4, 5, 3], "")

    # September: figures and the quarter's tasks.
    bot.clock.set(at(date(2025, 9, 15)))
    await bot.say(OFFICIAL_TP, "/solieu 1.3a 2025-Q3 118/120")
    await bot.click(OFFICIAL_TP, "💾 Lưu")
    await bot.say(OFFICIAL_TP, "/baocao 2.3a 2025-Q3 xong Đã công khai 54 thủ tục tại một cửa")
    await bot.say(OFFICIAL_TP, "/baocao 2.3c 2025-Q3 xong Số hóa 96% kết quả giải quyết TTHC")

    # 6 October: the leader exports the quarter.
    bot.clock.set(at(date(2025, 10, 6)))
    text, sheets = await export(bot, "/xuatbaocao quy 2025-Q3")
    for expected in (
        "Kết quả thực hiện công tác cải cách hành chính quý III năm 2025",
        "(Số liệu tính đến ngày 30/09/2025, theo báo cáo của các bộ phận trên bot.)",
        # The figure entered, and the moved deadline kept on time.
        "1.3a | Hồ sơ TTHC trả kết quả đúng hạn, trước hạn | 100% | 98,33% (118/120) quý III/2025",
        "2.3a Rà soát, đơn giản hóa và công khai TTHC (TP, quý III/2025, hạn 30/09/2025)",
        "2.3c Giải quyết TTHC trên môi trường điện tử, số hóa kết quả (TP, quý III/2025,"
        " hạn 19/09/2025): hoàn thành ngày 15/09/2025",
        # The weekly duty in one line.
        "3.2.3d Chuyên đề, tin tức về cải cách hành chính hàng tuần (VHXH): hoàn thành"
        " 3/13 tuần; 10 quá hạn",
        # Complaints and the survey.
        "1. Phản ánh, kiến nghị tiếp nhận qua bot: 2; đã trả lời 1 (1 đúng hạn, 0 trễ hạn);"
        " đang xử lý 1, trong đó 1 đã quá hạn.",
        "2. Khảo sát mức độ hài lòng trên bot (khảo sát trên bot: 1 phiếu",
        "không phải chỉ số SIPAS chính thức",
        # The SIPAS target shows the bot's survey; the qualitative targets are in the tables.
        "1.1b | ",
        "khảo sát trên bot: 1 phiếu (từ 30 phiếu mới tính tỷ lệ) | tín hiệu sớm",
        "1.4a | ",
        "lãnh đạo đánh giá",
        # The sections the leader completes, pre-filled and marked as a suggestion.
        "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI",
        "V. KIẾN NGHỊ, ĐỀ XUẤT",
        "(Gợi ý từ số liệu trên bot: lãnh đạo xem lại, bổ sung trước khi ký.)",
        "- Duy trì thực hiện đều nhiệm vụ 3.2.3d",
        "- Giải quyết dứt điểm 1 phản ánh, kiến nghị đã quá hạn.",
        # Who receives it: the city's Department of Home Affairs after 1 July 2025.
        "- Sở Nội vụ Thành phố Hà Nội (để báo cáo);",
        "- Lưu: VT, VP.",
    ):
        assert expected in text, expected
    assert "Như trên" not in text
    assert "Chưa hoàn thành" not in text

    targets = {row[1]: row for row in sheets["Chỉ tiêu"]}
    assert targets["1.3a"][5:8] == (98.33, 118, 120)
    assert targets["1.4a"][8] == "lãnh đạo đánh giá"
    tasks = {(r[1], r[4]): r for r in sheets["Nhiệm vụ"]}
    moved = tasks[("2.3c", "quý III/2025")]
    assert moved[5] == datetime(2025, 9, 19) and moved[6] == "hoàn thành" and moved[8] == "có"
    duties = {r[1]: r for r in sheets["Nhiệm vụ thường xuyên"]}
    assert duties["3.2.3d"][4:10] == (13, 3, 3, 10, 0, 0)
    summary = {r[0]: r[1] for r in sheets["Phản ánh và khảo sát"]}
    assert summary["Số liệu tính đến ngày"] == datetime(2025, 9, 30)
    assert summary["Phản ánh tiếp nhận"] == 2
    assert summary["Trả lời đúng hạn"] == 1
    assert summary["Đang xử lý, đã quá hạn"] == 1
    assert summary["Số phiếu khảo sát trên bot"] == 1
    assert sum(v for k, v in summary.items() if k.startswith("Phản ánh lĩnh vực")) == 2


async def test_L2_tasks_before_tracking_and_not_yet_due_are_not_unfinished(
    bot: BotHarness,
) -> None:
    """Tracking began on 02/06/2025; the year report made on 10/06 counts neither the tasks due
    before that day (it cannot know) nor those due later in the year, and says its cut-off."""
    await bot.make_staff(LEADER, "VP", Role.LEADER)
    bot.clock.set(at(date(2025, 6, 10)))
    text, sheets = await export(bot, "/xuatbaocao nam 2025")
    assert "(Số liệu tính đến ngày 10/06/2025, theo báo cáo của các bộ phận trên bot.)" in text
    overall = next(line for line in text.splitlines() if line.startswith("Trong năm 2025"))
    assert overall.startswith("Trong năm 2025, tính đến ngày 10/06/2025: 0 nhiệm vụ hoàn thành,")
    assert "0 quá hạn" in overall  # nothing tracked has fallen overdue in 8 days
    assert "trước ngày bắt đầu theo dõi trên bot (02/06/2025) không được tính" in text
    # A weekly duty is one line, with its weeks before tracking set apart.
    duty = next(line for line in text.splitlines() if line.startswith("- 3.2.3d"))
    assert "hoàn thành 0/1 tuần" in duty and "tuần trước khi theo dõi, không tính" in duty
    # The tasks due in November and December are "not due yet", never "unfinished".
    area_7 = text.split("7. Xây dựng chính quyền điện tử")[1]
    assert "Đang thực hiện, chưa đến hạn:" in text and "Chưa hoàn thành" not in text
    assert "Quá hạn:" not in area_7
    statuses = {r[6] for r in sheets["Nhiệm vụ"]}
    assert "chưa hoàn thành" not in statuses
    # The six-month report of the Ministry's calendar exists too, by name.
    six, _ = await export(bot, "/xuatbaocao 6 thang 2025")
    assert "Kết quả thực hiện công tác cải cách hành chính 6 tháng đầu năm 2025" in six
    # Before 1 July 2025 the district's People's Committee receives it.
    assert "- UBND Quận Hà Đông (Phòng Nội vụ) (để báo cáo);" in six


async def test_L4_year_to_date_is_not_yet_missed_stale_figures_say_their_period_lists_count(
    bot: BotHarness,
) -> None:
    await bot.make_staff(OFFICIAL_TP, "TP")
    await bot.make_staff(LEADER, "VP", Role.LEADER)
    bot.clock.set(at(date(2025, 6, 20)))
    await bot.say(OFFICIAL_TP, "/solieu 1.3a 2025 60/120")  # a year figure, entered in June
    saved = await bot.click(OFFICIAL_TP, "💾 Lưu")
    assert "có nguy cơ không đạt" in saved and "không đạt." not in saved
    await bot.say(OFFICIAL_TP, "/solieu 1.3d 2025-Q2 50/120")
    await bot.click(OFFICIAL_TP, "💾 Lưu")

    bot.clock.set(at(date(2025, 10, 6)))
    reply = await bot.say(LEADER, "/tongquan")
    assert "năm 2025: 🟠 có nguy cơ không đạt" in reply and "🔴 không đạt" not in reply
    # A quarter-II figure in October says it is the last one, of its period.
    assert "Số liệu gần nhất là quý II/2025 (chưa có số liệu mới hơn)" in reply
    # The overdue work, by department by name, the rest counted.
    assert "<i>" not in reply  # the markup is rendered, not shown
    assert "Văn phòng HĐND&UBND phường (" in reply
    assert "… và " in reply and "nhiệm vụ quá hạn khác (xem đủ ở /nhiemvu)." in reply
    shown_overdue = reply.count("🔴 quá hạn")
    total = int(reply.split("Quá hạn (")[1].split(")")[0])
    assert shown_overdue < total

    # After the year has ended the same year figure is judged for good.
    bot.clock.set(at(date(2026, 1, 5)))
    assert "năm 2025: 🔴 không đạt" in await bot.say(LEADER, "/chitieu")


async def test_chart_every_department_by_name_with_counts_a_visible_zero_and_the_target(
    bot: BotHarness,
) -> None:
    await bot.make_staff(OFFICIAL_TP, "TP")
    await bot.make_staff(LEADER, "VP", Role.LEADER)
    bot.clock.set(at(date(2025, 7, 1)))
    await bot.say(OFFICIAL_TP, "/baocao 2.3a 2025-Q2 xong Đã rà soát 42 TTHC")
    bot.clock.set(at(date(2025, 10, 6)))
    await bot.say(LEADER, "/tongquan")
    photo = bot.replies(LEADER)[-1]
    assert photo["caption"] == (
        "Tỷ lệ nhiệm vụ hoàn thành đúng hạn theo bộ phận, năm 2025 (đến 06/10/2025)"
    )
    png = bot.emulator.file_bytes(photo["photo"][-1]["file_id"])
    width, height = struct.unpack(">II", png[16:24])
    assert width == 1080 and height > width * 0.8  # full phone width, tall enough to read
    assert png_title(png) == photo["caption"]

    plan = await bot.store.plans.current()
    assert plan is not None
    data = await plan_overview(bot.store, plan, bot.clock.now())
    bars = {bar.label: bar for bar in overview_bars(translator(None, VN), data)}
    assert list(bars) == [
        "Văn phòng HĐND&UBND phường",
        "Công chức Tư pháp",
        "Công chức Văn hóa - Xã hội",
        "Bộ phận Tài chính - Kế toán",
        "Bộ phận Địa chính - Xây dựng - Môi trường",
        "Mặt trận Tổ quốc, các đoàn thể và Tổ dân phố",
    ]
    vp = bars["Văn phòng HĐND&UBND phường"]
    assert vp.value == 0 and vp.text.endswith("· 0%") and vp.status == "behind"
    tp = bars["Công chức Tư pháp"]
    assert tp.text == f"{data.rates[1].done}/{data.rates[1].due} · {tp.text.split(' · ')[1]}"
    nothing = bars["Mặt trận Tổ quốc, các đoàn thể và Tổ dân phố"]
    assert (nothing.value, nothing.text, nothing.status) == (
        None,
        "chưa có nhiệm vụ đến hạn",
        "none",
    )
    assert overview_chart(translator(None, VN), data)[:8] == b"\x89PNG\r\n\x1a\n"


async def test_L4_after_the_plan_s_period_the_overview_and_the_report_menu_show_its_last_year(
    bot: BotHarness, settings: Settings, tmp_path: Path
) -> None:
    await bot.make_staff(LEADER, "VP", Role.LEADER)
    bot.clock.set(at(date(2026, 12, 2)))
    reply = await bot.say(LEADER, "/tongquan")
    assert "Kế hoạch đã hết giai đoạn: số liệu của năm 2025, năm cuối của kế hoạch." in reply
    caption = bot.replies(LEADER)[-1]["caption"]
    assert caption.endswith("năm 2025 (đến 31/12/2025)")  # not "to 02/12/2026"
    await bot.say(LEADER, "/xuatbaocao")
    assert bot.buttons(LEADER)[:4] == [
        "Quý 4/2025",
        "Quý 3/2025",
        "6 tháng đầu năm 2025",
        "Năm 2025",
    ]
    await bot.click(LEADER, "6 tháng đầu năm 2025")
    assert bot.replies(LEADER)[-3]["document"]["file_name"] == "bao-cao-cchc-2025-H1.docx"
    # The command line writes the six-month report too.
    paths = await report_files(settings, "2025-H1", None, tmp_path)
    assert [p.name for p in paths] == ["bao-cao-cchc-2025-H1.docx", "bao-cao-cchc-2025-H1.xlsx"]
    assert "6 tháng đầu năm 2025" in docx_text(paths[0].read_bytes())


async def test_L2_the_report_s_period_is_read_as_leaders_type_it(bot: BotHarness) -> None:
    await bot.make_staff(LEADER, "VP", Role.LEADER)
    bot.clock.set(at(date(2025, 7, 2)))
    for typed, stem in (
        ("quý II/2025", "bao-cao-cchc-2025-Q2"),
        ("quy 2", "bao-cao-cchc-2025-Q2"),
        ("6 tháng đầu năm 2025", "bao-cao-cchc-2025-H1"),  # never the year's report
        ("6 thang", "bao-cao-cchc-2025-H1"),
        ("6thang 2025", "bao-cao-cchc-2025-H1"),
        ("năm 2025", "bao-cao-cchc-2025"),
        ("quy 2025-Q3", "bao-cao-cchc-2025-Q3"),
    ):
        before = len(bot.replies(LEADER))
        await bot.say(LEADER, f"/xuatbaocao {typed}")
        names = [
            m["document"]["file_name"] for m in bot.replies(LEADER)[before:] if "document" in m
        ]
        assert names == [f"{stem}.docx", f"{stem}.xlsx"], typed
    refused = await bot.say(LEADER, "/xuatbaocao thang 6/2025")  # a month is not a report
    assert "không phải là quý (2025-Q3), 6 tháng (2025-H1), năm (2025)" in refused
