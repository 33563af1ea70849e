"""A person's latest search, kept between their messages and presses."""

from __future__ import annotations

from dataclasses import dataclass

from bot.context import BotContext
from bot.handlers.procedures.callbacks import NextResult


@dataclass(frozen=True)
class SearchSession:
    """A person's latest search: its number (its buttons carry it), the procedures found in
    order, and the question (until it is passed to staff, once)."""

    id: int = 0
    codes: tuple[str, ...] = ()
    question: str = ""

    def following(self, code: str) -> NextResult | None:
        """ "Not this one" after the card of `code`, when it came from this search."""
        if code not in self.codes:
            return None
        return NextResult(self.id, self.codes.index(code) + 1)


def session_of(context: BotContext) -> SearchSession:
    return context.drafts.draft(SearchSession) or SearchSession()
