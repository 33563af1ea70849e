"""Questions the bot could not answer, as staff see them: personal data taken out, and wordings
alike grouped under one key (the key a staff mapping is looked up by, before the search).

Personal data (Decree 13/2023/NĐ-CP: keep only what the purpose needs): phone numbers, e-mail
addresses, ID and other long numbers, and the name after "tôi là" / "tên tôi là" / "em là"
are replaced by a placeholder before anything is stored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from domain.text import fold, folded_words, nfc, strip_invisible, word_set

PHONE = re.compile(r"(?<!\w)(?:\+?84|0)(?:[\s.-]?\d){8,10}(?!\w)")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
LONG_NUMBER = re.compile(r"(?<!\w)\d(?:[\s.-]?\d){6,}(?!\w)")  # CCCD, passport, account numbers
NAME_AFTER = re.compile(
    r"\b((?:tôi|toi|em|mình|minh|cháu|chau|tên tôi|ten toi|tên em|ten em)"
    r"\s+(?:là|la|tên là|ten la))"
    r"\s+([^\W\d_]+(?:\s+[^\W\d_]+){0,3})",
    re.IGNORECASE,
)
NAME_WORDS_END = {"o", "ở", "tai", "tại", "muon", "muốn", "can", "cần", "hoi", "hỏi", "xin", "nha"}
HIDDEN = "…"

# Words that change nothing in what is asked: left out of the grouping key.
FILLER = word_set(
    "a ah ạ oi ơi cho hoi hỏi xin toi tôi em minh mình chau cháu bac bác anh chi chị co cô "
    "chu chú ong ông ba bà ad admin bot vui long lòng lam làm on ơn giup giúp voi với nhe nhé "
    "nha the thế thi thì la là ma mà nhi nhỉ vay vậy can cần muon muốn duoc được khong không "
    "nhung những gi gì nao nào ha hả de để o ở sdt sđt email cccd"
)
FOLDED_FILLER = frozenset(fold(w) for w in FILLER)


def strip_personal(text: str) -> str:
    """The question without phone numbers, e-mails, long numbers and the speaker's name."""
    text = nfc(text)
    text = EMAIL.sub(HIDDEN, text)
    text = PHONE.sub(HIDDEN, text)
    text = LONG_NUMBER.sub(HIDDEN, text)
    text = NAME_AFTER.sub(_hide_name, text)
    return re.sub(r"\s+([,.;!?])", r"\1", " ".join(text.split()))


def _hide_name(match: re.Match[str]) -> str:
    words = match.group(2).split()
    kept: list[str] = []
    for i, word in enumerate(words):
        if fold(word) in NAME_WORDS_END:
            kept = words[i:]
            break
    rest = (" " + " ".join(kept)) if kept else ""
    return f"{match.group(1)} {HIDDEN}{rest}"


def wording_key(text: str) -> str:
    """Wordings that ask the same thing in the same words, give or take the filler, the marks,
    the order and repetitions, share a key: 'Cho hỏi làm sổ hồng?' and 'lam so hong' do."""
    words = [w for w in folded_words(strip_personal(text)) if w not in FOLDED_FILLER]
    return " ".join(sorted(set(words)))


@dataclass(frozen=True)
class UnansweredGroup:
    """Wordings alike (one key): how often asked, the latest wording, and its row's id."""

    key: str
    count: int
    wording: str
    latest_id: int
    last_asked: datetime


@dataclass(frozen=True)
class Mapping:
    key: str
    wording: str
    procedure_code: str | None  # None: the ward does not handle it (or a ward answer's)
    mapped_by: int
    mapped_at: datetime
    answer_id: int | None = None  # the ward's own answer (WardAnswer) this wording gets


# The ward's own answers ----------------------------------------------------------------------
MAX_ANSWER_CHARS = 1500  # a few lines: a card on a phone screen, well inside a message's 4,096
MAX_ANSWER_LINES = 15


@dataclass(frozen=True)
class WardAnswer:
    """What the ward's staff wrote for questions about the ward itself (its hours, its address,
    the one-stop counter's phone): the text, and the wordings that get it."""

    id: int
    answer: str
    written_by: int
    written_at: datetime
    wordings: tuple[str, ...] = ()


def clean_answer(text: str) -> str | None:
    """A ward answer as typed, tidied: NFC, no invisible characters, spaces collapsed in each
    line, at most one empty line in a row; None when empty, too long or too many lines."""
    lines: list[str] = []
    for raw in nfc(text).splitlines():
        line = " ".join(strip_invisible(raw).split())
        if line or (lines and lines[-1]):
            lines.append(line)
    while lines and not lines[-1]:
        lines.pop()
    cleaned = "\n".join(lines)
    if not cleaned or len(cleaned) > MAX_ANSWER_CHARS or len(lines) > MAX_ANSWER_LINES:
        return None
    return cleaned
