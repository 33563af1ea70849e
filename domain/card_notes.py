"""Whether a procedure's card shows its notes, not only its Details: when they say who the
procedure is for ("Áp dụng khi người mất đang hưởng trợ cấp xã hội..."), or answer something
the question asks that its name does not: "sua nha co can xin phep ko" is answered by the
building permit's note (repairs are a procedure of their own, some houses need no permit)."""

from __future__ import annotations

from domain.procedures import Procedure
from domain.questions import FOLDED_FILLER
from domain.text import folded_words, word_set

# Words of any question that never point at a note ("co phai ... khong", "bao lau").
QUESTION_WORDS = FOLDED_FILLER | word_set(
    "co phai khong ko k hok bao nhieu lau dau sao nhu tren duoi cua cac nhung ra vao di den"
    " roi chua da se dang thi tai vi nen hay hoac"
)
MIN_LETTERS = 3  # "o", "va": too short to point at anything
# Notes that say who the procedure is for: on the card always, so that no one prepares the
# papers of an allowance they are not entitled to (a widow sent to the social-protection
# funeral allowance).
ELIGIBILITY = (
    "ap dung khi",
    "chi ap dung khi",
    "duoc huong khi",
    "dung khi",
    "danh cho",
    "dieu kien",
    "chi dang ky lai khi",
    "khong bat buoc",  # who need not: "không bắt buộc chứng thực: hợp đồng thuê nhà ở"
)


def note_concerns(question: str, procedure: Procedure) -> bool:
    """Whether the card shows the procedure's notes: they say who it is for, or a word of the
    question is found in them and not in its name or keywords."""
    if not procedure.notes:
        return False
    if " ".join(folded_words(procedure.notes)).startswith(ELIGIBILITY):
        return True
    named = set(folded_words(" ".join((procedure.name, *procedure.keywords))))
    noted = set(folded_words(procedure.notes))
    return any(
        len(w) >= MIN_LETTERS and w not in QUESTION_WORDS and w not in named and w in noted
        for w in folded_words(question)
    )
