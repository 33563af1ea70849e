"""What officials type: status words, and the one-line /baocao grammar

/baocao <task code> [period] <xong|dang> <note>
/baocao sua <xong|dang> <note>
"""

from __future__ import annotations

from dataclasses import dataclass

from domain.occurrences import Progress
from domain.text import fold

DONE_WORDS = {"xong", "done", "hoanthanh", "hoan thanh", "da xong", "daxong", "ht"}
PROGRESS_WORDS = {"dang", "danglam", "dang lam", "dang thuc hien", "progress", "dth"}
CORRECTION_WORD = "sua"


def status_word(text: str) -> Progress | None:
    """xong / dang and their variants, with or without diacritics."""
    word = " ".join(fold(text).split())
    if word in DONE_WORDS:
        return Progress.DONE
    if word in PROGRESS_WORDS:
        return Progress.IN_PROGRESS
    return None


def take_status_words(words: list[str]) -> tuple[Progress | None, list[str]]:
    """The status at the start of `words` and the words after it. Two words may make the
    status ("dang lam"): the longer one is tried first."""
    for size in (2, 1):
        if len(words) >= size and (status := status_word(" ".join(words[:size]))):
            return status, words[size:]
    return None, words


def is_correction(args: list[str]) -> bool:
    return bool(args) and fold(args[0]) == CORRECTION_WORD


@dataclass(frozen=True)
class ReportLine:
    """`/baocao <code> [period] [status] [note]` split into its parts (checked later)."""

    code: str
    period: str | None
    words: list[str]  # the status and note words


def split_report_args(args: list[str]) -> ReportLine:
    """Split the arguments of /baocao (at least one): a word with a digit that is no status
    word, right after the code, names the period."""
    code, rest = args[0], args[1:]
    period = None
    if rest and status_word(rest[0]) is None and any(ch.isdigit() for ch in rest[0]):
        period, rest = rest[0], rest[1:]
    return ReportLine(code, period, rest)
