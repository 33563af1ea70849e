"""What the full-text index holds for a procedure, and loading a catalogue with its index."""

from __future__ import annotations

from datetime import datetime

from bot.search.normalize import words
from domain.procedures import Catalogue, CatalogueLoad, Procedure
from services.questions import restore_learned
from services.ward_answers import restore as restore_ward_answers
from storage.procedures import IndexRow
from storage.store import Store


def _folded(texts: tuple[str, ...] | list[str]) -> str:
    return " ".join(w.folded for text in texts for w in words(text))


def _exact(texts: tuple[str, ...] | list[str]) -> str:
    return " ".join(w.exact for text in texts for w in words(text))


def index_row(p: Procedure) -> IndexRow:
    return IndexRow(
        code=p.code,
        name_f=_folded([p.name]),
        keywords_f=_folded(list(p.keywords)),
        field_f=_folded([p.field]),
        documents_f=_folded(list(p.documents)),
        name_x=_exact([p.name]),
        keywords_x=_exact(list(p.keywords)),
    )


async def load_catalogue(store: Store, catalogue: Catalogue, now: datetime) -> CatalogueLoad:
    """Store a catalogue and its index in one transaction; then the questions its file says the
    staff mapped and the ward's own answers (an exported catalogue: services.questions
    .restore_learned, services.ward_answers.restore)."""
    result = await store.procedures.load(
        catalogue, [index_row(p) for p in catalogue.procedures], now
    )
    if catalogue.learned:
        await restore_learned(store, catalogue.learned, now)
    if catalogue.ward_answers:
        await restore_ward_answers(store, catalogue.ward_answers, now)
    return result
