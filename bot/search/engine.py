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
import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from bot.search.normalize import (
    Word,
    best_known,
    segment,
    spelling_variants,
    split_known,
    telex_variants,
    vni_plain,
    word_count,
    words,
)
from bot.search.out_of_scope import UNLISTED, OutOfScopeEntry, shipped_out_of_scope
from bot.search.ranking import Bm25Index, Ints
from bot.search.runs import NO_RUN, Run, best_run, shared_run, typed_whole
from bot.search.synonyms import PaperWords, Vocabulary, shipped_vocabulary
from bot.search.wordsets import WordSets
from domain.text import fold
from storage.procedures import IndexRow
from storage.store import Store

# bm25 weights of name_f, keywords_f, field_f, documents_f, name_x, keywords_x.
WEIGHTS = (10.0, 6.0, 2.0, 1.0, 4.0, 3.0)
FOLDED = "{name_f keywords_f field_f documents_f}"
EXACT = "{name_x keywords_x}"
FOLDED_COLUMNS = (0, 1, 2, 3)  # the same columns, as indexes into WEIGHTS
EXACT_COLUMNS = (4, 5)
SHORT_QUERY = 4  # words that are not filler: a lone typo repaired only up to this many
CONFIDENT = 0.5  # share of the question (weighted by rarity) the answer must cover
CHOICE_FLOOR = 0.3  # below CONFIDENT but at least this: a choice rather than nothing
CLOSE = 0.9  # a runner-up ranked within this share of the best makes the answer a choice
MAX_CHOICES = 3
GROUP = 6  # procedures ranked close to the best whose phrases are compared
NAME_TYPED = 5  # words of a name typed whole that put its procedure first
LONGEST_NAME = 255  # a name's length as `_Snapshot.name_lengths` holds it, at most
CANDIDATES = 24  # procedures bm25 passes on to the phrase check
COMMON_NAME_WORD = 0.25  # a name word in more than this share of procedures tells none apart
SKIPPED = 0.75  # a pair of the procedure's typed with one word between
SINGLE = 0.5  # a word a procedure has, but not within a phrase of the question
MAX_WORDS = 30  # the words that matter read from a question (its filler dropped first)
MAX_TYPED = 80  # the words typed read at all: a long message's ask comes last ("... co phai
# dang ky tam tru cho ho khong"), after more than MAX_WORDS words of greeting and context
GENERIC_WEIGHT = 0.5  # the most a generic word weighs (see `_Evidence`)
DOMINANT = 0.7  # a runner-up ranked below this share of a best met in part leaves it alone
OTHER_MATTER = 1.0  # a word at least this weighty met only by a close runner-up: ask which


# (rank, coverage, bm25, a phrase met, code, weight met) of one candidate procedure
Scored = tuple[float, float, float, bool, str, float]


@dataclass(frozen=True)
class Query:
    """A citizen's question as the index sees it."""

    text: str
    content: tuple[Word, ...]  # the words that matter, repaired
    expansions: tuple[tuple[str, ...], ...]  # the catalogue's words added by synonyms
    repaired: tuple[tuple[str, str], ...] = ()  # (typed, understood as)
    spans: tuple[tuple[int, ...], ...] = ()  # per expansion: the content words it stands for
    elsewhere: tuple[tuple[OutOfScopeEntry, tuple[int, ...]], ...] = ()  # matters not the ward's
    # Per content word: whether it directly follows the one before it as typed (no filler
    # between): "giấy phép karaoke" is one phrase, "khai sinh cho Na" is not.
    joined: tuple[bool, ...] = ()
    # Per content word: said in passing, in a clause of time after the matter ("kết hôn lần
    # hai sau khi vợ mất"): it weighs little beside the matter (see `_aside`).
    aside: tuple[bool, ...] = ()
    # Per content word: who the paper is for (see `_for_whom`).
    for_whom: tuple[bool, ...] = ()
    # What a rule about papers read (a copy from the register, a lost paper made again, a paper
    # written wrong or changed): its procedure's phrase, which decides between the procedures
    # that have the paper's own words ("hủy hợp đồng mua bán đất đã chứng thực").
    decisive: tuple[str, ...] = ()

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


ASIDE = (("sau", "khi"), ("truoc", "khi"))  # "sau khi", "trước khi"
# "để" + a verb: what the paper is for ("xác nhận cư trú để nộp công ty", "độc thân để làm hồ sơ
# visa"), not the paper asked for. Only "để" (or "de" typed bare): "đẻ" is giving birth.
PURPOSE = "de"
PURPOSE_MARKED = "để"
PURPOSE_VERBS = frozenset(
    (
        "nop",
        "lam",
        "xin",
        "vay",
        "di",
        "hoc",
        "mua",
        "ban",
        "bo",
        "hoan",
        "xuat",
        "du",
        "thi",
        "gui",
        "lay",
        "mo",
        "vao",
        "tham",
        "huong",
        "nhan",
        "bao",
        "chung",
        "ket",
        "cho",
        "hop",
        "xet",
        "chia",
        "sua",
        "xay",
        "chua",
        "tra",
        "o",  # "để ở cho hợp pháp", "mua nhà để ở"
    )
)
# "cho" and a person: who the paper is for ("đăng ký thường trú cho con mới sinh" asks about
# residence, "apply household registration cho vợ mới cưới" too), unless it opens the question
# ("cho em hỏi").
BENEFICIARY = "cho"
PERSONS = frozenset(
    ("con", "chau", "vo", "chong", "bo", "me", "cha", "ong", "ba", "em", "anh", "chi", "be")
) | {"nguoi"}
ASKING = frozenset(("hoi", "biet", "xin", "nho"))
CLAUSE_END = re.compile(r"[,.;:!?()\n]+")


DONE = frozenset({"roi", "xong"})  # "rồi", "xong": what is already done
REASON = frozenset({"nen"})  # "... nên muốn ...": what comes before is why, not what is asked
DEMANDS = frozenset({"doi", "yeu", "bat"})  # "đòi", "yêu cầu", "bắt" (nộp)
PAPERS = frozenset({"giay", "ban", "so"})  # "giấy", "bản", "sổ": a paper named after a demand
# "giờ", "bây giờ", "muốn", and "nhưng" ("... đăng ký tạm trú rồi. Nhưng hôm nay ...")
NOW_ASKED = frozenset({"gio", "bay", "nay", "muon", "can", "lai", "nhung"})


def _aside(text: str) -> list[bool]:
    """For each word of the text (as `words` cuts it): whether it is said in passing, beside
    the matter:
    - a clause of time that follows the matter within its clause, from "sau khi" / "trước khi"
      to the clause's end: "kết hôn lần hai sau khi vợ mất" asks about marriage;
    - a clause of purpose, from "để" and its verb: "xin giấy độc thân để làm hồ sơ visa" asks
      for the certificate;
    - what is already done before what is asked now ("... rồi, giờ muốn ..."): "làm xong khai
      sinh rồi, giờ muốn nhập khẩu cho con" asks about residence; so is a reason ("... nên
      muốn ..."): "sắp đi xuất khẩu lao động nên muốn chuyển việc giám hộ" asks about the
      guardianship.
    A clause that starts with "sau khi" ("sau khi về nước, làm khai sinh cho con") is where the
    matter may be: left alone."""
    flags: list[bool] = []
    folded_all: list[str] = []
    starts: list[int] = []  # where each word's clause starts
    for clause in CLAUSE_END.split(text):
        typed = words(clause)
        folded = [w.folded for w in typed]
        found = [False] * len(folded)
        for i in range(1, len(folded) - 1):
            purpose = (
                folded[i] == PURPOSE
                and (not typed[i].has_marks or typed[i].exact == PURPOSE_MARKED)
                and folded[i + 1] in PURPOSE_VERBS
            )
            if purpose or (folded[i], folded[i + 1]) in ASIDE:
                found[i:] = [True] * (len(folded) - i)
                break
        starts += [len(folded_all)] * len(folded)
        flags += found
        folded_all += folded
    for k in range(1, len(folded_all) - 1):
        if folded_all[k] in DONE | REASON and folded_all[k + 1] in NOW_ASKED:
            for j in range(starts[k], k + 1):
                flags[j] = True
    # Someone demanding a paper ("văn phòng công chứng đòi giấy chứng tử", "bên đó yêu cầu em
    # phải có giấy chứng nhận ..."): that paper is the ask, what they do it for in the same
    # clause is the story.
    for k in range(1, len(folded_all) - 1):
        if folded_all[k] in DEMANDS and PAPERS & set(folded_all[k + 1 : k + 4]):
            for j in range(starts[k], k):
                flags[j] = True
    return flags


def _for_whom(text: str) -> list[bool]:
    """For each word of the text: whether it names who the paper is for, from "cho" and a
    person to its clause's end ("đăng ký thường trú cho con mới sinh")."""
    flags: list[bool] = []
    for clause in CLAUSE_END.split(text):
        folded = [w.folded for w in words(clause)]
        found = [False] * len(folded)
        for i in range(1, len(folded) - 1):
            if (
                folded[i] == BENEFICIARY
                and folded[i + 1] in PERSONS
                and not ASKING & set(folded[i + 1 : i + 4])
            ):
                found[i:] = [True] * (len(folded) - i)
                break
        flags += found
    return flags


def _toned(w: Word) -> bool:
    """Whether the word carries marks other than the stroke of "đ"."""
    plain = w.exact.replace("đ", "d")
    return plain != w.folded


def _unique(terms: list[str]) -> list[str]:
    return list(dict.fromkeys(t.replace('"', "") for t in terms if t))


def _any(terms: list[str]) -> str:
    return " OR ".join(f'"{t}"' for t in terms)


@dataclass(frozen=True)
class Hit:
    code: str
    score: float  # the ranking: lower is better (bm25 scaled by how much of the question is met)
    coverage: float  # 0..1: how much of the question the procedure's name and keywords cover


@dataclass(frozen=True)
class SearchResult:
    query: Query
    hits: tuple[Hit, ...] = ()
    outcome: SearchOutcome | None = None  # None only for an empty question

    @property
    def codes(self) -> list[str]:
        return [h.code for h in self.hits]

    @property
    def confident(self) -> bool:
        """One procedure answers the question: show its card (else: a choice, out of scope or
        nothing; see `outcome`)."""
        return self.outcome is not None and self.outcome.kind is OutcomeKind.ANSWER


class OutcomeKind(StrEnum):
    """What the search makes of a question: what the citizen should be shown."""

    ANSWER = "answer"  # one procedure, confidently: its card
    CHOICE = "choice"  # two or three close procedures: "Bạn muốn hỏi:" with one button each
    OUT_OF_SCOPE = "out_of_scope"  # not the ward's: who handles it (`SearchOutcome.out_of_scope`)
    NOTHING = "nothing"  # nothing fits: say so, offer the fields and the ward's staff


@dataclass(frozen=True)
class SearchOutcome:
    """The search's verdict on a question.

    kind ANSWER: `candidates` is the one procedure code to show (`codes` the rest, for "not this
    one"); CHOICE: `candidates` holds two or three codes, best first; OUT_OF_SCOPE:
    `out_of_scope` says who handles it; NOTHING: no candidates.
    """

    kind: OutcomeKind
    candidates: tuple[str, ...] = ()
    out_of_scope: OutOfScopeEntry | None = None
    codes: tuple[str, ...] = ()  # every procedure found, best first (the "not this one" list)

    @property
    def best(self) -> str | None:
        return self.candidates[0] if self.candidates else None


EMPTY_OUTCOME = SearchOutcome(OutcomeKind.NOTHING)


@dataclass
class _Snapshot:
    """What the search needs to know about the loaded index, cached until it changes."""

    content_hash: str | None
    vocabulary: dict[str, int]  # folded word -> procedures using it (any column)
    ranking: Bm25Index  # bm25 over the whole index, in memory
    strong: WordSets  # each procedure's name, keyword and field words, and their pairs
    synonym_words: frozenset[str] = frozenset()  # words of the synonym tables: no typos
    names: tuple[str, ...] = ()  # strong words, for the typo check (rapidfuzz)
    name_lengths: bytes = b""  # each name's length (255 at most)
    # Folded stop words that are only ever filler in names and keywords ("tren": "trên"), not
    # also a word of the matter with other marks ("vang": "vâng", but also "vắng").
    filler: frozenset[str] = frozenset()
    # Words known only as part of a place's name ("quảng" of "Quảng Nam"): known, so not
    # repaired, yet no word of the catalogue ("giấy phép quảng cáo" names another matter).
    place_only: frozenset[str] = frozenset()

    def names_near(self, length: int, edits: int) -> tuple[str, ...]:
        """The names (`names`) that `edits` edits can reach from a word of this length: a
        length within `edits` of it (an edit changes the length by one at most). In `names`'
        order, picked in C (a Python pass over the thousands of names took a millisecond)."""
        if length + edits >= LONGEST_NAME:
            return tuple(w for w in self.names if abs(len(w) - length) <= edits)
        near = bytes(abs(n - length) <= edits for n in range(LONGEST_NAME + 1))
        return tuple(itertools.compress(self.names, self.name_lengths.translate(near)))

    def is_known(self, word: str) -> bool:
        """A word of the index or of the tables: not a typo."""
        return word in self.vocabulary or word in self.synonym_words

    def idf(self, word: str) -> float:
        """Rarity among names and keywords: a word no procedure names weighs the most."""
        return _idf(len(self.strong), self.strong.procedures_naming(word))


def _idf(procedures: int, naming: int) -> float:
    """A word's rarity among the procedures' names and keywords (bm25's idf)."""
    size = max(procedures, 1)
    return math.log((size - naming + 0.5) / (naming + 0.5) + 1)


def _by_first_word(
    pairs: Iterable[tuple[tuple[str, ...], tuple[str, ...]]],
) -> dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]]:
    found: dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]] = {}
    for source, target in pairs:
        found.setdefault(source[0], []).append((source, target))
    return found


def _phrase_lengths(
    rows: list[IndexRow], keywords: Mapping[str, tuple[str, ...]]
) -> tuple[list[tuple[int, ...]], dict[int, list[tuple[str, ...]]]]:
    """Where each procedure's name and keywords (`keywords`, by code) cut its index words
    (`name_f`, then `keywords_f`: the same words, folded; bot/search/index.py): the length of
    its name, then of each keyword. Counted, not folded again (a tenth of the time). A
    procedure the catalogue does not have has no phrases; one whose keywords do not cut its
    index words so (none is known) keeps its phrases folded, in the second part."""
    lengths: list[tuple[int, ...]] = []
    odd: dict[int, list[tuple[str, ...]]] = {}
    for i, r in enumerate(rows):
        found = keywords.get(r.code)
        if found is None:
            lengths.append(())
            continue
        counts = tuple(map(word_count, found))
        if sum(counts) == len(r.keywords_f.split()):
            lengths.append((len(r.name_f.split()), *counts))
        else:
            lengths.append(())
            name = tuple(r.name_f.split())
            odd[i] = [name, *(tuple(w.folded for w in words(k)) for k in found)]
    return lengths, odd


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

    def __init__(
        self,
        tables: Vocabulary | None = None,
        out_of_scope: tuple[OutOfScopeEntry, ...] | None = None,
    ) -> None:
        self.tables = tables or shipped_vocabulary()
        self.out_of_scope = shipped_out_of_scope() if out_of_scope is None else out_of_scope
        # The tables by first word, each list in the tables' order (longest first): a position
        # of the question is tried against the phrases that can start there, not all of them.
        self._synonyms_from = _by_first_word(self.tables.synonyms)
        self._stop_phrases_from = _by_first_word(
            (p, p)
            for p in sorted((*self.tables.stop_phrases, *self.tables.places), key=len, reverse=True)
        )
        elsewhere: dict[str, list[tuple[tuple[str, ...], OutOfScopeEntry]]] = {}
        matters = [(p, e) for e in self.out_of_scope for p in e.phrases]
        for phrase, entry in [*matters, *((p, UNLISTED) for p in self.tables.unlisted)]:
            expanded = tuple(w for word in phrase for w in self._abbreviated(word))
            # As its abbreviations read ("cccd") and as written ("sổ hồng", whose "hồng" typed
            # with its marks is no "hông").
            for form in dict.fromkeys((expanded, phrase)):
                elsewhere.setdefault(form[0], []).append((form, entry))
        for found in elsewhere.values():
            found.sort(key=lambda item: -len(item[0]))
        self._elsewhere_from = elsewhere
        # The words of matters handled elsewhere weigh the most; those of matters no one lists
        # weigh only as a whole phrase (`_Evidence.unnamed_weight`): "hè" of "vỉa hè" is also
        # the "hè" of "thế hệ" typed bare.
        self._elsewhere_words = frozenset(
            w for p in elsewhere.values() for ph, e in p if e is not UNLISTED for w in ph
        )
        self._unlisted_words = frozenset(w for p in self.tables.unlisted for w in p)
        # Words the tables know only as part of a place's name (see `_Snapshot.place_only`).
        self._place_only = (
            self.tables.place_words - self.tables.words_beside_places - self._elsewhere_words
        )
        self._snapshot: _Snapshot | None = None
        self._building = asyncio.Lock()
        # Filler a procedure also uses ("có", "không"), kept in the question, decides nothing.
        self._generic = self.tables.generic | self.tables.stop_folded

    def _abbreviated(self, word: str) -> tuple[str, ...]:
        return self.tables.abbreviations.get(word, (word,))

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
                # The smallest read last: the database's thread holds on to the last rows it
                # read until its next query.
                keywords = await store.procedures.keywords()
                rows = await store.procedures.index_texts()
                vocabulary = await store.procedures.vocabulary()
                # A fraction of a second at 5,000 procedures: not on the event loop. (Measured:
                # building on the loop's thread instead left the peak memory 12 MB higher, as
                # the charts and reports, made in worker threads, no longer reused its space.)
                snapshot = await asyncio.to_thread(
                    self._build, content_hash, vocabulary, rows, keywords
                )
                del rows, keywords
                self._snapshot = snapshot
            return snapshot

    def _build(
        self,
        content_hash: str | None,
        vocabulary: dict[str, int],
        rows: list[IndexRow],
        keywords: Mapping[str, tuple[str, ...]],
    ) -> _Snapshot:
        lengths, odd = _phrase_lengths(rows, keywords)
        strong = WordSets(
            [r.code for r in rows],
            [f"{r.name_f} {r.keywords_f} {r.field_f}" for r in rows],
            [r.name_f for r in rows],
            [r.keywords_f for r in rows],
            lengths,
            odd,
        )
        del lengths
        names = tuple(w for w in strong.ids if len(w) > 2)
        return _Snapshot(
            content_hash,
            vocabulary,
            ranking_index(rows, self.tables),
            strong,
            synonym_words=frozenset(self.tables.known_words)
            | self._elsewhere_words
            | self._unlisted_words,
            names=names,
            name_lengths=bytes(min(len(w), LONGEST_NAME) for w in names),
            filler=self._only_filler(rows),
            place_only=self._place_only - vocabulary.keys(),
        )

    def _only_filler(self, rows: list[IndexRow]) -> frozenset[str]:
        stop_words = self.tables.stop_words
        other_marks = {
            w.folded
            for r in rows
            for w in words(f"{r.name_x} {r.keywords_x}")
            if w.exact not in stop_words
        }
        return self.tables.stop_folded - other_marks

    async def search(self, store: Store, text: str, limit: int = 10) -> SearchResult:
        snapshot = await self._current(store)
        query = self.parse(text, snapshot)
        if query.is_empty:
            return SearchResult(query, (), EMPTY_OUTCOME)
        found = snapshot.ranking.top(query.phrases(), max(limit, CANDIDATES))
        evidence = _Evidence.of(
            query,
            snapshot,
            self._generic,
            self._elsewhere_words,
            self.tables.stop_words,
            self.tables.compounds,
        )
        measured = []
        asked = self._acts_asked(query)
        for code, score in found:
            row = snapshot.strong.row_of(code)
            if row is not None:
                words_met = evidence.met(row)
                if code in self.tables.acts and code not in asked:
                    # Papers named for an act not asked ("tôi có căn cước, học bạ"): context.
                    words_met = [min(m, SINGLE) for m in words_met]
                measured.append((code, score, row, words_met))
        weight = evidence.in_context([m for _, _, _, m in measured])
        met_of = {code: words_met for code, _, _, words_met in measured}
        scored: list[Scored] = []
        for code, score, row, words_met in measured:
            met, coverage, phrased = evidence.measure(words_met, weight)
            if met <= 0:
                continue
            rank = met * evidence.name_factor(row)
            scored.append((rank, coverage, score, phrased, code, met))
        # Most of the question met by a procedure's phrases first; then the procedure whose name
        # says what was asked; bm25 (which reads the marks typed) breaks ties.
        scored.sort(key=lambda s: (-s[0], s[2]))
        hits = tuple(
            Hit(code, score * (0.5 + coverage), coverage)
            for _, coverage, score, _, code, _ in scored[:limit]
        )
        scored, specific, typed = self._most_specific_first(snapshot, query, scored, met_of)
        hits = tuple(
            Hit(code, score * (0.5 + coverage), coverage)
            for _, coverage, score, _, code, _ in scored[:limit]
        )
        order = {code: row for code, _, row, _ in measured}
        decided = self._decided(query, snapshot, scored)
        if decided is not None:
            return SearchResult(
                query, hits, SearchOutcome(OutcomeKind.ANSWER, (decided,), None, tuple(order))
            )
        outcome = self._verdict(query, evidence, scored, specific, met_of, weight, typed, order)
        return SearchResult(query, hits, outcome)

    @staticmethod
    def _decided(query: Query, snapshot: _Snapshot, scored: list[Scored]) -> str | None:
        """The one procedure among the closest that has the phrase a rule about papers read,
        when exactly one does (and no matter handled elsewhere was named)."""
        if not query.decisive or query.elsewhere:
            return None
        sets = snapshot.strong
        keys = [sets.pair_key(a, b) for a, b in itertools.pairwise(query.decisive)]
        if not keys or None in keys:
            return None
        holding = [
            s[4]
            for s in scored[:GROUP]
            if (row := sets.row_of(s[4])) is not None
            and all(k in sets.sets(row).pairs for k in keys)
        ]
        return holding[0] if len(holding) == 1 else None

    def _acts_asked(self, query: Query, naming: bool = False) -> frozenset[str]:
        """The procedures of `Vocabulary.acts` whose act the question holds (typed or added by a
        synonym); with `naming`, only by a phrase naming it apart from its family."""
        seqs = [tuple(w.folded for w in query.content), *query.expansions]
        return frozenset(
            code
            for code, act in self.tables.acts.items()
            if any(
                seq[i : i + len(p)] == p
                for p in (act.names if naming else act.words)
                for seq in seqs
                for i in range(len(seq))
            )
        )

    def _most_specific_first(
        self,
        snapshot: _Snapshot,
        query: Query,
        scored: list[Scored],
        met_of: dict[str, list[float]],
    ) -> tuple[list[Scored], dict[str, tuple[int, bool]], Run]:
        """Among the procedures ranked close to the best, the one with the longest phrase of
        its own in the question comes first (a phrase found whole before one found in part):
        "chứng thực chữ ký" is that procedure, not "chứng thực chữ ký người dịch"; "khai tử"
        is "Đăng ký khai tử", not "khai tử lại". Ties stay a choice (see `_verdict`)."""
        if not scored:
            return scored, {}, NO_RUN
        top = scored[0][0]
        group = [s for s in scored[:GROUP] if s[0] >= CLOSE * top]
        asked = []
        for seq in (tuple(w.folded for w in query.content), *query.expansions):
            at: dict[str, list[int]] = {}
            for j, word in enumerate(seq):
                at.setdefault(word, []).append(j)
            asked.append((seq, at))
        specific: dict[str, tuple[int, bool]] = {}
        generic = self.tables.generic
        # A phrase's longest run, worked out once per search (procedures share many phrases).
        runs_of: dict[tuple[str, ...], tuple[int, bool]] = {}

        def longest_run(code: str) -> tuple[int, bool]:
            best = (0, False)
            for phrase in _phrases_of(snapshot, code):
                found = runs_of.get(phrase)
                if found is None:
                    found = runs_of[phrase] = max(
                        (shared_run(phrase, at, seq, generic) for seq, at in asked),
                        default=(0, False),
                    )
                best = max(best, found)
            return best

        for s in group:
            specific[s[4]] = longest_run(s[4])
        group.sort(key=lambda s: (specific[s[4]], s[0]), reverse=True)
        ranked = group + scored[len(group) :]
        # A procedure whose whole name is typed says more than the best's shorter run, even one
        # a synonym completes: "đăng ký lại khai tử cho cụ đã mất" is not "Đăng ký khai tử".
        # (Not a short name: "giấy đăng ký kết hôn" is the certificate, a document.)
        seq, at = asked[0]
        typed = best_run(_phrases_of(snapshot, ranked[0][4]), at, seq, generic)
        longest = typed.size
        named = None
        for s in ranked[1:GROUP]:
            phrases = _phrases_of(snapshot, s[4])
            name = phrases[0] if phrases else ()
            # (A shorter name too when the best has no more than one word of its own: "đăng ký
            # thường trú cho con mới sinh" is the residence, not the birth.)
            enough = len(name) > max(longest, NAME_TYPED - 1) or (
                len(name) >= NAME_TYPED - 1 and longest <= 1
            )
            if enough and typed_whole(name, at, seq):
                named, longest = s, len(name)
        if named is not None:
            ranked.remove(named)
            ranked.insert(0, named)
            specific[named[4]] = longest_run(named[4])
            typed = best_run(_phrases_of(snapshot, named[4]), at, seq, generic)
        # The others meeting exactly what the best meets: does their phrase say as much? (Only
        # asked when the best's phrase is met in part: see `_verdict`.)
        mine = _phrased(met_of.get(ranked[0][4]))
        whole = specific.get(ranked[0][4], (0, False))[1]
        for s in ranked[len(group) :] if not whole else ():
            if s[3] and _phrased(met_of.get(s[4])) == mine:
                specific[s[4]] = longest_run(s[4])
        return ranked, specific, typed

    async def ask(self, store: Store, text: str, limit: int = 10) -> SearchOutcome:
        """The question's outcome: one answer, a short choice, out of scope, or nothing."""
        outcome = (await self.search(store, text, limit)).outcome
        return outcome if outcome is not None else EMPTY_OUTCOME

    def _verdict(
        self,
        query: Query,
        evidence: _Evidence,
        scored: list[Scored],
        specific: dict[str, tuple[int, bool]],
        met_of: dict[str, list[float]] | None = None,
        weight: tuple[float, ...] = (),
        run: Run = NO_RUN,
        order: dict[str, int] | None = None,
    ) -> SearchOutcome:
        codes = tuple(s[4] for s in scored)
        best_rank = scored[0][0] if scored else 0.0
        # A matter handled elsewhere, named by a phrase that no procedure's phrases outweigh.
        own = specific.get(scored[0][4], (0, False)) if scored else (0, False)
        for entry, span in query.elsewhere:
            if query.aside and span and all(query.aside[i] for i in span):
                continue  # only what the paper is for ("... de lam ho so visa")
            met = (
                sum(evidence.weight[i] or evidence.unnamed_weight() for i in span)
                if entry is UNLISTED
                else evidence.span_weight(span)
            )
            rank = met * 1.6  # its phrase is the whole of what it names
            if entry is UNLISTED:
                # A procedure's phrase typed whole beside it, not within it, is what is asked
                # ("thương binh vừa mất, làm khai tử"); "nhận con" of "nhận con nuôi" is not.
                if own[1] and own[0] >= 2 and not _overlaps(run, span):
                    continue
                if met > 0 and rank >= best_rank:
                    return SearchOutcome(OutcomeKind.NOTHING, codes=codes)
                continue
            if own[1] and own[0] >= len(span):
                continue  # the catalogue has this matter after all (a ward's own addition)
            if met > 0 and rank >= best_rank:
                return SearchOutcome(OutcomeKind.OUT_OF_SCOPE, (), entry, codes)
        if not scored:
            return SearchOutcome(OutcomeKind.NOTHING, codes=codes)
        # The best's name with a word more that the question does not say ("Xóa đăng ký thường
        # trú" beside "đăng ký thường trú", "Chấm dứt giám hộ" beside "giám hộ"): not offered.
        scored = [scored[0], *(s for s in scored[1:] if not evidence.extends(scored[0][4], s[4]))]
        rank, coverage, _, phrased, code, _ = scored[0]
        top = max(s[0] for s in scored[:GROUP])
        leader = specific.get(code)
        # The best meeting the act asked before who the paper is for, a runner-up meeting only
        # who it is for ("đăng ký thường trú cho con mới sinh") is not close.
        acting = _phrase_before_whom(query, (met_of or {}).get(code))
        close = [
            s
            for s in scored[1:MAX_CHOICES]
            if s[0] >= CLOSE * top
            and s[3]
            and (
                specific.get(s[4]) == leader
                or _other_matter(evidence, weight, met_of or {}, code, s[4])
            )
            and not (acting and _met_only_in(query.for_whom, (met_of or {}).get(s[4], [])))
        ]
        if leader is not None and not leader[1] and met_of and order:
            mine = _phrased(met_of.get(code))
            equal = [
                s
                for s in scored[1:]
                if s[3] and _phrased(met_of.get(s[4])) == mine and specific.get(s[4]) == leader
            ]
            if len(equal) >= MAX_CHOICES - 1:
                # The question says no more than a part that a family of procedures' phrases
                # share ("chứng thực", "notarize"): the citizen says which, offered in the
                # catalogue's order rather than by the length of their names.
                options = sorted([scored[0], *equal], key=lambda s: order.get(s[4], 0))
                # (One of them named apart from the others, "bản sao", "photo": that one.)
                named = [s for s in options if s[4] in self._acts_asked(query, naming=True)]
                if len(named) == 1:
                    return SearchOutcome(OutcomeKind.ANSWER, (named[0][4],), None, codes)
                return SearchOutcome(
                    OutcomeKind.CHOICE, tuple(s[4] for s in options[:MAX_CHOICES]), None, codes
                )
        # (Only when its best evidence is that part: not a synonym's whole phrase.)
        best_met = (met_of or {}).get(code, [])
        beside = run.key == leader and _beside_another_matter(query, evidence, run, best_met)
        if beside and sum(m >= SKIPPED for m in best_met) <= run.size:
            # Nothing of the question met but the part beside another matter ("giấy phép" of
            # "giấy phép nuôi chó"): no procedure to offer, not a list of unrelated ones.
            return SearchOutcome(OutcomeKind.NOTHING, codes=codes)
        unsure = beside or _met_only_in(query.aside, best_met)
        # Only who the paper is for, where another procedure meets the act asked: the act
        # first, in a choice.
        if _met_only_in(query.for_whom, best_met):
            acts = [
                s for s in scored[1:GROUP] if _phrase_before_whom(query, (met_of or {}).get(s[4]))
            ]
            acts = acts[:1] + [s for s in acts[1:] if not evidence.extends(acts[0][4], s[4])]
            if acts:
                options = [*acts[: MAX_CHOICES - 1], scored[0]]
                return SearchOutcome(OutcomeKind.CHOICE, tuple(s[4] for s in options), None, codes)
        if coverage >= CONFIDENT and phrased and not close and not unsure:
            return SearchOutcome(OutcomeKind.ANSWER, (code,), None, codes)
        if coverage >= CHOICE_FLOOR and (phrased or close):
            options = [scored[0], *close]
            if len(options) == 1 and coverage >= CONFIDENT and not unsure:
                return SearchOutcome(OutcomeKind.ANSWER, (code,), None, codes)
            # A long question whose context leaves less than half of it met, but which names a
            # phrase of the best whole, with no other procedure near it ("... tui muốn đứng ra
            # giám hộ cho eng"): that procedure.
            runner = scored[1][0] if len(scored) > 1 else 0.0
            if (
                len(options) == 1
                and not unsure
                and leader is not None
                and leader[1]
                and leader[0] >= 2
                and runner < DOMINANT * rank
            ):
                return SearchOutcome(OutcomeKind.ANSWER, (code,), None, codes)
            if len(options) == 1:
                # Unsure of the best: only the procedures that have a phrase of the question too.
                runners = scored[:MAX_CHOICES]
                options = [s for s in runners if s[3]] if unsure else runners
            if len(options) > 1:
                return SearchOutcome(OutcomeKind.CHOICE, tuple(s[4] for s in options), None, codes)
        return SearchOutcome(OutcomeKind.NOTHING, codes=codes)

    # the query ---------------------------------------------------------------------------
    def parse(self, text: str, snapshot: _Snapshot) -> Query:
        typed, aside = self._expand(words(text)[:MAX_TYPED], _aside(text)[:MAX_TYPED])
        _, for_whom = self._expand(words(text)[:MAX_TYPED], _for_whom(text)[:MAX_TYPED])
        short = sum(1 for w in typed if not self._is_filler(w, snapshot)) <= SHORT_QUERY
        repaired, fixes, source = self._repair(typed, snapshot, short)
        elsewhere = self._elsewhere(repaired)
        folded = [w.folded for w in repaired]
        if any(pair in COPYING for pair in itertools.pairwise(folded)):
            # A paper whose copies the ward certifies, beside "chứng thực", "sao y": that copy
            # ("sổ đỏ thì chứng thực ở phường được không"), not the paper's own office.
            copied = [(COPY, a, b) for entry, a, b in elsewhere if entry.paper]
            # (A paper no one lists is a paper to copy too: "chứng thực bản sao sổ hộ nghèo".)
            elsewhere = [
                (entry, a, b)
                for entry, a, b in elsewhere
                if not entry.paper and entry is not UNLISTED
            ]
        else:
            copied = []
        register_copy = self._what_befell_a_paper(folded)
        # Where a longer phrase of a matter handled elsewhere holds a synonym's words, the words
        # were that matter's ("cham nop thue nha dat" is a tax, not "thuê nhà"); a paper whose
        # copy is asked is that copy, not the paper's procedure.
        stops = self._stop_spans(folded)
        # Whether the question asks something outside its clauses of purpose, time, what is done:
        # only then is a synonym said there beside the matter.
        asks_elsewhere = any(
            not aside[source[i]]
            and (w in snapshot.strong or w in self._elsewhere_words)
            and w not in self._generic
            for i, w in enumerate(folded)
        )
        synonyms = [
            (target, start, end)
            for target, start, end in [*self._synonyms(repaired), *copied]
            if not any(b - a > end - start and a < end and start < b for _, a, b in elsewhere)
            and not any(t != target and a < end and start < b for t, a, b in register_copy)
            and not any(b - a > end - start and a <= start and end <= b for a, b in stops)
            # (Nor one said only in a clause of purpose or time: "hộ chiếu để đi xuất khẩu lao
            # động" asks for the passport; a foreign spouse still counts, below.)
            and not (
                asks_elsewhere
                and target != self.tables.foreign
                and end > start
                and all(aside[source[i]] for i in range(start, end))
            )
        ]
        if not any(target == t for t, _, _ in register_copy for target, _, _ in synonyms):
            synonyms += register_copy
        keep = self._kept(repaired, snapshot, stops)
        if not any(keep):
            keep = [True] * len(repaired)  # a question made only of filler is still a question
        if sum(keep) > MAX_WORDS:  # the first MAX_WORDS words that matter
            last = [i for i, kept in enumerate(keep) if kept][MAX_WORDS - 1]
            keep = [kept and i <= last for i, kept in enumerate(keep)]
        position: dict[int, int] = {}
        content: list[Word] = []
        for i, (w, kept) in enumerate(zip(repaired, keep, strict=True)):
            if kept:
                position[i] = len(content)
                content.append(w)

        def span(start: int, end: int) -> tuple[int, ...]:
            return tuple(position[i] for i in range(start, end) if i in position)

        typed_at = sorted(position)
        # A foreign spouse or parent said in passing still decides which procedure it is ("lấy
        # chồng Hàn Quốc rồi, giờ đăng ký khai sinh cho bé" is the foreign-element birth).
        foreign = {
            i
            for target, start, end in synonyms
            if target == self.tables.foreign
            for i in range(start, end)
        }
        return Query(
            text,
            tuple(content),
            tuple(target for target, _, _ in synonyms),
            tuple(fixes),
            tuple(span(start, end) for _, start, end in synonyms),
            tuple((entry, span(start, end)) for entry, start, end in elsewhere),
            (False, *(b == a + 1 for a, b in itertools.pairwise(typed_at))),
            tuple(aside[source[i]] and i not in foreign for i in typed_at),
            tuple(for_whom[source[i]] for i in typed_at),
            register_copy[0][0] if register_copy else (),
        )

    def _register_copy(self, folded: list[str]) -> list[tuple[tuple[str, ...], int, int]]:
        """Where a civil-status paper is named and a copy of it asked: the copy from the register,
        over the paper's words (see `RegisterCopies`)."""
        rule = self.tables.register_copies
        if rule is None:
            return []

        found = _phrase_places(folded)
        if any(found(p) for p in rule.unless) or not any(found(p) for p in rule.copies):
            return []
        for paper in rule.papers:
            if starts := found(paper):
                return [(rule.to, starts[0], starts[0] + len(paper))]
        return []

    def _lost_paper(self, folded: list[str]) -> list[tuple[tuple[str, ...], int, int]]:
        """Where a civil-status paper is said lost: a copy from the register, over the paper's
        words; its entry made again when the register is said to be gone too (see
        `LostPapers`)."""
        rule, copies = self.tables.lost_papers, self.tables.register_copies
        if rule is None or copies is None:
            return []
        found = _phrase_places(folded)
        lost = any(found(p) for p in rule.lost)
        of_document = lost and any(found(p) for p in rule.lost_documents)
        other_books = {at for p in rule.not_registers for at in found(p)}  # "sổ hộ khẩu"
        gone_at = [g for p in rule.gone for g in found(p)]
        gone = any(found(p) for p in rule.gone_registers) or any(
            0 <= g - (at + len(r)) <= REGISTER_NEAR
            for r in rule.registers
            for at in found(r)
            if at not in other_books
            for g in gone_at
        )
        kept = not gone and not any(found(p) for p in rule.again)
        for paper in rule.papers:
            for phrase in paper.documents:
                for start in found(phrase):
                    end = start + len(phrase)
                    if lost or any(
                        folded[k] == "mat"
                        and (k + 1 == len(folded) or folded[k + 1] not in rule.not_lost_after)
                        for k in range(end, min(end + LOST_WITHIN, len(folded)))
                    ):
                        return [(copies.to if kept else paper.to, start, end)]
            for phrase in paper.events:
                for start in found(phrase):
                    # (Its paper lost, or the register: "có khai tử rồi nhưng sổ lưu ở xã bị
                    # mất hết, giờ cần làm lại giấy đó".)
                    if of_document or gone:
                        return [(copies.to if kept else paper.to, start, start + len(phrase))]
        return []

    def _what_befell_a_paper(self, folded: list[str]) -> list[tuple[tuple[str, ...], int, int]]:
        """A copy of a civil-status paper asked, the paper lost, written wrong or changed: the
        procedure for it, over the paper's words and those saying what befell it ("làm mất bản
        gốc giấy khai sinh": the words of the loss are the same matter, not "mất giấy" again)."""
        lost = self.tables.lost_papers
        loss = (*lost.lost, *lost.lost_documents) if lost is not None else ()
        found = self._register_copy(folded) or self._lost_paper(folded)
        if found:
            return _widened(found[0], folded, loss, LOSS_NEAR)
        for rule in (self.tables.paper_errors, self.tables.paper_changes):
            found = _paper_words(rule, folded)
            if found and rule is not None:
                return _widened(found[0], folded, rule.words, ERROR_NEAR)
        return []

    def _expand(self, typed: list[Word], aside: list[bool]) -> tuple[list[Word], list[bool]]:
        """Abbreviations typed as one word become their words: "dk" -> "đăng ký" (each word
        keeping whether it was said in passing)."""
        out: list[Word] = []
        flags: list[bool] = []
        for w, flag in zip(typed, aside, strict=True):
            target = self.tables.abbreviations.get(w.folded)
            # "hồng" of "sổ hồng" is not "hông"; "đ" alone is no mark ("đk" is "dk")
            if _toned(w) and w.exact not in self.tables.abbreviation_forms:
                target = None
            for before, words_after in self.tables.abbreviations_after.get(w.folded, ()):
                if tuple(x.folded for x in out[-len(before) :]) == before:
                    target = words_after  # "dk kh": "đăng ký kết hôn", not "đăng ký không"
                    break
            found = [w] if target is None else [Word(t, t) for t in target]
            out += found
            flags += [flag] * len(found)
        return out, flags

    def _is_filler(self, w: Word, snapshot: _Snapshot) -> bool:
        if w.has_marks:
            return w.exact in self.tables.stop_words
        # Without marks "dang" may be "đăng" as well as "đang": keep what the catalogue uses.
        return w.folded in self.tables.stop_folded and w.folded not in snapshot.strong

    def _repair(
        self, typed: list[Word], snapshot: _Snapshot, short: bool
    ) -> tuple[list[Word], list[tuple[str, str]], list[int]]:
        """The words as understood, the repairs made, and for each word the place of the typed
        word it comes from."""
        out: list[Word] = []
        fixes: list[tuple[str, str]] = []
        source: list[int] = []
        guessed: set[int] = set()  # words repaired from Telex keys or a typo
        i = 0
        while i < len(typed):
            found, consumed, fix, guess = self._repair_at(typed, i, out, snapshot, short)
            if guess:
                guessed.add(len(out))
            out += found
            source += [i] * len(found)
            if fix is not None:
                fixes.append(fix)
            i += consumed
        # A guess among other words stands only beside a word it forms a known pair with:
        # "asdf qwer" is not "asdf quê".
        if len(out) > 1:
            sets = snapshot.strong
            for at in sorted(guessed):
                before = out[at - 1].folded if at > 0 else None
                after = out[at + 1].folded if at + 1 < len(out) else None
                fixed = out[at].folded
                if not (sets.has_pair(before, fixed) or sets.has_pair(fixed, after)):
                    typed_as = next(t for t, f in fixes if f == fixed)
                    out[at] = Word(typed_as, fold(typed_as))
                    fixes.remove((typed_as, fixed))
        return out, fixes, source

    def _repair_at(
        self, typed: list[Word], i: int, out: list[Word], snapshot: _Snapshot, short: bool
    ) -> tuple[list[Word], int, tuple[str, str] | None, bool]:
        """The word(s) typed at i as understood: (words, typed words consumed, the repair made,
        whether it is a guess)."""
        vocabulary = snapshot.vocabulary
        w = typed[i]
        # "chu ki" is "chữ ký": the other spelling of a syllable the names and keywords use,
        # even when the documents happen to use this one.
        if w.folded not in snapshot.strong:
            other = next((v for v in spelling_variants(w.folded) if v in snapshot.strong), None)
            if other is not None:
                return [Word(other, other)], 1, (w.exact, other), False
        if snapshot.is_known(w.folded):
            return [w], 1, None, False
        if any(ch.isdigit() for ch in w.folded):
            plain = vni_plain(w.folded)  # "khai1", "d9a8ng"
            if plain is not None and snapshot.is_known(plain):
                return [Word(plain, plain)], 1, (w.exact, plain), False
            return [w], 1, None, False
        # A moved or missing space: "khais inh", "dangky".
        nxt = typed[i + 1] if i + 1 < len(typed) else None
        if nxt is not None and not snapshot.is_known(nxt.folded):
            pair = split_known(w.folded + nxt.folded, vocabulary)
            if pair:
                fix = (f"{w.exact} {nxt.exact}", " ".join(pair))
                return [Word(pair[0], pair[0]), Word(pair[1], pair[1])], 2, fix, False
        fixed = best_known(list(telex_variants(w.folded)), vocabulary)
        pieces = None if fixed is not None else self._pieces(w.folded, snapshot)
        if fixed is None and pieces is None and len(w.folded) >= 2:
            before = out[-1].folded if out else None
            after = nxt.folded if nxt else None
            fixed = self._typo(w.folded, before, after, snapshot, short)
        if fixed is not None:
            return [Word(fixed, fixed)], 1, (w.exact, fixed), True
        if pieces is not None:
            return [Word(p, p) for p in pieces], 1, (w.exact, " ".join(pieces)), False
        return [w], 1, None, False  # unknown: it will simply match nothing

    def _pieces(self, token: str, snapshot: _Snapshot) -> list[str] | None:
        """Words run together ("dangkytamtru"), cut at the catalogue's words; Telex keys left in
        them are dropped first ("tachshooj")."""
        if len(token) < 4:
            return None
        for candidate in (token, *telex_variants(token)):
            pieces = segment(candidate, snapshot.vocabulary, pair=snapshot.strong.has_pair)
            if pieces is not None:
                return pieces
        return None

    @staticmethod
    def _typo(
        token: str, before: str | None, after: str | None, snapshot: _Snapshot, short: bool
    ) -> str | None:
        """The name or keyword word one edit away (two for a long word; two letters swapped
        are one edit: "khia" is "khai") that forms a known pair
        with a neighbour ("khai sin" -> "khai sinh", not "khai tin"); for a lone word in a short
        question, the most used one. A guess with no such support is no repair: "gia xang" must
        not become "gia dang"."""
        # Imported here, on the first word the catalogue does not know: a bot that has only
        # answered /start and known words has not paid its 2.8 MB.
        from rapidfuzz import process
        from rapidfuzz.distance import OSA

        limit = 2 if len(token) >= 7 else 1
        found = process.extract(
            token,
            snapshot.names_near(len(token), limit),
            scorer=OSA.distance,
            score_cutoff=limit,
            limit=None,
        )
        candidates = [c for c, _, _ in found]
        if not candidates:
            return None
        sets = snapshot.strong
        in_context = [c for c in candidates if sets.has_pair(before, c) or sets.has_pair(c, after)]
        if in_context:
            return best_known(in_context, snapshot.vocabulary)
        if short and before is None and after is None:
            return best_known(candidates, snapshot.vocabulary)
        return None

    def _synonyms(self, typed: list[Word]) -> list[tuple[tuple[str, ...], int, int]]:
        """Each synonym found: the catalogue's words it adds, and where its source lies. (Not
        one starting at the second word of a compound it does not carry on: "nhận con" of "xác
        nhận con liệt sĩ".)"""
        folded = [w.folded for w in typed]
        found: list[tuple[tuple[str, ...], int, int]] = []
        compounds = self.tables.compounds
        i = 0
        while i < len(folded):
            before = folded[i - 1] if i else None
            bound = before is not None and (before, folded[i]) in compounds
            for source, target in self._synonyms_from.get(folded[i], ()):
                if bound and before not in target:
                    continue
                if tuple(folded[i : i + len(source)]) == source:
                    # (Each place it is said: "baby was born ... register the birth" meets the
                    # birth twice, and each part of the question it stands for counts.)
                    found.append((target, i, i + len(source)))
                    i += len(source)
                    break
            else:
                i += 1
        return found

    def _elsewhere(self, typed: list[Word]) -> list[tuple[OutOfScopeEntry, int, int]]:
        folded = [w.folded for w in typed]
        found: list[tuple[OutOfScopeEntry, int, int]] = []
        i = 0
        while i < len(folded):
            for phrase, entry in self._elsewhere_from.get(folded[i], ()):
                if tuple(folded[i : i + len(phrase)]) == phrase:
                    found.append((entry, i, i + len(phrase)))
                    i += len(phrase)
                    break
            else:
                i += 1
        return found

    def _stop_spans(self, folded: list[str]) -> list[tuple[int, int]]:
        """Where the stop phrases lie: a synonym within a longer one is that phrase's, context
        ("đi xuất khẩu lao động về" is where one has been, not a departure to declare)."""
        found = []
        i = 0
        while i < len(folded):
            for phrase, _ in self._stop_phrases_from.get(folded[i], ()):
                if tuple(folded[i : i + len(phrase)]) == phrase:
                    found.append((i, i + len(phrase)))
                    i += len(phrase)
                    break
            else:
                i += 1
        return found

    def _kept(
        self, typed: list[Word], snapshot: _Snapshot, stops: list[tuple[int, int]]
    ) -> list[bool]:
        """Which words matter: not those of the stop phrases (`stops`, as `_stop_spans` finds
        them), nor filler."""
        keep = [not self._is_filler(w, snapshot) for w in typed]
        for start, end in stops:
            keep[start:end] = [False] * (end - start)
        return keep


def _other_matter(
    evidence: _Evidence,
    weight: tuple[float, ...],
    met_of: dict[str, list[float]],
    leader: str,
    other: str,
) -> bool:
    """Whether a close runner-up has, in a phrase, a word of the matter that the leader does
    not have at all ("ghi nhầm" of "sửa lỗi hợp đồng" beside "hợp đồng tặng cho"): the two
    read different parts of the question, so the citizen is asked which one."""
    mine, theirs = met_of.get(leader), met_of.get(other)
    if mine is None or theirs is None:
        return False
    return any(
        t >= SKIPPED and m == 0.0 and w >= OTHER_MATTER and not g
        for m, t, w, g in zip(mine, theirs, weight, evidence.generic, strict=True)
    )


LOST_WITHIN = 3  # a bare "mất" this many words after a paper is its loss
REGISTER_NEAR = 6  # a loss said this many words after "sổ" is the register's
LOSS_NEAR = 6  # a loss said this many words from the paper is the paper's


def _phrase_places(folded: list[str]) -> Callable[[tuple[str, ...]], list[int]]:
    """Where in the question (its folded words) each phrase starts."""

    def places(phrase: tuple[str, ...]) -> list[int]:
        n = len(phrase)
        return [i for i in range(len(folded) - n + 1) if tuple(folded[i : i + n]) == phrase]

    return places


ERROR_NEAR = 15  # an error said this many words from a paper is the paper's


def _paper_words(
    rule: PaperWords | None, folded: list[str]
) -> list[tuple[tuple[str, ...], int, int]]:
    """Where a paper is said to be written wrong, or changed: the procedure for that kind of
    paper, over the paper's words (the paper named nearest the words saying it)."""
    if rule is None:
        return []
    places = _phrase_places(folded)
    said = [(at, at + len(p)) for p in rule.words for at in places(p)]
    if not said or (rule.needs and not any(places(p) for p in rule.needs)):
        return []
    best: tuple[int, tuple[tuple[str, ...], int, int]] | None = None
    for paper in rule.papers:
        for phrase in (*paper.documents, *paper.events):
            for start in places(phrase):
                end = start + len(phrase)
                gap = min(max(a - end, start - b, 0) for a, b in said)
                if gap <= ERROR_NEAR and (best is None or gap < best[0]):
                    best = (gap, (paper.to, start, end))
    return [best[1]] if best is not None else []


def _widened(
    found: tuple[tuple[str, ...], int, int],
    folded: list[str],
    phrases: tuple[tuple[str, ...], ...],
    near: int,
) -> list[tuple[tuple[str, ...], int, int]]:
    """The paper's span widened over the phrases `near` it that say what befell it."""
    target, start, end = found
    places = _phrase_places(folded)
    for phrase in phrases:
        for at in places(phrase):
            if start - near <= at + len(phrase) and at <= end + near:
                start, end = min(start, at), max(end, at + len(phrase))
    return [(target, start, end)]


# Words asking for a certified copy of a paper: "chứng thực", "sao y", "công chứng", "bản sao".
COPYING = frozenset({("chung", "thuc"), ("sao", "y"), ("cong", "chung"), ("ban", "sao")})
COPY = ("chung", "thuc", "ban", "sao", "tu", "ban", "chinh")  # what such a paper's words add


def _met_only_in(flags: tuple[bool, ...], met: list[float]) -> bool:
    """Whether all the procedure's phrases met lie in the words flagged: what the question says
    aside ("xác nhận thu nhập để vay ngân hàng" is not the "độc thân để vay ngân hàng" of a
    marriage status), or who the paper is for."""
    phrased = [i for i, m in enumerate(met) if m >= SKIPPED]
    return bool(phrased) and len(flags) == len(met) and all(flags[i] for i in phrased)


def _phrase_before_whom(query: Query, met: list[float] | None) -> bool:
    """Whether a procedure meets a phrase of two words or more before who the paper is for:
    the act asked ("đăng ký thường trú" of "... cho con mới sinh")."""
    if not met or len(query.for_whom) != len(met):
        return False
    outside = [m >= SKIPPED and not w for m, w in zip(met, query.for_whom, strict=True)]
    return sum(outside) >= 2


def _phrased(met: list[float] | None) -> tuple[bool, ...]:
    """Which words of the question a procedure meets within a phrase."""
    return tuple(m >= SKIPPED for m in met or ())


# The ward's office ("phường", "ubnd", "ủy ban"), typed after what is asked of it.
OFFICE = frozenset({"phuong", "ubnd", "uy"})


def _beside_another_matter(query: Query, evidence: _Evidence, run: Run, met: list[float]) -> bool:
    """Whether the best procedure meets only part of its phrase, and right beside that part the
    question names something else: a word the catalogue does not know ("giấy phép karaoke" is
    not "giấy phép xây dựng", "lãi suất ngân hàng" not the "độc thân để vay ngân hàng" of a
    marriage status certificate), or the office itself after it ("địa chỉ ubnd phường"). The
    citizen is then asked, not answered. (A word beside a phrase met whole is only more detail:
    "chứng thực bản sao học bạ".)"""
    if run.whole or not run.size:
        return False
    start, end = run.in_question, run.in_question + run.size
    joined, unknown = query.joined, evidence.unknown
    before = start - 1 if start > 0 and joined[start] else None
    after = end if end < len(joined) and joined[end] else None
    if after is not None and query.content[after].folded in OFFICE and met[after] < SKIPPED:
        return True  # "địa chỉ ubnd phường": the office's address, not a certificate's
    # Another matter: a word nothing knows; or, beside a run of a single word that matters
    # ("giấy phép" of "giấy phép xây dựng"), one of weight the best does not meet at all
    # ("giấy phép nuôi chó", "xác nhận hộ nghèo").
    weight, generic = evidence.weight, evidence.generic
    thin = run.length <= 1
    return any(
        k is not None
        and (
            unknown[k] or (thin and met[k] == 0.0 and weight[k] >= OTHER_MATTER and not generic[k])
        )
        for k in (before, after)
    )


def _overlaps(run: Run, span: tuple[int, ...]) -> bool:
    """Whether the run shares a word of the question with the span ("nhận con" of "nhận con
    nuôi")."""
    return any(run.in_question <= i < run.in_question + run.size for i in span)


def _phrases_of(snapshot: _Snapshot, code: str) -> list[tuple[str, ...]]:
    """The procedure's name and each of its keywords, as folded words (kept in the snapshot:
    no read of the database during a search)."""
    row = snapshot.strong.row_of(code)
    return [] if row is None else snapshot.strong.phrases(row)


def _holds(rows: Ints, row: int) -> bool:
    """Whether an ascending array of rows holds this one."""
    at = bisect_left(rows, row)
    return at < len(rows) and rows[at] == row


@dataclass(frozen=True)
class _Evidence:
    """How much of a question each candidate procedure meets, worked out once per search for
    the question's side, as `WordSets` ids.

    Every content word weighs its rarity among names and keywords (a word no procedure names,
    but a matter handled elsewhere does, weighs the most; a word nothing knows, such as a place
    or a person's name, weighs nothing: it is context). A procedure meets a word fully when the
    word is in a phrase the procedure has (an adjacent pair of the question in its name or
    keywords, or a synonym's phrase), by half when it only has the word somewhere. Generic words
    (the office, the channel, everyday verbs, "mất", "lại") count only inside a phrase.
    """

    strong: WordSets
    ids: tuple[int | None, ...]  # each content word's id
    weight: tuple[float, ...]  # each content word's weight
    generic: tuple[bool, ...]
    pairs: tuple[int | None, ...]  # pair key of content words i and i + 1
    bound: tuple[bool, ...]  # per pair: a word of two syllables ("xác nhận": `compounds`)
    skips: tuple[int | None, ...]  # pair key of content words i and i + 2 ("ông mới mất")
    # (keys, span, whether the key is a word's id rather than pairs' keys)
    expansions: tuple[tuple[tuple[int | None, ...], tuple[int, ...], bool], ...]
    wanted: frozenset[int]  # the words typed or added by synonyms
    asked_pairs: frozenset[tuple[int, int]]
    pair_count: int
    exact_misses: tuple[Ints | None, ...]  # per word typed with marks: the rows having them
    lone: int | None  # the one word that matters, when the question has only one
    # Per content word: a word neither the catalogue nor the tables know ("karaoke")
    unknown: tuple[bool, ...] = ()

    @classmethod
    def of(
        cls,
        query: Query,
        snapshot: _Snapshot,
        generic_words: frozenset[str],
        elsewhere_words: frozenset[str],
        stop_words: frozenset[str] = frozenset(),
        compounds: frozenset[tuple[str, str]] = frozenset(),
    ) -> _Evidence:
        strong = snapshot.strong
        ids = strong.ids
        content = [w.folded for w in query.content]
        weight = [snapshot.idf(w) if w in ids or w in elsewhere_words else 0.0 for w in content]
        # Filler a procedure also uses ("trên", "có", "với") is rare in names yet tells no
        # procedure from another: within a phrase it adds a little, never what a word of the
        # matter adds.
        # A number is a count or an age ("18 tuổi", "5 bản"): it weighs little on its own.
        weight = [
            min(x, GENERIC_WEIGHT)
            if (w.exact in stop_words if w.has_marks else w.folded in snapshot.filler)
            or w.folded.isdigit()
            else x
            for w, x in zip(query.content, weight, strict=True)
        ]
        expansions = []
        for phrase, span in zip(query.expansions, query.spans, strict=True):
            keys = (
                (ids.get(phrase[0]),)
                if len(phrase) == 1
                else tuple(strong.pair_key(a, b) for a, b in itertools.pairwise(phrase))
            )
            # A synonym of generic words for generic words ("ủy ban" -> "ủy ban nhân dân") is
            # the office, not a matter: met, it decides no more than its words would. ("bị
            # cháy" -> "mất giấy" stands for a word that matters: it counts.)
            if all(w in generic_words for w in phrase) and all(
                content[i] in generic_words for i in span
            ):
                keys = (None,)
            expansions.append((keys, span, len(phrase) == 1))
            # What the synonym stands for weighs at least as much as its words do.
            stands = sum(snapshot.idf(w) for w in phrase if w not in generic_words)
            for i in span:
                weight[i] = max(weight[i], stands / len(span))
        if query.aside and any(
            x > GENERIC_WEIGHT and not a for x, a in zip(weight, query.aside, strict=True)
        ):
            weight = [
                min(x, GENERIC_WEIGHT) if a else x for x, a in zip(weight, query.aside, strict=True)
            ]
        exact_misses: list[Ints | None] = []
        for w in query.content:
            if w.has_marks and w.folded in ids:
                exact_misses.append(snapshot.ranking.posting((w.exact,), EXACT_COLUMNS).rows)
            else:
                exact_misses.append(None)
        # (Not the words said in passing: "hộ khẩu bị xóa rồi, giờ muốn đăng ký lại thường trú"
        # does not name "Xóa đăng ký thường trú".)
        said = [
            w
            for i, w in enumerate(content)
            if not (query.aside and query.aside[i] and not all(query.aside))
        ]
        wanted = set(said) | {w for p in query.expansions for w in p}
        asked = set(itertools.pairwise(content))
        for phrase in query.expansions:
            asked.update(itertools.pairwise(phrase))
        return cls(
            strong,
            tuple(ids.get(w) for w in content),
            tuple(weight),
            tuple(w in generic_words for w in content),
            tuple(strong.pair_key(a, b) for a, b in itertools.pairwise(content)),
            tuple(pair in compounds for pair in itertools.pairwise(content)),
            tuple(strong.pair_key(a, b) for a, b in zip(content, content[2:], strict=False)),
            tuple(expansions),
            frozenset(ids[w] for w in wanted if w in ids),
            frozenset((ids[a], ids[b]) for a, b in asked if a in ids and b in ids),
            len(asked),
            tuple(exact_misses),
            lone[0]
            if len(lone := [i for i, w in enumerate(weight) if w > 0]) == 1
            and content[lone[0]] not in generic_words
            else None,
            tuple(
                len(w) >= 3
                and w.isalpha()
                and (not snapshot.is_known(w) or w in snapshot.place_only)
                and w not in elsewhere_words
                and w not in generic_words
                for w in content
            ),
        )

    def of_row(self, row: int) -> tuple[float, float, bool]:
        """(weight met, share of the question met, whether a phrase of it was met)."""
        return self.measure(self.met(row), self.weight)

    def in_context(self, candidates: list[list[float]]) -> tuple[float, ...]:
        """The words' weights once the candidates are known: a word that no candidate has
        within a phrase of the question, only as a lone word elsewhere in its name or keywords
        ("bệnh viện" in "mẹ em mất ở bệnh viện": "viên" of "cộng tác viên"), is context around
        the matter rather than the matter, and weighs little."""
        if not candidates or sum(1 for w in self.weight if w > GENERIC_WEIGHT) <= SHORT_QUERY:
            return self.weight  # in a short question every word is the matter: "nhận con nuôi"
        best = [max(column) for column in zip(*candidates, strict=True)]
        return tuple(
            min(w, GENERIC_WEIGHT) if 0.0 < b < SKIPPED else w
            for w, b in zip(self.weight, best, strict=True)
        )

    def measure(self, met: list[float], weight: tuple[float, ...]) -> tuple[float, float, bool]:
        phrased = any(m >= SKIPPED for m in met)
        total = 0.0
        got = 0.0
        for i, m in enumerate(met):
            if not self.generic[i] or m >= SKIPPED:
                total += weight[i]
            got += weight[i] * m
        return got, (got / total if total else 0.0), phrased

    def met(self, row: int) -> list[float]:
        """How far the procedure meets each content word: 1 in a phrase, 0.75 in a phrase
        with a word between, 0.5 as a lone word, 0 not at all (less for marks that differ)."""
        sets = self.strong.sets(row)
        n = len(self.ids)
        met = [0.0] * n
        generic = self.generic
        # A pair of two generic words ("ủy ban", "làm giấy") counts only as part of a run of
        # pairs the procedure has that holds another word ("mất giấy đăng ký kết hôn").
        held = [key is not None and key in sets.pairs for key in self.pairs]
        for i in range(1, len(held)):
            # The second word of a compound the procedure does not have starts no phrase of its
            # own: "xác nhận con liệt sĩ" is not "nhận con".
            if held[i] and self.bound[i - 1] and not held[i - 1]:
                held[i] = False
        counts = [h and not (generic[i] and generic[i + 1]) for i, h in enumerate(held)]
        for order in (range(len(held)), range(len(held) - 1, -1, -1)):
            for i in order:
                if held[i] and not counts[i]:
                    counts[i] = (i > 0 and counts[i - 1]) or (i + 1 < len(held) and counts[i + 1])
        for i, counted in enumerate(counts):
            if counted:
                met[i] = met[i + 1] = 1.0
        for i, key in enumerate(self.skips):
            if key is not None and key in sets.pairs and not (generic[i] and generic[i + 2]):
                met[i] = max(met[i], SKIPPED)
                met[i + 2] = max(met[i + 2], SKIPPED)
        for keys, span, one_word in self.expansions:
            if not span:
                continue
            # (A two-word phrase has one pair key: not to be read as a word's id.)
            if one_word:
                has = keys[0] is not None and keys[0] in sets.words
            else:
                has = all(k is not None and k in sets.pairs for k in keys)
            if has:
                for i in span:
                    met[i] = 1.0
        if self.lone is not None and self.ids[self.lone] in sets.words:
            met[self.lone] = 1.0  # the question is one word that matters: "chôn"
        for i in range(n):
            if met[i] == 0.0 and not self.generic[i] and self.ids[i] in sets.words:
                met[i] = SINGLE
            having = self.exact_misses[i]
            if met[i] and having is not None and not _holds(having, row):
                met[i] *= 0.25  # "chọn" typed, the procedure has "chôn"
        return met

    def extends(self, code: str, other: str) -> bool:
        """Whether the other procedure's name is this one's with more words that tell names
        apart, none of them asked, while all of this one's are."""
        mine_row, other_row = self.strong.row_of(code), self.strong.row_of(other)
        if mine_row is None or other_row is None:
            return False
        mine = self.strong.distinctive_name(mine_row, COMMON_NAME_WORD)
        theirs = self.strong.distinctive_name(other_row, COMMON_NAME_WORD)
        return (
            bool(mine)
            and mine < theirs
            and mine <= self.wanted
            and not (theirs - mine) & self.wanted
        )

    def unnamed_weight(self) -> float:
        """What a word no procedure names weighs (its rarity, as `_Snapshot.idf` has it)."""
        return _idf(len(self.strong), 0)

    def span_weight(self, span: tuple[int, ...]) -> float:
        return sum(self.weight[i] for i in span)

    def name_factor(self, row: int) -> float:
        """Prefer the procedure whose name says what the citizen typed: "kết hôn" is "Đăng ký
        kết hôn" before "Đăng ký lại kết hôn", and "trợ cấp xã hội" the procedure named so
        before one that only mentions it."""
        sets = self.strong.sets(row)
        # The words that tell names apart ("lại", "chấm dứt"), not those most names share.
        name = self.strong.distinctive_name(row, COMMON_NAME_WORD)
        if not name:
            return 1.0
        covered = len(name & self.wanted) / len(name)
        in_order = (
            len(self.asked_pairs & sets.name_pairs) / self.pair_count if self.pair_count else 0.0
        )
        return 1.0 + 0.6 * covered + 0.3 * in_order
