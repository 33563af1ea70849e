"""Catalogue of procedures: what a citizen is shown, and the questions staff answer."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class Procedure:
    code: str
    name: str
    field: str
    keywords: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()
    days: int | None = None
    time_text: str = ""
    fee_vnd: int | None = None
    fee_text: str = ""
    fee_exemptions: str = ""
    where: str = ""
    online_level: str = ""
    online_url: str = ""
    online_note: str = ""
    legal_basis: tuple[str, ...] = ()
    unverified: tuple[str, ...] = ()
    notes: str = ""
    national_code: str = ""


@dataclass(frozen=True)
class Catalogue:
    """A catalogue as read from its data file, before it is stored."""

    title: str
    checked: date
    procedures: tuple[Procedure, ...]
    portal_url: str = ""
    notes: str = ""
    source: str = ""
    content_hash: str = ""
    # What the ward's staff said questions meant (/cauhoi): (wording, procedure code or None for
    # "not the ward's"), exported with the catalogue and loaded back with it.
    learned: tuple[tuple[str, str | None], ...] = ()
    # The ward's own answers (its hours, address...): (answer, the wordings that get it).
    ward_answers: tuple[tuple[str, tuple[str, ...]], ...] = ()


@dataclass(frozen=True)
class CatalogueInfo:
    title: str
    checked: date
    portal_url: str
    notes: str
    source: str
    loaded_at: datetime
    count: int


@dataclass(frozen=True)
class CatalogueLoad:
    outcome: str  # "created", "updated" or "unchanged"
    count: int


@dataclass(frozen=True)
class Question:
    id: int
    citizen_id: int
    text: str
    dept_code: str
    asked_at: datetime
    answer: str | None
    answered_by: int | None
    answered_at: datetime | None


ONLINE_LEVELS = ("toàn trình", "một phần")  # the card says it can be submitted online
# "mã khai_sinh", "mã khai_sinh rồi thuong_tru": a catalogue code named in a note
CODE_MENTION = re.compile(r"(?:,\s*)?\bmã\s+([a-z0-9_]+)((?:\s+(?:rồi|và|hoặc)\s+[a-z0-9_]+)*)")


def online_possible(p: Procedure) -> bool:
    """The card may offer "submit online" only where it says online submission is possible."""
    return p.online_level in ONLINE_LEVELS and bool(p.online_url)


def mentioned_codes(text: str) -> list[str]:
    """Every word a note names as a code ("mã khai_sinh rồi thuong_tru"): to look up."""
    found: list[str] = []
    for match in CODE_MENTION.finditer(text):
        found.append(match.group(1))
        found += re.findall(r"(?:rồi|và|hoặc)\s+([a-z0-9_]+)", match.group(2) or "")
    return found


def texts_of(p: Procedure) -> list[str]:
    """The citizen-facing texts of a card and its details."""
    return [
        *p.documents,
        p.time_text,
        p.fee_text,
        p.fee_exemptions,
        p.where,
        p.online_note,
        *p.legal_basis,
        p.notes,
    ]


def linked_codes(text: str, known: frozenset[str]) -> tuple[str, tuple[str, ...]]:
    """A note without the catalogue codes it names ("(mã lien_thong_khai_sinh)"), and those
    codes in order: the citizen gets a button to the procedure, not an internal code."""
    found: list[str] = []

    def drop(match: re.Match[str]) -> str:
        more = re.findall(r"(?:rồi|và|hoặc)\s+([a-z0-9_]+)", match.group(2) or "")
        codes = [match.group(1), *more]
        if any(c not in known for c in codes):
            return match.group(0)
        found.extend(c for c in codes if c not in found)
        return ""

    cleaned = CODE_MENTION.sub(drop, text)
    cleaned = re.sub(r"\(\s*\)", "", cleaned)
    cleaned = re.sub(r"\s+([.,;)])", r"\1", cleaned)
    return " ".join(cleaned.split()), tuple(found)
