"""FTS5's bm25 ranking, computed in memory from postings built once per catalogue.

SQLite FTS5 scores every row an OR query matches, and a citizen's question always holds a few
words most procedures share ("đăng ký", "giấy"): at 5,000 procedures each search scored about
4,500 rows and rescanned every phrase's doclist for its IDF, 3 to 11 ms. FTS5 cannot stop
early, so the search keeps, for each phrase it can be asked for (every word and adjacent pair
of a column group, the synonyms' longer phrases), which procedures hold it and that phrase's
bm25 term in each, worked out when the catalogue is loaded; a search adds them up, and stops
early when it can (`_pruned`: the rarer phrases first, then only the rows that can still be
among the best, summed again in full).

The result is the one `ORDER BY bm25(...), rowid` gives, to the last bit: the same IDF (log of
the same integers), the same column weights summed instance by instance, the same document
length and average, the same floating-point operations in the same order (fts5_aux.c,
fts5Bm25Function). tests/e2e/test_citizens_search_ranking.py holds it to FTS5 itself, and
test_citizens_search_ranking_large.py where it stops early.

Plain Python, no numpy (whose import alone cost the bot 11.7 MB at start): the postings live in
a few flat `array`s per column group (2-byte row numbers up to 65,534 rows, else 4; 8-byte
terms: less than numpy held), a phrase's are found by `bisect` over the sorted phrase keys, the
longer phrases with `bytes.find` over the group's token ids, and the sums run in C where they can
(map, zip, dict.update). A posting of many rows also keeps each row's place in it (`_places`,
2 bytes a row), so that the exact sums of the rows close to the best find their terms in C.
At 5,000 procedures ranking one of the bench's questions costs about 1 ms of CPU (the stopping
early pays for the interpreter), and building the postings about 2 s instead of numpy's 0.6 (in
a worker thread, when the catalogue changes).
"""

from __future__ import annotations

import heapq
import itertools
import math
from array import array
from bisect import bisect_left, bisect_right
from collections import defaultdict, deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import compress, repeat
from operator import add, eq, mul, neg
from typing import TypeAlias

K1 = 1.2  # FTS5's bm25 constants
B = 0.75
MIN_IDF = 1e-6  # FTS5 replaces an IDF <= 0 (a phrase in half the rows or more) by this

Phrase = tuple[str, ...]
Columns = tuple[int, ...]  # indexes into a row's columns

Ints: TypeAlias = "array[int]"  # typecode "i" (C int), or "H" (see `_ids`)
Floats: TypeAlias = "array[float]"  # typecode "d" (C double)


@dataclass(frozen=True)
class Posting:
    """The rows holding a phrase (ascending) and the phrase's bm25 term in each (FTS5's
    idf * (f * (k1 + 1)) / (f + k1 * (1 - b + b * D / avgdl)), f the summed weight of its
    instances in the row)."""

    rows: Ints
    terms: Floats
    most: float = 0.0  # the largest term
    # For a posting of many rows: each row's place in `rows`, or len(rows) where it is absent
    # (one entry per row of the index), so that a row's term is found in C without a search.
    at: array[int] | None = None


EMPTY = Posting(array("i"), array("d"))
# Appended to a posting's rows: what no row equals ("H" holds rows below 0xFFFF only).
NO_ROW = {"i": array("i", [-1]), "H": array("H", [0xFFFF])}
NO_TERM = array("d", [0.0])  # appended to its terms: what an absent phrase adds (x + 0.0 is x)
# A posting of at least this many entries, and an eighth of the rows, keeps a place per row
# (2 bytes each: about 1.5 MB at 5,000 procedures, none for a ward's catalogue).
DENSE_FROM = 500
DENSE_SHARE = 8


def _ids(count: int) -> str:
    """The typecode of an array of ids below `count`: 2 bytes each when they fit (the rows
    and token ids of a catalogue of up to 65,534 procedures and words: half the memory)."""
    return "H" if count < 0xFFFF else "i"


def _places(rows: Ints, n_rows: int) -> array[int]:
    """Each row's place among these (ascending) rows, len(rows) for a row not among them."""
    places = array("H" if len(rows) < 0xFFFF else "I", [len(rows)]) * n_rows
    deque(map(places.__setitem__, rows, range(len(rows))), maxlen=0)
    return places


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
        self.row_type = _ids(self.n_rows)
        self._token_type = _ids(self.vocabulary)
        # Searched with bytes.find for the longer phrases.
        self._tokens = array(self._token_type, tokens).tobytes()
        self._token_size = array(self._token_type).itemsize
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
                        found[key] = (array(self.row_type, [row]), array("d", [weight]))
                    elif entry[0][-1] == row:
                        entry[1][-1] += weight
                    else:
                        entry[0].append(row)
                        entry[1].append(weight)
        self._keys = array("q", sorted(found))  # each phrase once, ascending
        self._starts = array("i", [0])  # its entries: _starts[i] to _starts[i + 1]
        self.rows = array(self.row_type)
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
        self._most = array("d")
        self._at: dict[int, array[int]] = {}
        dense = max(DENSE_FROM, self.n_rows // DENSE_SHARE)
        for i in range(len(self._keys)):
            start, end = starts[i], starts[i + 1]
            self._score(rows, terms, start, end)
            self._most.append(max(terms[start:end]))
            if end - start >= dense:
                self._at[i] = _places(rows[start:end], self.n_rows)

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
            return Posting(
                self.rows[start:end], self.terms[start:end], self._most[i], self._at.get(i)
            )
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
        pattern = array(self._token_type, wanted).tobytes()
        size = self._token_size
        starts = self.segment_starts
        rows = array(self.row_type)
        weights = array("d")
        at = self._tokens.find(pattern)
        while at >= 0:
            token, misaligned = divmod(at, size)
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
            at = self._tokens.find(pattern, at + (size - misaligned if misaligned else size))
        if not rows:
            return EMPTY
        self._score(rows, weights, 0, len(rows))
        return Posting(rows, weights, max(weights))


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
        postings = [p for phrase, group in phrases if len((p := self.posting(phrase, group)).rows)]
        if not postings:  # fts5 adds 0.0 to every row for a phrase found nowhere
            return []
        score = _pruned(postings, limit)
        if score is None:
            score = _summed(postings, postings)
        # bm25 is the score negated: lowest first, ties in row order.
        best = heapq.nsmallest(limit, zip(map(neg, score.values()), score, strict=True))
        return [(self.codes[row], bm25) for bm25, row in best]


def _summed(postings: Sequence[Posting], order: Sequence[Posting]) -> dict[int, float]:
    """Each row's terms summed from 0.0 (0.0 + t is t) in this order (fts5's: the phrases').
    In C (map, zip, dict.update): a Python loop over the 25,000 entries of a common question
    at 5,000 procedures took 8 ms."""
    score: dict[int, float] = {}
    for posting in order:
        if score:
            summed = map(add, map(score.get, posting.rows, repeat(0.0)), posting.terms)
            score.update(zip(posting.rows, summed, strict=True))
        else:
            score.update(zip(posting.rows, posting.terms, strict=True))
    return score


PRUNE_FROM = 2000  # entries: fewer are summed at once (half a millisecond)
SLACK = 1e-9  # relative: far above the rounding of summing a few dozen terms in any order
LOOKUP = 1  # a term looked up by bisection costs about as much as three entries summed
SHORT = 4  # a posting of fewer entries than this many per finalist is read into a dict


def _pruned(postings: Sequence[Posting], limit: int) -> dict[int, float] | None:
    """The exact scores (summed in the phrases' order) of a set of rows that holds the best
    `limit` and every row tied with the last of them, or None when no such set is cheaper than
    scoring every row.

    A common word ("đăng", "giấy": in half the procedures or more) adds next to nothing to any
    row but holds most of the entries. So the postings are added up in order of their largest
    term, the rarest phrases first, into partial scores; once `limit` rows have partial scores
    above what all the postings not yet added could give a row together, only the rows within
    that much of the `limit`-th best partial score can be among the best (the terms are
    positive: a row's score is at least its partial score and at most that plus the rest's
    largest terms). Only their scores are then summed, exactly, in the phrases' order, each
    term found by bisection (MaxScore, as search engines stop early). It stops adding postings
    when that is cheaper than adding the next one: at 5,000 procedures a common question's
    25,000 entries become about 3,000 added and 2,000 looked up.
    """
    total = sum(len(p.rows) for p in postings)
    if total < PRUNE_FROM:
        return None
    order = sorted(postings, key=lambda p: -p.most)
    rest = [0.0] * (len(order) + 1)  # rest[i]: what order[i:] can add to a row, at most
    for i in range(len(order) - 1, -1, -1):
        rest[i] = rest[i + 1] + order[i].most
    partial: dict[int, float] = {}
    low = 0.0
    for i, posting in enumerate(order):
        rows = posting.rows.tolist()  # read twice below: unboxed once
        if partial:
            summed = map(add, map(partial.get, rows, repeat(0.0)), posting.terms)
            partial.update(zip(rows, summed, strict=True))
        else:
            partial.update(zip(rows, posting.terms, strict=True))
        bound = rest[i + 1] * (1.0 + SLACK)
        # The limit-th partial score is at most what the postings added can give together.
        if len(partial) < limit or bound >= rest[0] - rest[i + 1]:
            continue
        # The limit-th best only grows: the rows below the last check's cut cannot reach it.
        floor = _cut(low, bound) if low > bound else 0.0
        scores = sorted(filter(floor.__le__, partial.values()))  # (in C: floor <= s)
        # At least `limit` rows score `low` or more; a row below `cut` scores less than that.
        low = scores[-limit] * (1.0 - SLACK)
        if bound >= low:
            continue
        cut = _cut(low, bound)
        finalists = len(scores) - bisect_left(scores, cut)
        if i + 1 < len(order):
            # Adding the next posting costs its entries, and can at best spare the lookups of
            # the rows that only the rest's bound keeps (not those already at the threshold).
            unsure = bisect_left(scores, low) - bisect_left(scores, cut)
            if unsure * len(postings) * LOOKUP > len(order[i + 1].rows):
                continue
        elif finalists * len(postings) * LOOKUP >= total:
            return None
        return _exact(postings, sorted(compress(partial, map(cut.__le__, partial.values()))))
    return None


def _cut(low: float, bound: float) -> float:
    """Below this partial score a row scores less than `low` with every other term (`bound`)
    added (rounding aside: SLACK is far above it)."""
    return (low - bound) / (1.0 + SLACK) * (1.0 - SLACK)


def _exact(postings: Sequence[Posting], finalists: list[int]) -> dict[int, float]:
    """These rows' scores (`finalists`: ascending rows that each hold some phrase), their
    terms summed phrase by phrase from 0.0 as fts5 sums them; a phrase a row lacks adds 0.0,
    which changes no sum (every term is positive).

    Every step is a pass in C over the finalists (map, list): a row's term is found through
    the posting's places (`Posting.at`), in a dict of a posting short beside the finalists, or
    by bisection. (A Python loop of a bisection per finalist and posting was half of a search
    at 5,000 procedures, where the finalists are the hundred-odd rows close to the best.)"""
    n = len(finalists)
    summed = [0.0] * n
    for posting in postings:  # the phrases' order
        rows, terms = posting.rows, posting.terms
        padded = terms + NO_TERM  # index len(rows): 0.0
        if posting.at is not None:
            found: Iterable[float] = map(padded.__getitem__, map(posting.at.__getitem__, finalists))
        elif len(rows) < SHORT * n:
            found = map(dict(zip(rows, terms, strict=True)).get, finalists, repeat(0.0))
        else:
            at = list(map(bisect_left, repeat(rows), finalists))
            held = map(eq, map((rows + NO_ROW[rows.typecode]).__getitem__, at), finalists)
            found = map(mul, map(padded.__getitem__, at), held)  # t * True is t; * False 0.0
        summed = list(map(add, summed, found))
    return dict(zip(finalists, summed, strict=True))
