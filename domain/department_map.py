"""A department mapping (issue 11 item 4): the ward's old departments moved to its new structure.

`TP VP` moves the justice officer's members, open complaints and questions, unused invites and
linked groups to the Office, and from then on routes to VP what the complaint rules
(data/complaints.yaml) send to TP. Pure rules: reading the pairs, refusing what cannot be done,
and following a moved code to where it went.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from domain.complaints import ComplaintRules

PAIR = re.compile(r"^\s*([A-Za-z][A-Za-z0-9]*)\s*(?:->|=>|→|:|=|\s)\s*([A-Za-z][A-Za-z0-9]*)\s*$")


class MappingError(ValueError):
    """The mapping cannot be read or done; the message says why, in Vietnamese."""


@dataclass(frozen=True)
class Move:
    old: str
    new: str


def pairs_from_words(words: Iterable[str]) -> list[Move]:
    """`TP VP DCXD KT` or `TP=VP DCXD->KT`: the moves, in capitals."""
    items: list[str] = []
    for word in words:
        items += [w for w in re.split(r"\s*(?:->|=>|→|=|:)\s*|\s+", word.strip()) if w]
    if not items or len(items) % 2:
        raise MappingError("cần từng cặp MÃ_CŨ MÃ_MỚI, ví dụ: TP VP DCXD KT")
    return [Move(items[i].upper(), items[i + 1].upper()) for i in range(0, len(items), 2)]


def pairs_from_text(text: str) -> list[Move]:
    """A mapping file: one `OLD NEW` (or `OLD: NEW`, `OLD -> NEW`) a line, `#` comments."""
    moves: list[Move] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        match = PAIR.match(line)
        if not match:
            raise MappingError(f"dòng {number}: cần MÃ_CŨ MÃ_MỚI, ví dụ: TP: VP (đọc được: {line})")
        moves.append(Move(match[1].upper(), match[2].upper()))
    if not moves:
        raise MappingError("tệp không có cặp mã nào")
    return moves


def problems(moves: list[Move], known: set[str], moved: Mapping[str, str]) -> list[str]:
    """Why the mapping cannot be done (Vietnamese), [] when it can. `known`: the departments in
    the database; `moved`: the moves done before (old -> new)."""
    found: list[str] = []
    olds = [m.old for m in moves]
    for move in moves:
        for code in (move.old, move.new):
            if code not in known:
                found.append(f"không có đơn vị mã {code}")
        if move.old == move.new:
            found.append(f"{move.old} chuyển sang chính nó")
        elif move.new in olds:
            found.append(f"{move.new} vừa là đơn vị mới vừa là đơn vị được chuyển đi")
        if move.new in moved:
            found.append(f"{move.new} đã được chuyển sang {moved[move.new]} trước đây")
    for code in sorted({c for c in olds if olds.count(c) > 1}):
        found.append(f"{code} được chuyển tới hai đơn vị")
    return list(dict.fromkeys(found))


def follow(moved: Mapping[str, str], code: str) -> str:
    """Where a department's work goes now (itself when it never moved)."""
    seen = {code}
    while code in moved and moved[code] not in seen:
        code = moved[code]
        seen.add(code)
    return code


def moved_rules(rules: ComplaintRules, moved: Mapping[str, str]) -> ComplaintRules:
    """The complaint rules with every department followed to where it went."""
    if not moved:
        return rules
    return dataclasses.replace(
        rules,
        handler=follow(moved, rules.handler),
        fields=tuple(dataclasses.replace(f, dept=follow(moved, f.dept)) for f in rules.fields),
    )
