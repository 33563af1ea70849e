"""At thousands of procedures the in-memory ranking stops early (ranking.py's `_pruned`: only
the rows that can still be among the best are scored in full); it must still give what FTS5's
own bm25 gives, to the last bit, ties included, for any cut."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from bot.search import ProcedureSearch, ranking
from bot.search.engine import WEIGHTS
from bot.search.ranking import Posting
from domain.datafiles.procedures import SHIPPED_CATALOGUE, read_catalogue
from tests.e2e.test_citizens_search import QUERIES
from tests.e2e.test_citizens_search_ranking import (
    OTHER_QUESTIONS,
    id_width,  # noqa: F401  (each test with 2- and 4-byte ids)
    index_of,
    open_loaded,
    varied,
)


async def test_a_large_catalogue_ranks_as_fts5_ranks_it_when_the_ranking_stops_early(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pruned: list[bool] = []
    real = ranking._pruned

    def counted(postings: list[Posting], limit: int) -> dict[int, float] | None:
        found = real(postings, limit)
        pruned.append(found is not None)
        return found

    monkeypatch.setattr(ranking, "_pruned", counted)
    store = await open_loaded(
        tmp_path / "large.sqlite3", varied(read_catalogue(SHIPPED_CATALOGUE), 2000)
    )
    try:
        search = ProcedureSearch()
        index = await index_of(store)
        vocabulary = sorted(await store.procedures.vocabulary())
        rng = random.Random(5)
        questions = [q for q, _ in QUERIES] + OTHER_QUESTIONS
        questions += [" ".join(rng.sample(vocabulary, rng.randint(2, 6))) for _ in range(40)]
        for text in questions:
            query = (await search.search(store, text)).query
            if query.is_empty:
                continue
            for limit in (1, 3, 24, 60):
                fts5 = await store.procedures.search(query.match(), WEIGHTS, limit)
                assert index.top(query.phrases(), limit) == fts5, (text, limit)
    finally:
        await store.close()
    assert sum(pruned) > 100  # the early stop was taken, and checked
