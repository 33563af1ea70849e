"""The procedure catalogue, its full-text index, and citizens' questions passed to staff."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter, OrderedDict
from dataclasses import dataclass, field
from datetime import datetime

from domain.procedures import Catalogue, CatalogueInfo, CatalogueLoad, Procedure, Question
from storage.db import StorageError
from storage.dbapi import Database, Transaction
from storage.timefmt import date_from_db, from_db, to_db

# bm25 weights, one per column of procedure_index in declaration order:
# code, name_f, keywords_f, field_f, documents_f, name_x, keywords_x.
INDEX_COLUMNS = ("name_f", "keywords_f", "field_f", "documents_f", "name_x", "keywords_x")
FOLDED_COLUMNS = ("name_f", "keywords_f", "field_f", "documents_f")


@dataclass(frozen=True)
class IndexRow:
    """What the search index holds for one procedure (prepared by bot.search)."""

    code: str
    name_f: str
    keywords_f: str
    field_f: str
    documents_f: str
    name_x: str
    keywords_x: str


def _procedure(r: sqlite3.Row) -> Procedure:
    return Procedure(
        code=r["code"],
        name=r["name"],
        field=r["field"],
        keywords=tuple(json.loads(r["keywords"])),
        documents=tuple(json.loads(r["documents"])),
        days=r["days"],
        time_text=r["time_text"],
        fee_vnd=r["fee_vnd"],
        fee_text=r["fee_text"],
        fee_exemptions=r["fee_exemptions"],
        where=r["where_text"],
        online_level=r["online_level"],
        online_url=r["online_url"],
        online_note=r["online_note"],
        legal_basis=tuple(json.loads(r["legal_basis"])),
        unverified=tuple(json.loads(r["unverified"])),
        notes=r["notes"],
        national_code=r["national_code"],
    )


def _json(values: tuple[str, ...]) -> str:
    return json.dumps(list(values), ensure_ascii=False)


# Procedures kept in memory by code (the ones citizens ask about): a bound, so a catalogue of
# 5,000 stays in the database rather than in memory.
CACHED_PROCEDURES = 256


@dataclass
class _Read:
    """What was read of one catalogue (by its content hash): it cannot change without the hash."""

    content_hash: str | None
    info: CatalogueInfo | None = None
    info_read: bool = False
    fields: list[tuple[str, int]] | None = None
    procedures: OrderedDict[str, Procedure] = field(default_factory=OrderedDict)


class ProceduresRepository:
    """Every citizen's question reads the catalogue: its hash (is the search index current?),
    its fields, the best procedure and the date it was checked. Those reads are kept in memory
    until something is committed to the database (`Database.data_version`), then the hash is
    read again and they are dropped if it changed (the CLI loads a catalogue from another
    process). A question then costs no SQL at all."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._read: _Read | None = None
        self._read_version: int | None = None

    async def _current(self) -> _Read:
        version = self._db.data_version()  # before the hash: a commit after it is seen next time
        read = self._read
        if read is not None and version is not None and version == self._read_version:
            return read
        row = await self._db.fetchone("SELECT content_hash FROM procedure_catalogue")
        content_hash = row["content_hash"] if row else None
        if read is None or read.content_hash != content_hash:
            read = self._read = _Read(content_hash)
        self._read_version = version
        return read

    async def load(
        self, catalogue: Catalogue, rows: list[IndexRow], now: datetime
    ) -> CatalogueLoad:
        """Replace the catalogue and its index at once; the same content twice changes nothing."""
        async with self._db.transaction() as tx:
            existing = await tx.fetchone("SELECT content_hash FROM procedure_catalogue")
            count = len(catalogue.procedures)
            if existing and existing["content_hash"] == catalogue.content_hash:
                return CatalogueLoad("unchanged", count)
            self._read = None
            await tx.execute("DELETE FROM procedures")
            await tx.execute("DELETE FROM procedure_index")
            await tx.executemany(
                "INSERT INTO procedures (code, ordinal, name, field, national_code, keywords,"
                " documents, days, time_text, fee_vnd, fee_text, fee_exemptions, where_text,"
                " online_level, online_url, online_note, legal_basis, unverified, notes)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        p.code,
                        i,
                        p.name,
                        p.field,
                        p.national_code,
                        _json(p.keywords),
                        _json(p.documents),
                        p.days,
                        p.time_text,
                        p.fee_vnd,
                        p.fee_text,
                        p.fee_exemptions,
                        p.where,
                        p.online_level,
                        p.online_url,
                        p.online_note,
                        _json(p.legal_basis),
                        _json(p.unverified),
                        p.notes,
                    )
                    for i, p in enumerate(catalogue.procedures)
                ],
            )
            await tx.executemany(
                "INSERT INTO procedure_index (code, name_f, keywords_f, field_f, documents_f,"
                " name_x, keywords_x) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        r.code,
                        r.name_f,
                        r.keywords_f,
                        r.field_f,
                        r.documents_f,
                        r.name_x,
                        r.keywords_x,
                    )
                    for r in rows
                ],
            )
            values = (
                catalogue.title,
                catalogue.checked.isoformat(),
                catalogue.portal_url,
                catalogue.notes,
                catalogue.source,
                catalogue.content_hash,
                to_db(now),
            )
            await tx.execute(
                "INSERT INTO procedure_catalogue (id, title, checked_on, portal_url, notes, source,"
                " content_hash, loaded_at) VALUES (1, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT(id) DO UPDATE SET title = excluded.title,"
                " checked_on = excluded.checked_on, portal_url = excluded.portal_url,"
                " notes = excluded.notes, source = excluded.source,"
                " content_hash = excluded.content_hash, loaded_at = excluded.loaded_at",
                values,
            )
            return CatalogueLoad("updated" if existing else "created", count)

    async def info(self) -> CatalogueInfo | None:
        read = await self._current()
        if not read.info_read:
            read.info = await self._info()
            read.info_read = True
        return read.info

    async def _info(self) -> CatalogueInfo | None:
        row = await self._db.fetchone(
            "SELECT c.*, (SELECT count(*) FROM procedures) AS n FROM procedure_catalogue c"
        )
        if row is None:
            return None
        loaded_at = from_db(row["loaded_at"])
        assert loaded_at is not None
        return CatalogueInfo(
            row["title"],
            date_from_db(row["checked_on"]),
            row["portal_url"],
            row["notes"],
            row["source"],
            loaded_at,
            row["n"],
        )

    async def get(self, code: str) -> Procedure | None:
        read = await self._current()
        if (procedure := read.procedures.get(code)) is not None:
            read.procedures.move_to_end(code)
            return procedure
        row = await self._db.fetchone("SELECT * FROM procedures WHERE code = ?", (code,))
        if row is None:
            return None
        procedure = read.procedures[code] = _procedure(row)
        if len(read.procedures) > CACHED_PROCEDURES:
            read.procedures.popitem(last=False)
        return procedure

    async def many(self, codes: list[str]) -> list[Procedure]:
        """The procedures with these codes, in the order given."""
        if not codes:
            return []
        marks = ", ".join("?" for _ in codes)
        rows = await self._db.fetchall(f"SELECT * FROM procedures WHERE code IN ({marks})", codes)
        by_code = {r["code"]: _procedure(r) for r in rows}
        return [by_code[c] for c in codes if c in by_code]

    async def fields(self) -> list[tuple[str, int]]:
        """Each field with its number of procedures, in catalogue order."""
        read = await self._current()
        if read.fields is None:
            rows = await self._db.fetchall(
                "SELECT field, count(*) AS n, min(ordinal) AS first FROM procedures"
                " GROUP BY field ORDER BY first"
            )
            read.fields = [(r["field"], r["n"]) for r in rows]
        return list(read.fields)

    async def all(self) -> list[Procedure]:
        """The whole catalogue, in its order (for the export)."""
        rows = await self._db.fetchall("SELECT * FROM procedures ORDER BY ordinal")
        return [_procedure(r) for r in rows]

    async def in_field(self, field: str) -> list[Procedure]:
        rows = await self._db.fetchall(
            "SELECT * FROM procedures WHERE field = ? ORDER BY ordinal", (field,)
        )
        return [_procedure(r) for r in rows]

    async def search(
        self, match: str, weights: tuple[float, ...], limit: int
    ) -> list[tuple[str, float]]:
        """Codes matching an FTS5 expression, best first (bm25 is lower for better matches; ties
        in catalogue order). The search ranks in memory the same way (bot/search/ranking.py)."""
        if len(weights) != len(INDEX_COLUMNS):
            raise ValueError("one weight per indexed column")
        if self._db.dialect != "sqlite":
            # The oracle the in-memory ranking is checked against (tests/e2e): FTS5's own bm25.
            raise StorageError("bm25 by the database exists on SQLite only (FTS5)")
        marks = ", ".join("?" for _ in weights)
        rows = await self._db.fetchall(
            f"SELECT code, bm25(procedure_index, 0, {marks}) AS score FROM procedure_index"
            " WHERE procedure_index MATCH ? ORDER BY score, rowid LIMIT ?",
            (*weights, match, limit),
        )
        return [(r["code"], float(r["score"])) for r in rows]

    async def vocabulary(self) -> dict[str, int]:
        """Folded terms of the index with the number of procedures each appears in (the most
        of any one folded column, as FTS5's vocabulary table counts)."""
        if self._db.dialect != "sqlite":
            return await self._vocabulary_counted()
        marks = ", ".join("?" for _ in FOLDED_COLUMNS)
        rows = await self._db.fetchall(
            f"SELECT term, max(doc) AS n FROM procedure_terms WHERE col IN ({marks}) GROUP BY term",
            FOLDED_COLUMNS,
        )
        return {r["term"]: r["n"] for r in rows}

    async def _vocabulary_counted(self) -> dict[str, int]:
        """`vocabulary` without FTS5 (PostgreSQL): the index holds words joined by spaces
        (bot/search/index.py), which FTS5's unicode61 tokenizer splits the same way."""
        columns = ", ".join(FOLDED_COLUMNS)
        rows = await self._db.fetchall(f"SELECT {columns} FROM procedure_index")
        counts: dict[str, int] = {}
        for position in range(len(FOLDED_COLUMNS)):
            column: Counter[str] = Counter()
            for r in rows:
                column.update(set(r[position].split()))
            for term, n in column.items():
                counts[term] = max(counts.get(term, 0), n)
        return counts

    async def index_texts(self) -> list[IndexRow]:
        """What the index holds, in rowid order: the search ranks and checks coverage in memory."""
        order = "rowid" if self._db.dialect == "sqlite" else "id"  # FTS5's rowid: load order
        rows = await self._db.fetchall(
            "SELECT code, name_f, keywords_f, field_f, documents_f, name_x, keywords_x"
            f" FROM procedure_index ORDER BY {order}"
        )
        return [IndexRow(*tuple(r)) for r in rows]

    async def keywords(self) -> dict[str, tuple[str, ...]]:
        """Each procedure's keywords by code: the search reads them once per catalogue (the
        phrases a question is matched against), rather than a procedure per question."""
        rows = await self._db.fetchall("SELECT code, keywords FROM procedures")
        return {r["code"]: tuple(json.loads(r["keywords"])) for r in rows}

    async def content_hash(self) -> str | None:
        """The loaded catalogue's hash: it changes with any change to the catalogue."""
        return (await self._current()).content_hash


def _question(r: sqlite3.Row) -> Question:
    asked_at = from_db(r["asked_at"])
    assert asked_at is not None
    return Question(
        r["id"],
        r["citizen_id"],
        r["text"],
        r["dept_code"],
        asked_at,
        r["answer"],
        r["answered_by"],
        from_db(r["answered_at"]),
    )


class QuestionsRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def ask(
        self, tx: Transaction, citizen_id: int, text: str, dept_code: str, now: datetime
    ) -> int:
        return await tx.execute(
            "INSERT INTO citizen_questions (citizen_id, text, dept_code, asked_at)"
            " VALUES (?, ?, ?, ?)",
            (citizen_id, text, dept_code, to_db(now)),
        )

    async def asked_since(self, citizen_id: int, since: datetime) -> int:
        row = await self._db.fetchone(
            "SELECT count(*) FROM citizen_questions WHERE citizen_id = ? AND asked_at >= ?",
            (citizen_id, to_db(since)),
        )
        return int(row[0]) if row else 0

    async def get(self, question_id: int) -> Question | None:
        row = await self._db.fetchone(
            "SELECT * FROM citizen_questions WHERE id = ?", (question_id,)
        )
        return _question(row) if row else None

    async def answer(
        self, tx: Transaction, question_id: int, text: str, by: int, now: datetime
    ) -> bool:
        """Record the answer; False when someone answered first."""
        changed = await tx.changes(
            "UPDATE citizen_questions SET answer = ?, answered_by = ?, answered_at = ?"
            " WHERE id = ? AND answer IS NULL",
            (text, by, to_db(now), question_id),
        )
        return changed == 1

    async def open(self, dept_codes: list[str] | None, limit: int = 20) -> list[Question]:
        """Unanswered questions of these departments (None: all), oldest first."""
        if dept_codes is None:
            rows = await self._db.fetchall(
                "SELECT * FROM citizen_questions WHERE answer IS NULL ORDER BY id LIMIT ?",
                (limit,),
            )
        else:
            marks = ", ".join("?" for _ in dept_codes) or "NULL"
            rows = await self._db.fetchall(
                f"SELECT * FROM citizen_questions WHERE answer IS NULL AND dept_code IN ({marks})"
                " ORDER BY id LIMIT ?",
                (*dept_codes, limit),
            )
        return [_question(r) for r in rows]
