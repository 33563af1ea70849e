"""Typed button payloads: what a pressed button asks for, packed into Telegram's callback data.

A family is a frozen dataclass with a prefix; its fields are packed after the prefix, separated by
':', the last field taking the rest of the string (so a command with spaces or a period label
fits). Strings stay the wire format, not PTB's in-memory arbitrary callback data, because buttons
outlive the process: the outbox sends them later and people press them days after.

    @dataclass(frozen=True)
    class OpenComplaint(ButtonData, prefix="xl:o"):
        code: str

    OpenComplaint("PA-2506-0001").pack()      -> "xl:o:PA-2506-0001"
    OpenComplaint.parse("xl:o:PA-2506-0001")  -> OpenComplaint(code="PA-2506-0001")
    CallbackQueryHandler(open_complaint, pattern=OpenComplaint.pattern())

Families used by more than one layer (buttons that the use cases put on outbox messages) are
declared here; those only the handlers use are declared in each handler area's callbacks.py.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import date
from typing import Any, ClassVar, Self, get_type_hints

CALLBACK_LIMIT = 64  # bytes of UTF-8: Telegram's limit on callback data
SEPARATOR = ":"


class ButtonDataError(ValueError):
    """A payload that cannot be packed: too long, or a separator inside a field."""


class ButtonData:
    """Base of every button family; subclasses are frozen dataclasses with a `prefix`."""

    prefix: ClassVar[str]
    _types: ClassVar[dict[str, Any]]

    def __init_subclass__(cls, prefix: str, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.prefix = prefix

    @classmethod
    def _field_types(cls) -> list[tuple[str, Any]]:
        hints = get_type_hints(cls)
        return [(f.name, hints[f.name]) for f in dataclasses.fields(cls)]  # type: ignore[arg-type]

    def pack(self) -> str:
        values = []
        fields = self._field_types()
        for i, (name, kind) in enumerate(fields):
            text = _dump(getattr(self, name), kind)
            if SEPARATOR in text and i < len(fields) - 1:
                raise ButtonDataError(f"{type(self).__name__}.{name} may not contain ':'")
            values.append(text)
        data = SEPARATOR.join([self.prefix, *values]) if values else self.prefix
        if len(data.encode()) > CALLBACK_LIMIT:
            raise ButtonDataError(f"{data!r} is over Telegram's {CALLBACK_LIMIT} bytes")
        return data

    @classmethod
    def parse(cls, data: str | None) -> Self | None:
        """The payload of a pressed button, or None if it is not of this family or malformed."""
        if not data:
            return None
        fields = cls._field_types()
        if not fields:
            return cls() if data == cls.prefix else None
        head = cls.prefix + SEPARATOR
        if not data.startswith(head):
            return None
        parts = data[len(head) :].split(SEPARATOR, len(fields) - 1)
        if len(parts) != len(fields):
            return None
        try:
            values = {
                name: _load(part, kind) for (name, kind), part in zip(fields, parts, strict=True)
            }
        except ValueError:
            return None
        return cls(**values)

    @classmethod
    def pattern(cls) -> str:
        """The regular expression a CallbackQueryHandler filters this family with."""
        if not dataclasses.fields(cls):  # type: ignore[arg-type]
            return f"^{re.escape(cls.prefix)}$"
        return f"^{re.escape(cls.prefix + SEPARATOR)}"


def _dump(value: object, kind: Any) -> str:
    if kind is date:
        assert isinstance(value, date)
        return f"{value:%Y%m%d}"
    if kind is bool:
        return "1" if value else "0"
    return str(value)


def _load(text: str, kind: Any) -> object:
    if kind is int:
        # At most 18 digits: an id SQLite can take (a longer one raised OverflowError, L2).
        if not re.fullmatch(r"-?\d{1,18}", text):
            raise ValueError(text)
        return int(text)
    if kind is date:
        if not re.fullmatch(r"\d{8}", text):
            raise ValueError(text)
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    if kind is bool:
        if text not in ("0", "1"):
            raise ValueError(text)
        return text == "1"
    return text


# Families that use cases put on messages sent later (the outbox) ---------------------------------
@dataclasses.dataclass(frozen=True)
class OpenComplaint(ButtonData, prefix="xl:o"):
    """Staff: open a complaint to handle it."""

    code: str


@dataclasses.dataclass(frozen=True)
class ReportQuestion(ButtonData, prefix="pa:w"):
    """Citizen: what they asked the search (search number `search`) is something to report:
    /phananh with their words as its content."""

    search: int


@dataclasses.dataclass(frozen=True)
class AddQuestionToComplaint(ButtonData, prefix="pa:b"):
    """Citizen: what they asked the search (search number `search`), which found no procedure,
    is more on their open complaint `code` ("toi qua no hat den 1h sang moi thoi")."""

    search: int
    code: str


@dataclasses.dataclass(frozen=True)
class AddComplaintInfo(ButtonData, prefix="pa:i"):
    """Citizen: answer the ward's request for more information on their complaint."""

    code: str


@dataclasses.dataclass(frozen=True)
class ReopenComplaint(ButtonData, prefix="pa:r"):
    """Citizen: a closed complaint was not resolved (asks to confirm, then reopens it)."""

    code: str


@dataclasses.dataclass(frozen=True)
class RateService(ButtonData, prefix="sv:s"):
    """Citizen: rate the service after a complaint is closed."""

    code: str


@dataclasses.dataclass(frozen=True)
class AnswerQuestion(ButtonData, prefix="qa:a"):
    """Staff: answer a citizen's question passed on by the bot."""

    question_id: int


@dataclasses.dataclass(frozen=True)
class ReportOccurrence(ButtonData, prefix="bc:o"):
    """Staff: report on one task in one period (the presser's department is checked again)."""

    code: str
    period: str


@dataclasses.dataclass(frozen=True)
class RunCommand(ButtonData, prefix="do"):
    """A reminder's button: run the command it names, role-checked again."""

    command: str


@dataclasses.dataclass(frozen=True)
class CloseLeftovers(ButtonData, prefix="ke:c"):
    """Admin or leader: close the leftover open tasks of an ended plan (asks to confirm)."""

    plan_id: int


@dataclasses.dataclass(frozen=True)
class DraftNextPlan(ButtonData, prefix="ke:n"):
    """Admin: the draft of next year's plan file, from this plan's recurring duties."""

    plan_id: int
    year: int


@dataclasses.dataclass(frozen=True)
class LoadNextPlan(ButtonData, prefix="ke:l"):
    """Admin: how to load the next plan (send its document or the corrected draft)."""

    year: int
