"""Plan documents for the import tests, written as Word files with python-docx.

- `five_year_docx`: the shipped plan's text (data/plans/ke-hoach-124-...txt) saved as .docx the
  way Word documents of it look: the header and the signature in borderless tables, headings in
  bold, bullets as a Word bullet list (no "-" typed), items a), b) typed.
- `yearly_docx`: a yearly plan (Kế hoạch CCHC năm 2026) in the shape described in
  ../shared/DOMAIN.md "Plans as documents". ITS CONTENT IS A TEST DOCUMENT written for these
  tests, realistic for the merged Kiến Hưng ward, NOT the ward's real plan: the document says so
  in its first line. The names, number and date are invented for the test.
"""

from __future__ import annotations

from pathlib import Path

import docx
from docx.document import Document as DocxDocument

from domain.plan_document.blocks import Line, text_blocks

TEST_NOTE = (
    "TÀI LIỆU KIỂM THỬ của cchc-bot, không phải kế hoạch thật của phường Kiến Hưng: "
    "nội dung, số hiệu, ngày và người ký do người viết kiểm thử đặt ra."
)


def _header_table(document: DocxDocument, left: list[str], right: list[str]) -> None:
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "\n".join(left[:-1])
    table.cell(1, 0).text = left[-1]
    table.cell(0, 1).text = "\n".join(right[:-1])
    table.cell(1, 1).text = right[-1]


def _signature_table(document: DocxDocument, recipients: list[str], signer: list[str]) -> None:
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "\n".join(recipients)
    table.cell(0, 1).text = "\n".join(signer)


def _bold(document: DocxDocument, text: str) -> None:
    document.add_paragraph().add_run(text).bold = True


def five_year_docx(source: Path, out: Path) -> Path:
    """The shipped plan's text as a Word document (same words, Word's layout)."""
    lines = [b for b in text_blocks(source.read_text(encoding="utf-8")) if isinstance(b, Line)]
    start = next(i for i, b in enumerate(lines) if b.text == "KẾ HOẠCH")
    head = [b.text for b in lines[:start]]
    motto = [t for t in head if t.startswith(("CỘNG HÒA", "Độc lập"))]
    issuer = [t for t in head if t not in motto and not t.startswith("Số:") and ", ngày" not in t]
    number = next(t for t in head if t.startswith("Số:"))
    dated = next(t for t in head if ", ngày" in t)
    document = docx.Document()
    _header_table(document, [*issuer, number], [*motto, dated])
    end = next(i for i, b in enumerate(lines) if b.text.startswith("Noi nhận"))
    for line in lines[start:end]:
        if line.heading:
            _bold(document, line.text)
        elif line.bullet:
            document.add_paragraph(line.text, style="List Bullet")
        else:
            document.add_paragraph(line.text)
    recipients = [f"- {b.text}" if b.bullet else b.text for b in lines[end:-1]]
    _signature_table(document, recipients, ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "", lines[-1].text])
    document.save(str(out))
    return out


# -- the yearly plan (test document) ---------------------------------------------------------------

YEARLY_TARGETS = (
    "Chỉ số cải cách hành chính (PAR INDEX) năm 2026 của phường xếp trong top 10 các phường, xã"
    " của Thành phố.",
    "Mức độ hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính (SIPAS)"
    " đạt trên 85%.",
    "100% thủ tục hành chính thuộc thẩm quyền giải quyết của phường được công khai đầy đủ, đúng"
    " quy định trên Cổng Dịch vụ công quốc gia.",
    "Tỷ lệ hồ sơ thủ tục hành chính được giải quyết đúng hạn và trước hạn đạt tối thiểu 98%.",
    "Tỷ lệ hồ sơ trực tuyến toàn trình đạt từ 80% trở lên trên tổng số hồ sơ tiếp nhận.",
    "100% kết quả giải quyết thủ tục hành chính được số hóa và lưu trữ điện tử.",
    "100% văn bản quy phạm pháp luật do HĐND, UBND phường ban hành được rà soát, kiểm tra theo"
    " quy định.",
    "Tỷ lệ văn bản, hồ sơ công việc được xử lý trên môi trường mạng đạt tối thiểu từ 90% đến 95%"
    " (trừ văn bản mật).",
    "Thực hiện nghiêm kỷ luật, kỷ cương hành chính; không có cán bộ, công chức bị xử lý kỷ luật"
    " do vi phạm trong thực thi công vụ.",
    "Giải ngân vốn đầu tư công năm 2026 đạt trên 95% kế hoạch được giao.",
)

VP = "Văn phòng HĐND và UBND"
KT = "Phòng Kinh tế - Hạ tầng - Đô thị"
VH = "Phòng Văn hóa - Xã hội"
TT = "Trung tâm Phục vụ hành chính công"

# The annex: a section row (a Roman numeral and its title) or a task row
# (STT, content, lead, support, completion, product). "^" in the lead column: merged with the
# cell above (the same lead for two rows).
ANNEX: tuple[tuple[str, ...], ...] = (
    ("I", "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH"),
    ("1", "Xây dựng, ban hành Kế hoạch cải cách hành chính năm 2026 của phường", VP,
     "Các phòng, đơn vị liên quan", "Tháng 1/2026", "Kế hoạch"),
    ("2", "Xây dựng Kế hoạch kiểm tra công tác cải cách hành chính năm 2026", VP,
     "Phòng VH-XH; Trung tâm PVHCC", "Quý I/2026", "Kế hoạch"),
    ("3", "Tự kiểm tra công tác cải cách hành chính tại các phòng, đơn vị thuộc UBND phường",
     VP, "Các phòng, đơn vị liên quan", "Quý III/2026", "Báo cáo"),
    ("4", "Báo cáo kết quả thực hiện công tác cải cách hành chính định kỳ gửi UBND Thành phố",
     VP, "Các phòng, đơn vị liên quan", "Hằng quý", "Báo cáo"),
    ("5", "Tự đánh giá, chấm điểm Chỉ số cải cách hành chính năm 2026 của phường", VP,
     "Các phòng, đơn vị liên quan", "Trước ngày 15/12/2026", "Báo cáo tự đánh giá"),
    ("II", "CẢI CÁCH THỂ CHẾ"),
    ("1", "Rà soát, kiểm tra văn bản quy phạm pháp luật do HĐND, UBND phường ban hành", VP,
     KT + "\n" + VH, "6 tháng đầu năm", "Báo cáo kết quả rà soát"),
    ("2", "Theo dõi tình hình thi hành pháp luật trên địa bàn phường", "^",
     "Các phòng, đơn vị liên quan", "Cả năm", "Báo cáo"),
    ("3", "Tuyên truyền, phổ biến văn bản pháp luật mới về cải cách hành chính cho cán bộ,"
     " công chức và Nhân dân", VP, "Phòng VH-XH; Ủy ban MTTQ Việt Nam phường",
     "Thường xuyên", "Hội nghị, tài liệu"),
    ("III", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH"),
    ("1", "Công khai thủ tục hành chính trên Cổng Dịch vụ công quốc gia và tại Trung tâm"
     " Phục vụ hành chính công", TT, VP, "Quý I/2026", "Số liệu trên hệ thống"),
    ("2", "Tiếp nhận, giải quyết hồ sơ thủ tục hành chính theo cơ chế một cửa, một cửa liên"
     " thông", TT, "Các phòng, đơn vị liên quan", "Thường xuyên", "Số liệu trên hệ thống"),
    ("3", "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính", TT, VP, "Hằng tháng",
     "Số liệu trên hệ thống"),
    ("4", "Tiếp nhận, xử lý phản ánh, kiến nghị của người dân, tổ chức về quy định hành chính",
     VP, "Trung tâm PVHCC", "Thường xuyên", "Báo cáo"),
    ("5", "Tổ chức đối thoại với người dân, doanh nghiệp về thủ tục hành chính", VP,
     TT + "; " + KT, "Quý II/2026", "Biên bản đối thoại"),
    ("IV", "CẢI CÁCH TỔ CHỨC BỘ MÁY"),
    ("1", "Rà soát chức năng, nhiệm vụ, quyền hạn của các phòng, đơn vị thuộc UBND phường",
     VP, "Các phòng, đơn vị liên quan", "Tháng 3/2026", "Quyết định"),
    ("2", "Ban hành Quy chế làm việc của UBND phường", VP, "", "Trước ngày 30/6/2026",
     "Quyết định"),
    ("V", "CẢI CÁCH CHẾ ĐỘ CÔNG VỤ"),
    ("1", "Xây dựng Đề án vị trí việc làm của phường", VP, "Các phòng, đơn vị liên quan",
     "Quý II/2026", "Đề án"),
    ("2", "Đánh giá, xếp loại chất lượng cán bộ, công chức năm 2026", VP,
     "Các phòng, đơn vị liên quan", "Tháng 12/2026", "Quyết định"),
    ("3", "Kiểm tra việc chấp hành kỷ luật, kỷ cương hành chính, văn hóa công vụ", VP,
     "Công an phường", "Hằng quý", "Báo cáo"),
    ("VI", "CẢI CÁCH TÀI CHÍNH CÔNG"),
    ("1", "Xây dựng dự toán thu, chi ngân sách phường năm 2026", KT, VP, "Tháng 1/2026",
     "Quyết định"),
    ("2", "Công khai ngân sách phường theo quy định", KT, "", "Hằng quý", "Văn bản"),
    ("3", "Đẩy nhanh tiến độ giải ngân vốn đầu tư công", KT, VP, "Cả năm", "Báo cáo"),
    ("VII", "XÂY DỰNG, PHÁT TRIỂN CHÍNH QUYỀN ĐIỆN TỬ, CHÍNH QUYỀN SỐ"),
    ("1", "Xử lý văn bản, hồ sơ công việc trên hệ thống quản lý văn bản và điều hành", VP,
     "Các phòng, đơn vị liên quan", "Thường xuyên", "Số liệu trên hệ thống"),
    ("2", "Hướng dẫn người dân sử dụng dịch vụ công trực tuyến toàn trình", TT,
     "Phòng VH-XH; Công an phường", "Hằng tháng", "Số liệu trên hệ thống"),
    ("3", "Triển khai Kế hoạch chuyển đổi số của phường năm 2026", VP, KT,
     "Tháng 3-6/2026", "Kế hoạch"),
    ("VIII", "CÔNG TÁC THÔNG TIN, TUYÊN TRUYỀN CẢI CÁCH HÀNH CHÍNH"),
    ("1", "Đăng tin, bài về cải cách hành chính trên trang thông tin điện tử của phường", VH,
     VP, "Hằng tháng", "Tin, bài"),
    ("2", "Tổ chức Hội thi tìm hiểu về cải cách hành chính", VH, VP + "; " + TT,
     "Quý III/2026", "Kế hoạch, báo cáo"),
    ("3", "Tuyên truyền trên hệ thống loa truyền thanh của phường", VH, "", "Theo chỉ đạo",
     "Văn bản"),
)  # fmt: skip

COLUMNS = (
    "STT",
    "Nội dung nhiệm vụ",
    "Cơ quan chủ trì",
    "Cơ quan phối hợp",
    "Thời gian hoàn thành",
    "Sản phẩm",
    "Ghi chú",
)


def _annex(document: DocxDocument) -> None:
    document.add_paragraph().add_run("PHỤ LỤC").bold = True
    document.add_paragraph("NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM 2026 CỦA PHƯỜNG KIẾN HƯNG")
    document.add_paragraph("(Kèm theo Kế hoạch số 12/KH-UBND ngày 25/12/2025 của UBND phường)")
    table = document.add_table(rows=2, cols=len(COLUMNS))
    for i, name in enumerate(COLUMNS):
        table.cell(0, i).text = name
        table.cell(1, i).text = f"({i + 1})"
    full_width = True
    for entry in ANNEX:
        row = table.add_row()
        index = len(table.rows) - 1
        if len(entry) == 2:
            roman, title = entry
            if full_width:  # one cell across the whole row: "I. CÔNG TÁC ..."
                row.cells[0].merge(row.cells[-1]).text = f"{roman}. {title}"
            else:  # the numeral in STT, the title across the other columns
                row.cells[0].text = roman
                row.cells[1].merge(row.cells[-1]).text = title
            full_width = not full_width
            continue
        stt, content, lead, support, time, product = entry
        values = (stt, content, lead, support, time, product, "")
        for i, value in enumerate(values):
            if i == 2 and value == "^":
                table.cell(index - 1, 2).merge(table.cell(index, 2))
                continue
            row.cells[i].text = value


def yearly_docx(out: Path, *, annex: bool = True) -> Path:
    """The test yearly plan of Kiến Hưng 2026 (see TEST_NOTE), with or without its annex."""
    document = docx.Document()
    document.add_paragraph().add_run(TEST_NOTE).italic = True
    _header_table(
        document,
        ["ỦY BAN NHÂN DÂN", "PHƯỜNG KIẾN HƯNG", "Số: 12/KH-UBND"],
        [
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "Kiến Hưng, ngày 25 tháng 12 năm 2025",
        ],
    )
    _bold(document, "KẾ HOẠCH")
    _bold(document, "Cải cách hành chính năm 2026 của phường Kiến Hưng")
    document.add_paragraph(
        "Thực hiện Kế hoạch cải cách hành chính năm 2026 của UBND Thành phố Hà Nội, UBND phường"
        " Kiến Hưng ban hành Kế hoạch cải cách hành chính (CCHC) năm 2026 như sau:"
    )
    _bold(document, "I. MỤC ĐÍCH, YÊU CẦU")
    document.add_paragraph(
        "Triển khai đồng bộ, hiệu quả các nhiệm vụ CCHC năm 2026; gắn trách nhiệm của người"
        " đứng đầu với kết quả thực hiện; lấy sự hài lòng của người dân, tổ chức làm thước đo.",
        style="List Bullet",
    )
    _bold(document, "II. CHỈ TIÊU")
    for n, target in enumerate(YEARLY_TARGETS, start=1):
        document.add_paragraph(f"{n}. {target}")
    _bold(document, "III. NHIỆM VỤ TRỌNG TÂM")
    document.add_paragraph("(Chi tiết nhiệm vụ tại Phụ lục kèm theo)")
    sections = [e for e in ANNEX if len(e) == 2]
    for n, (_, title) in enumerate(sections, start=1):
        _bold(document, f"{n}. {title[:1]}{title[1:].lower()}")
        for entry in ANNEX[ANNEX.index((_, title)) + 1 :]:
            if len(entry) == 2:
                break
            document.add_paragraph(f"{entry[1]}.", style="List Bullet")
    _bold(document, "IV. TỔ CHỨC THỰC HIỆN")
    duties = (
        (VP, "Là cơ quan thường trực, tham mưu UBND phường theo dõi, đôn đốc việc thực hiện"
         " Kế hoạch; tổng hợp, báo cáo kết quả thực hiện hằng quý."),
        (KT, "Chủ trì tham mưu thực hiện nhiệm vụ cải cách tài chính công; công khai ngân sách"
         " theo quy định."),
        (VH, "Chủ trì công tác thông tin, tuyên truyền về cải cách hành chính; đăng tin, bài"
         " trên trang thông tin điện tử của phường hằng tháng."),
        (TT, "Chủ trì tiếp nhận, giải quyết thủ tục hành chính theo cơ chế một cửa, một cửa"
         " liên thông; báo cáo số liệu giải quyết hồ sơ hằng tháng."),
    )  # fmt: skip
    for n, (unit, duty) in enumerate(duties, start=1):
        document.add_paragraph(f"{n}. {unit}: {duty}")
    document.add_paragraph(
        "Trên đây là Kế hoạch cải cách hành chính năm 2026 của UBND phường Kiến Hưng./."
    )
    _signature_table(
        document,
        ["Nơi nhận:", "- UBND Thành phố;", "- Thường trực Đảng ủy phường;", "- Lưu: VT."],
        ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "", "Trần Minh Hoàng"],
    )
    if annex:
        _annex(document)
    document.save(str(out))
    return out
