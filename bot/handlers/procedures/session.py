"""A person's latest search, kept between their messages and presses."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from bot.context import BotContext
from bot.handlers.procedures.callbacks import NextResult


@dataclass(frozen=True)
class SearchSession:
    """A person's latest search: its number (its buttons carry it), the procedures found in
    order, and the question (until it is passed to staff, once); the last card shown and when,
    for a follow-up question about it ("mat bao lau")."""

    id: int = 0
    codes: tuple[str, ...] = ()
    question: str = ""
    card: str = ""
    card_at: datetime | None = None
    recorded: bool = False  # the question is among the staff's unanswered ones (/cauhoi)

    def card_followed(self, now: datetime) -> str | None:
        """The card a follow-up question typed now is about: the last one, if shown lately."""
        if not self.card or self.card_at is None or now - self.card_at > FOLLOW_UP_WINDOW:
            return None
        return self.card

    def following(self, code: str) -> NextResult | None:
        """ "Not this one" after the card of `code`, when it came from this search."""
        if code not in self.codes:
            return None
        return NextResult(self.id, self.codes.index(code) + 1)


FOLLOW_UP_WINDOW = timedelta(minutes=30)


def session_of(context: BotContext) -> SearchSession:
    return context.drafts.draft(SearchSession) or SearchSession()


def card_shown(context: BotContext, code: str) -> None:
    """Remember the card just shown: the next short question may be about it."""
    context.drafts.keep(replace(session_of(context), card=code, card_at=context.now()))
