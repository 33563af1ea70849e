"""The buttons of the procedure cards and search, as typed payloads (wire strings as before).

tt:c:<code> card, tt:d:<code> details, tt:n:<search>:<position> next result, tt:x:<search>:<n>
none of a choice's n procedures, tt:F fields, tt:f:<index> one field, tt:q:<search> pass the
question to staff, tt:w:<search> the ward's answer was not what was asked; a search is numbered
per person, so a button of an older search is refused. qa:a:<question id> (an official answers) is
domain.buttons.AnswerQuestion: the outbox sends it. All are re-checked on each press.
"""

from __future__ import annotations

from dataclasses import dataclass

from domain.buttons import AnswerQuestion, ButtonData

__all__ = [
    "AllFields",
    "AnswerQuestion",
    "AnyProcedureButton",
    "AskStaff",
    "FieldList",
    "NextResult",
    "NoneOfThese",
    "NotWardAnswer",
    "ProcedureCard",
    "ProcedureDetails",
]


@dataclass(frozen=True)
class ProcedureCard(ButtonData, prefix="tt:c"):
    code: str


@dataclass(frozen=True)
class ProcedureDetails(ButtonData, prefix="tt:d"):
    code: str


@dataclass(frozen=True)
class NextResult(ButtonData, prefix="tt:n"):
    """The result at `position` of the person's search number `search`."""

    search: int
    position: int


@dataclass(frozen=True)
class NoneOfThese(ButtonData, prefix="tt:x"):
    """None of the `shown` procedures of the choice of the person's search number `search`."""

    search: int
    shown: int


@dataclass(frozen=True)
class AllFields(ButtonData, prefix="tt:F"):
    pass


@dataclass(frozen=True)
class FieldList(ButtonData, prefix="tt:f"):
    """The procedures of the catalogue's field at `index` (in the order of fields())."""

    index: int


@dataclass(frozen=True)
class AskStaff(ButtonData, prefix="tt:q"):
    """Pass the question of the person's search number `search` to the ward's staff."""

    search: int


@dataclass(frozen=True)
class NotWardAnswer(ButtonData, prefix="tt:w"):
    """The ward's answer was not what the person asked (search number `search`): the search."""

    search: int


@dataclass(frozen=True)
class AnyProcedureButton(ButtonData, prefix="tt"):
    """Any other tt:* press (malformed or from an older version): answered as stale."""

    rest: str
