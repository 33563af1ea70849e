"""The search's answers, pinned: every question of bench/search_eval/ (both parts) asked of the
shipped catalogue and of the bench's 5,000 generated procedures, and the latency bench's own
questions, must get what they got when tests/data/search_outcomes.json was recorded: the same
outcome (a card, a choice, out of scope, nothing), the same candidates and the same "not this
one" list, in order. A change made for speed changes none of it.

The held-out and strangers' parts are pinned by a digest per question (their outcomes are only
ever scored, never read: bench/search_quality.py), the development part and the bench's questions
readably.

After a deliberate change of the search's answers (tuning on the development part), record the
file again and say so in the commit: `python -m tests.e2e.test_search_outcomes_pinned`.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.search_latency import QUERIES as BENCH_QUERIES
from bench.search_latency import generated
from bench.search_quality import SCORED_ONLY, read_part
from bot.search import ProcedureSearch, SearchOutcome, load_catalogue
from domain.datafiles.procedures import SHIPPED_CATALOGUE, read_catalogue
from domain.procedures import Catalogue
from storage.store import Store

PINNED = Path(__file__).resolve().parents[1] / "data" / "search_outcomes.json"
GENERATED = 5000  # the latency bench's catalogue


def described(outcome: SearchOutcome) -> dict[str, Any]:
    """Everything the citizen is shown of an outcome."""
    return {
        "kind": str(outcome.kind),
        "candidates": list(outcome.candidates),
        "out_of_scope": outcome.out_of_scope.key if outcome.out_of_scope else None,
        "codes": list(outcome.codes),
    }


def digest(text: str, outcome: dict[str, Any]) -> str:
    blob = json.dumps([text, outcome], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]


async def outcomes_of(catalogue: Catalogue, folder: Path) -> dict[str, Any]:
    """Each question set's outcomes over this catalogue."""
    store = await Store.open(folder / f"{catalogue.content_hash}.sqlite3")
    try:
        await load_catalogue(store, catalogue, datetime.now(UTC))
        search = ProcedureSearch()

        async def ask(text: str) -> dict[str, Any]:
            return described(await search.ask(store, text))

        found: dict[str, Any] = {}
        found["bench"] = [{"q": q, **await ask(q)} for q in BENCH_QUERIES]
        found["dev"] = [{"q": q.text, **await ask(q.text)} for q in read_part("dev")]
        for part in SCORED_ONLY:
            found[part] = [digest(q.text, await ask(q.text)) for q in read_part(part)]
        return found
    finally:
        await store.close()


async def all_outcomes() -> dict[str, Any]:
    base = read_catalogue(SHIPPED_CATALOGUE)
    with tempfile.TemporaryDirectory() as folder:
        return {
            "shipped": await outcomes_of(base, Path(folder)),
            "generated": await outcomes_of(generated(base, GENERATED), Path(folder)),
        }


async def test_the_search_answers_every_pinned_question_as_recorded() -> None:
    pinned = json.loads(PINNED.read_text(encoding="utf-8"))
    now = await all_outcomes()
    for catalogue in ("shipped", "generated"):
        for part in ("bench", "dev"):
            for was, got in zip(pinned[catalogue][part], now[catalogue][part], strict=True):
                assert got == was, (catalogue, part)
        for part in SCORED_ONLY:
            changed = [
                i
                for i, (was, got) in enumerate(
                    zip(pinned[catalogue][part], now[catalogue][part], strict=True)
                )
                if was != got
            ]
            assert not changed, f"{catalogue}: {part} questions {changed} answered otherwise"


def record() -> None:
    found = asyncio.run(all_outcomes())
    lines = ["{"]
    for c, catalogue in enumerate(found):
        lines.append(f' "{catalogue}": {{')
        for p, part in enumerate(found[catalogue]):
            lines.append(f'  "{part}": [')
            entries = [json.dumps(e, ensure_ascii=False) for e in found[catalogue][part]]
            lines += [f"   {e}," for e in entries[:-1]] + [f"   {entries[-1]}"]
            lines.append("  ]" + ("," if p + 1 < len(found[catalogue]) else ""))
        lines.append(" }" + ("," if c + 1 < len(found) else ""))
    lines.append("}")
    PINNED.write_text("\n".join(lines) + "\n", encoding="utf-8")  # one question a line
    print(f"recorded {PINNED}")


if __name__ == "__main__":
    record()
