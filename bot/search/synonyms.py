"""The synonyms and stop words of data/search-synonyms.yaml, matched on folded words."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from bot.search.normalize import folded_words, words
from domain.datafiles.yaml_lines import Fields, LineDict, load_yaml
from domain.text import fold

SHIPPED_SYNONYMS = Path(__file__).resolve().parents[2] / "data" / "search-synonyms.yaml"


@dataclass(frozen=True)
class RegisterCopies:
    """A civil-status paper and a copy asked anywhere in the question: a copy from the register
    (`to`), unless it is a copy certified from the paper (`unless`). Phrases folded."""

    to: tuple[str, ...]
    papers: tuple[tuple[str, ...], ...]
    copies: tuple[tuple[str, ...], ...]
    unless: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Paper:
    """A kind of paper and the procedure (`to`, its phrase) for what befell it."""

    to: tuple[str, ...]
    documents: tuple[tuple[str, ...], ...]  # the paper itself: "giấy khai sinh"
    events: tuple[tuple[str, ...], ...] = ()  # the event it records: "khai sinh"


@dataclass(frozen=True)
class PaperWords:
    """A paper said to be written wrong (`words`: "ghi sai", "ghi nhầm", "khác với"), or to be
    changed ("hủy", "gia hạn", "thêm tên"): the procedure for that kind of paper, when the
    question also holds one of `needs` (if any: "đã chứng thực"). Phrases folded."""

    words: tuple[tuple[str, ...], ...]
    papers: tuple[Paper, ...]
    needs: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class LostPapers:
    """A civil-status paper lost, burnt, washed away (`lost`): a copy from the register, which
    keeps it; its register entry made again only when the register is said to be gone too (a
    word of `registers` followed by one of `gone`: "sổ lưu ở xã cũng không còn"; or one of
    `gone_registers`: "mất hết sổ sách"). Phrases folded."""

    papers: tuple[Paper, ...]
    lost: tuple[tuple[str, ...], ...]
    lost_documents: tuple[tuple[str, ...], ...]  # a loss said of "giấy" itself ("giấy bị mất")
    registers: tuple[tuple[str, ...], ...]
    gone: tuple[tuple[str, ...], ...]
    gone_registers: tuple[tuple[str, ...], ...]
    not_lost_after: frozenset[str]  # "mất bao lâu": time or money, not a loss
    again: tuple[tuple[str, ...], ...] = ()  # the entry made again asked by name: "đăng ký lại"
    not_registers: tuple[tuple[str, ...], ...] = ()  # other books: "sổ hộ khẩu", "sổ đỏ"


@dataclass(frozen=True)
class Act:
    """A procedure that is an act done to papers of any kind ("chứng thực bản sao")."""

    words: tuple[tuple[str, ...], ...]  # one must be in the question for papers to ask for it
    names: tuple[tuple[str, ...], ...]  # phrases naming it apart from its family ("bản sao")


@dataclass(frozen=True)
class Vocabulary:
    """Phrase tables, each phrase a tuple of folded words."""

    synonyms: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]  # (from, to), longest first
    stop_phrases: tuple[tuple[str, ...], ...]  # longest first
    stop_words: frozenset[str]  # as written, with marks
    stop_folded: frozenset[str]
    abbreviations: dict[str, tuple[str, ...]] = field(default_factory=dict)  # folded word -> words
    generic: frozenset[str] = frozenset()  # folded words that never decide alone
    foreign: tuple[str, ...] = ()  # what a foreign spouse or parent adds ("người nước ngoài")
    # Abbreviations read so only after given words: "kh" after "đăng ký" is "kết hôn", else
    # "không". Folded word -> (the words before it, its words).
    abbreviations_after: dict[str, tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]] = field(
        default_factory=dict
    )
    register_copies: RegisterCopies | None = None
    lost_papers: LostPapers | None = None
    paper_errors: PaperWords | None = None
    paper_changes: PaperWords | None = None
    # Procedures that are an act done to papers of any kind, by code (see `Act`).
    acts: dict[str, Act] = field(default_factory=dict)
    # Matters residents ask about that no procedure of the catalogue is, nor any entry of the
    # out-of-scope list: asked, they find nothing rather than a procedure sharing a word.
    unlisted: tuple[tuple[str, ...], ...] = ()
    # Words of two syllables whose second starts no phrase of its own ("xác nhận con" is not
    # "nhận con"): folded pairs.
    compounds: frozenset[tuple[str, str]] = frozenset()
    # The abbreviations' forms typed with marks ("hông", "đc"): a word typed with other marks is
    # another word ("sổ hồng" is no "sổ không").
    abbreviation_forms: frozenset[str] = frozenset()
    # Place names (folded), dropped like stop phrases: context, never the procedure.
    places: tuple[tuple[str, ...], ...] = ()

    @property
    def known_words(self) -> frozenset[str]:
        """Words the tables know: not typos even when no procedure uses them."""
        return self.words_beside_places | self.place_words

    @property
    def place_words(self) -> frozenset[str]:
        return frozenset(w for phrase in self.places for w in phrase)

    @property
    def words_beside_places(self) -> frozenset[str]:
        """The words the tables know other than as part of a place's name."""
        found = set(self.stop_folded)
        for source, _ in self.synonyms:
            found.update(source)
        for phrase in self.stop_phrases:
            found.update(phrase)
        found.update(self.abbreviations)
        found.update(self.abbreviations_after)
        found.update(self.generic)
        return frozenset(found)


def _phrases(entry: Fields, key: str) -> list[tuple[str, ...]]:
    found = []
    for text in entry.texts(key):
        phrase = tuple(folded_words(text))
        if not phrase:
            raise entry.fail(key, f"{text!r} has no words")
        found.append(phrase)
    return found


def read_vocabulary(path: Path) -> Vocabulary:
    """Parse the file; a malformed one is refused with its line (DataFileError)."""
    root = Fields(path, load_yaml(path), "file", 1)
    synonyms: list[tuple[tuple[str, ...], tuple[str, ...]]] = []
    for entry in _entries(path, root, "synonyms"):
        target = tuple(folded_words(entry.text("to")))
        for source in _phrases(entry, "from"):
            synonyms.append((source, target))
    abbreviations: dict[str, tuple[str, ...]] = {}
    forms: set[str] = set()
    abbreviations_after: dict[str, tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]] = {}
    if "abbreviations" in root.mapping:
        for entry in _entries(path, root, "abbreviations"):
            target = tuple(folded_words(entry.text("to")))
            after = tuple(folded_words(entry.text("after", required=False)))
            forms.update(w.exact for text in entry.texts("from") for w in words(text))
            for source in _phrases(entry, "from"):
                if len(source) != 1:
                    raise entry.fail("from", f"{' '.join(source)!r} is not one word")
                if after:
                    known = abbreviations_after.get(source[0], ())
                    abbreviations_after[source[0]] = (*known, (after, target))
                else:
                    abbreviations[source[0]] = target
    foreign_target: tuple[str, ...] = ()
    if "foreign" in root.mapping:
        foreign = _section(path, root, "foreign")
        foreign_target = tuple(folded_words(foreign.text("to")))
        countries = _phrases(foreign, "countries")
        for before in _phrases(foreign, "after"):
            for country in countries:
                synonyms.append(((*before, *country), foreign_target))
        # What was done in another country ("ly hôn bên Úc"): that matter abroad.
        if "abroad" in foreign.mapping:
            for entry in _entries(path, foreign, "abroad", "foreign.abroad"):
                target = tuple(folded_words(entry.text("to")))
                for before in _phrases(entry, "after"):
                    for country in countries:
                        synonyms.append(((*before, *country), target))
    copies = None
    if "register_copies" in root.mapping:
        entry = _section(path, root, "register_copies")
        copies = RegisterCopies(
            tuple(folded_words(entry.text("to"))),
            _longest_first(_phrases(entry, "papers")),
            tuple(_phrases(entry, "copies")),
            tuple(_phrases(entry, "unless")),
        )
    synonyms.sort(key=lambda pair: -len(pair[0]))
    lost = _lost_papers(path, root) if "lost_papers" in root.mapping else None
    errors = _paper_words(path, root, "paper_errors", "errors")
    changes = _paper_words(path, root, "paper_changes", "changes")
    acts: dict[str, Act] = {}
    if "acts" in root.mapping:
        for entry in _entries(path, root, "acts"):
            acts[entry.text("procedure")] = Act(
                tuple(_phrases(entry, "words")), tuple(_phrases(entry, "names"))
            )
    stop_phrases = _longest_first(_phrases(root, "stop_phrases"))
    stop_words = frozenset(w.exact for text in root.texts("stop_words") for w in words(text))
    stop_folded = frozenset(fold(w) for w in stop_words)
    generic = frozenset(
        w
        for text in (root.texts("generic_words") if "generic_words" in root.mapping else [])
        for w in folded_words(text)
    )
    return Vocabulary(
        tuple(synonyms),
        tuple(stop_phrases),
        stop_words,
        stop_folded,
        abbreviations,
        generic,
        foreign_target,
        abbreviations_after,
        copies,
        lost,
        errors,
        changes,
        acts,
        tuple(_phrases(root, "unlisted")) if "unlisted" in root.mapping else (),
        frozenset(
            (p[0], p[1])
            for p in (_phrases(root, "compounds") if "compounds" in root.mapping else [])
            if len(p) == 2
        ),
        abbreviation_forms=frozenset(forms),
        places=_longest_first(_phrases(root, "places")) if "places" in root.mapping else (),
    )


def _longest_first(phrases: list[tuple[str, ...]]) -> tuple[tuple[str, ...], ...]:
    return tuple(sorted(phrases, key=len, reverse=True))


def _papers(path: Path, entry: Fields, where: str) -> tuple[Paper, ...]:
    papers = []
    for paper in _entries(path, entry, "papers", f"{where}.papers"):
        papers.append(
            Paper(
                tuple(folded_words(paper.text("to"))),
                _longest_first(_phrases(paper, "documents")),
                _longest_first(_phrases(paper, "events")) if "events" in paper.mapping else (),
            )
        )
    return tuple(papers)


def _section(path: Path, root: Fields, key: str) -> Fields:
    return Fields(path, root.mapping[key], key, root.mapping.line_of(key))


def _entries(path: Path, parent: Fields, key: str, where: str = "") -> Iterator[Fields]:
    """Each mapping of the list under `key`, failing with its own line."""
    line = parent.mapping.line_of(key)
    for i, item in enumerate(parent.items(key)):
        yield Fields(
            path, item, f"{where or key}[{i}]", item.line if isinstance(item, LineDict) else line
        )


def _lost_papers(path: Path, root: Fields) -> LostPapers:
    entry = _section(path, root, "lost_papers")
    return LostPapers(
        _papers(path, entry, "lost_papers"),
        _longest_first(_phrases(entry, "lost")),
        _longest_first(_phrases(entry, "lost_documents")),
        _longest_first(_phrases(entry, "registers")),
        _longest_first(_phrases(entry, "gone")),
        _longest_first(_phrases(entry, "gone_registers")),
        frozenset(w for p in _phrases(entry, "not_lost_after") for w in p),
        _longest_first(_phrases(entry, "again")) if "again" in entry.mapping else (),
        tuple(_phrases(entry, "not_registers")) if "not_registers" in entry.mapping else (),
    )


def _paper_words(path: Path, root: Fields, key: str, words: str) -> PaperWords | None:
    if key not in root.mapping:
        return None
    entry = _section(path, root, key)
    return PaperWords(
        _longest_first(_phrases(entry, words)),
        _papers(path, entry, key),
        tuple(_phrases(entry, "needs")) if "needs" in entry.mapping else (),
    )


@cache
def shipped_vocabulary() -> Vocabulary:
    return read_vocabulary(SHIPPED_SYNONYMS)
