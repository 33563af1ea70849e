"""What the complaint flows keep between two messages of one person, and the ways out.

The citizen's draft is the domain's `Draft` (replaced, never changed in place); answering the
ward's question keeps the complaint's code, an official's text step the action and the code.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from telegram import Message

from bot.context import BotContext
from bot.flows import exits
from domain.complaints import Draft, as_document
from domain.i18n import N_


@dataclass(frozen=True)
class InfoStep:
    """The citizen pressed "add information" on `code` at `at` (their text counts as the
    answer for a while: domain.complaints.takes_information)."""

    code: str
    at: datetime


@dataclass(frozen=True)
class ReopenStep:
    """The citizen pressed "not resolved" on `code` at `at`: what they type next is why
    (`reason`), until they confirm or cancel."""

    code: str
    at: datetime
    reason: str = ""


@dataclass(frozen=True)
class UnclearText:
    """A text typed while the ward waits for information on `code` that the search answers
    too ("ho kinh doanh mat bao lau"): the citizen says which it is (supplement.which_it_is)."""

    code: str
    text: str
    at: datetime


@dataclass(frozen=True)
class ChaseUp:
    """What the citizen wrote beside the tracking code of their open complaint, at `at`: sent
    to the staff only if they say so (follow.pass_on)."""

    code: str
    text: str
    at: datetime


def photo_of(message: Message) -> str | None:
    """The picture a message carries: a photo's largest size, or a picture sent as a file."""
    if message.photo:
        return message.photo[-1].file_id
    document = message.document
    if document and (document.mime_type or "").startswith("image/"):
        return as_document(document.file_id)
    return None


@dataclass(frozen=True)
class StaffStep:
    """An official is writing the text of `action` (reply, ask, close, reassign) on `code`:
    `dept` is where a reassignment goes; a closing keeps its answer and photo of the fix until
    it is confirmed."""

    action: str
    code: str
    dept: str | None = None
    text: str = ""
    photo: str | None = None


@dataclass(frozen=True)
class ParkedComplaint:
    """The text of a complaint left unsent when the citizen turned to a new question (or
    started /phananh again): offered back at the next /phananh, for PARKED_FOR."""

    content: str
    at: datetime
    photos: tuple[str, ...] = ()  # the photos it carried: sent with it if used again


PARKED_FOR = timedelta(days=7)


def park(
    context: BotContext,
    content: str,
    written: datetime | None = None,
    photos: tuple[str, ...] = (),
) -> None:
    """Keep the unsent text (and its photos), with when it was last written to (else now)."""
    if content.strip():
        context.drafts.keep(ParkedComplaint(content, written or context.now(), photos))


def parked(context: BotContext) -> ParkedComplaint | None:
    found = context.drafts.draft(ParkedComplaint)
    if found is None or context.now() - found.at > PARKED_FOR:
        return None
    return found


def drop_drafts(context: BotContext) -> None:
    for kind in (Draft, InfoStep, ReopenStep, StaffStep):
        context.drafts.drop(kind)


cancel, wrong_input, other_command = exits(
    drop_drafts,
    N_("Cancelled: nothing was sent."),
    N_("Please answer the question above, or press Cancel (or type /huy)."),
)
