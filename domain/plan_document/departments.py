"""Department names as plans write them, and the short codes the bot uses for them.

A code is made from the name, so the same name gives the same code in every import: "Văn phòng
..." is VP; otherwise the initials of the name's words after the kind of unit ("Phòng", "Bộ
phận", "Công chức"...), four letters at most: Công chức Tư pháp -> TP, Phòng Văn hóa - Xã hội ->
VHXH, Bộ phận Địa chính - Xây dựng - Môi trường -> DCXD, Mặt trận Tổ quốc... -> MTTQ, Phòng Kinh
tế - Hạ tầng - Đô thị -> KTHT, Trung tâm Phục vụ hành chính công -> TTPV.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from domain.text import fold

# Words that say what kind of unit it is, not which one (longest first).
_KIND = ("de nghi", "ban chi huy", "bo phan", "cong chuc", "uy ban", "phong", "ban", "to")
_TAIL = re.compile(r"\s(?:phuong|thi tran|quan|huyen|xa(?! hoi))(?:\s.*)?$")
_STOP = {"va", "cac", "cua", "tren", "viet", "nam", "hdnd", "ubnd"}
# A cell naming no one unit but "every unit concerned".
EVERYONE = re.compile(
    r"^(?:cac|toan bo|tat ca)(?: cac)? (?:phong|bo phan|don vi|nganh|co quan|cong chuc)"
    r"|(?:don vi|bo phan|phong|nganh|co quan) (?:co )?lien quan"
)


@dataclass(frozen=True)
class Unit:
    code: str
    name: str


def _core(name: str) -> str:
    """The folded name without the kind of unit, the place and what follows a comma."""
    f = fold(name).replace("&", " & ").strip(" .:;")
    if "mat tran" in f:
        f = f[f.index("mat tran") :]
    for kind in _KIND:
        if f.startswith(kind + " "):
            f = f[len(kind) + 1 :]
            break
    return _TAIL.sub("", " " + f.split(",")[0]).strip()


def short_code(name: str) -> str:
    """A stable short code for a department name (capital letters, 2 to 12 characters)."""
    f = fold(name).strip(" .:;")
    if f.startswith("van phong"):
        return "VP"
    if f.startswith("cong an"):
        return "CA"
    if "quan su" in f:
        return "QS"
    words = [w for w in re.findall(r"[a-z0-9]+", _core(name)) if w not in _STOP]
    code = "".join(w[0] for w in words)[:4].upper()
    if len(code) < 2:
        code = ("".join(words) or "DV")[:6].upper()
    return code if code[0].isalpha() else "DV" + code


def clean_name(name: str) -> str:
    """A department's name as the plan file shows it: no numbering, no "Đề nghị", no end dot."""
    name = " ".join(name.split()).strip(" .:;")
    name = re.sub(r"^(?:\d+(?:\.\d+)*\.?|[a-zđ]\))\s*", "", name)
    return re.sub(r"^(?:Đề nghị|đề nghị)\s+", "", name).strip()


def _initials(name: str) -> str:
    """Initials with abbreviations spelled out: "Phòng VH-XH" and "Phòng Văn hóa - Xã hội" are
    both VHXH; "Trung tâm PVHCC" and "Trung tâm Phục vụ hành chính công" both TTPVHCC."""
    out = []
    for token in re.findall(r"[^\s\-–&,.;:()]+", clean_name(name)):
        f = fold(token)
        if f in _STOP:
            continue
        caps = sum(1 for c in token if c.isupper())
        out.append(re.sub(r"[^a-z0-9]", "", f) if caps >= 2 else f[:1])
    text = "".join(out)
    for kind in ("bp", "cc", "p", "b"):  # Bộ phận, Công chức, Phòng, Ban
        if text.startswith(kind) and len(text) > len(kind) + 1:
            return text[len(kind) :]
    return text


def match_unit(mention: str, units: Iterable[Unit]) -> Unit | None:
    """The unit a mention in a table cell or a sentence means: by code, name or abbreviation.

    "Phòng VH-XH", "VP HĐND-UBND", "Trung tâm PVHCC" and "Công chức Tư pháp - Hộ tịch" all find
    their unit; a mention that could be two units finds none."""
    units = list(units)
    name = clean_name(mention)
    if not name:
        return None
    f = fold(name)
    for test in (
        lambda u: fold(u.name) == f,
        lambda u: u.code in re.split(r"[\s\-–&,]+", name),
        lambda u: _initials(u.name) == _initials(name),
        lambda u: short_code(u.name) == short_code(name) and not f.startswith("van phong"),
        lambda u: short_code(u.name) == short_code(name),
    ):
        found = [u for u in units if test(u)]
        if len(found) == 1:
            return found[0]
        if found:
            return None
    words = set(re.findall(r"[a-z]+", _core(name))) - _STOP
    scored = []
    for unit in units:
        theirs = set(re.findall(r"[a-z]+", _core(unit.name))) - _STOP
        common = len(words & theirs)
        if common >= 2 and common >= len(words) / 2:
            scored.append((common, unit))
    scored.sort(key=lambda s: -s[0])
    if scored and (len(scored) == 1 or scored[0][0] > scored[1][0]):
        return scored[0][1]
    return None


def split_mentions(cell: str) -> list[str]:
    """The unit names in one cell: one a line, or separated by ";" or "," when each piece is a
    name on its own (names have commas too, so the caller retries a piece it cannot match)."""
    return [p.strip(" .,-+•") for p in re.split(r"[;\n]", cell) if p.strip(" .,-+•")]


def is_everyone(mention: str) -> bool:
    return bool(EVERYONE.search(fold(mention)))
