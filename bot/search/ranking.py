"""FTS5's bm25 ranking, computed in memory from postings built once per catalogue.

SQLite FTS5 scores every row an OR query matches, and a citizen's question always holds a few
words most procedures share ("đăng ký", "giấy"): at 5,000 procedures each search scored about
4,500 rows and rescanned every phrase's doclist for its IDF, 3 to 11 ms. FTS5 cannot stop
early, so the search keeps, for each phrase it can be asked for (every word and adjacent pair
of a column group, the synonyms' longer phrases), which procedures hold it and that phrase's
bm25 term in each, worked out when the catalogue is loaded; a search only adds them up.

The result is the one `ORDER BY bm25(...), rowid` gives, to the last bit: the same IDF (log of
the same integers), the same column weights summed instance by instance, the same document
length and average, the same floating-point operations in the same order (fts5_aux.c,
fts5Bm25Function). tests/e2e/test_citizens_search_ranking.py holds it to FTS5 itself.

Plain Python, no numpy (whose import alone cost the bot 11.7 MB at start): postings live in a
few flat `array`s per column group (4-byte row numbers, 8-byte terms: what numpy held, without
its import), a phrase's are found by `bisect` over the sorted phrase keys, and the longer
phrases are found with `bytes.find` over the group's token ids.
"""

from __future__ import annotations

import heapq
import itertools
import math
from array import array
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from operator import neg
from typing import TypeAlias

K1 = 1.2  # FTS5's bm25 constants
B = 0.75
MIN_IDF = 1e-6  # FTS5 replaces an IDF <= 0 (a phrase in half the rows or more) by this

Phrase = tuple[str, ...]
Columns = tuple[int, ...]  # indexes into a row's columns

Ints: TypeAlias = "array[int]"  # typecode "i" (C int)
Floats: TypeAlias = "array[float]"  # typecode "d" (C double)


@dataclass(frozen=True)
class Posting:
    """The rows holding a phrase (ascending) and the phrase's bm25 term in each (FTS5's
    idf * (f * (k1 + 1)) / (f + k1 * (1 - b + b * D / avgdl)), f the summed weight of its
    instances in the row)."""

    rows: Ints
    terms: Floats


EMPTY = Posting(array("i"), array("d"))
_TOKEN = array("i").itemsize  # bytes per token id in a group's token string


def _idf(n_rows: int, hits: int) -> float:
    idf = math.log((n_rows - hits + 0.5) / (hits + 0.5))
    return idf if idf > 0.0 else MIN_IDF


class _Group:
    """The postings of one group of columns: every word and adjacent pair, in one set of flat
    arrays sorted by phrase key (a word's id; a pair's above every word's), and its tokens as
    ids, for the longer phrases.

    Segment s = row * len(columns) + the column's place in the group holds tokens
    `segment_starts[s]` to `segment_starts[s + 1]`: a phrase never spans two segments (FTS5
    matches a phrase within one column).
    """

    def __init__(
        self,
        columns: Columns,
        rows: Sequence[Sequence[str]],
        ids: defaultdict[str, int],
        weights: Sequence[float],
        lengths: list[int],
    ) -> None:
        width = len(columns)
        tokens = array("i")  # C ints: a tenth of a list's memory at 5,000 procedures
        starts = array("i", [0])
        for index, row in enumerate(rows):
            for column in columns:
                words = row[column].split()
                tokens.extend(map(ids.__getitem__, words))  # a new word gets the next id
                starts.append(len(tokens))
                lengths[index] += len(words)
        self.width = width
        self.n_rows = len(rows)
        self.vocabulary = len(ids)  # ids below this are the words known when this was built
        self.segment_starts = starts
        self._tokens = tokens.tobytes()  # searched with bytes.find for the longer phrases
        self.place_weight = [float(weights[c]) for c in columns]
        self._norm: Sequence[float] = ()
        self._long: dict[Phrase, Posting] = {}
        self._index_words_and_pairs(tokens)

    def _index_words_and_pairs(self, tokens: Ints) -> None:
        """Postings of every word (key: its id) and adjacent pair (key: above every word's),
        each (key, row) once with its instances' weights summed in instance order (row by row,
        column by column, token by token: as fts5 sums them), then laid out in key order."""
        v = self.vocabulary
        found: dict[int, tuple[Ints, Floats]] = {}
        get = found.get
        starts = self.segment_starts
        place_weight = self.place_weight
        for segment in range(len(starts) - 1):
            row, place = divmod(segment, self.width)
            weight = place_weight[place]
            start, end = starts[segment], starts[segment + 1]
            previous = -1
            for token in tokens[start:end]:
                keys = (token,) if previous < 0 else (token, v + previous * v + token)
                previous = token
                for key in keys:
                    entry = get(key)
                    if entry is None:
                        found[key] = (array("i", [row]), array("d", [weight]))
                    elif entry[0][-1] == row:
                        entry[1][-1] += weight
                    else:
                        entry[0].append(row)
                        entry[1].append(weight)
        self._keys = array("q", sorted(found))  # each phrase once, ascending
        self._starts = array("i", [0])  # its entries: _starts[i] to _starts[i + 1]
        self.rows = array("i")
        self.terms = array("d")  # the summed weights until `score` turns them into terms
        for key in self._keys:
            rows, summed = found.pop(key)
            self.rows.extend(rows)
            self.terms.extend(summed)
            self._starts.append(len(self.rows))

    def score(self, norm: Sequence[float]) -> None:
        """Turn every entry's summed weight into its bm25 term, once the rows' lengths (every
        column counts) are known: `norm[row]` is k1 * (1 - b + b * D / avgdl)."""
        self._norm = norm
        rows, terms, starts = self.rows, self.terms, self._starts
        for i in range(len(self._keys)):
            start, end = starts[i], starts[i + 1]
            self._score(rows, terms, start, end)

    def _score(self, rows: Ints, terms: Floats, start: int, end: int) -> None:
        idf = _idf(self.n_rows, end - start)
        norm = self._norm
        for i in range(start, end):
            f = terms[i]
            terms[i] = idf * ((f * (K1 + 1.0)) / (f + norm[rows[i]]))

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
            i = bisect_left(self._keys, key)
            if i == len(self._keys) or self._keys[i] != key:
                return EMPTY
            start, end = self._starts[i], self._starts[i + 1]
            return Posting(self.rows[start:end], self.terms[start:end])
        found = self._long.get(phrase)
        if found is None:
            found = self._long[phrase] = self._scan(phrase, ids)
        return found

    def _scan(self, phrase: Phrase, ids: dict[str, int]) -> Posting:
        """Every start of a longer phrase within one column, summed per row."""
        wanted = [ids.get(w, self.vocabulary) for w in phrase]
        if max(wanted) >= self.vocabulary:
            return EMPTY
        n = len(phrase)
        pattern = array("i", wanted).tobytes()
        starts = self.segment_starts
        rows = array("i")
        weights = array("d")
        at = self._tokens.find(pattern)
        while at >= 0:
            token, misaligned = divmod(at, _TOKEN)
            if not misaligned:
                segment = bisect_right(starts, token) - 1
                if token + n <= starts[segment + 1]:  # within one column
                    row, place = divmod(segment, self.width)
                    weight = self.place_weight[place]
                    if rows and rows[-1] == row:
                        weights[-1] += weight
                    else:
                        rows.append(row)
                        weights.append(weight)
            at = self._tokens.find(pattern, at + (_TOKEN - misaligned if misaligned else _TOKEN))
        if not rows:
            return EMPTY
        self._score(rows, weights, 0, len(rows))
        return Posting(rows, weights)


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
        counts = [0] * self.n_rows
        self._groups = {g: _Group(g, rows, self._ids, weights, counts) for g in groups}
        for index, row in enumerate(rows):
            counts[index] += sum(len(t.split()) for c, t in enumerate(row) if c not in grouped)
        # The average of fts5's "averages" record, then k1 * (1 - b + b * D / avgdl) per row,
        # each operation in fts5's order.
        avgdl = float(sum(counts)) / float(self.n_rows) if self.n_rows else 1.0
        self._norm = array("d", (K1 * ((1 - B) + (B * float(d)) / avgdl) for d in counts))
        for group in self._groups.values():
            group.score(self._norm)
        for phrase in phrases:
            if len(phrase) > 2:
                for columns in groups:
                    self.posting(phrase, columns)

    def posting(self, phrase: Phrase, group: Columns) -> Posting:
        found = self._groups.get(group)
        return found.posting(phrase, self._ids) if found is not None else EMPTY

    def idf(self, posting: Posting) -> float:
        return _idf(self.n_rows, len(posting.rows))

    def top(self, phrases: Sequence[tuple[Phrase, Columns]], limit: int) -> list[tuple[str, float]]:
        """The rows matching any phrase, best first (bm25: lower is better; ties in row order),
        as `SELECT code, bm25(...) ... WHERE MATCH <the phrases OR-ed> ORDER BY 2, rowid`."""
        if not self.n_rows or limit <= 0:
            return []
        # Each row's terms summed in phrase order from 0.0, as fts5 sums them (0.0 + t is t).
        score: dict[int, float] = {}
        for phrase, group in phrases:
            posting = self.posting(phrase, group)
            if not score:
                score.update(zip(posting.rows, posting.terms, strict=True))
                continue
            get = score.get
            for row, term in zip(posting.rows, posting.terms, strict=True):
                score[row] = get(row, 0.0) + term
        if not score:  # fts5 adds 0.0 to every row for a phrase found nowhere
            return []
        # bm25 is the score negated: lowest first, ties in row order.
        best = heapq.nsmallest(limit, zip(map(neg, score.values()), score, strict=True))
        return [(self.codes[row], bm25) for bm25, row in best]
