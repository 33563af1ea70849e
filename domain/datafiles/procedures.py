"""Read a procedure catalogue (YAML, or CSV with one procedure a row) into a Catalogue.

A malformed file is refused with its file, line and field, the same way as a plan file, before
the database is touched.

YAML: a `catalogue:` header (title, checked, portal_url, notes) and a `procedures:` list.
CSV: a header row with the columns of CSV_COLUMNS; list columns hold items separated by " | ";
the catalogue's `checked` date is the oldest of the rows' `checked` dates.
"""

from __future__ import annotations

import csv
import hashlib
import io
import unicodedata
from datetime import date
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import AfterValidator, Field

from domain.datafiles.schema import (
    ClosedSchema,
    Codes,
    DataFile,
    Day,
    Lines,
    OptionalText,
    Schema,
    Text,
    Whole,
    matches,
    web_address,
    within,
)
from domain.datafiles.yaml_lines import DataFileError, LineDict, load_yaml
from domain.procedures import Catalogue, Procedure
from domain.questions import MAX_ANSWER_CHARS, MAX_ANSWER_LINES, clean_answer

SHIPPED_CATALOGUE = Path(__file__).resolve().parents[2] / "data" / "procedures.yaml"

OnlineLevel = Literal["toàn trình", "một phần", "không", "chưa rõ"]
CHECKABLE = ("documents", "processing_time", "fee", "online", "where", "legal_basis", "name")
CSV_COLUMNS = (
    "code",
    "name",
    "field",
    "national_code",
    "keywords",
    "documents",
    "processing_days",
    "processing_text",
    "fee_vnd",
    "fee_text",
    "fee_exemptions",
    "where",
    "online_level",
    "online_url",
    "online_note",
    "legal_basis",
    "unverified",
    "notes",
    "checked",
)
MAX_DAYS = 90


def _checkable(names: tuple[str, ...]) -> tuple[str, ...]:
    for name in names:
        if name not in CHECKABLE:
            raise ValueError(f"{name} is not one of {', '.join(CHECKABLE)}")
    return names


WebAddress = Annotated[OptionalText, AfterValidator(web_address)]


class ProcessingTime(Schema):
    working_days: (
        Annotated[Whole, within(0, MAX_DAYS, f"must be 0 (same day) to {MAX_DAYS}, or null")] | None
    ) = None
    text: Text


class Fee(Schema):
    amount_vnd: Annotated[Whole, within(0, float("inf"), "must not be negative")] | None = None
    text: Text
    exemptions: OptionalText = ""


class Online(Schema):
    level: OnlineLevel
    url: WebAddress = ""
    note: OptionalText = ""


class ProcedureEntry(ClosedSchema):
    code: Annotated[
        Text, matches(r"[a-z0-9_]{1,30}", "must be 1 to 30 lowercase letters a-z, digits and _")
    ]  # also the deep link `tt_<code>` and callback data
    name: Text
    field: Text
    national_code: OptionalText = ""
    keywords: Lines = ()
    documents: Lines = Field(min_length=1)
    processing_time: ProcessingTime
    fee: Fee
    where: Text
    online: Online
    legal_basis: Lines = Field(min_length=1)
    unverified: Annotated[Codes, AfterValidator(_checkable)] = ()
    notes: OptionalText = ""


class CatalogueHead(Schema):
    title: Text
    checked: Day = Field(description="must be the date the facts were checked, YYYY-MM-DD")
    portal_url: WebAddress = ""
    notes: OptionalText = ""


class LearnedEntry(Schema):
    """A question's wording and the procedure the staff said it meant ("" : not the ward's)."""

    wording: Text
    procedure: OptionalText = ""


def _ward_answer(text: str) -> str:
    cleaned = clean_answer(text)
    if cleaned is None:
        raise ValueError(
            f"must be a text of at most {MAX_ANSWER_CHARS} characters and {MAX_ANSWER_LINES} lines"
        )
    return cleaned


class WardAnswerEntry(Schema):
    """The ward's own answer (its hours, its address...) and the wordings that get it."""

    answer: Annotated[str, AfterValidator(_ward_answer)]
    wordings: Lines = Field(min_length=1)


class CatalogueFile(Schema):
    catalogue: CatalogueHead
    procedures: tuple[ProcedureEntry, ...] = Field(min_length=1)
    learned_questions: tuple[LearnedEntry, ...] = ()
    ward_answers: tuple[WardAnswerEntry, ...] = ()


def read_catalogue(path: Path) -> Catalogue:
    """Parse and validate a catalogue file (.yaml/.yml or .csv)."""
    catalogue = _read_csv(path) if path.suffix.lower() == ".csv" else _read_yaml(path)
    digest = hashlib.sha256(repr(catalogue).encode("utf-8")).hexdigest()
    return Catalogue(**{**catalogue.__dict__, "content_hash": digest})


# YAML ------------------------------------------------------------------------------------------
def _read_yaml(path: Path) -> Catalogue:
    source = DataFile(path, load_yaml(path))
    file = source.validate(CatalogueFile)
    seen: set[str] = set()
    for i, entry in enumerate(file.procedures):
        if entry.code in seen:
            raise source.refuse(("procedures", i, "code"), f"code {entry.code} appears twice")
        seen.add(entry.code)
    for i, learned in enumerate(file.learned_questions):
        if learned.procedure and learned.procedure not in seen:
            raise source.refuse(
                ("learned_questions", i, "procedure"), f"{learned.procedure} is not a procedure"
            )
    head = file.catalogue
    return Catalogue(
        title=head.title,
        checked=head.checked,
        procedures=tuple(map(_procedure, file.procedures)),
        portal_url=head.portal_url,
        notes=head.notes,
        source=str(path.name),
        learned=tuple((q.wording, q.procedure or None) for q in file.learned_questions),
        ward_answers=tuple((a.answer, a.wordings) for a in file.ward_answers),
    )


def catalogue_yaml(
    title: str,
    checked: date,
    portal_url: str,
    notes: str,
    procedures: list[Procedure],
    learned: list[tuple[str, str | None]],
    ward_answers: list[tuple[str, list[str]]] | None = None,
) -> str:
    """The catalogue as a file `read_catalogue` reads back, with the questions the staff mapped
    (learned_questions) and the ward's own answers (ward_answers): what `cchc-bot procedures
    export` writes."""
    data = {
        "catalogue": {
            "title": title,
            "checked": checked,
            "portal_url": portal_url,
            "notes": notes,
        },
        "procedures": [_entry(p) for p in procedures],
        "learned_questions": [
            {"wording": wording, "procedure": code or ""} for wording, code in learned
        ],
    }
    if ward_answers:
        data["ward_answers"] = [
            {"answer": answer, "wordings": wordings} for answer, wordings in ward_answers
        ]
    header = (
        "# Procedure catalogue exported by cchc-bot, with the questions the ward's staff mapped\n"
        '# (learned_questions; procedure "": not handled by the ward) and the answers the staff\n'
        "# wrote about the ward itself (ward_answers). Load it back with\n"
        "# cchc-bot procedures load FILE.\n"
    )
    return header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def _entry(p: Procedure) -> dict[str, object]:
    entry: dict[str, object] = {"code": p.code, "name": p.name, "field": p.field}
    if p.national_code:
        entry["national_code"] = p.national_code
    entry |= {
        "keywords": list(p.keywords),
        "documents": list(p.documents),
        "processing_time": {"working_days": p.days, "text": p.time_text},
        "fee": {"amount_vnd": p.fee_vnd, "text": p.fee_text, "exemptions": p.fee_exemptions},
        "where": p.where,
        "online": {"level": p.online_level, "url": p.online_url, "note": p.online_note},
        "legal_basis": list(p.legal_basis),
        "unverified": list(p.unverified),
        "notes": p.notes,
    }
    return entry


def _procedure(entry: ProcedureEntry) -> Procedure:
    return Procedure(
        code=entry.code,
        name=entry.name,
        field=entry.field,
        keywords=entry.keywords,
        documents=entry.documents,
        days=entry.processing_time.working_days,
        time_text=entry.processing_time.text,
        fee_vnd=entry.fee.amount_vnd,
        fee_text=entry.fee.text,
        fee_exemptions=entry.fee.exemptions,
        where=entry.where,
        online_level=entry.online.level,
        online_url=entry.online.url,
        online_note=entry.online.note,
        legal_basis=entry.legal_basis,
        unverified=entry.unverified,
        notes=entry.notes,
        national_code=entry.national_code,
    )


# CSV -------------------------------------------------------------------------------------------
SAVE_AS_UTF8 = (
    "in Excel choose File > Save As > 'CSV UTF-8 (Comma delimited)'"
    " / trong Excel chọn Tệp > Lưu thành > 'CSV UTF-8 (Comma delimited)'"
)


def _csv_text(path: Path) -> str:
    """The file's text as Vietnamese Excel saves it: UTF-8 (with or without BOM), UTF-16
    ("Unicode Text"), or the Windows code page 1258 of "CSV (Comma delimited)" (audit A6)."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataFileError(path, None, "file", "not found / không tìm thấy tệp") from None
    except OSError as error:
        raise DataFileError(path, None, "file", f"cannot be read ({error.strerror})") from None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings: tuple[str, ...] = ("utf-16",)
    else:
        encodings = ("utf-8-sig", "cp1258")
    for encoding in encodings:
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:  # UTF-16 without its byte-order mark
            break
        return text
    raise DataFileError(
        path,
        None,
        "file",
        f"is not text in a known encoding (UTF-8, UTF-16, Windows-1258): {SAVE_AS_UTF8}",
    )


def _delimiter(text: str) -> str:
    """Commas, or the semicolons (or tabs) Excel writes where the decimal mark is a comma."""
    header = text.lstrip("\ufeff").split("\n", 1)[0]
    counts = {d: header.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _read_csv(path: Path) -> Catalogue:
    text = _csv_text(path)
    delimiter = _delimiter(text)
    # newline="": a cell written over several lines in Excel (Alt+Enter) stays one cell (A6)
    reader = csv.DictReader(
        io.StringIO(unicodedata.normalize("NFC", text), newline=""), delimiter=delimiter
    )
    header = reader.fieldnames or []
    missing = [c for c in CSV_COLUMNS if c not in header]
    if missing and len(header) <= 1 and any(d in "".join(header) for d in ",;\t"):
        raise DataFileError(
            path, 1, "header", "the columns are not separated by commas or semicolons as expected"
        )
    if missing:
        raise DataFileError(
            path,
            1,
            "header",
            f"thiếu cột / missing columns: {', '.join(missing)} (the first row names all"
            f" {len(CSV_COLUMNS)} columns; a column may be empty)",
        )
    unknown = [c for c in header if c not in CSV_COLUMNS]
    if unknown:
        raise DataFileError(path, 1, "header", f"unknown columns: {', '.join(unknown)}")
    procedures: list[Procedure] = []
    checked: list[date] = []
    for row in reader:
        mapping = _csv_mapping(path, row, reader.line_num, checked)
        source = DataFile(path, mapping, f"row {len(procedures) + 1}")
        entry = source.validate(ProcedureEntry)
        if entry.code in {p.code for p in procedures}:
            raise source.refuse(("code",), f"code {entry.code} appears twice")
        procedures.append(_procedure(entry))
    if not procedures:
        raise DataFileError(path, None, "procedures", "the file has no rows")
    return Catalogue(
        title=path.stem,
        checked=min(checked),
        procedures=tuple(procedures),
        source=str(path.name),
    )


def _csv_mapping(
    path: Path, row: dict[str, str | None], line: int, checked: list[date]
) -> LineDict:
    """One CSV row in the shape of a YAML procedure, so both go through the same checks."""

    def cell(name: str) -> str:
        return (row.get(name) or "").strip()

    def line_of(name: str) -> str:  # a one-line field written over lines: one line again
        return " ".join(cell(name).split())

    def number(name: str) -> int | None:
        value = cell(name)
        if not value:
            return None
        if not value.isdigit():
            raise DataFileError(path, line, name, f"{value!r} must be a whole number or empty")
        return int(value)

    def items(name: str) -> list[str]:
        # " | " between items, or one item a line inside the cell (Alt+Enter in Excel: A6)
        parts = cell(name).replace("\r", "\n").replace("\n", "|").split("|")
        return [part.strip() for part in parts if part.strip()]

    try:
        checked.append(date.fromisoformat(cell("checked")))
    except ValueError:
        raise DataFileError(
            path, line, "checked", "must be the date the facts were checked, YYYY-MM-DD"
        ) from None

    def part(values: dict[str, object]) -> LineDict:
        mapping = LineDict(values)
        mapping.line, mapping.key_lines = line, {}
        return mapping

    mapping = part(
        {
            "code": line_of("code") or None,
            "name": line_of("name") or None,
            "field": line_of("field") or None,
            "national_code": line_of("national_code") or None,
            "keywords": items("keywords"),
            "documents": items("documents"),
            "processing_time": part(
                {"working_days": number("processing_days"), "text": cell("processing_text")}
            ),
            "fee": part(
                {
                    "amount_vnd": number("fee_vnd"),
                    "text": cell("fee_text"),
                    "exemptions": cell("fee_exemptions") or None,
                }
            ),
            "where": line_of("where") or None,
            "online": part(
                {
                    "level": cell("online_level"),
                    "url": cell("online_url") or None,
                    "note": cell("online_note") or None,
                }
            ),
            "legal_basis": items("legal_basis"),
            "unverified": items("unverified"),
            "notes": cell("notes") or None,
        }
    )
    return mapping
