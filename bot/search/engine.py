"""Search the procedure catalogue the way citizens type.

The query is normalised (NFC, lower case) and folded (no marks, đ -> d); words the index does
not know are repaired (Telex leftovers, a moved space, one typo in a short query); synonyms add
the catalogue's own words; the filler of long questions is dropped. Procedures rank by FTS5's
bm25 over the folded columns, plus the columns with marks for the words the citizen typed with
marks, so "chôn" and "chọn" find different procedures while "chon" finds both. The index is
SQLite FTS5; the ranking is computed in memory, the same to the last bit (ranking.py).
"""

from __future__ import annotations

import asyncio
import itertools
import math
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from bot.search.normalize import (
    Word,
    best_known,
    edits1,
    split_known,
    telex_variants,
    words,
)
from bot.search.ranking import Bm25Index
from bot.search.synonyms import Vocabulary, shipped_vocabulary
from bot.search.wordsets import WordSets
from storage.procedures import IndexRow
from storage.store import Store

# bm25 weights of name_f, keywords_f, field_f, documents_f, name_x, keywords_x.
WEIGHTS = (10.0, 6.0, 2.0, 1.0, 4.0, 3.0)
FOLDED = "{name_f keywords_f field_f documents_f}"
EXACT = "{name_x keywords_x}"
FOLDED_COLUMNS = (0, 1, 2, 3)  # the same columns, as indexes into WEIGHTS
EXACT_COLUMNS = (4, 5)
SHORT_QUERY = 4  # words that are not filler: typo repair only up to this many
CONFIDENT = 0.5  # share of the query (weighted by rarity) the best procedure must cover
MAX_WORDS = 30


@dataclass(frozen=True)
class Query:
    """A citizen's question as the index sees it."""

    text: str
    content: tuple[Word, ...]  # the words that matter, repaired
    expansions: tuple[tuple[str, ...], ...]  # the catalogue's words added by synonyms
    repaired: tuple[tuple[str, str], ...] = ()  # (typed, understood as)

    @property
    def is_empty(self) -> bool:
        return not self.content and not self.expansions

    def terms(self) -> tuple[list[str], list[str]]:
        """Folded words and phrases; the words typed with marks. Each once, in order."""
        folded: list[str] = []
        for w in self.content:
            folded.append(w.folded)
        for a, b in zip(self.content, self.content[1:], strict=False):
            folded.append(f"{a.folded} {b.folded}")
        for phrase in self.expansions:
            folded.extend(phrase)
            if len(phrase) > 1:
                folded.append(" ".join(phrase))
        exact = [w.exact for w in self.content if w.has_marks]
        return _unique(folded), _unique(exact)

    def match(self) -> str:
        """The FTS5 expression: folded words and phrases, OR the words typed with marks."""
        folded, exact = self.terms()
        expression = f"{FOLDED} : ({_any(folded)})"
        if exact:
            expression += f" OR {EXACT} : ({_any(exact)})"
        return expression

    def phrases(self) -> list[tuple[tuple[str, ...], tuple[int, ...]]]:
        """The phrases of `match()` in its order, each with the columns it is looked for in."""
        folded, exact = self.terms()
        return [(tuple(t.split()), FOLDED_COLUMNS) for t in folded] + [
            (tuple(t.split()), EXACT_COLUMNS) for t in exact
        ]


def _unique(terms: list[str]) -> list[str]:
    return list(dict.fromkeys(t.replace('"', "") for t in terms if t))


def _any(terms: list[str]) -> str:
    return " OR ".join(f'"{t}"' for t in terms)


@dataclass(frozen=True)
class Hit:
    code: str
    score: float  # bm25: lower is better
    coverage: float  # 0..1: how much of the query the procedure's name and keywords cover


@dataclass(frozen=True)
class SearchResult:
    query: Query
    hits: tuple[Hit, ...] = ()

    @property
    def codes(self) -> list[str]:
        return [h.code for h in self.hits]

    @property
    def confident(self) -> bool:
        """The best procedure answers the question (else: say so, offer staff)."""
        return bool(self.hits) and self.hits[0].coverage >= CONFIDENT


class OutcomeKind(StrEnum):
    ANSWER = "answer"  # one procedure, confidently: its card
    CHOICE = "choice"  # two or three close procedures: "Bạn muốn hỏi:"
    OUT_OF_SCOPE = "out_of_scope"  # not the ward's: who handles it
    NOTHING = "nothing"  # nothing fits: say so, offer the fields and the ward's staff


@dataclass(frozen=True)
class OutOfScopeEntry:
    key: str


@dataclass(frozen=True)
class SearchOutcome:
    kind: OutcomeKind
    candidates: tuple[str, ...] = ()
    out_of_scope: OutOfScopeEntry | None = None


@dataclass
class _Snapshot:
    """What the search needs to know about the loaded index, cached until it changes."""

    content_hash: str | None
    vocabulary: dict[str, int]  # folded word -> procedures using it (any column)
    ranking: Bm25Index  # bm25 over the whole index, in memory
    strong: WordSets  # each procedure's name, keyword and field words, and their pairs
    synonym_words: frozenset[str] = frozenset()  # words of the synonym tables: no typos

    def is_known(self, word: str) -> bool:
        """A word of the index or of the tables: not a typo."""
        return word in self.vocabulary or word in self.synonym_words

    def idf(self, word: str) -> float:
        """Rarity among names and keywords: a word no procedure names weighs the most."""
        size = max(len(self.strong), 1)
        n = self.strong.procedures_naming(word)
        return math.log((size - n + 0.5) / (n + 0.5) + 1)


def _by_first_word(
    pairs: Iterable[tuple[tuple[str, ...], tuple[str, ...]]],
) -> dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]]:
    found: dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]] = {}
    for source, target in pairs:
        found.setdefault(source[0], []).append((source, target))
    return found


def ranking_index(rows: list[IndexRow], tables: Vocabulary) -> Bm25Index:
    """The in-memory ranking of these index rows (in rowid order): their columns as FTS5
    tokenises them, words the index text joins with single spaces (bot/search/index.py). The
    synonyms' phrases are indexed up front."""
    return Bm25Index(
        [r.code for r in rows],
        [(r.name_f, r.keywords_f, r.field_f, r.documents_f, r.name_x, r.keywords_x) for r in rows],
        WEIGHTS,
        (FOLDED_COLUMNS, EXACT_COLUMNS),
        phrases={target for _, target in tables.synonyms},
    )


class ProcedureSearch:
    """One per application: keeps the index (vocabulary, bm25 postings) in memory until the
    catalogue changes; a search then costs no SQL beyond checking that it did not."""

    def __init__(self, tables: Vocabulary | None = None) -> None:
        self.tables = tables or shipped_vocabulary()
        # The tables by first word, each list in the tables' order (longest first): a position
        # of the question is tried against the phrases that can start there, not all of them.
        self._synonyms_from = _by_first_word(self.tables.synonyms)
        self._stop_phrases_from = _by_first_word((p, p) for p in self.tables.stop_phrases)
        self._snapshot: _Snapshot | None = None
        self._building = asyncio.Lock()

    async def prepare(self, store: Store) -> None:
        """Build the index now (at start, before any update is served), so that the first
        citizen does not wait for it."""
        await self._current(store)

    async def _current(self, store: Store) -> _Snapshot:
        content_hash = await store.procedures.content_hash()
        snapshot = self._snapshot
        if snapshot is not None and snapshot.content_hash == content_hash:
            return snapshot
        async with self._building:  # one build at a time; a search waiting for it reuses it
            snapshot = self._snapshot
            if snapshot is None or snapshot.content_hash != content_hash:
                vocabulary = await store.procedures.vocabulary()
                rows = await store.procedures.index_texts()
                # A fraction of a second at 5,000 procedures: not on the event loop. (Measured:
                # building on the loop's thread instead left the peak memory 12 MB higher, as
                # the charts and reports, made in worker threads, no longer reused its space.)
                snapshot = await asyncio.to_thread(self._build, content_hash, vocabulary, rows)
                self._snapshot = snapshot
            return snapshot

    def _build(
        self, content_hash: str | None, vocabulary: dict[str, int], rows: list[IndexRow]
    ) -> _Snapshot:
        strong = WordSets(
            [r.code for r in rows],
            [f"{r.name_f} {r.keywords_f} {r.field_f}" for r in rows],
            [r.name_f for r in rows],
            [r.keywords_f for r in rows],
        )
        return _Snapshot(
            content_hash,
            vocabulary,
            ranking_index(rows, self.tables),
            strong,
            synonym_words=frozenset(self.tables.known_words),
        )

    async def search(self, store: Store, text: str, limit: int = 10) -> SearchResult:
        snapshot = await self._current(store)
        query = self.parse(text, snapshot)
        if query.is_empty:
            return SearchResult(query)
        found = snapshot.ranking.top(query.phrases(), max(limit, 20))
        # bm25 is negative (lower is better): scaled up for the procedure whose name says what
        # was asked and that answers more of the question ("xac nhan cu tru" is a residence
        # matter, not the marital-status card that only shares "xác nhận").
        asked = _Asked.of(query, snapshot)
        hits = [
            Hit(code, score * asked.name_factor(row) * (0.5 + coverage), coverage)
            for code, score in found
            if (row := snapshot.strong.row_of(code)) is not None
            and (coverage := asked.coverage(row)) > 0
        ]
        hits.sort(key=lambda h: h.score)
        return SearchResult(query, tuple(hits[:limit]))

    async def ask(self, store: Store, text: str) -> SearchOutcome:
        result = await self.search(store, text)
        if result.confident:
            return SearchOutcome(OutcomeKind.ANSWER, (result.codes[0],))
        return SearchOutcome(OutcomeKind.NOTHING)

    # the query ---------------------------------------------------------------------------
    def parse(self, text: str, snapshot: _Snapshot) -> Query:
        typed = words(text)[:MAX_WORDS]
        short = sum(1 for w in typed if not self._is_filler(w, snapshot)) <= SHORT_QUERY
        repaired, fixes = self._repair(typed, snapshot, short)
        expansions, _ = self._synonyms(repaired)
        content = self._without_filler(repaired, snapshot)
        return Query(text, tuple(content), tuple(expansions), tuple(fixes))

    def _is_filler(self, w: Word, snapshot: _Snapshot) -> bool:
        if w.has_marks:
            return w.exact in self.tables.stop_words
        # Without marks "dang" may be "đăng" as well as "đang": keep what the catalogue uses.
        return w.folded in self.tables.stop_folded and w.folded not in snapshot.strong

    def _repair(
        self, typed: list[Word], snapshot: _Snapshot, short: bool
    ) -> tuple[list[Word], list[tuple[str, str]]]:
        vocabulary = snapshot.vocabulary
        out: list[Word] = []
        fixes: list[tuple[str, str]] = []
        i = 0
        while i < len(typed):
            w = typed[i]
            if snapshot.is_known(w.folded) or any(ch.isdigit() for ch in w.folded):
                out.append(w)
                i += 1
                continue
            # A moved or missing space: "khais inh", "dangky".
            nxt = typed[i + 1] if i + 1 < len(typed) else None
            if nxt is not None and not snapshot.is_known(nxt.folded):
                pair = split_known(w.folded + nxt.folded, vocabulary)
                if pair:
                    out += [Word(pair[0], pair[0]), Word(pair[1], pair[1])]
                    fixes.append((f"{w.exact} {nxt.exact}", " ".join(pair)))
                    i += 2
                    continue
            pair = split_known(w.folded, vocabulary)
            fixed = best_known(list(telex_variants(w.folded)), vocabulary)
            if fixed is None and pair is None and short and len(w.folded) >= 2:
                before = out[-1].folded if out else None
                after = nxt.folded if nxt else None
                fixed = self._typo(w.folded, before, after, snapshot)
            if fixed is not None:
                out.append(Word(fixed, fixed))
                fixes.append((w.exact, fixed))
            elif pair is not None:
                out += [Word(pair[0], pair[0]), Word(pair[1], pair[1])]
                fixes.append((w.exact, " ".join(pair)))
            else:
                out.append(w)  # unknown: it will simply match nothing
            i += 1
        return out, fixes

    @staticmethod
    def _typo(token: str, before: str | None, after: str | None, snapshot: _Snapshot) -> str | None:
        """The known word one edit away that forms a known pair with a neighbour ("khai sin" ->
        "khai sinh", not "khai tin"); for a lone word, the most used one. A guess with no such
        support is no repair: "gia xang" must not become "gia dang"."""
        candidates = [c for c in edits1(token) if len(c) > 1 and c in snapshot.vocabulary]
        if before is None and after is None:
            return best_known(candidates, snapshot.vocabulary)
        sets = snapshot.strong
        in_context = [c for c in candidates if sets.has_pair(before, c) or sets.has_pair(c, after)]
        return best_known(in_context, snapshot.vocabulary)

    def _synonyms(self, typed: list[Word]) -> tuple[list[tuple[str, ...]], set[int]]:
        folded = [w.folded for w in typed]
        expansions: list[tuple[str, ...]] = []
        used: set[int] = set()
        i = 0
        while i < len(folded):
            for source, target in self._synonyms_from.get(folded[i], ()):
                if tuple(folded[i : i + len(source)]) == source:
                    if target not in expansions:
                        expansions.append(target)
                    used.update(range(i, i + len(source)))
                    i += len(source)
                    break
            else:
                i += 1
        return expansions, used

    def _without_filler(self, typed: list[Word], snapshot: _Snapshot) -> list[Word]:
        folded = [w.folded for w in typed]
        drop: set[int] = set()
        i = 0
        while i < len(folded):
            for phrase, _ in self._stop_phrases_from.get(folded[i], ()):
                if tuple(folded[i : i + len(phrase)]) == phrase:
                    drop.update(range(i, i + len(phrase)))
                    i += len(phrase)
                    break
            else:
                if self._is_filler(typed[i], snapshot):
                    drop.add(i)
                i += 1
        kept = [w for i, w in enumerate(typed) if i not in drop]
        return kept or typed  # a question made only of filler is still a question


@dataclass(frozen=True)
class _Asked:
    """What the confidence and name checks need of a query, worked out once per search rather
    than once per candidate, as `WordSets` ids (a word no name or keyword has gets none)."""

    strong: WordSets
    rarity: tuple[tuple[int | None, float], ...]  # each content word once, with its idf
    total: float  # their idfs summed
    expansions: tuple[tuple[int | None, ...], ...]  # a one-word expansion's id; else pair keys
    wanted: frozenset[int]  # the words typed or added by synonyms
    pairs: frozenset[tuple[int, int]]  # adjacent pairs typed or added, of known words
    pair_count: int  # all the adjacent pairs, known words or not

    @classmethod
    def of(cls, query: Query, snapshot: _Snapshot) -> _Asked:
        strong = snapshot.strong
        ids = strong.ids
        unique = list(dict.fromkeys(w.folded for w in query.content))
        rarity = tuple((ids.get(w), snapshot.idf(w)) for w in unique)
        expansions = tuple(
            (ids.get(phrase[0]),)
            if len(phrase) == 1
            else tuple(strong.pair_key(a, b) for a, b in itertools.pairwise(phrase))
            for phrase in query.expansions
        )
        content = [w.folded for w in query.content]
        wanted = set(content) | {w for p in query.expansions for w in p}
        asked = set(itertools.pairwise(content))
        for phrase in query.expansions:
            asked.update(itertools.pairwise(phrase))
        return cls(
            strong,
            rarity,
            sum(idf for _, idf in rarity),
            expansions,
            frozenset(ids[w] for w in wanted if w in ids),
            frozenset((ids[a], ids[b]) for a, b in asked if a in ids and b in ids),
            len(asked),
        )

    def coverage(self, row: int) -> float:
        """How much of the question the procedure's name and keywords answer, 0 to 1.

        The citizen's words count by rarity (a common word like "giấy" counts little); the
        catalogue's words a synonym added count only as whole phrases ("căn cước công dân"
        does not match a procedure that merely has "công" and "dân" somewhere).
        """
        sets = self.strong.sets(row)
        words = sets.words
        total = self.total
        best = sum(idf for i, idf in self.rarity if i in words) / total if total else 0.0
        for phrase in self.expansions:
            if len(phrase) == 1:
                hit = 1.0 if phrase[0] in words else 0.0
            else:
                hit = sum(1 for link in phrase if link in sets.pairs) / len(phrase)
            best = max(best, hit)
        return best

    def name_factor(self, row: int) -> float:
        """Prefer the procedure whose name says what the citizen typed: "kết hôn" is "Đăng ký
        kết hôn" before "Đăng ký lại kết hôn", and "trợ cấp xã hội" the procedure named so
        before one that only mentions it (bm25 alone can tie them on rich keyword lists)."""
        sets = self.strong.sets(row)
        if not sets.name:
            return 1.0
        covered = len(sets.name & self.wanted) / len(sets.name)
        in_order = len(self.pairs & sets.name_pairs) / self.pair_count if self.pair_count else 0.0
        return 1.0 + 0.3 * covered + 0.3 * in_order
