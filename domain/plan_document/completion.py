"""Completion times as plans write them ("Quý II/2026", "Thường xuyên"...) as cadence and due.

The meaning of cadence and due is the plan file's (domain/occurrences.py default_due): once with
an ISO date; weekly on a weekday; monthly and quarterly on a day of the period's last month (its
last day when none is given); yearly on MM-DD (31 December when none is given).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from domain.text import fold

ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10}


@dataclass(frozen=True)
class Completion:
    cadence: str  # once, weekly, monthly, quarterly, yearly
    due: str = ""  # as the plan file writes it ("" for the default of the cadence)
    check: str = ""  # a "kiểm tra" note when the reading is inferred, "" when read as written
    read: bool = True  # False when the text could not be read at all


def _last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _year(found: str | None, default: int) -> int:
    if not found:
        return default
    year = int(found)
    return year + 2000 if year < 100 else year


def _once(day: date, start: int, end: int, text: str, check: str = "") -> Completion:
    if not start <= day.year <= end:
        return Completion(
            "yearly", "", f"hạn '{text}' nằm ngoài giai đoạn {start}-{end}; tạm để cuối năm", False
        )
    return Completion("once", day.isoformat(), check)


_EVERY = r"(?:hang|moi|dinh ky)"


def read_completion(raw: str, start: int, end: int) -> Completion:
    """Read one "Thời gian hoàn thành" cell (or a time phrase in a sentence) for a plan of the
    years start..end. Anything not understood becomes a yearly task with a note to check."""
    text = " ".join(raw.split())
    f = fold(text).strip(" .;")
    year_default = end  # a yearly plan: its year; a longer plan: its last year, with a note
    if not f:
        return Completion("yearly", "", "không ghi thời gian hoàn thành; tạm để cuối năm", False)
    # "Trước ngày 15/12/2026", "trước 15/12", "Hoàn thành trước ngày 30/6"
    m = re.search(
        r"(?:truoc|cham nhat|den)\s*(?:ngay)?\s*(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{2,4}))?", f
    )
    if m and not re.search(rf"{_EVERY}\s+(?:thang|quy)", f):
        day, month = int(m.group(1)), int(m.group(2))
        if 1 <= month <= 12 and 1 <= day <= calendar.monthrange(2001, month)[1]:
            year = _year(m.group(3), year_default)
            check = "" if m.group(3) or start == end else f"không ghi năm; tạm lấy năm {year}"
            return _once(date(year, month, day), start, end, text, check)
    # "Trước ngày 20 hằng tháng" / "ngày 15 tháng cuối quý"
    m = re.search(r"ngay\s*(\d{1,2})\s*(?:cua\s*)?(?:hang|moi)\s*thang", f)
    if m and 1 <= int(m.group(1)) <= 28:
        return Completion("monthly", m.group(1))
    m = re.search(r"ngay\s*(\d{1,2})\s*(?:cua\s*)?thang\s*cuoi\s*(?:moi\s*)?quy", f)
    if m and 1 <= int(m.group(1)) <= 28:
        return Completion("quarterly", m.group(1))
    if re.search(rf"{_EVERY}\s*tuan|hang tuan", f):
        return Completion("weekly", "")
    if re.search(rf"{_EVERY}\s*thang", f):
        return Completion("monthly", "")
    if re.search(rf"{_EVERY}\s*quy", f):
        return Completion("quarterly", "")
    if re.search(rf"{_EVERY}\s*6\s*thang|6 thang (?:mot|1) lan|dinh ky 6 thang", f):
        return Completion(
            "quarterly", "", "định kỳ 6 tháng: tệp kế hoạch chưa có kỳ nửa năm, tạm để hằng quý"
        )
    # "6 tháng đầu năm (2026)", "6 tháng cuối năm"
    m = re.search(r"6 thang (dau|cuoi) nam\s*(\d{4})?", f)
    if m:
        year = _year(m.group(2), year_default)
        month = 6 if m.group(1) == "dau" else 12
        return _once(_last_day(year, month), start, end, text)
    # "Quý II/2026", "Quý 3 năm 2026", "Quý I, II/2026", "Quý III-IV/2026"
    m = re.search(
        r"quy\s*([ivx]+|[1-4])((?:\s*[,-]\s*|\s+va\s+)(?:[ivx]+|[1-4]))*\s*(?:/|nam)?\s*(\d{4})?", f
    )
    if m:
        quarters = re.findall(
            r"\b(i{1,3}|iv|[1-4])\b", m.group(0).split("/")[0].replace("quy", " ")
        )
        numbers = [ROMAN.get(q) or int(q) for q in quarters if (ROMAN.get(q) or q.isdigit())]
        if numbers and max(numbers) <= 4:
            year = _year(m.group(3), year_default)
            check = "" if len(numbers) == 1 else f"'{text}': tạm lấy hạn cuối quý {max(numbers)}"
            if not m.group(3) and start != end:
                check = f"không ghi năm; tạm lấy năm {year}"
            return _once(_last_day(year, 3 * max(numbers)), start, end, text, check)
    # "Tháng 3/2026", "tháng 3 năm 2026", "Tháng 3-6/2026", "Tháng 11, 12/2026"
    m = re.search(
        r"thang\s*(\d{1,2})((?:\s*[,-]\s*|\s+va\s+|\s+den\s+)\d{1,2})*\s*(?:/|nam)\s*(\d{2,4})", f
    )
    if not m:
        m = re.search(r"thang\s*(\d{1,2})((?:\s*[,-]\s*|\s+va\s+|\s+den\s+)\d{1,2})*()\s*$", f)
    if m:
        months = [int(x) for x in re.findall(r"\d{1,2}", m.group(0).split("/")[0].split("nam")[0])]
        if months and all(1 <= x <= 12 for x in months):
            year = _year(m.group(3) or None, year_default)
            check = "" if len(months) == 1 else f"'{text}': tạm lấy hạn cuối tháng {max(months)}"
            if not m.group(3) and start != end:
                check = f"không ghi năm; tạm lấy năm {year}"
            return _once(_last_day(year, max(months)), start, end, text, check)
    # "Ngày 15/12/2026"
    m = re.search(r"(\d{1,2})/(\d{1,2})/(\d{4})", f)
    if m and 1 <= int(m.group(2)) <= 12 and 1 <= int(m.group(1)) <= 28:
        return _once(date(int(m.group(3)), int(m.group(2)), int(m.group(1))), start, end, text)
    if re.search(r"thuong xuyen|lien tuc|thuong nien", f):
        return Completion("quarterly", "", f"'{text}': việc thường xuyên, tạm báo cáo hằng quý")
    if re.search(r"ca nam|trong nam|hang nam|moi nam", f):
        return Completion("yearly", "", f"'{text}': theo dõi một lần mỗi năm, hạn 31/12")
    m = re.fullmatch(r"(?:nam\s*)?(\d{4})", f)
    if m:
        return _once(
            date(int(m.group(1)), 12, 31), start, end, text, f"'{text}': tạm lấy hạn 31/12"
        )
    return Completion("yearly", "", f"không đọc được thời gian '{text}'; tạm để hạn 31/12", False)
