"""Query words: NFC, lower case, folded; Telex leftovers and one-letter typos repaired."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass

from domain.text import fold, nfc

WORD = re.compile(r"[^\W_]+")
LETTERS = "abcdefghijklmnopqrstuvwxyz"
TELEX_TONES = "sfrxj"  # sắc, huyền, hỏi, ngã, nặng
VOWELS = set("aeiouy")


@dataclass(frozen=True)
class Word:
    """One word of a query: as typed (NFC, lower case) and folded (no marks, đ -> d)."""

    exact: str
    folded: str

    @property
    def has_marks(self) -> bool:
        return self.exact != self.folded


def words(text: str) -> list[Word]:
    """The words of a text, composed or decomposed alike."""
    return [Word(w, fold(w)) for w in WORD.findall(nfc(text).casefold())]


def word_count(text: str) -> int:
    """How many words `words` finds in a text (without folding them)."""
    return len(WORD.findall(nfc(text).casefold()))


def folded_words(text: str) -> list[str]:
    return [w.folded for w in words(text)]


def telex_variants(token: str) -> Iterator[str]:
    """What a folded word may have been before Telex keys were left in it.

    "ddawng" -> "dang", "kys" -> "ky", "hoonf" -> "hon": doubled letters for marks (dd, aa, ee,
    oo), w for the horn and breve, and a tone key (s f r x j) typed after the vowel.
    """
    plain = re.sub(r"([aeo])\1", r"\1", token.replace("dd", "d"))
    plain = re.sub(r"(?<=[aou])w", "", plain).replace("w", "u")
    seen = {token}
    candidates = [plain]
    for source in (token, plain):
        for i in range(len(source) - 1, 0, -1):
            # A tone key follows the vowel it marks.
            if source[i] in TELEX_TONES and source[i - 1] in VOWELS | set("nmcptgh"):
                candidates.append(source[:i] + source[i + 1 :])
    for candidate in candidates:
        if candidate and candidate not in seen:
            seen.add(candidate)
            yield candidate


def spelling_variants(token: str) -> Iterator[str]:
    """The same syllable in the other spelling: a final i or y after a consonant ("ki" / "ky",
    "li hon" / "ly hon", "qui" / "quy"), both in use."""
    if len(token) >= 2 and token[-1] in "iy" and token[-2] not in VOWELS - {"u"}:
        yield token[:-1] + ("y" if token[-1] == "i" else "i")


def edits1(token: str) -> set[str]:
    """Every string one deletion, swap, replacement or insertion away (Norvig's)."""
    splits = [(token[:i], token[i:]) for i in range(len(token) + 1)]
    deletes = [a + b[1:] for a, b in splits if b]
    swaps = [a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1]
    replaces = [a + c + b[1:] for a, b in splits if b for c in LETTERS]
    inserts = [a + c + b for a, b in splits for c in LETTERS]
    return set(deletes + swaps + replaces + inserts) - {token}


def best_known(candidates: Collection[str], vocabulary: Mapping[str, int]) -> str | None:
    """The candidate found in most procedures (ties: alphabetical, for a stable answer)."""
    known = [c for c in candidates if len(c) > 1 and c in vocabulary]
    if not known:
        return None
    return max(sorted(known), key=lambda c: vocabulary[c])


def split_known(joined: str, vocabulary: Mapping[str, int]) -> tuple[str, str] | None:
    """'khaisinh' -> ('khai', 'sinh'): two known words typed without (or with a moved) space."""
    best: tuple[int, tuple[str, str]] | None = None
    for i in range(2, len(joined) - 1):
        left, right = joined[:i], joined[i:]
        for lv in (left, *telex_variants(left)):
            for rv in (right, *telex_variants(right)):
                if lv in vocabulary and rv in vocabulary:
                    score = min(vocabulary[lv], vocabulary[rv])
                    if best is None or score > best[0]:
                        best = (score, (lv, rv))
    return best[1] if best else None


VNI = re.compile(r"[a-z]+[1-9][a-z1-9]*")


def vni_plain(token: str) -> str | None:
    """'khai1' -> 'khai', 'd9a8ng' -> 'dang', 'tu73' -> 'tu': VNI keys left in a folded word (1-5
    tones, 6 circumflex, 7 horn, 8 breve, 9 đ). None for what is not VNI ("ct07", "6t")."""
    if not VNI.fullmatch(token):
        return None
    plain = "".join(ch for ch in token if not ch.isdigit())
    return plain if len(plain) >= 2 else None


def segment(
    joined: str,
    known: Mapping[str, int],
    max_word: int = 7,
    pair: Callable[[str, str], bool] | None = None,
) -> list[str] | None:
    """'xacnhantinhtranghonnhan' -> ['xac', 'nhan', 'tinh', 'trang', 'hon', 'nhan']: a run of
    known words typed without spaces, cut into the fewest words; among those, the cut with the
    most pairs the catalogue holds (`pair`: "thuong tru cho", not "thuong truc ho"), then the
    most used words. None when it cannot be cut into known words of two letters or more."""
    n = len(joined)
    # cuts[i]: the fewest-word cuts of joined[:i], a few at most (ties kept for the pairs)
    cuts: list[list[list[str]]] = [[] for _ in range(n + 1)]
    cuts[0] = [[]]
    for end in range(2, n + 1):
        found: list[list[str]] = []
        for start in range(max(0, end - max_word), end - 1):
            word = joined[start:end]
            if word not in known or not cuts[start]:
                continue
            candidates = [[*before, word] for before in cuts[start]]
            if not found or len(candidates[0]) < len(found[0]):
                found = candidates
            elif len(candidates[0]) == len(found[0]):
                found += candidates
        cuts[end] = _best_cuts(found, known, pair)
    best = cuts[n]
    return best[0] if best and len(best[0]) >= 2 else None


SEGMENT_TIES = 8  # cuts of as few words kept at each position


def _best_cuts(
    found: list[list[str]], known: Mapping[str, int], pair: Callable[[str, str], bool] | None
) -> list[list[str]]:
    def score(words: list[str]) -> tuple[int, int]:
        pairs = sum(pair(a, b) for a, b in itertools.pairwise(words)) if pair else 0
        return (pairs, sum(min(known[w], 50) for w in words))

    return sorted(found, key=score, reverse=True)[:SEGMENT_TIES]
