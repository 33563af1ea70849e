"""The role an admin writes after `/moi <department>`, read as people write it (audit A3).

"lanh dao", "lãnh đạo", "LanhDao", "leader" are a leader; "can bo", "cán bộ", "cong chuc",
"official" (or nothing) an official. An admin is set by the IT officer (CCHC_ADMIN_IDS), never by
an invite: "admin", "quản trị" are refused, as is anything else, rather than read as an official.
"""

from __future__ import annotations

from enum import StrEnum

from domain.model import Role
from domain.text import fold


class RoleWord(StrEnum):
    ADMIN = "admin"  # asked for, but an invite cannot make one
    UNKNOWN = "unknown"


LEADER_WORDS = frozenset(
    {"lanhdao", "leader", "ld", "lanhdaophuong", "chutich", "phochutich", "lanhdaoubnd"}
)
OFFICIAL_WORDS = frozenset(
    {"", "canbo", "congchuc", "official", "cb", "cc", "nhanvien", "canbocongchuc", "chuyenvien"}
)
ADMIN_WORDS = frozenset({"admin", "quantri", "quantrivien", "administrator", "qtv"})


def read_role(words: list[str]) -> Role | RoleWord:
    """The role written after the department's code (all the words, joined)."""
    joined = "".join(ch for ch in fold(" ".join(words)) if ch.isalnum())
    if joined in LEADER_WORDS:
        return Role.LEADER
    if joined in OFFICIAL_WORDS:
        return Role.OFFICIAL
    if joined in ADMIN_WORDS:
        return RoleWord.ADMIN
    return RoleWord.UNKNOWN
