"""Questions about the ward's office itself rather than a procedure: where it is, when it is
open, how to call it ("dia chi phuong o dau", "may gio mo cua", "thu 7 co lam khong", "sdt
mot cua"). The catalogue does not hold these; the ward's staff write them once (/cauhoi) and
the bot answers alike wordings from then on (services.ward_answers)."""

from __future__ import annotations

import re
from enum import StrEnum

from domain.text import folded_words


class OfficeTopic(StrEnum):
    ADDRESS = "address"
    HOURS = "hours"
    PHONE = "phone"


# Folded phrases that ask each thing; matched as whole words, in order.
TOPIC_PHRASES: dict[OfficeTopic, tuple[str, ...]] = {
    OfficeTopic.ADDRESS: ("dia chi", "o dau", "cho nao", "cho nay", "duong nao", "nam o"),
    OfficeTopic.HOURS: (
        "may gio",
        "gio lam viec",
        "gio mo cua",
        "mo cua",
        "dong cua",
        "lam viec",
        "co lam",
        "thu 7",
        "thu bay",
        "chu nhat",
        "ngay nghi",
        "buoi sang",
        "buoi chieu",
    ),
    OfficeTopic.PHONE: ("so dien thoai", "dien thoai", "sdt", "hotline", "duong day nong", "zalo"),
}
# The office named: the ward, its People's Committee, its one-stop counter.
OFFICE_PHRASES = (
    "phuong",
    "ubnd",
    "uy ban",
    "mot cua",
    "bo phan mot cua",
    "trung tam phuc vu",
    "tiep dan",
    "tiep cong dan",
)
MAX_WORDS = 16  # a longer message tells a story: the search reads it
# Hours asked with no office named are still the office's ("may gio mo cua", "thu 7 co lam viec
# ko"), in a message this short.
HOURS_ALONE = (
    "mo cua",
    "gio lam viec",
    "co lam viec",
    "lam viec khong",
    "thu 7 co lam",
    "thu bay co lam",
    "chu nhat co lam",
    "ngay nghi",
)
MAX_HOURS_ALONE = 8
# Words of an answer the staff wrote that show what it tells (the answer to "may gio mo cua"
# often gives the address and phone too).
ANSWER_WORDS: dict[OfficeTopic, frozenset[str]] = {
    OfficeTopic.ADDRESS: frozenset({"so", "duong", "pho", "ngo", "ngach", "toa", "tang"}),
    OfficeTopic.HOURS: frozenset({"gio", "sang", "chieu", "thu", "nghi", "lam"}),
    OfficeTopic.PHONE: frozenset({"dien", "thoai", "sdt", "hotline", "zalo"}),
}
PHONE = re.compile(r"(?:\d[ .]?){8,}")


def _has(words: list[str], phrase: str) -> bool:
    wanted = phrase.split()
    n = len(wanted)
    return any(words[i : i + n] == wanted for i in range(len(words) - n + 1))


def office_topics(text: str) -> tuple[OfficeTopic, ...]:
    """What a short question asks about the office (in OfficeTopic order); () when it is not
    about the office. (Asked only when the search found no procedure in it: "lam khai sinh o
    dau" asks where to do a procedure, which its card answers.)"""
    words = folded_words(text)
    if not words or len(words) > MAX_WORDS:
        return ()
    if not any(_has(words, p) for p in OFFICE_PHRASES):
        alone = len(words) <= MAX_HOURS_ALONE and any(_has(words, p) for p in HOURS_ALONE)
        return (OfficeTopic.HOURS,) if alone else ()
    return tuple(t for t in OfficeTopic if any(_has(words, p) for p in TOPIC_PHRASES[t]))


def answer_topics(text: str) -> frozenset[OfficeTopic]:
    """What an answer the staff wrote tells of the office: its address, hours, phone."""
    words = set(folded_words(text))
    found = {topic for topic, cue in ANSWER_WORDS.items() if words & cue}
    if PHONE.search(text):
        found.add(OfficeTopic.PHONE)
    return frozenset(found)
