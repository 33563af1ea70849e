"""The satisfaction survey (SIPAS-style): five questions on a 1-5 scale, and the monthly result.

The five parts follow SIPAS (QĐ 1001/QĐ-BNV, 2023): access to the service, the procedure, the
official who handled the case, the result, and the handling of feedback. Each answer is stored
as a raw score, so any formula can be applied later; the one used here is the usual reading:
a part's satisfaction is the share of its answers that are 4 ("satisfied") or 5 ("very
satisfied"), and the overall figure is the mean of the parts that have answers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from domain.i18n import N_
from domain.text import folded_words

QUESTIONS: tuple[tuple[str, str], ...] = (
    (
        "access",
        N_("How satisfied are you with reaching the service (finding out, getting there, online)?"),
    ),
    ("procedure", N_("How clear and simple were the procedure's papers, fee and time limit?")),
    ("official", N_("How did the official who handled your case treat you and guide you?")),
    ("result", N_("How satisfied are you with the result (on time, correct)?")),
    ("feedback", N_("How well does the ward receive and answer citizens' feedback?")),
)
QUESTION_KEYS = tuple(key for key, _ in QUESTIONS)
SCALE = (1, 2, 3, 4, 5)
SATISFIED = (4, 5)
NOT_USED = 0  # "have not used this service": no score, the part counts one answer less
SCALE_LABELS = {
    5: N_("Very satisfied"),
    4: N_("Satisfied"),
    3: N_("Neither"),
    2: N_("Dissatisfied"),
    1: N_("Very dissatisfied"),
    NOT_USED: N_("Have not used this service"),
}
# An answer typed instead of pressed, folded: the words of each label as people say them.
TYPED_SCORES: dict[str, int] = {
    "rat hai long": 5,
    "rat tot": 5,
    "tuyet voi": 5,
    "hai long": 4,
    "tot": 4,
    "on": 4,
    "binh thuong": 3,
    "tam duoc": 3,
    "tam": 3,
    "khong hai long": 2,
    "chua hai long": 2,
    "chua tot": 2,
    "kem": 2,
    "te": 2,
    "rat khong hai long": 1,
    "rat te": 1,
    "rat kem": 1,
    "qua te": 1,
    "chua su dung": NOT_USED,
    "chua dung": NOT_USED,
    "chua su dung dich vu": NOT_USED,
    "chua lam bao gio": NOT_USED,
    "chua dung bao gio": NOT_USED,
    "chua su dung bao gio": NOT_USED,
    "chua tung dung": NOT_USED,
    "chua tung su dung": NOT_USED,
    "chua tung lam": NOT_USED,
    "chua di bao gio": NOT_USED,
    "chua lam thu tuc nao": NOT_USED,
    "khong dung": NOT_USED,
    "khong su dung": NOT_USED,
}
STAR_WORDS = ("sao", "diem", "d")  # "4 sao", "5 diem"
TYPED_POLITE = frozenset(
    ["a", "ah", "nhe", "nha", "lam", "qua", "thi", "minh", "toi", "em", "chau", "bac"]
)


def typed_score(text: str) -> int | None:
    """The answer a typed text gives on the scale ("binh thuong": 3, "5 sao": 5, "ko hai long":
    2, "chua su dung": NOT_USED), or None when it is not one: asked again, never guessed."""
    words = ["khong" if w in ("ko", "k", "kh", "hong") else w for w in folded_words(text)]
    while words and words[-1] in TYPED_POLITE and " ".join(words) not in TYPED_SCORES:
        words = words[:-1]
    while words and words[0] in TYPED_POLITE and " ".join(words) not in TYPED_SCORES:
        words = words[1:]
    if (
        len(words) in (1, 2)
        and words[0].isdigit()
        and words[1:] in ([], *([w] for w in STAR_WORDS))
    ):
        score = int(words[0])
        return score if score in SCALE else None
    return TYPED_SCORES.get(" ".join(words))


# The bot's own figure is shown from this many answers in a month: fewer say nothing reliable.
MIN_RESPONSES_SHOWN = 30


def month_of(moment: datetime) -> str:
    """'2025-06': the month an answer counts in, in the ward's time zone (moment is local)."""
    return f"{moment:%Y-%m}"


@dataclass(frozen=True)
class Part:
    key: str
    satisfied: int
    answers: int

    @property
    def percent(self) -> float | None:
        return 100.0 * self.satisfied / self.answers if self.answers else None


@dataclass(frozen=True)
class MonthResult:
    month: str
    responses: int
    parts: tuple[Part, ...]

    @property
    def percent(self) -> float | None:
        """The mean of the parts' satisfaction; None when nobody answered."""
        values = [p.percent for p in self.parts if p.percent is not None]
        return sum(values) / len(values) if values else None


def month_result(
    month: str, responses: int, counts: Mapping[str, Mapping[int, int]]
) -> MonthResult:
    """From raw counts (question -> score -> number of answers) to the month's figures."""
    parts = []
    for key in QUESTION_KEYS:
        scores = counts.get(key, {})
        parts.append(
            Part(
                key,
                sum(n for score, n in scores.items() if score in SATISFIED),
                sum(scores.values()),
            )
        )
    return MonthResult(month, responses, tuple(parts))


@dataclass(frozen=True)
class SurveyDraft:
    """One person's answers so far: the scores in question order, and what started the survey
    (/danhgia, or the tracking code of the complaint whose closing offered it)."""

    source: str = "command"
    scores: tuple[int | None, ...] = ()  # None: "have not used this service"
    said: str = ""  # what they wrote of the service to start it ("rat hai long"): the comment

    @property
    def complete(self) -> bool:
        return len(self.scores) == len(QUESTIONS)

    def answered(self, question: int, score: int) -> SurveyDraft | None:
        """With this answer added; None unless it answers the current question on the scale
        (an older message's buttons change nothing)."""
        if question != len(self.scores) or self.complete:
            return None
        if score not in SCALE and score != NOT_USED:
            return None
        scores = (*self.scores, None if score == NOT_USED else score)
        return SurveyDraft(self.source, scores, self.said)

    def by_question(self) -> dict[str, int]:
        """question key -> score, once complete; the questions not used are left out."""
        return {
            key: score
            for key, score in zip(QUESTION_KEYS, self.scores, strict=True)
            if score is not None
        }
