"""A target's metric, direction and milestones, read from the plan's Vietnamese sentence.

"Đến năm 2023, ... đạt trên 85%; đến năm 2025 đạt tối thiểu từ 90% đến 95%" is two milestones
(2023 above 85; 2025 at least 90, at most 95), and 2024 keeps the 2023 milestone; "Hàng năm, ...
thuộc top 10" is a rank of at most 10 in every year; "100% ..." with no year holds every year; a
lower percentage with no year is the goal at the end of the period. Every reading that is not
written out as such carries a note for the person who checks the draft.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from domain.text import fold


@dataclass(frozen=True)
class MilestoneReading:
    year: int
    value: float
    direction: str
    value_max: float | None = None
    note: str = ""


@dataclass
class TargetReading:
    kind: str  # measurable or qualitative
    metric: str | None = None  # percent or rank
    direction: str | None = None
    milestones: list[MilestoneReading] = field(default_factory=list)
    scope: str = ""
    sipas: bool = False
    checks: list[str] = field(default_factory=list)


_NUM = r"(\d{1,3}(?:[.,]\d+)?)"
_RANGE = re.compile(rf"(?:tu\s+)?{_NUM}\s*%?\s*(?:den|-|–)\s*{_NUM}\s*%")
_PERCENT = re.compile(rf"{_NUM}\s*%")
_RANK = re.compile(
    r"(?:top|nhom)\s*(\d{1,3})\b(?:\s+(?:don vi\s+)?(?:dan dau\s+)?(?:cua\s+)?([a-z ]+))?"
)
_YEAR = re.compile(r"(?:(?:den|trong|tu|cuoi|nam)\s+)*nam\s+(20\d\d)|(hang|moi)\s+nam")
_ABOVE = re.compile(r"(?:tren|cao hon|vuot)\s*(?:muc\s*)?$")
_AT_LEAST = re.compile(
    r"(?:toi thieu|it nhat|khong thap hon|khong duoi|tu)\s*(?:dat\s*)?(?:tu\s*)?$"
)
_AT_MOST = re.compile(r"(?:duoi|khong qua|toi da|khong vuot qua|thap hon)\s*(?:muc\s*)?$")


@dataclass(frozen=True)
class _Goal:
    start: int
    value: float
    value_max: float | None
    direction: str
    metric: str


def _number(text: str) -> float:
    return float(text.replace(",", "."))


def _direction(before: str, after: str) -> str:
    before = before[-30:].strip()
    if _AT_MOST.search(before):
        return "at_most"
    if _ABOVE.search(before):
        return "above"
    if re.match(r"\s*(?:tro len|tro xuong)", after):
        return "at_most" if "xuong" in after[:12] else "at_least"
    return "at_least"


def goals(folded: str) -> list[_Goal]:
    """The figures a sentence sets, in order: ranges, percentages and ranks."""
    found: list[_Goal] = []
    taken: list[tuple[int, int]] = []
    for m in _RANGE.finditer(folded):
        low, high = _number(m.group(1)), _number(m.group(2))
        if low <= high <= 100:
            direction = _direction(folded[: m.start()], folded[m.end() :])
            found.append(_Goal(m.start(), low, high, direction, "percent"))
            taken.append(m.span())
    for m in _PERCENT.finditer(folded):
        if any(a <= m.start() < b for a, b in taken):
            continue
        value = _number(m.group(1))
        if value <= 100:
            direction = _direction(folded[: m.start()], folded[m.end() :])
            found.append(_Goal(m.start(), value, None, direction, "percent"))
    for m in _RANK.finditer(folded):
        found.append(_Goal(m.start(), float(m.group(1)), None, "at_most", "rank"))
    return sorted(found, key=lambda g: g.start)


def read_target(text: str, start: int, end: int, years: str = "") -> TargetReading:
    """Read one target sentence of a plan for the years start..end. `years` is a year phrase the
    sentence inherits from the one it was split from ("Đến năm 2025, ... ; ... ; ...")."""
    folded = fold(text)
    found = goals(folded)
    reading = TargetReading(kind="qualitative")
    reading.sipas = "sipas" in folded or "hai long" in folded
    if not found:
        return reading
    metrics = {g.metric for g in found}
    metric = "rank" if metrics == {"rank"} else "percent"
    found = [g for g in found if g.metric == metric]
    reading.kind, reading.metric = "measurable", metric
    if metric == "rank":
        m = _RANK.search(folded)
        if m and m.group(2):
            # fold() keeps the length of NFC text, so the span reads the original words
            scope = text[m.start(2) : m.end(2)] if len(text) == len(folded) else m.group(2)
            reading.scope = " ".join(scope.split()[:3]).strip(" .,;")
    # The year each figure is for: the last year phrase before it.
    context = fold(years)
    inherited = list(_YEAR.finditer(context))
    phrases = [(m.start(), m) for m in _YEAR.finditer(folded)]
    by_year: dict[int, _Goal] = {}
    every_year: list[_Goal] = []
    unplaced: list[_Goal] = []
    for goal in found:
        before = [m for pos, m in phrases if pos < goal.start] or inherited
        if not before:
            unplaced.append(goal)
            continue
        phrase = before[-1]
        if phrase.group(2):
            every_year.append(goal)
        elif start <= int(phrase.group(1)) <= end:
            by_year.setdefault(int(phrase.group(1)), goal)
        else:
            reading.checks.append(f"năm {phrase.group(1)} nằm ngoài giai đoạn {start}-{end}")
    if not by_year and not every_year and unplaced:
        goal = unplaced[0]
        if goal.value >= 100 or start == end:
            every_year.append(goal)
            if start != end:
                reading.checks.append("không ghi năm; 100% áp dụng cho mọi năm")
        else:
            by_year[end] = goal
            reading.checks.append("không ghi năm; tạm lấy mốc cuối giai đoạn")
    milestones: list[MilestoneReading] = []
    if every_year:
        goal = every_year[0]
        milestones = [
            MilestoneReading(y, goal.value, goal.direction, goal.value_max)
            for y in range(start, end + 1)
        ]
    else:
        years_set = sorted(by_year)
        for i, year in enumerate(years_set):
            goal = by_year[year]
            milestones.append(MilestoneReading(year, goal.value, goal.direction, goal.value_max))
            following = years_set[i + 1] if i + 1 < len(years_set) else year + 1
            for kept in range(year + 1, following):
                milestones.append(
                    MilestoneReading(
                        kept, goal.value, goal.direction, goal.value_max,
                        f"mốc năm {year} được duy trì",
                    )
                )  # fmt: skip
        if len(years_set) > 1:
            reading.checks.append("các năm giữa hai mốc giữ mốc năm trước")
    if len(found) > 1 and not (len(by_year) > 1):
        reading.checks.append("câu có nhiều con số; chỉ lấy con số đầu")
    reading.milestones = sorted(milestones, key=lambda m: m.year)
    reading.direction = reading.milestones[0].direction if reading.milestones else "at_least"
    return reading


def year_phrase(text: str) -> str:
    """The leading year phrase of a sentence ("Đến năm 2025, "), to pass to its split parts."""
    m = re.match(r"\s*((?:Đến|đến|Trong|trong|Hàng|hàng|Hằng|hằng)\s+năm(?:\s+20\d\d)?),?", text)
    return m.group(1) if m else ""


def has_goal(text: str) -> bool:
    return bool(goals(fold(text)))


def short_name(text: str, limit: int = 10) -> str:
    """A short name for a target or task: its subject, without the year and the figure."""
    s = re.sub(r"^\s*(?:(?:Đến|đến|Trong|Hàng|Hằng|hàng|hằng)\s+năm(?:\s+20\d\d)?,?\s*)", "", text)
    s = re.sub(r"^(?:phấn đấu|Phấn đấu)\s+", "", s)
    s = re.sub(
        r"^(?:tối thiểu|Tối thiểu)?\s*(?:từ\s+)?\d{1,3}(?:[.,]\d+)?\s*%\s*(?:trở lên\s+)?", "", s
    )
    s = re.sub(r"^(?:tỷ lệ|Tỷ lệ)\s+", "", s)
    s = re.split(r"[,;:.(]| đạt | được | phải ", s, maxsplit=1)[0].strip()
    words = s.split()
    s = " ".join(words[:limit])
    return (s[:1].upper() + s[1:]) if s else text[:60]
