"""The plan's words as a resident reads them: the office's abbreviations written out.

A plan's short target names are written by and for the ward's staff ("Hồ sơ TTHC thực hiện trực
tuyến (DVCTT)", "Chỉ số CCHC (PAR INDEX)"). Citizens see them with the abbreviations spelled out;
staff keep the words of the plan. The names are Vietnamese data (not program text), so the
glossary is Vietnamese too.
"""

from __future__ import annotations

import re

# (abbreviation as written in plans, what it means). Longest first; matched as whole words.
GLOSSARY: tuple[tuple[str, str], ...] = (
    ("PAR INDEX", "PAR Index"),
    ("DVCTT", "dịch vụ công trực tuyến"),
    ("DVC", "dịch vụ công"),
    ("TTHC", "thủ tục hành chính"),
    ("CCHC", "cải cách hành chính"),
    ("CBCC", "cán bộ, công chức"),
    ("CBCCVC", "cán bộ, công chức, viên chức"),
    ("UBND", "Ủy ban nhân dân"),
    ("HĐND", "Hội đồng nhân dân"),
    ("CSDL", "cơ sở dữ liệu"),
    ("CNTT", "công nghệ thông tin"),
    ("TDP", "tổ dân phố"),
    ("QLNN", "quản lý nhà nước"),
    ("VBQPPL", "văn bản quy phạm pháp luật"),
)
_PATTERN = re.compile(
    r"(?<!\w)("
    + "|".join(re.escape(a) for a, _ in sorted(GLOSSARY, key=lambda g: -len(g[0])))
    + r")(?!\w)",
    re.IGNORECASE,
)
_MEANING = {a.casefold(): m for a, m in GLOSSARY}


def plain_words(text: str) -> str:
    """'Chỉ số CCHC (PAR INDEX)' -> 'Chỉ số cải cách hành chính (PAR Index)'; a name that starts
    with an abbreviation keeps its capital ('TTHC ...' -> 'Thủ tục hành chính ...')."""

    def meaning(match: re.Match[str]) -> str:
        words = _MEANING[match.group(1).casefold()]
        return words[:1].upper() + words[1:] if match.start() == 0 else words

    return _PATTERN.sub(meaning, text)
