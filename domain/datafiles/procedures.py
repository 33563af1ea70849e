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
import re
import unicodedata
from datetime import date
from pathlib import Path

from domain.datafiles.yaml_lines import DataFileError, Fields, LineDict, load_yaml
from domain.procedures import Catalogue, Procedure

SHIPPED_CATALOGUE = Path(__file__).resolve().parents[2] / "data" / "procedures.yaml"

CODE = re.compile(r"^[a-z0-9_]{1,30}$")  # also the deep link `tt_<code>` and callback data
ONLINE_LEVELS = ("toàn trình", "một phần", "không", "chưa rõ")
CHECKABLE = ("documents", "processing_time", "fee", "online", "where", "legal_basis", "name")
PROCEDURE_KEYS = {
    "code",
    "name",
    "field",
    "national_code",
    "keywords",
    "documents",
    "processing_time",
    "fee",
    "where",
    "online",
    "legal_basis",
    "unverified",
    "notes",
}
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


def read_catalogue(path: Path) -> Catalogue:
    """Parse and validate a catalogue file (.yaml/.yml or .csv)."""
    catalogue = _read_csv(path) if path.suffix.lower() == ".csv" else _read_yaml(path)
    digest = hashlib.sha256(repr(catalogue).encode("utf-8")).hexdigest()
    return Catalogue(**{**catalogue.__dict__, "content_hash": digest})


# YAML ------------------------------------------------------------------------------------------
def _read_yaml(path: Path) -> Catalogue:
    document = load_yaml(path)
    root = Fields(path, document, "file", 1)
    head = Fields(
        path, root.mapping.get("catalogue"), "catalogue", root.mapping.line_of("catalogue")
    )
    checked = head.mapping.get("checked")
    if not isinstance(checked, date):
        raise head.fail("checked", "must be the date the facts were checked, YYYY-MM-DD")
    items = root.items("procedures")
    if not items:
        raise root.fail("procedures", "is empty")
    line = root.mapping.line_of("procedures")
    procedures = []
    for i, item in enumerate(items):
        entry = Fields(
            path, item, f"procedures[{i}]", item.line if isinstance(item, LineDict) else line
        )
        procedures.append(_procedure(entry))
    _unique(path, [(p.code, items[i]) for i, p in enumerate(procedures)])
    return Catalogue(
        title=head.text("title"),
        checked=checked,
        procedures=tuple(procedures),
        portal_url=_url(head, "portal_url", head.text("portal_url", required=False)),
        notes=head.text("notes", required=False),
        source=str(path.name),
    )


def _unique(path: Path, codes: list[tuple[str, object]]) -> None:
    seen: set[str] = set()
    for code, item in codes:
        if code in seen:
            line = item.line if isinstance(item, LineDict) else None
            raise DataFileError(path, line, "procedures.code", f"code {code} appears twice")
        seen.add(code)


def _url(entry: Fields, key: str, value: str) -> str:
    if value and not value.startswith(("https://", "http://")):
        raise entry.fail(key, "must be a web address starting with https://")
    return value


def _lines(entry: Fields, key: str, *, required: bool) -> tuple[str, ...]:
    values = entry.items(key, required=required)
    if required and not values:
        raise entry.fail(key, "is empty")
    found = []
    for value in values:
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise entry.fail(key, "must be a list of texts")
        text = " ".join(str(value).split())
        if text:
            found.append(text)
    return tuple(found)


def _procedure(entry: Fields) -> Procedure:
    for key in entry.mapping:
        if key not in PROCEDURE_KEYS:
            # A typo such as "documnets:" would otherwise drop a field silently.
            raise entry.fail(key, f"unknown field (known: {', '.join(sorted(PROCEDURE_KEYS))})")
    code = entry.text("code")
    if not CODE.match(code):
        raise entry.fail("code", "must be 1 to 30 lowercase letters a-z, digits and _")
    time = _part(entry, "processing_time")
    fee = _part(entry, "fee")
    online = _part(entry, "online")
    days = time.integer("working_days", required=False)
    if days is not None and not 0 <= days <= MAX_DAYS:
        raise time.fail("working_days", f"must be 0 (same day) to {MAX_DAYS}, or null")
    amount = fee.integer("amount_vnd", required=False)
    if amount is not None and amount < 0:
        raise fee.fail("amount_vnd", "must not be negative")
    level = online.choice("level", ONLINE_LEVELS)
    unverified = entry.texts("unverified")
    for name in unverified:
        if name not in CHECKABLE:
            raise entry.fail("unverified", f"{name} is not one of {', '.join(CHECKABLE)}")
    return Procedure(
        code=code,
        name=entry.text("name"),
        field=entry.text("field"),
        keywords=_lines(entry, "keywords", required=False),
        documents=_lines(entry, "documents", required=True),
        days=days,
        time_text=time.text("text"),
        fee_vnd=amount,
        fee_text=fee.text("text"),
        fee_exemptions=fee.text("exemptions", required=False),
        where=entry.text("where"),
        online_level=str(level),
        online_url=_url(online, "url", online.text("url", required=False)),
        online_note=online.text("note", required=False),
        legal_basis=_lines(entry, "legal_basis", required=True),
        unverified=unverified,
        notes=entry.text("notes", required=False),
        national_code=entry.text("national_code", required=False),
    )


def _part(entry: Fields, key: str) -> Fields:
    value = entry.mapping.get(key)
    if value is None:
        raise entry.fail(key, "is missing")
    line = value.line if isinstance(value, LineDict) else entry.mapping.line_of(key)
    return Fields(entry.path, value, f"{entry.where}.{key}", line)


# CSV -------------------------------------------------------------------------------------------
def _read_csv(path: Path) -> Catalogue:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise DataFileError(path, None, "file", "not found") from None
    except (OSError, UnicodeDecodeError) as error:
        raise DataFileError(path, None, "file", f"cannot be read ({error})") from None
    reader = csv.DictReader(unicodedata.normalize("NFC", text).splitlines())
    header = reader.fieldnames or []
    missing = [c for c in CSV_COLUMNS if c not in header]
    if missing:
        raise DataFileError(path, 1, "header", f"missing columns: {', '.join(missing)}")
    unknown = [c for c in header if c not in CSV_COLUMNS]
    if unknown:
        raise DataFileError(path, 1, "header", f"unknown columns: {', '.join(unknown)}")
    procedures: list[Procedure] = []
    checked: list[date] = []
    lines: list[tuple[str, object]] = []
    for row in reader:
        line = reader.line_num
        mapping = _csv_mapping(path, row, line, checked)
        entry = Fields(path, mapping, f"row {len(procedures) + 1}", line)
        procedures.append(_procedure(entry))
        lines.append((procedures[-1].code, mapping))
    if not procedures:
        raise DataFileError(path, None, "procedures", "the file has no rows")
    _unique(path, lines)
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

    def number(name: str) -> int | None:
        value = cell(name)
        if not value:
            return None
        if not value.isdigit():
            raise DataFileError(path, line, name, f"{value!r} must be a whole number or empty")
        return int(value)

    def items(name: str) -> list[str]:
        return [part.strip() for part in cell(name).split("|") if part.strip()]

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
            "code": cell("code") or None,
            "name": cell("name") or None,
            "field": cell("field") or None,
            "national_code": cell("national_code") or None,
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
            "where": cell("where") or None,
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
