"""FTS5's bm25 ranking, computed in memory from postings built once per catalogue.

SQLite FTS5 scores every row an OR query matches, and a citizen's question always holds a few
words most procedures share ("đăng ký", "giấy"): at 5,000 procedures each search scored about
4,500 rows and rescanned every phrase's doclist for its IDF, 3 to 11 ms. FTS5 cannot stop
early, so the search keeps, for each phrase it can be asked for (every word and adjacent pair
of a column group, the synonyms' longer phrases), which procedures hold it and the summed
weight of its instances there, and adds up the same formula with numpy.

The result is the one `ORDER BY bm25(...), rowid` gives, to the last bit: the same IDF (log of
the same integers), the same column weights summed instance by instance, the same document
length and average, the same floating-point operations in the same order (fts5_aux.c,
fts5Bm25Function). tests/test_citizens_search_ranking.py holds it to FTS5 itself.
"""

from __future__ import annotations

import itertools
import math
from array import array
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

K1 = 1.2  # FTS5's bm25 constants
B = 0.75
MIN_IDF = 1e-6  # FTS5 replaces an IDF <= 0 (a phrase in half the rows or more) by this

Phrase = tuple[str, ...]
Columns = tuple[int, ...]  # indexes into a row's columns

Ints = npt.NDArray[np.int32]
Floats = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Posting:
    """The rows holding a phrase (ascending) and the summed weight of its instances in each."""

    rows: Ints
    weight: Floats


EMPTY = Posting(np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float64))


class _Group:
    """The tokens of a group of columns as ids in one flat array, and their postings.

    Token i lies in segment `segments[i]` = row * len(columns) + the column's place in the
    group: a phrase never spans two segments (FTS5 matches a phrase within one column).
    """

    def __init__(
        self,
        columns: Columns,
        rows: Sequence[Sequence[str]],
        ids: defaultdict[str, int],
        weights: Sequence[float],
        lengths: npt.NDArray[np.int64],
    ) -> None:
        width = len(columns)
        tokens = array("i")  # C ints: a tenth of a list's memory at 5,000 procedures
        sizes = array("i")  # tokens per segment
        for index, row in enumerate(rows):
            for column in columns:
                words = row[column].split()
                tokens.extend(map(ids.__getitem__, words))  # a new word gets the next id
                sizes.append(len(words))
                lengths[index] += len(words)
        self.width = width
        self.n_rows = max(len(rows), 1)
        self.vocabulary = len(ids)  # ids below this are the words known when this was built
        self.tokens: Ints = np.array(tokens, dtype=np.int32)
        self.segments: Ints = np.repeat(
            np.arange(len(sizes), dtype=np.int32), np.array(sizes, dtype=np.int32)
        )
        # The weight of each place in the group's columns.
        self.place_weight = np.array([weights[c] for c in columns], dtype=np.float64)
        self._long: dict[Phrase, Posting] = {}
        self._index_words_and_pairs()

    def _weights(self, segments: Ints) -> Floats:
        return self.place_weight[segments % self.width]

    def _index_words_and_pairs(self) -> None:
        """Postings of every word (key: its id) and adjacent pair (key: above every word's),
        in key order, so that a phrase's are found by binary search."""
        v = self.vocabulary
        segments = self.segments
        same = segments[:-1] == segments[1:]  # adjacent tokens of one column: a pair
        pairs = v + self.tokens[:-1][same].astype(np.int64) * v + self.tokens[1:][same]
        parts = [self._sum_per_row(self.tokens, segments)]
        del same
        parts.append(self._sum_per_row(pairs, self.segments[:-1][segments[:-1] == segments[1:]]))
        del pairs
        keys = np.concatenate([k for k, _, _ in parts])
        self.rows: Ints = np.concatenate([r for _, r, _ in parts])
        self.weight: Floats = np.concatenate([w for _, _, w in parts])
        del parts
        starts = np.flatnonzero(np.concatenate((keys[:1] >= 0, keys[1:] != keys[:-1])))
        self._keys = keys[starts]  # each phrase once, ascending
        self._starts = np.append(starts, len(keys))  # its entries: _starts[i] to _starts[i + 1]

    def _sum_per_row(
        self, keys: npt.NDArray[np.integer], at: Ints
    ) -> tuple[npt.NDArray[np.integer], Ints, Floats]:
        """One entry per (key, row), ordered so, with its instances' weights summed in instance
        order, as fts5 sums them: the instances come in row order, column by column, token by
        token; a stable sort by key keeps that order, and bincount adds in the order given."""
        order = np.argsort(keys, kind="stable")
        keys, at = keys[order], at[order]
        del order
        rows = (at // self.width).astype(np.int32)
        first = np.empty(len(keys), dtype=np.bool_)
        first[:1] = True
        first[1:] = (keys[1:] != keys[:-1]) | (rows[1:] != rows[:-1])
        entries = int(first.sum())
        entry = np.cumsum(first) - 1
        # bincount with weights gives float64 already (copy=False: no copy, only the type).
        weight = np.bincount(entry, weights=self._weights(at), minlength=entries)[:entries].astype(
            np.float64, copy=False
        )
        return keys[first], rows[first], weight

    def _key(self, phrase: Phrase, ids: dict[str, int]) -> int | None:
        found = [ids.get(w, self.vocabulary) for w in phrase]
        if any(i >= self.vocabulary for i in found):
            return None  # a word this group never holds
        if len(found) == 1:
            return found[0]
        a, b = found
        return self.vocabulary + a * self.vocabulary + b

    def posting(self, phrase: Phrase, ids: dict[str, int]) -> Posting:
        if not phrase:
            return EMPTY
        if len(phrase) <= 2:
            key = self._key(phrase, ids)
            if key is None:
                return EMPTY
            i = int(np.searchsorted(self._keys, key))
            if i == len(self._keys) or self._keys[i] != key:
                return EMPTY
            start, end = self._starts[i], self._starts[i + 1]
            return Posting(self.rows[start:end], self.weight[start:end])
        found = self._long.get(phrase)
        if found is None:
            found = self._long[phrase] = self._scan(phrase, ids)
        return found

    def _scan(self, phrase: Phrase, ids: dict[str, int]) -> Posting:
        """Every start of a longer phrase within one column, summed per row."""
        wanted = [ids.get(w, -1) for w in phrase]
        n = len(phrase)
        if min(wanted) < 0 or len(self.tokens) < n:
            return EMPTY
        last = len(self.tokens) - n + 1
        hit = self.segments[:last] == self.segments[n - 1 :]
        for offset, token in enumerate(wanted):
            hit &= self.tokens[offset : offset + last] == token
        starts = np.flatnonzero(hit)
        if not len(starts):
            return EMPTY
        at = self.segments[starts]
        rows, inverse = np.unique(at // self.width, return_inverse=True)
        weight = np.bincount(inverse.ravel(), weights=self._weights(at)).astype(
            np.float64, copy=False
        )
        return Posting(rows.astype(np.int32), weight)


class Bm25Index:
    """bm25 over rows of tokenised columns, in rowid order.

    `rows[i][c]` is column c of row i as FTS5's tokenizer cuts it: words between single spaces.
    `weights` has one per column, `groups` are the column filters phrases are looked for in
    (disjoint). Every column counts towards a row's length, as in FTS5. `phrases` longer than
    two words are found at once (others only when first asked for, then kept).
    """

    def __init__(
        self,
        codes: Sequence[str],
        rows: Sequence[Sequence[str]],
        weights: Sequence[float],
        groups: Sequence[Columns],
        phrases: Iterable[Phrase] = (),
    ) -> None:
        grouped = [c for g in groups for c in g]
        if len(set(grouped)) != len(grouped):
            raise ValueError("a column in two groups")
        self.codes = list(codes)
        self.n_rows = len(self.codes)
        self._ids: defaultdict[str, int] = defaultdict(itertools.count().__next__)
        counts = np.zeros(self.n_rows, dtype=np.int64)
        self._groups = {g: _Group(g, rows, self._ids, weights, counts) for g in groups}
        for index, row in enumerate(rows):
            counts[index] += sum(len(t.split()) for c, t in enumerate(row) if c not in grouped)
        lengths = counts.astype(np.float64)
        # The average of fts5's "averages" record, then k1 * (1 - b + b * D / avgdl) per row,
        # each operation in fts5's order.
        avgdl = float(lengths.sum()) / float(self.n_rows) if self.n_rows else 1.0
        self._norm: Floats = K1 * ((1 - B) + (B * lengths) / avgdl)
        for phrase in phrases:
            if len(phrase) > 2:
                for group in groups:
                    self.posting(phrase, group)

    def posting(self, phrase: Phrase, group: Columns) -> Posting:
        found = self._groups.get(group)
        return found.posting(phrase, self._ids) if found is not None else EMPTY

    def idf(self, posting: Posting) -> float:
        hits = len(posting.rows)
        idf = math.log((self.n_rows - hits + 0.5) / (hits + 0.5))
        return idf if idf > 0.0 else MIN_IDF

    def top(self, phrases: Sequence[tuple[Phrase, Columns]], limit: int) -> list[tuple[str, float]]:
        """The rows matching any phrase, best first (bm25: lower is better; ties in row order),
        as `SELECT code, bm25(...) ... WHERE MATCH <the phrases OR-ed> ORDER BY 2, rowid`."""
        if not self.n_rows or limit <= 0:
            return []
        postings = [p for phrase, group in phrases if len((p := self.posting(phrase, group)).rows)]
        if not postings:  # fts5 adds 0.0 to every row for a phrase found nowhere
            return []
        # All the phrases' entries at once: each entry's term as fts5 computes it, then summed
        # per row in phrase order (bincount adds in the order given, from 0.0, as `+=` did).
        at = np.concatenate([p.rows for p in postings])
        freq = np.concatenate([p.weight for p in postings])
        idf = np.repeat([self.idf(p) for p in postings], [len(p.rows) for p in postings])
        terms = idf * ((freq * (K1 + 1.0)) / (freq + self._norm[at]))
        score = np.bincount(at, weights=terms, minlength=self.n_rows)
        rows = np.flatnonzero(np.bincount(at, minlength=self.n_rows))
        ranked = -1.0 * score[rows]
        best = rows[np.argsort(ranked, kind="stable")[:limit]]
        return [(self.codes[i], float(-1.0 * score[i])) for i in best.tolist()]
