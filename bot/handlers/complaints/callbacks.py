"""The buttons of the complaint flows, as typed payloads (wire strings as before).

pa:* is the citizen's /phananh flow, pa:v:<code> a citizen's view, pa:i:<code> add information
(domain.buttons.AddComplaintInfo: the outbox sends it); xl:o|t|r|a|m|c:<code> and
xl:M:<code>:<dept> the officials' steps (xl:o is domain.buttons.OpenComplaint). Every press is
checked again against the stored complaint and the presser's role.
"""

from __future__ import annotations

from dataclasses import dataclass

from domain.buttons import AddComplaintInfo, ButtonData, OpenComplaint, ReopenComplaint

__all__ = [
    "AddComplaintInfo",
    "AnyCitizenStep",
    "AskAsQuestion",
    "AskCitizen",
    "AttachmentsDone",
    "CancelComplaint",
    "CancelReopen",
    "CancelStaffStep",
    "ChooseField",
    "CloseComplaint",
    "ConfirmClose",
    "ConfirmReopen",
    "InfoOrQuestion",
    "KeepAsContent",
    "OpenComplaint",
    "PassOn",
    "PassOnMenu",
    "PassOnMessage",
    "ReopenComplaint",
    "ReplyToCitizen",
    "RewriteComplaint",
    "SendComplaint",
    "TakeComplaint",
    "UseParked",
    "ViewComplaint",
]


# the citizen's flow -----------------------------------------------------------------------------
@dataclass(frozen=True)
class CancelComplaint(ButtonData, prefix="pa:x"):
    """Leave /phananh (or adding information) without sending anything."""


@dataclass(frozen=True)
class AttachmentsDone(ButtonData, prefix="pa:next"):
    """Photos and location added: go on to the field."""


@dataclass(frozen=True)
class ChooseField(ButtonData, prefix="pa:f"):
    """The field the complaint is about; NO_FIELD when the citizen is not sure."""

    code: str

    NO_FIELD = "-"  # not a dataclass field: no annotation


@dataclass(frozen=True)
class SendComplaint(ButtonData, prefix="pa:send"):
    """The summary is right: store it and show the tracking code."""


@dataclass(frozen=True)
class RewriteComplaint(ButtonData, prefix="pa:edit"):
    """Write the content again (the photos are kept)."""


@dataclass(frozen=True)
class KeepAsContent(ButtonData, prefix="pa:k"):
    """The text typed after the form was left belongs to the complaint (Draft.pending)."""


@dataclass(frozen=True)
class UseParked(ButtonData, prefix="pa:u"):
    """Send the complaint left unsent earlier (drafts.ParkedComplaint) after all."""


@dataclass(frozen=True)
class AskAsQuestion(ButtonData, prefix="pa:q"):
    """The text typed after the form was left is a new question: leave the form, answer it."""


@dataclass(frozen=True)
class ViewComplaint(ButtonData, prefix="pa:v"):
    """One of the citizen's complaints, from /theodoi's list."""

    code: str


@dataclass(frozen=True)
class ConfirmReopen(ButtonData, prefix="pa:R"):
    """Yes, reopen this closed complaint (after ReopenComplaint asked)."""

    code: str


@dataclass(frozen=True)
class CancelReopen(ButtonData, prefix="pa:rx"):
    """No, leave this closed complaint as it is (after ReopenComplaint asked)."""

    code: str


@dataclass(frozen=True)
class InfoOrQuestion(ButtonData, prefix="pa:j"):
    """The text typed while the ward waits for information on `code` reads as a question too
    (drafts.UnclearText): `info` true, it is the information; false, a question to answer."""

    code: str
    info: bool


@dataclass(frozen=True)
class PassOnMessage(ButtonData, prefix="pa:n"):
    """Send the message typed beside a tracking code (drafts.ChaseUp) to the staff handling
    it; `send` false: leave it unsent."""

    code: str
    send: bool


@dataclass(frozen=True)
class AnyCitizenStep(ButtonData, prefix="pa"):
    """Any pa:* button (an older message's, inside the flow): answered as wrong input."""

    rest: str


# officials ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class TakeComplaint(ButtonData, prefix="xl:t"):
    code: str


@dataclass(frozen=True)
class ReplyToCitizen(ButtonData, prefix="xl:r"):
    """Write a reply to the citizen (a text step follows)."""

    code: str


@dataclass(frozen=True)
class AskCitizen(ButtonData, prefix="xl:a"):
    """Ask the citizen for more information (a text step follows)."""

    code: str


@dataclass(frozen=True)
class CloseComplaint(ButtonData, prefix="xl:c"):
    """Close with an answer the citizen receives (a text step follows)."""

    code: str


@dataclass(frozen=True)
class PassOnMenu(ButtonData, prefix="xl:m"):
    """Choose the department to pass the complaint to."""

    code: str


@dataclass(frozen=True)
class PassOn(ButtonData, prefix="xl:M"):
    code: str
    dept: str


@dataclass(frozen=True)
class CancelStaffStep(ButtonData, prefix="xl:x"):
    """Leave an official's step (reply, ask, pass on, close) without changing anything."""


@dataclass(frozen=True)
class ConfirmClose(ButtonData, prefix="xl:C"):
    """Yes, close this complaint with the answer (and photo) shown."""

    code: str
