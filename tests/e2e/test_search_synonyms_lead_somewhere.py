"""Every synonym of data/search-synonyms.yaml adds words some procedure of the shipped catalogue
has as a phrase: a synonym whose words no procedure holds together silently does nothing (as
"chứng thực sửa đổi hợp đồng" did, for "thêm tên vợ vào hợp đồng")."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from pathlib import Path

from bot.search import ProcedureSearch, load_catalogue
from domain.datafiles.procedures import SHIPPED_CATALOGUE, read_catalogue
from storage.store import Store


async def test_every_synonym_and_paper_rule_leads_to_a_phrase_of_some_procedure(
    tmp_path: Path,
) -> None:
    store = await Store.open(tmp_path / "catalogue.sqlite3")
    try:
        await load_catalogue(store, read_catalogue(SHIPPED_CATALOGUE), datetime.now(UTC))
        search = ProcedureSearch()
        await search.prepare(store)
        snapshot = search._snapshot
        assert snapshot is not None
        sets = snapshot.strong
        rows = [sets.sets(r) for r in range(len(sets))]

        def held(target: tuple[str, ...]) -> bool:
            if len(target) == 1:
                return target[0] in sets
            keys = [sets.pair_key(a, b) for a, b in itertools.pairwise(target)]
            return any(all(k is not None and k in row.pairs for k in keys) for row in rows)

        tables = search.tables
        targets = {target for _, target in tables.synonyms}
        # ... and the procedures the rules about papers lead to
        assert tables.register_copies and tables.lost_papers and tables.paper_errors
        targets.add(tables.register_copies.to)
        targets.update(paper.to for paper in tables.lost_papers.papers)
        targets.update(paper.to for paper in tables.paper_errors.papers)
        assert tables.paper_changes
        targets.update(paper.to for paper in tables.paper_changes.papers)
        assert targets
        assert [" ".join(t) for t in sorted(targets) if not held(t)] == []
    finally:
        await store.close()
