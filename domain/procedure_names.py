"""Short names for procedures on buttons and card titles: an official name can run to 266
characters ("Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan, tổ chức có thẩm quyền
của Việt Nam; ..."), unreadable on a phone. The short name keeps the head of the name, the part
that tells the procedures apart ("Chứng thực bản sao từ bản chính giấy tờ, văn bản"), drops the
parenthesised scope and the qualifying clause (after "mà", "do", "để", "là", ";"), and is cut at a
word boundary with "…" if still long. Where two shown together would read alike, each keeps its
full name, cut at a word boundary instead."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from domain.text import clip

BUTTON_NAME = 56  # characters of a procedure's name on a button
_BRACKETS = re.compile(r"\s*\([^()]*\)")
# Where a qualifying clause starts: the name before it says which procedure it is.
_CLAUSE = re.compile(r";|,?\s+(?:mà|do|để|đã được|là)\s+")
_SHORTEST_HEAD = 15
# Where a list in the name can end, so that a cut does not leave half an item ("…, xác…").
_ITEM_END = re.compile(r",\s|\s+(?:và|hoặc)\s")


def short_name(name: str, limit: int = BUTTON_NAME) -> str:
    """The name as a button shows it: whole when it fits, else its head."""
    if len(name) <= limit:
        return name
    text = " ".join(_BRACKETS.sub("", name).split())
    if len(text) > limit:
        for match in _CLAUSE.finditer(text):
            if match.start() >= _SHORTEST_HEAD:
                text = text[: match.start()]
                break
    text = text.rstrip(" ,;:")
    if len(text) <= limit:
        return text
    cut = clip(text, limit)
    ends = [m.start() for m in _ITEM_END.finditer(cut) if m.start() >= limit // 2]
    return cut[: ends[-1]] + "…" if ends else cut


def short_names(names: Iterable[tuple[str, str]], limit: int = BUTTON_NAME) -> dict[str, str]:
    """(code, name) -> code: short name, for procedures shown together; two that would read the
    same keep their full names, cut at a word boundary."""
    pairs = list(names)
    shorts = {code: short_name(name, limit) for code, name in pairs}
    seen = Counter(shorts.values())
    return {
        code: shorts[code] if seen[shorts[code]] == 1 else clip(name, limit) for code, name in pairs
    }
