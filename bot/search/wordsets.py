"""What the search knows of each procedure's name and keywords, as word ids in flat arrays.

The confidence and name checks need, per procedure, its set of name/keyword/field words, its
adjacent word pairs and its name in order. As a Python frozenset of strings per procedure that
was about 60 MB at 5,000 procedures; as ids in one `array` per kind (C ints, no numpy) it is
about 2 MB, and a search only turns the twenty candidates it ranks back into sets.
"""

from __future__ import annotations

import functools
import itertools
from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


class Ragged:
    """Rows of ids of different lengths in one array: row i is values[starts[i]:starts[i+1]]."""

    def __init__(self, rows: Iterable[Sequence[int]], typecode: str = "i") -> None:
        self.values = array(typecode)
        self.starts = array("q", [0])
        for row in rows:
            self.values.extend(row)
            self.starts.append(len(self.values))

    def __len__(self) -> int:
        return len(self.starts) - 1

    def row(self, index: int) -> list[int]:
        return self.values[self.starts[index] : self.starts[index + 1]].tolist()


def _counts(values: Iterable[int], size: int) -> array[int]:
    """How many times each id below `size` occurs."""
    found = Counter(values)
    return array("q", (found.get(i, 0) for i in range(size)))


@dataclass(frozen=True)
class RowSets:
    """One procedure's ids as sets."""

    words: frozenset[int]  # of its name, keywords and field
    pairs: frozenset[int]  # adjacent pairs of its name and of its keywords, as `pair_key`s
    name: frozenset[int]  # its name's words
    name_pairs: frozenset[tuple[int, int]]  # its name's adjacent words


ROWS_KEPT = 512  # RowSets kept per catalogue (a few KB each): all of a ward's, part of 5,000


class WordSets:
    """Per procedure (in the order given): the words of its name, keywords and field; the
    adjacent pairs of its name and of its keywords; its name's words in order."""

    def __init__(
        self,
        codes: Sequence[str],
        strong: Sequence[str],
        named: Sequence[str],
        keywords: Sequence[str],
        phrase_lengths: Sequence[Sequence[int]] = (),
        odd_phrases: dict[int, list[tuple[str, ...]]] | None = None,
    ) -> None:
        ids: dict[str, int] = {}
        for text in strong:
            for w in text.split():
                ids.setdefault(w, len(ids))
        self.ids = ids
        self._word = list(ids)  # id -> word: the same string objects as the keys
        self.index = {code: i for i, code in enumerate(codes)}
        # Ids in 2 bytes and pair keys (below the square of the words known) in 4 while they
        # fit: a catalogue of under 65,535 distinct words, half the memory.
        narrow = len(ids) < 0xFFFF and array("I").itemsize >= 4
        word_type, pair_type = ("H", "I") if narrow else ("i", "q")
        self._words = Ragged((sorted({ids[w] for w in text.split()}) for text in strong), word_type)
        self._names = Ragged(([ids[w] for w in text.split()] for text in named), word_type)
        self._pairs = Ragged(
            (
                sorted(
                    {self._pair_key(ids[a], ids[b]) for a, b in itertools.pairwise(name.split())}
                    | {self._pair_key(ids[a], ids[b]) for a, b in itertools.pairwise(kw.split())}
                )
                for name, kw in zip(named, keywords, strict=True)
            ),
            pair_type,
        )
        # Procedures naming each word, and every pair any procedure has (sorted, for lookups).
        self._sets = functools.lru_cache(maxsize=ROWS_KEPT)(self._row_sets)
        self._distinctive = functools.lru_cache(maxsize=ROWS_KEPT)(self._distinctive_name)
        self._phrases = functools.lru_cache(maxsize=ROWS_KEPT)(self._row_phrases)
        self._df = _counts(self._words.values, len(ids))
        self._name_df = _counts(
            itertools.chain.from_iterable(set(self._names.row(i)) for i in range(len(self._names))),
            len(ids),
        )
        self._all_pairs = array(pair_type, sorted(set(self._pairs.values)))
        # Each procedure's name and keywords as phrases (`phrases`): the keywords' ids in order
        # and, per procedure, the length of its name then of each keyword (none: no phrases).
        self._keywords = Ragged(
            ([ids[w] for w in kw.split()] for kw in keywords) if phrase_lengths else (), word_type
        )
        self._lengths = Ragged(phrase_lengths, "I")
        self._odd = odd_phrases or {}

    def _pair_key(self, a: int, b: int) -> int:
        return a * len(self.ids) + b

    def pair_key(self, a: str, b: str) -> int | None:
        """The id of the pair (a, b), or None when either word is in no name or keyword."""
        i, j = self.ids.get(a), self.ids.get(b)
        return None if i is None or j is None else self._pair_key(i, j)

    def __len__(self) -> int:
        return len(self.index)

    def __contains__(self, word: str) -> bool:
        """Whether any procedure has this word in its name, keywords or field."""
        return word in self.ids

    def procedures_naming(self, word: str) -> int:
        i = self.ids.get(word)
        return 0 if i is None else self._df[i]

    def distinctive_name(self, row: int, common: float) -> frozenset[int]:
        """The words of the procedure's name that at most this share of names have."""
        return self._distinctive(row, common)

    def _distinctive_name(self, row: int, common: float) -> frozenset[int]:
        limit = common * max(len(self.index), 1)
        return frozenset(i for i in self._sets(row).name if self._name_df[i] <= limit)

    def has_pair(self, a: str | None, b: str | None) -> bool:
        """Whether some procedure's name or keywords hold a then b."""
        if a is None or b is None:
            return False
        key = self.pair_key(a, b)
        if key is None:
            return False
        at = bisect_left(self._all_pairs, key)
        return at < len(self._all_pairs) and self._all_pairs[at] == key

    def phrases(self, row: int) -> list[tuple[str, ...]]:
        """The procedure's name and each of its keywords, as folded words in order (given as
        `phrase_lengths`: the words of `named` and `keywords` cut after each one's length;
        `odd_phrases` for a procedure whose texts are not cut so). Kept for the most recent
        rows, as `sets`: a search compares those of twenty-odd candidates."""
        return self._phrases(row)

    def _row_phrases(self, row: int) -> list[tuple[str, ...]]:
        odd = self._odd.get(row)
        if odd is not None:
            return odd
        if row >= len(self._lengths):
            return []
        lengths = self._lengths.row(row)
        if not lengths:
            return []
        word = self._word
        found = [tuple(word[i] for i in self._names.row(row))]
        ids = self._keywords.row(row)
        start = 0
        for n in lengths[1:]:
            found.append(tuple(word[i] for i in ids[start : start + n]))
            start += n
        return found

    def row_of(self, code: str) -> int | None:
        """The procedure's position, for `sets` below."""
        return self.index.get(code)

    def sets(self, row: int) -> RowSets:
        """Its words, pairs and name as sets of ids (the candidates of a search, again and
        again: the procedures citizens ask about; kept for the most recent rows)."""
        return self._sets(row)

    def _row_sets(self, row: int) -> RowSets:
        name = self._names.row(row)
        return RowSets(
            frozenset(self._words.row(row)),
            frozenset(self._pairs.row(row)),
            frozenset(name),
            frozenset(itertools.pairwise(name)),
        )
