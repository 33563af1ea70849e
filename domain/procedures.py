"""Catalogue of procedures: what a citizen is shown, and the questions staff answer."""

from __future__ import annotations

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
