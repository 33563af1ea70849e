"""The search ranks procedures in memory exactly as FTS5's bm25 would (issue 6: speed).

Each comparison asks SQLite FTS5 itself (`store.procedures.search`, ORDER BY bm25, rowid) and
the in-memory ranking the search uses, and wants the same procedures in the same order with
the same scores to the last bit, ties included.
"""

from __future__ import annotations

import random
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.search import ProcedureSearch, load_catalogue, ranking
from bot.search.engine import EXACT, EXACT_COLUMNS, FOLDED, FOLDED_COLUMNS, WEIGHTS, ranking_index
from bot.search.ranking import Bm25Index, Columns, Phrase
from bot.search.synonyms import shipped_vocabulary
from domain.datafiles.procedures import SHIPPED_CATALOGUE, read_catalogue
from domain.procedures import Catalogue
from storage.store import Store
from tests.e2e.test_citizens_search import QUERIES

OTHER_QUESTIONS = [
    "giá xăng hôm nay",
    "lam ho chieu",
    "ĐKKS",  # a synonym: its three-word phrase
    "cccd",  # a synonym: four words
    "giấy giấy tờ tờ",
    "2025",
    "đăng ký đăng ký đăng ký",
]
# Words for varied procedures: some in most of them (their IDF is FTS5's floor), some repeated.
FILLER = " ".join(
    (
        "giấy giấy tờ tổ dân phố nhà ở đất đai đăng ký hộ kinh doanh hợp tác xã nông nghiệp",
        "nước sạch điện chiếu sáng y tế bảo hiểm khai sinh kết hôn xác nhận chứng thực",
    )
).split()


def varied(base: Catalogue, size: int) -> Catalogue:
    rng = random.Random(11)
    procedures = []
    for i in range(size):
        p = base.procedures[i % len(base.procedures)]
        extra = " ".join(rng.choice(FILLER) for _ in range(rng.randint(0, 6)))
        procedures.append(
            replace(
                p,
                code=f"v{i}_{p.code}"[:30],
                name=f"{p.name} {extra}".strip(),
                keywords=(*p.keywords[: rng.randint(0, 5)], extra) if extra else (),
                documents=p.documents[: rng.randint(0, len(p.documents))],
            )
        )
    return replace(base, procedures=tuple(procedures), content_hash=f"varied-{size}")


@pytest.fixture(params=["2-byte ids", "4-byte ids"], autouse=True)
def id_width(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Rows and words as 2-byte ids (a catalogue of up to 65,534 procedures) and as 4-byte
    ones (a larger one): the same ranking either way."""
    if request.param == "4-byte ids":
        monkeypatch.setattr(ranking, "_ids", lambda count: "i")


async def open_loaded(path: Path, catalogue: Catalogue) -> Store:
    store = await Store.open(path)
    await load_catalogue(store, catalogue, datetime.now(UTC))
    return store


@pytest.fixture(params=["shipped", "varied"])
async def store(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Store]:
    base = read_catalogue(SHIPPED_CATALOGUE)
    catalogue = base if request.param == "shipped" else varied(base, 300)
    opened = await open_loaded(tmp_path / "catalogue.sqlite3", catalogue)
    try:
        yield opened
    finally:
        await opened.close()


def expression(phrases: list[tuple[Phrase, Columns]]) -> str:
    """The FTS5 query of these phrases OR-ed, in this order."""
    filters = {FOLDED_COLUMNS: FOLDED, EXACT_COLUMNS: EXACT}
    return " OR ".join(f'{filters[group]} : ("{" ".join(words)}")' for words, group in phrases)


async def index_of(store: Store) -> Bm25Index:
    return ranking_index(await store.procedures.index_texts(), shipped_vocabulary())


async def test_citizens_questions_rank_as_fts5_ranks_them(store: Store) -> None:
    search = ProcedureSearch()
    index = await index_of(store)
    vocabulary = sorted(await store.procedures.vocabulary())
    rng = random.Random(3)
    questions = [q for q, _ in QUERIES] + OTHER_QUESTIONS
    questions += [" ".join(rng.sample(vocabulary, rng.randint(1, 5))) for _ in range(60)]
    compared = 0
    for text in questions:
        query = (await search.search(store, text)).query
        if query.is_empty:
            continue
        for limit in (20, 500):  # the search's cut, and every match with its ties
            fts5 = await store.procedures.search(query.match(), WEIGHTS, limit)
            assert index.top(query.phrases(), limit) == fts5, text
            compared += 1
    assert compared > 100


async def test_phrases_within_one_column_overlapping_or_absent_count_as_in_fts5(
    store: Store,
) -> None:
    index = await index_of(store)
    cases: list[list[tuple[Phrase, Columns]]] = [
        [(("giay", "giay"), FOLDED_COLUMNS)],  # overlapping instances: "giấy giấy giấy"
        [(("to", "giay", "giay", "to"), FOLDED_COLUMNS)],  # long, not a synonym: found on demand
        [(("dang", "ky", "khai"), FOLDED_COLUMNS), (("giấy", "tờ"), EXACT_COLUMNS)],
        [(("khong", "co", "tu", "nay"), FOLDED_COLUMNS), (("đăng",), EXACT_COLUMNS)],
        [(("sinh", "ket"), FOLDED_COLUMNS)],  # across two keywords, as FTS5 joins them
    ]
    # The end of a name and the start of its keywords: no phrase, two columns.
    for row in (await store.procedures.index_texts())[:40]:
        name, keywords = row.name_f.split(), row.keywords_f.split()
        if len(name) >= 2 and keywords:
            cases.append([((name[-1], keywords[0]), FOLDED_COLUMNS)])
            cases.append([((*name[-2:], keywords[0]), FOLDED_COLUMNS)])
    for phrases in cases:
        fts5 = await store.procedures.search(expression(phrases), WEIGHTS, 500)
        assert index.top(phrases, 500) == fts5, phrases
    assert index.top([(("xyzw",), FOLDED_COLUMNS)], 20) == []


async def test_before_any_catalogue_is_loaded_a_search_finds_nothing(tmp_path: Path) -> None:
    store = await Store.open(tmp_path / "empty.sqlite3")
    try:
        result = await ProcedureSearch().search(store, "dang ky khai sinh")
        assert result.hits == () and not result.confident
    finally:
        await store.close()
