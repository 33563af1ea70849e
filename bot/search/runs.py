"""Runs of a procedure's phrases (its name, its keywords) found in a citizen's question: the
longest run tells how specifically a procedure is asked for ("chứng thực chữ ký" is that
procedure, not "chứng thực chữ ký người dịch"), and where it lies tells what is beside it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Run:
    """A run of a procedure's phrase found in the question: its length (without the generic
    words at the ends of a partial run), whether it is the whole phrase, and where it lies in
    the question: its first word's place and its untrimmed length."""

    length: int
    whole: bool
    in_question: int = 0
    size: int = 0

    @property
    def key(self) -> tuple[int, bool]:
        return (self.length, self.whole)


NO_RUN = Run(0, False)


def runs(
    phrase: tuple[str, ...],
    asked: dict[str, list[int]],
    seq: tuple[str, ...],
    generic: frozenset[str],
) -> Iterable[tuple[int, bool, int, int]]:
    """Each run of the phrase's words in the question: (length without the generic words at
    the ends of a partial run, whether it is the whole phrase, its place in
    the question, its untrimmed length)."""
    size = len(phrase)
    for i, word in enumerate(phrase):
        for j in asked.get(word, ()):
            n = 1
            while i + n < size and j + n < len(seq) and phrase[i + n] == seq[j + n]:
                n += 1
            if n == size:
                yield n, True, j, n
                continue
            start, end = i, i + n
            while start < end and phrase[start] in generic:
                start += 1
            while end > start and phrase[end - 1] in generic:
                end -= 1
            yield end - start, False, j, n


def best_run(
    phrases: Iterable[tuple[str, ...]],
    asked: dict[str, list[int]],
    seq: tuple[str, ...],
    generic: frozenset[str],
) -> Run:
    """The longest run of any of the phrases (the first found of equal ones)."""
    best = NO_RUN
    key = best.key
    for phrase in phrases:
        for length, whole, j, n in runs(phrase, asked, seq, generic):
            if (length, whole) > key:
                key = (length, whole)
                best = Run(length, whole, j, n)
    return best


def typed_whole(phrase: tuple[str, ...], asked: dict[str, list[int]], seq: tuple[str, ...]) -> bool:
    """Whether the phrase's words are typed together, in order."""
    n = len(phrase)
    return bool(phrase) and any(seq[j : j + n] == phrase for j in asked.get(phrase[0], ()))


def shared_run(
    phrase: tuple[str, ...],
    asked: dict[str, list[int]],
    seq: tuple[str, ...],
    generic: frozenset[str] = frozenset(),
) -> tuple[int, bool]:
    """The longest run of the phrase's words found together in the question (`seq`, with
    `asked` its words' positions), and whether that run is the whole phrase. A run that is
    only part of the phrase does not count the generic words at its ends: "kết hôn có" of "kết
    hôn có yếu tố nước ngoài" is no longer a phrase than the whole "kết hôn"."""
    return max(
        ((length, whole) for length, whole, _, _ in runs(phrase, asked, seq, generic)),
        default=(0, False),
    )
