"""Read a ward's CCHC plan document (as blocks) into a draft plan.

Two shapes are read, and a document may mix them:
- the five-year plan (Kế hoạch 124/KH-UBND): I. Mục đích, yêu cầu; II. 1. Chỉ tiêu (1.x per reform
  area, one target a bullet), 2. Nhiệm vụ (2.x per area, items a), b)...); III. Tổ chức thực
  hiện, 2.x one department each with its duties as bullets, 4. Chế độ báo cáo;
- the yearly plan: numbered targets with percentages, and an annex table STT | Nội dung nhiệm vụ
  | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành | Sản phẩm, with a merged row per
  reform area (I ... VIII).
Codes follow the document's numbering so that a person finds the line: a target 1.3a is II.1.3's
first bullet, a task 2.1a is II.2.1's item a), a duty 3.2.1a is III.2.1's first bullet, an annex
task 3.2 is row 2 of the annex's section III.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise

from domain.plan_document.blocks import Block, Line, Table
from domain.plan_document.completion import ROMAN, read_completion
from domain.plan_document.departments import (
    Unit,
    clean_name,
    is_everyone,
    match_unit,
    short_code,
    split_mentions,
)
from domain.plan_document.draft import DraftDepartment, DraftPlan, DraftTarget, DraftTask
from domain.plan_document.targets import has_goal, read_target, short_name, year_phrase
from domain.text import fold


class NotAPlan(ValueError):
    """The document has none of a CCHC plan's parts (no targets, tasks nor annex table)."""


_ROMAN_HEAD = re.compile(r"^((?:VIII|VII|VI|IV|IX|V|X|I{1,3}))[.:]\s*(.*)$")
_NUMBERED = re.compile(r"^(\d{1,2}(?:\.\d{1,2})+)\.?\s+(.*)$|^(\d{1,2})\.\s+(.*)$")
_LETTERED = re.compile(r"^([a-zđ])\)\s*(.*)$")
_UNIT_START = re.compile(
    r"(?i)(văn phòng|phòng|trung tâm|bộ phận|công chức|ban|công an|đề nghị|ủy ban|mặt trận)"
)
_OWN_UNITS = ("van phong", "phong", "trung tam", "bo phan", "cong chuc")
_LATIN = "abcdefghiklmnopqrstuvxyz"  # bullets the document does not letter, lettered in order

# Reform areas as the national programme names them, to tell an area heading and to sort a
# yearly plan's unnumbered targets (folded keywords, first match wins).
AREA_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("chi dao", ("chi dao", "dieu hanh")),
    ("the che", ("the che", "quy pham phap luat")),
    ("thu tuc", ("thu tuc hanh chinh", "tthc", "mot cua", "dich vu cong", "dvc", "ho so")),
    ("bo may", ("bo may",)),
    ("cong vu", ("cong vu", "can bo, cong chuc", "cong chuc", "chuyen doi vi tri")),
    ("tai chinh", ("tai chinh", "ngan sach")),
    ("so", ("chinh quyen dien tu", "chinh quyen so", "chuyen doi so", "cntt", "truc tuyen")),
    ("tuyen truyen", ("tuyen truyen", "thong tin")),
)
# Which kind of unit usually carries a reform area when the plan does not say (a ward's own
# division of work: the office coordinates CCHC as a whole; justice handles legal documents and
# procedures; culture and society handles information; finance handles the budget). Folded
# area keyword -> folded words of the unit's name, in order of preference.
AREA_UNITS: dict[str, tuple[str, ...]] = {
    "the che": ("tu phap",),
    "thu tuc": ("tu phap", "phuc vu hanh chinh cong"),
    "tai chinh": ("tai chinh", "kinh te"),
    "tuyen truyen": ("van hoa",),
}
# Words too common in plans to tell one duty from another.
_STOP = {
    "va", "cua", "cac", "cho", "trong", "theo", "voi", "de", "tai", "la", "duoc", "co", "mot",
    "nhung", "nay", "do", "ve", "tu", "den", "tren", "duoi", "phuong", "ubnd", "thuc", "hien",
    "trien", "khai", "tham", "muu", "phoi", "hop", "chu", "tri", "nhiem", "vu", "cong", "tac",
    "can", "bo", "chuc", "phan", "chuyen", "mon", "lien", "quan", "quy", "dinh",
}  # fmt: skip


@dataclass
class _Context:
    roman: str = ""
    mode: str = "skip"  # skip, targets, tasks, duties, reporting, mixed
    parts: dict[str, str] = field(default_factory=dict)  # top number -> mode under this roman
    path: str = ""  # numeric path of the current heading ("1.3")
    area: str = ""
    dept: str = ""
    item: DraftTask | DraftTarget | None = None
    lettered: bool = False  # the current item was lettered a), b)...
    count: int = 0  # items under the current heading


def _fold(text: str) -> str:
    return fold(text).strip()


def _mode(title: str) -> str:
    f = _fold(title)
    if "phu luc" in f:
        return "annex"
    if ("chi tieu" in f or "muc tieu" in f) and "nhiem vu" in f:
        return "mixed"
    if "chi tieu" in f:
        return "targets"
    if "nhiem vu" in f and "trach nhiem" not in f:
        return "tasks"
    if "to chuc thuc hien" in f:
        return "org"
    if "trach nhiem" in f or "phan cong" in f:
        return "duties"
    if "bao cao" in f:
        return "reporting"
    return "skip"


def _is_heading(line: Line, text: str, styled: bool) -> bool:
    words = len(text.split())
    if "%" in text or ";" in text:
        return False
    if line.heading:
        return words <= 30
    return words <= (12 if styled else 20) and not text.endswith(",")


def area_of(text: str, areas: Sequence[tuple[str, str]]) -> str:
    """The code of the reform area a heading or sentence belongs to, or ""."""
    f = _fold(text)
    for key, words in AREA_WORDS:
        if any(w in f for w in words):
            for code, name in areas:
                if key in _fold(name) or any(w in _fold(name) for w in words[:1]):
                    return code
    return ""


def _bigrams(text: str) -> set[tuple[str, str]]:
    words = [w for w in re.findall(r"[a-z0-9]+", fold(text)) if w not in _STOP]
    return set(pairwise(words))


def _title(text: str) -> str:
    """Sentence case for a title written in capitals ("CẢI CÁCH THỂ CHẾ")."""
    text = " ".join(text.split()).strip(" .:;")
    if text.isupper():
        text = text.lower()
        for keep in ("cchc", "tthc", "cntt", "ubnd", "hđnd", "mttq", "vh", "xh"):
            text = re.sub(rf"\b{keep}\b", keep.upper(), text)
    return text[:1].upper() + text[1:]


class _Reader:
    def __init__(self, blocks: Sequence[Block], source: str) -> None:
        self.blocks = _layout_tables_as_lines(blocks)
        self.styled = any(isinstance(b, Line) and b.heading for b in self.blocks)
        self.plan = DraftPlan(source=source)
        self.units: list[Unit] = []
        self.duty_text: dict[str, list[str]] = {}  # dept code -> its duty sentences
        self.body_tasks: list[DraftTask] = []
        self._df: dict[tuple[str, str], int] = {}

    # -- departments ---------------------------------------------------------------------------

    def unit(self, name: str, section: str = "", check: str = "") -> str:
        """The code of the department a name means, adding it to the plan if it is new."""
        found = match_unit(name, self.units)
        if found:
            return found.code
        name = _title(clean_name(name))
        code = short_code(name)
        taken = {u.code for u in self.units}
        base, n = code, 2
        while code in taken:
            code, n = f"{base[:10]}{n}", n + 1
        self.units.append(Unit(code, name))
        checks = {"code": "mã viết tắt tự đặt từ tên đơn vị"}
        if check:
            checks["name"] = check
        self.plan.departments.append(DraftDepartment(code, name, section, checks))
        return code

    def units_in(self, cell: str, lead: str = "") -> tuple[list[str], list[str]]:
        """The department codes a table cell names, and the mentions it could not place."""
        codes: list[str] = []
        notes: list[str] = []
        for mention in split_mentions(cell):
            if is_everyone(mention):
                # "các phòng, đơn vị liên quan": the ward's own units, not the Front or police
                own = [u for u in self.units if _fold(u.name).startswith(_OWN_UNITS)]
                codes += [u.code for u in own if u.code != lead and u.code not in codes]
                notes.append(f"'{mention}': tạm lấy tất cả các phòng, đơn vị của UBND")
                continue
            pieces = [mention]
            if match_unit(mention, self.units) is None and "," in mention:
                split = [p.strip() for p in mention.split(",") if p.strip()]
                if all(match_unit(p, self.units) for p in split):
                    pieces = split
            for piece in pieces:
                known = match_unit(piece, self.units)
                code = known.code if known else self.unit(piece, check="đơn vị mới, có trong bảng")
                if not known:
                    notes.append(f"'{piece}': đơn vị mới, mã {code}")
                if code not in codes and code != lead:
                    codes.append(code)
        return codes, notes

    # -- header ----------------------------------------------------------------------------------

    def header(self) -> None:
        plan = self.plan
        lines = [b.text for b in self.blocks if isinstance(b, Line)]
        head = lines[:30]
        for i, text in enumerate(head):
            f = _fold(text)
            if not plan.issuer and (f.startswith("uy ban nhan dan") or f.startswith("ubnd ")):
                rest = re.sub(r"^(?:ủy|uỷ) ban nhân dân|^ubnd", "", text, flags=re.IGNORECASE)
                rest = rest.strip()
                if not rest and i + 1 < len(head):
                    rest = head[i + 1]
                m = re.match(r"(?i)(phường|xã|thị trấn)\s+(.+)", rest.strip())
                if m:
                    kind = m.group(1).lower()
                    name = " ".join(w[:1].upper() + w[1:].lower() for w in m.group(2).split())
                    plan.ward = f"{kind} {name}"
                    plan.issuer = f"Ủy ban nhân dân {plan.ward}"
            m = re.match(r"(?i)^số\s*:\s*(\S+)", text)
            if m and not plan.code:
                plan.code = m.group(1).strip(" .")
            m = re.search(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", text)
            if m and plan.issued_on is None and len(text) < 80:
                try:
                    plan.issued_on = date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
                except ValueError:
                    plan.checks["issued_on"] = f"ngày không hợp lệ: '{m.group(0)}'"
            if f.startswith("ke hoach") and not plan.title:
                parts = [text]
                for more in head[i + 1 : i + 5]:
                    fm = _fold(more)
                    if len(more) > 160 or fm.startswith(("thuc hien", "can cu", "i.", "i ")):
                        break
                    parts.append(more)
                title = " ".join(parts)
                title = re.sub(r"(?i)^kế hoạch\s*", "", title).strip()
                plan.title = "Kế hoạch " + (title[:1].upper() + title[1:] if title else "")
                if title.isupper():
                    plan.title = "Kế hoạch " + _title(title)
        if not plan.issuer:
            plan.issuer, plan.ward = "Ủy ban nhân dân phường", "phường"
            plan.checks["issuer"] = "không đọc được cơ quan ban hành"
            plan.unread.append("cơ quan ban hành")
        if not plan.code:
            plan.code = "chưa rõ"
            plan.checks["code"] = "không đọc được số kế hoạch"
            plan.unread.append("số kế hoạch")
        if not plan.title:
            plan.title = f"Kế hoạch cải cách hành chính {plan.ward}"
            plan.checks["title"] = "không đọc được tên kế hoạch"
            plan.unread.append("tên kế hoạch")
        self.period(lines)
        if plan.issued_on is None:
            plan.issued_on = date(plan.period_start, 1, 1)
            plan.checks["issued_on"] = "không đọc được ngày ban hành; tạm lấy 01/01"
            plan.unread.append("ngày ban hành")
        self.places(lines)
        self.signer(lines)
        place = re.sub(
            r"[^a-z0-9]+", "-", fold(re.sub(r"(?i)^(phường|xã|thị trấn)", "", plan.ward))
        )
        years = f"{plan.period_start}" + (
            f"-{plan.period_end}" if plan.period_end != plan.period_start else ""
        )
        plan.slug = f"{place.strip('-') or 'ke-hoach'}-{years}"
        plan.checks["slug"] = "tên ngắn tự đặt từ tên phường và giai đoạn"

    def period(self, lines: list[str]) -> None:
        plan = self.plan
        where = " ".join([plan.title, *lines[:40]])
        m = re.search(r"giai đoạn\s+(20\d\d)\s*[-–]\s*(20\d\d)", plan.title) or re.search(
            r"giai đoạn\s+(20\d\d)\s*[-–]\s*(20\d\d)", where
        )
        if m and int(m.group(1)) <= int(m.group(2)):
            plan.period_start, plan.period_end = int(m.group(1)), int(m.group(2))
            plan.form = "five-year"
            return
        m = re.search(r"năm\s+(20\d\d)", plan.title)
        if m:
            plan.period_start = plan.period_end = int(m.group(1))
            plan.form = "yearly"
            return
        if plan.issued_on:
            # a yearly plan issued in November or December is next year's
            year = plan.issued_on.year + (plan.issued_on.month >= 11)
        else:
            years = re.findall(r"\b(20\d\d)\b", where)
            year = int(max(set(years), key=years.count)) if years else 2000
        plan.period_start = plan.period_end = year
        plan.form = "yearly"
        plan.checks["period_start"] = "không đọc được giai đoạn; tạm lấy một năm theo ngày ban hành"
        plan.unread.append("giai đoạn của kế hoạch")

    def places(self, lines: list[str]) -> None:
        text = " ".join(lines[:60])
        m = re.search(r"\b(?:quận|huyện|thị xã)\s+((?:[A-ZĐ][^\s,.;:()]*\s?){1,3})", text)
        if m:
            kind = m.group(0).split()[0]
            self.plan.district = f"{kind[:1].upper()}{kind[1:]} {m.group(1).strip()}"
            self.plan.checks["district"] = "đọc từ phần mở đầu"
        m = re.search(r"\b(?:thành phố|tỉnh)\s+((?:[A-ZĐ][^\s,.;:()]*\s?){1,3})", text, re.I)
        if m and m.group(1)[:1].isupper():
            kind = m.group(0).split()[0].lower()
            kind = "Thành phố" if kind == "thành" else "Tỉnh"
            self.plan.city = f"{kind} {m.group(1).strip()}"
            self.plan.checks["city"] = "đọc từ phần mở đầu"

    def signer(self, lines: list[str]) -> None:
        name_like = re.compile(r"^(?:[A-ZĐ][^\s\d]*\s){1,4}[A-ZĐ][^\s\d]*$")
        tail = lines[-25:]
        for i, text in enumerate(tail):
            if re.search(r"(?i)\bchủ tịch\b", text) and len(text) < 40:
                for after in tail[i + 1 :]:
                    if name_like.match(after) and not after.isupper():
                        self.plan.signed_by = after
                        return
                    if name_like.match(after):
                        self.plan.signed_by = _title_name(after)
                        return
        for text in reversed(tail):
            if name_like.match(text) and not _fold(text).startswith(("noi nhan", "luu")):
                self.plan.signed_by = _title_name(text) if text.isupper() else text
                self.plan.checks["signed_by"] = "đoán người ký từ dòng tên cuối văn bản"
                return
        self.plan.checks["signed_by"] = "không thấy người ký"

    # -- body ------------------------------------------------------------------------------------

    def body(self) -> None:
        ctx = _Context()
        for block in self.blocks:
            if isinstance(block, Table):
                self.table(block)
                continue
            text = block.text
            roman = _ROMAN_HEAD.match(text)
            if roman and _is_heading(block, roman.group(2), self.styled):
                ctx = _Context(roman=roman.group(1), mode=_mode(roman.group(2)))
                continue
            if _fold(text).startswith("phu luc"):
                ctx = _Context(mode="annex")
                continue
            if _fold(text).startswith(("noi nhan", "tren day la", "tm. uy ban", "kt. chu tich")):
                ctx = _Context()  # the plan's closing lines: recipients and signature
                continue
            if ctx.mode in ("skip", "annex"):
                continue
            numbered = _NUMBERED.match(text)
            if numbered:
                path = numbered.group(1) or numbered.group(3)
                title = numbered.group(2) or numbered.group(4)
                if _is_heading(block, title, self.styled):
                    self.heading(ctx, path, title)
                    continue
                if ctx.mode == "targets" and "." not in path:
                    self.target(ctx, title, code=f"CT{path}")
                    continue
                if ctx.mode in ("org", "duties") and self.unit_paragraph(ctx, path, title):
                    continue
            mode = self.mode_here(ctx)
            lettered = _LETTERED.match(text)
            if (mode == "targets" and ctx.area) or (mode == "targets" and not numbered):
                self.target(ctx, text)
            elif mode == "tasks":
                letter, body = (lettered.group(1), lettered.group(2)) if lettered else ("", text)
                self.task(ctx, letter, body, block)
            elif mode == "duties" and ctx.dept:
                self.duty(ctx, text, block)
            elif mode == "reporting":
                self.reporting(ctx, text)

    def mode_here(self, ctx: _Context) -> str:
        if ctx.path:
            top = ctx.path.split(".")[0]
            if top in ctx.parts:
                return ctx.parts[top]
        return ctx.mode

    def heading(self, ctx: _Context, path: str, title: str) -> None:
        parts = path.split(".")
        ctx.item, ctx.count = None, 0
        if len(parts) == 1:
            sub = _mode(title)
            if ctx.mode in ("mixed", "org", "targets", "tasks", "duties") and sub != "skip":
                ctx.parts[parts[0]] = sub
                ctx.path, ctx.area, ctx.dept = path, "", ""
                return
            if ctx.mode == "org" and sub == "skip":
                ctx.parts[parts[0]] = "skip"
                ctx.path = path
                return
        ctx.path = path
        mode = self.mode_here(ctx)
        if mode in ("targets", "tasks"):
            ctx.area = parts[-1]
            name = _title(re.sub(r"\s*\([^)]*\)\s*$", "", title.strip(" .")))
            known = dict(self.plan.areas)
            if ctx.area not in known:
                self.plan.areas.append((ctx.area, name))
            elif len(name) > len(known[ctx.area]):
                self.plan.areas = [(c, name if c == ctx.area else n) for c, n in self.plan.areas]
        elif mode == "duties":
            section = f"{ctx.roman}.{path}"
            ctx.dept = self.unit(title, section)
            dept = self.plan.department(ctx.dept)
            if dept and not dept.section:
                dept.section = section
        elif mode == "reporting":
            ctx.dept = ""

    def unit_paragraph(self, ctx: _Context, path: str, text: str) -> bool:
        """ "1. Văn phòng HĐND và UBND: chủ trì ..." in a yearly plan's Tổ chức thực hiện."""
        m = re.match(r"^([^:]{4,90}):\s*(.+)$", text)
        if not m:
            return False
        name = m.group(1)
        if not re.match(_UNIT_START, name):
            return False
        section = f"{ctx.roman}.{path}"
        ctx.dept = self.unit(name, section)
        ctx.path, ctx.count = path, 0
        ctx.parts.setdefault(path.split(".")[0], "duties")
        for sentence in [s for s in re.split(r"(?<=[.;])\s+(?=[A-ZĐ-])", m.group(2)) if s]:
            self.duty(ctx, sentence.strip(" -"), Line(sentence))
        return True

    def target(self, ctx: _Context, text: str, code: str = "") -> None:
        plan = self.plan
        clauses = [c.strip() for c in re.split(r";\s*", text) if c.strip()]
        groups: list[str] = []
        for clause in clauses:
            words = re.sub(
                r"(?i)(đến|trong|hàng|hằng)\s+năm(\s+20\d\d)?|đạt|tối thiểu|từ|trở lên|"
                r"\d+(?:[.,]\d+)?\s*%|đến|trên|phấn đấu",
                "",
                clause,
            ).split()
            starts_new = has_goal(clause) and len(words) >= 4
            if (groups and not starts_new) or (groups and not has_goal(groups[-1])):
                groups[-1] = f"{groups[-1]}; {clause}"
            else:
                groups.append(clause)
        inherited = year_phrase(clauses[0]) if clauses else ""
        for i, sentence in enumerate(groups):
            ctx.count += 1
            here = code if code and len(groups) == 1 else ""
            if not here:
                base = code or ctx.path
                here = f"{base}{_LATIN[ctx.count - 1]}" if base else f"CT{len(plan.targets) + 1}"
            checks: dict[str, str] = {}
            body = sentence.rstrip(" .") + "."
            years = inherited if i > 0 else ""
            if i > 0:
                checks["text"] = "tách từ một gạch đầu dòng có nhiều chỉ tiêu"
                if inherited and not year_phrase(body):
                    body = f"{inherited}, {body}"
            body = body[:1].upper() + body[1:]
            reading = read_target(body, plan.period_start, plan.period_end, years)
            section = f"{ctx.roman}.{ctx.path}" if ctx.path else ctx.roman
            target = DraftTarget(
                code=here,
                area=ctx.area,
                section=section,
                short=short_name(body),
                text=body,
                kind=reading.kind,
                metric=reading.metric,
                direction=reading.direction,
                scope=reading.scope,
                sipas=reading.sipas,
                milestones=reading.milestones,
                checks=checks,
            )
            checks["short"] = "tên ngắn rút từ câu chỉ tiêu"
            if reading.kind == "measurable":
                note = "; ".join(reading.checks) or "đọc từ câu chỉ tiêu"
                checks["milestones"] = note
                if reading.scope:
                    checks["scope"] = "phạm vi xếp hạng đọc từ câu"
                if reading.sipas:
                    checks["sipas"] = "câu nói về mức độ hài lòng"
            else:
                checks["kind"] = "không thấy con số: chỉ tiêu định tính"
            plan.targets.append(target)
            ctx.item = target

    def task(self, ctx: _Context, letter: str, text: str, block: Line) -> None:
        if not letter and block.bullet and isinstance(ctx.item, DraftTask) and ctx.lettered:
            ctx.item.text = f"{ctx.item.text} {text}"  # a bullet under item a): part of it
            return
        if re.fullmatch(r"\(.*\)", text):
            return  # "(Chi tiết tại Phụ lục kèm theo)"
        ctx.count += 1
        ctx.lettered = bool(letter)
        # II.2.1 a) is 2.1a (the part "2. Nhiệm vụ" is in the path); a yearly plan's
        # "III. NHIỆM VỤ" 1. ... is 3.1a
        base = ctx.path
        if not ctx.path or ctx.path.split(".")[0] not in ctx.parts:
            roman = str(ROMAN.get(ctx.roman.lower(), ""))
            base = f"{roman}.{ctx.path}" if ctx.path else roman
        if letter:
            code = f"{base}{letter}"
            if letter == "d" and any(t.code == code for t in self.body_tasks):
                code = f"{base}đ"  # "d) ... d)": the second is đ in Vietnamese lettering
        elif ctx.count == 1:
            code = base
        else:
            code = f"{base}{_LATIN[min(ctx.count, 24) - 1]}"
            if ctx.count == 2 and self.body_tasks and self.body_tasks[-1].code == base:
                self.body_tasks[-1].code = f"{base}a"  # a second unlettered item: letter both
        task = DraftTask(
            code=code,
            kind="task",
            area=ctx.area,
            section=f"{ctx.roman}.{ctx.path}",
            title=short_name(text, 12),
            text=text,
        )
        task.checks["title"] = "tên ngắn rút từ nội dung"
        self.body_tasks.append(task)
        ctx.item = task

    def duty(self, ctx: _Context, text: str, block: Line) -> None:
        del block
        ctx.count += 1
        code = f"{ROMAN.get(ctx.roman.lower(), 3)}.{ctx.path}{_LATIN[(ctx.count - 1) % 24]}"
        duty = DraftTask(
            code=code,
            kind="duty",
            area="",
            section=f"{ctx.roman}.{ctx.path}",
            title=short_name(text, 12),
            text=text.rstrip(" .") + ".",
            lead=ctx.dept,
        )
        duty.checks["title"] = "tên ngắn rút từ nội dung"
        self.duty_text.setdefault(ctx.dept, []).append(text)
        self.plan.tasks.append(duty)
        ctx.item = duty

    def reporting(self, ctx: _Context, text: str) -> None:
        if ctx.item is not None and isinstance(ctx.item, DraftTask):
            ctx.item.text = f"{ctx.item.text} {text}"
            return
        code = f"{ROMAN.get(ctx.roman.lower(), 3)}.{ctx.path}"
        duty = DraftTask(
            code=code,
            kind="duty",
            area="",
            section=f"{ctx.roman}.{ctx.path}",
            title=short_name(text, 12),
            text=text,
            reporting=True,
        )
        duty.checks["title"] = "tên ngắn rút từ nội dung"
        self.plan.tasks.append(duty)
        ctx.item = duty

    # -- the annex table ---------------------------------------------------------------------------

    def table(self, table: Table) -> None:
        columns = _columns(table)
        if columns is None:
            return
        plan = self.plan
        header_at, col = columns
        area = ""
        area_roman = ""
        number = 0
        for index, row in enumerate(table.rows[header_at + 1 :], start=header_at + 1):
            cells = [" ".join(c.split()) for c in row]
            filled = [c for c in cells if c]
            if not filled:
                continue
            if all(re.fullmatch(r"\(?\d{1,2}\)?", c) for c in filled):
                continue  # the column numbers under the header: (1) (2) (3)...
            if _columns(Table((row,))) is not None:
                continue  # the header repeated on a new page
            merged = table.merged[index] if index < len(table.merged) else False
            first = cells[col["stt"]] if "stt" in col else cells[0]
            content = cells[col["content"]]
            section = _ROMAN_HEAD.match(filled[0]) or (
                re.fullmatch(r"(VIII|VII|VI|IV|IX|V|X|I{1,3})", first)
                and _ROMAN_HEAD.match(f"{first}. {content}")
            )
            if section and (merged or len(set(filled)) <= 2):
                area_roman = section.group(1)
                area = str(ROMAN[area_roman.lower()])
                name = _title(section.group(2) or content)
                known = dict(plan.areas)
                if area not in known:
                    plan.areas.append((area, name))
                number = 0
                continue
            if not content or (merged and len(set(filled)) == 1):
                continue
            number += 1
            stt = first.strip(" .") if re.fullmatch(r"\d{1,3}(?:\.\d{1,2})?\.?", first) else ""
            code = f"{area or '0'}.{stt or number}"
            task = DraftTask(
                code=code,
                kind="task",
                area=area,
                section=f"PL.{area_roman}" if area_roman else "PL",
                title=short_name(content, 12),
                text=content.rstrip(" .") + ".",
                completion=cells[col["time"]] if "time" in col else "",
                product=cells[col["product"]] if "product" in col else "",
                # one unit a line: keep the cell's lines
                lead_text=row[col["lead"]].strip() if "lead" in col else "",
                support_text=row[col["support"]].strip() if "support" in col else "",
            )
            task.checks["title"] = "tên ngắn rút từ nội dung"
            if not area:
                task.checks["area"] = "bảng không có dòng lĩnh vực trước nhiệm vụ này"
            plan.tasks.append(task)
            self.annex = True

    annex = False

    # -- what the document does not say --------------------------------------------------------

    def finish(self) -> None:
        plan = self.plan
        if not self.annex:
            plan.tasks[0:0] = self.body_tasks
        elif self.body_tasks:
            plan.unread.append(
                f"{len(self.body_tasks)} nhiệm vụ ở phần nội dung không lấy (đã có bảng phụ lục)"
            )
        self.annex_departments()
        if not plan.departments:
            self.unit("Văn phòng HĐND và UBND", check="văn bản không nêu đơn vị nào; kiểm tra lại")
        if not plan.areas:
            plan.areas.append(("1", "Công tác chỉ đạo điều hành"))
            plan.checks["areas"] = "văn bản không chia lĩnh vực"
        area_codes = [c for c, _ in plan.areas]
        items: list[DraftTarget | DraftTask] = [*plan.targets, *plan.tasks]
        for item in items:
            if not item.area:
                found = area_of(item.text, plan.areas)
                item.area = found or area_codes[0]
                item.checks["area"] = "lĩnh vực đoán từ nội dung" if found else "không rõ lĩnh vực"
            elif item.area not in area_codes:
                plan.areas.append((item.area, f"Lĩnh vực {item.area}"))
                plan.checks["areas"] = "có lĩnh vực không đọc được tên"
                area_codes.append(item.area)
        for target in plan.targets:
            if not target.lead:
                target.lead, why = self.area_lead(target.area, target.text)
                target.checks["lead"] = why
        for task in plan.tasks:
            self.times(task)
            if task.kind == "duty" and not task.lead:
                task.lead, why = self.area_lead(task.area, task.text)
                task.checks["lead"] = why
            elif not task.lead:
                task.lead, why = self.task_lead(task)
                task.checks["lead"] = why
                if not task.support:
                    task.support = self.supporters(task)
                    if task.support:
                        task.checks["support"] = "đoán từ việc các đơn vị phối hợp (mục III)"
                    else:
                        task.checks["support"] = "văn bản không ghi đơn vị phối hợp; bổ sung nếu có"
            if not task.serves:
                task.serves = [t.code for t in plan.targets if t.area == task.area][:4]
                if task.serves:
                    task.checks["serves"] = "các chỉ tiêu cùng lĩnh vực"
        for code in {t.code for t in plan.tasks if sum(u.code == t.code for u in plan.tasks) > 1}:
            same = [t for t in plan.tasks if t.code == code]
            for n, task in enumerate(same[1:], start=2):
                task.code = f"{code}.{n}" if len(f"{code}.{n}") <= 16 else f"{code[:12]}{n}"
                task.checks["code"] = "mã trùng trong văn bản; đã đánh số lại"

    def annex_departments(self) -> None:
        """Leads and supporting departments as the annex writes them."""
        tasks = [t for t in self.plan.tasks if t.lead_text or t.support_text]
        # Leads first, so that "Phòng VH-XH" among the supporting units finds the lead's code.
        for task in tasks:
            if not task.lead_text:
                continue
            mentions = split_mentions(task.lead_text)
            if mentions and is_everyone(mentions[0]):
                continue
            task.lead = self.unit(mentions[0]) if mentions else ""
            if len(mentions) > 1:
                more, _ = self.units_in("\n".join(mentions[1:]), task.lead)
                task.support += [c for c in more if c not in task.support]
                task.checks["lead"] = "ô chủ trì có nhiều đơn vị: lấy đơn vị đầu"
        for task in tasks:
            if task.support_text:
                found, notes = self.units_in(task.support_text, task.lead)
                task.support += [c for c in found if c not in task.support]
                if notes:
                    task.checks["support"] = "; ".join(notes)

    def _spread(self) -> dict[tuple[str, str], int]:
        """In how many of the document's targets, tasks and duties each word pair appears: a
        pair in many ("cải cách", "cơ quan cấp trên") says nothing about who does a task."""
        if not self._df:
            texts = [t.text for t in self.plan.targets] + [t.text for t in self.body_tasks]
            texts += [d for duties in self.duty_text.values() for d in duties]
            for text in texts:
                for pair in _bigrams(text):
                    self._df[pair] = self._df.get(pair, 0) + 1
        return self._df

    def _shared(self, text: str, other: str, limit: int = 2) -> int:
        """Distinctive word pairs two texts share: pairs found in at most `limit` texts."""
        spread = self._spread()
        return sum(1 for p in _bigrams(text) & _bigrams(other) if spread.get(p, 0) <= limit)

    def area_lead(self, area: str, text: str) -> tuple[str, str]:
        del text
        name = dict(self.plan.areas).get(area, "")
        key = next((k for k, words in AREA_WORDS if any(w in _fold(name) for w in words)), "")
        # the department whose "Chủ trì ..." duties name the area, in words no other one's do
        leading = {
            code: " ".join(d for d in duties if _fold(d).startswith("chu tri"))
            for code, duties in self.duty_text.items()
        }
        own = _bigrams(name)
        hits: dict[str, int] = {}
        for code, duties in leading.items():
            for pair in own & _bigrams(duties):
                if sum(pair in _bigrams(other) for other in leading.values()) == 1:
                    hits[code] = hits.get(code, 0) + 1
        if hits and max(hits.values()) >= 2:  # one pair ("hành chính") is a coincidence
            best = max(hits, key=lambda c: hits[c])
            return best, f"đơn vị chủ trì lĩnh vực này ở mục Tổ chức thực hiện: {best}"
        for words in AREA_UNITS.get(key, ()):
            for unit in self.units:
                if words in _fold(unit.name):
                    return unit.code, f"đoán theo lĩnh vực: {unit.name}"
        office = next((u for u in self.units if u.code == "VP"), self.units[0])
        return office.code, f"không rõ đơn vị chủ trì: tạm giao {office.name}"

    def task_lead(self, task: DraftTask) -> tuple[str, str]:
        best, score = "", 0
        for code, duties in self.duty_text.items():
            common = max(
                (self._shared(task.text, d) for d in duties if _fold(d).startswith("chu tri")),
                default=0,
            )
            if common > score:
                best, score = code, common
        if best and score >= 2:
            return best, f"đoán từ việc {best} chủ trì ở mục Tổ chức thực hiện"
        return self.area_lead(task.area, task.text)

    def supporters(self, task: DraftTask) -> list[str]:
        found = []
        for code, duties in self.duty_text.items():
            if code == task.lead:
                continue
            if any(self._shared(task.text, d) >= 2 for d in duties if "phoi hop" in _fold(d)):
                found.append(code)
        return found

    def times(self, task: DraftTask) -> None:
        plan = self.plan
        if task.completion:
            done = read_completion(task.completion, plan.period_start, plan.period_end)
            task.cadence, task.due = done.cadence, done.due
            note = f"đọc từ '{task.completion}'"
            task.checks["cadence"] = f"{note}; {done.check}" if done.check else note
            if not done.read:
                plan.unread.append(f"thời gian của nhiệm vụ {task.code}: '{task.completion}'")
        else:
            task.cadence, task.due, why = _cadence_in(task.text, plan)
            task.checks["cadence"] = why
            if task.lead_text or task.support_text:  # an annex row with no time
                plan.unread.append(f"thời gian của nhiệm vụ {task.code}: ô trống")
        f = _fold(task.text)
        if task.kind == "duty" and "bao cao" in f:
            task.reporting = True
            task.checks["reporting"] = "việc báo cáo: vào báo cáo định kỳ"
        if "tin" in f.split() and ("trang thong tin" in f or "tin bai" in f):
            task.news = True
            task.checks["news"] = "việc đăng tin: vào bản tin hằng tuần"


def _cadence_in(text: str, plan: DraftPlan) -> tuple[str, str, str]:
    """How often a task without a completion time recurs, from its own words."""
    f = fold(text)
    if re.search(r"(?:hang|hang|moi) tuan", f):
        return "weekly", "", "câu ghi 'hằng tuần'"
    if re.search(r"(?:hang|moi) thang", f):
        return "monthly", "", "câu ghi 'hằng tháng'"
    if re.search(r"(?:hang|moi) quy", f):
        return "quarterly", "", "câu ghi 'hằng quý'"
    if re.search(r"(?:hang|moi) nam|so ket|tong ket", f):
        return "yearly", "", "câu ghi 'hằng năm' (hoặc sơ kết, tổng kết): hạn 31/12"
    if re.search(r"thuong xuyen|tiep tuc|duy tri|chap hanh|tuan thu", f):
        return "quarterly", "", "việc thường xuyên: tạm theo dõi hằng quý"
    if plan.period_start == plan.period_end:
        return "yearly", "", "không ghi thời hạn: tạm để hạn 31/12"
    return "yearly", "", "không ghi thời hạn: tạm để mỗi năm một lần, hạn 31/12"


def _title_name(text: str) -> str:
    return " ".join(w[:1].upper() + w[1:].lower() for w in text.split())


_HEADERS = (
    ("stt", ("stt", "tt", "so tt")),
    ("content", ("noi dung", "nhiem vu", "ten nhiem vu")),
    ("lead", ("chu tri", "don vi thuc hien", "co quan thuc hien")),
    ("support", ("phoi hop",)),
    ("time", ("thoi gian", "thoi han", "hoan thanh", "tien do")),
    ("product", ("san pham", "ket qua")),
    ("note", ("ghi chu",)),
    ("cost", ("kinh phi",)),
)


def _columns(table: Table) -> tuple[int, dict[str, int]] | None:
    """The header row of an annex table and the column of each field, or None."""
    for at, row in enumerate(table.rows[:4]):
        col: dict[str, int] = {}
        for i, cell in enumerate(row):
            f = _fold(cell)
            for key, words in _HEADERS:
                if key in col or i in col.values():
                    continue
                if key == "stt" and f not in words:
                    continue
                if any(w in f for w in words):
                    col[key] = i
                    break
        if "content" in col and ("lead" in col or "time" in col):
            return at, col
    return None


def _layout_tables_as_lines(blocks: Iterable[Block]) -> list[Block]:
    """Word plans set the header (issuer | national motto, number | place and date) and the
    signature (recipients | signer) in borderless tables: those become lines, column by column;
    a table with an annex's columns stays a table."""
    out: list[Block] = []
    for block in blocks:
        if not isinstance(block, Table) or _columns(block) is not None:
            out.append(block)
            continue
        width = max((len(r) for r in block.rows), default=0)
        for column in range(width):
            seen: set[str] = set()
            for row in block.rows:
                cell = row[column] if column < len(row) else ""
                if cell in seen or (column and row[column - 1] == cell):
                    continue
                seen.add(cell)
                out += [Line(" ".join(p.split())) for p in cell.splitlines() if p.strip()]
    return out


def read_plan_document(blocks: Iterable[Block], source: str) -> DraftPlan:
    """The draft plan in a document's blocks. Raises NotAPlan when it has no plan in it."""
    reader = _Reader(list(blocks), source)
    if not any(isinstance(b, Line) for b in reader.blocks):
        raise NotAPlan("không có chữ nào đọc được")
    reader.header()
    reader.body()
    reader.finish()
    plan = reader.plan
    if not plan.targets and not plan.tasks:
        raise NotAPlan("không thấy chỉ tiêu, nhiệm vụ hay bảng phụ lục nào")
    return plan
