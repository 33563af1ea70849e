"""The figure being entered with /solieu: its target and period, what was typed, and what the
bot read from it, kept in the sender's drafts (context.drafts) until it is saved or dropped."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from domain.figure_reading import NoCases
from domain.figures import ParsedValue
from domain.model import Target
from domain.occurrences import Period, resolve_code

VALUE, CONFIRM, PERIOD = range(3)  # PERIOD: the period asked; what is typed is read
DRAFT_TIMEOUT = timedelta(minutes=30)
NOTE_LIMIT = 500


def _entry_number() -> int:
    return secrets.randbelow(10**9)


@dataclass
class FigureDraft:
    """A figure under way. `entry` names it on its buttons: a button of an older entry cannot
    save this one."""

    target_code: str
    period: Period | None  # None: the figure was typed without a period, asked next
    started: datetime
    typed: str = ""  # the figure as the official wrote it (kept as the figure's note)
    year_taken: int | None = None  # the year the bot took for a period typed without one
    pending: ParsedValue | NoCases | None = None  # what Save will store
    options: tuple[ParsedValue, ...] = ()  # the readings offered when the bot was not sure
    entry: int = field(default_factory=_entry_number)


def find_target(targets: list[Target], typed: str) -> Target | None:
    code = resolve_code(typed, [t.code for t in targets])
    return next((t for t in targets if t.code == code), None)
