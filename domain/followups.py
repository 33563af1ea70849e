"""A short question about the procedure a citizen has just been shown: "mat bao lau", "le phi
bao nhieu", "can mang gi", "lam o dau", "nop online duoc khong". Read on the folded words; the
question must be only that (a few polite or pointing words may come with it: "thu tuc nay",
"vay chi"): "lam khai sinh o dau" names a procedure and is a question for the search.
"""

from __future__ import annotations

from enum import StrEnum

from domain.text import folded_words, word_set


class Aspect(StrEnum):
    """A part of a procedure's card, in the card's order."""

    DOCUMENTS = "documents"
    TIME = "time"
    FEE = "fee"
    PLACE = "place"
    ONLINE = "online"


ASPECT_PHRASES: dict[Aspect, tuple[str, ...]] = {
    Aspect.DOCUMENTS: (
        "giay to gi",
        "giay to nao",
        "nhung giay to gi",
        "mang gi",
        "mang theo gi",
        "mang nhung gi",
        "can gi",
        "can nhung gi",
        "chuan bi gi",
        "ho so gi",
        "ho so gom",
        "ho so gom nhung gi",
        "ho so nhu the nao",
        "giay to",
        "ho so",
        "thanh phan ho so",
        "ban goc",
        "ban chinh",
        "mang ban goc",
        "mang ban chinh",
        "documents",
        "what documents",
        "papers",
    ),
    Aspect.TIME: (
        "bao lau",
        "mat bao lau",
        "bao nhieu ngay",
        "may ngay",
        "mat may ngay",
        "bao gio co",
        "khi nao co",
        "bao gio lay",
        "khi nao lay",
        "bao gio xong",
        "khi nao xong",
        "thoi gian",
        "thoi han",
        "lau khong",
        "co lau khong",
        "mat lau khong",
        "may hom",
        "trong ngay",
        "lay ngay",
        "co ngay",
        "how long",
    ),
    Aspect.FEE: (
        "le phi",
        "phi",
        "bao nhieu tien",
        "het bao nhieu",
        "ton bao nhieu",
        "mat tien",
        "mat phi",
        "co mat tien",
        "co mat phi",
        "mat bao nhieu tien",
        "dong tien",
        "nop tien",
        "tien",
        "mien phi",
        "chi phi",
        "gia bao nhieu",
        "how much",
        "fee",
        "fees",
        "cost",
        "price",
    ),
    Aspect.PLACE: (
        "o dau",
        "lam o dau",
        "nop o dau",
        "den dau",
        "cho nao",
        "noi nao",
        "dia diem",
        "nop cho nao",
        "lam cho nao",
        "di dau",
        "where",
    ),
    Aspect.ONLINE: (
        "online",
        "truc tuyen",
        "nop online",
        "lam online",
        "qua mang",
        "tren mang",
        "dich vu cong",
        "qua dien thoai",
        "vneid",
    ),
}
# Words that may come with such a question without naming another procedure.
AROUND = word_set(
    "thu tuc nay viec nay cai nay do vay a ah the thi con chi anh em bac co chu ong ba chau oi"
    " cho hoi minh toi can phai co khong ko k duoc dc la nhieu roi ha nhe nha va voi lam nop di"
    " mat het ra sao nao nhu the neu muon xin hoi ad ban oi nua cua phuong ca tat"
    " bao nhieu gom nhung gi khi ket qua giay 1 mot ban trang lan phai khong"
    " is it the what do i need can"  # English around English ("how much is it")
)
MAX_WORDS = 14  # a longer message is a question of its own
# Chat shorthand, read as its words first ("le phi bn", "can giay to j", "lm o dau").
SHORTHAND = {
    "j": ("gi",),
    "ji": ("gi",),
    "bn": ("bao", "nhieu"),
    "bnh": ("bao", "nhieu"),
    "ntn": ("nhu", "the", "nao"),
    "lm": ("lam",),
    "dc": ("duoc",),
    "ko": ("khong",),
    "k": ("khong",),
    "kh": ("khong",),
    "hok": ("khong",),
    "hong": ("khong",),
    "onl": ("online",),
    "e": ("em",),
}


def _found(words: list[str]) -> tuple[set[Aspect], list[bool]]:
    covered = [False] * len(words)
    found: set[Aspect] = set()
    for aspect, phrases in ASPECT_PHRASES.items():
        for phrase in phrases:
            wanted = phrase.split()
            n = len(wanted)
            for i in range(len(words) - n + 1):
                if words[i : i + n] == wanted:
                    found.add(aspect)
                    covered[i : i + n] = [True] * n
    return found, covered


def aspects_named(text: str) -> tuple[Aspect, ...]:
    """The parts of a card a short question asks about, whatever else it says ("lam giay
    chung tu o dau" after the card of the death registration: where)."""
    words = [part for w in folded_words(text) for part in SHORTHAND.get(w, (w,))]
    if not words or len(words) > MAX_WORDS:
        return ()
    found, _ = _found(words)
    return tuple(a for a in Aspect if a in found)


def read_aspects(text: str) -> tuple[Aspect, ...]:
    """The parts of the card a short follow-up asks about, in the card's order; () when the
    text is not only that."""
    words = [part for w in folded_words(text) for part in SHORTHAND.get(w, (w,))]
    if not words or len(words) > MAX_WORDS:
        return ()
    found, covered = _found(words)
    if not found:
        return ()
    if any(not c and w not in AROUND for w, c in zip(words, covered, strict=True)):
        return ()
    return tuple(a for a in Aspect if a in found)
