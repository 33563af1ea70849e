"""The button families of the tasks area, packed and parsed by domain.buttons.ButtonData.

The strings are today's wire format: buttons already sent in chats keep working.

    nv:f:<dept|*>             /nhiemvu: filter by department (leaders)
    nv:o:<code>:<period>      /nhiemvu: a task's card (leaders)
    nv:h:<code>               a card's 🕑 history
    nv:d:<code>:<period>      a card's 📅: offer new deadlines
    nv:D:<code>:<period>:<yyyymmdd>   one of those deadlines (then a reason, then confirm)
    nv:Dy:<entry>:<yyyymmdd>  confirm the move shown (entry: the draft it was shown for)
    nv:Dx:<entry>             keep the deadline as it is
    bc:o:<code>:<period>      📝 report on one occurrence (domain.buttons: reminders carry it)
    bc:s:done | bc:s:prog     the report's status
    bc:e:ok  bc:c:yes  bc:x   evidence done, send the report, cancel
    bc:fix:<report id>        ✏️ correct the report just sent
    bc:add:<report id>        📎 add files to the report just sent
    ev:<evidence id>          📎 send an evidence file back (/lichsu, a task's card)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from domain.buttons import ButtonData, ReportOccurrence
from domain.occurrences import Occurrence, Progress

__all__ = [
    "AddFiles",
    "CancelMove",
    "CancelReport",
    "ChooseStatus",
    "ConfirmMove",
    "ConfirmReport",
    "DeadlineChoices",
    "EvidenceDone",
    "FilterTasks",
    "FixReport",
    "MoveDeadline",
    "OpenCard",
    "OpenEvidence",
    "ReportOccurrence",
    "TaskHistory",
    "report_on",
]


@dataclass(frozen=True)
class FilterTasks(ButtonData, prefix="nv:f"):
    dept: str  # a department's code, or ALL

    ALL = "*"


@dataclass(frozen=True)
class OpenCard(ButtonData, prefix="nv:o"):
    code: str
    period: str


@dataclass(frozen=True)
class TaskHistory(ButtonData, prefix="nv:h"):
    code: str


@dataclass(frozen=True)
class DeadlineChoices(ButtonData, prefix="nv:d"):
    code: str
    period: str


@dataclass(frozen=True)
class MoveDeadline(ButtonData, prefix="nv:D"):
    code: str
    period: str
    day: date


@dataclass(frozen=True)
class ConfirmMove(ButtonData, prefix="nv:Dy"):
    entry: int
    day: date


@dataclass(frozen=True)
class CancelMove(ButtonData, prefix="nv:Dx"):
    entry: int


@dataclass(frozen=True)
class ChooseStatus(ButtonData, prefix="bc:s"):
    word: str  # DONE or PROGRESS; anything else reads as in progress, as it always has

    DONE = "done"
    PROGRESS = "prog"

    @property
    def status(self) -> Progress:
        return Progress.DONE if self.word == self.DONE else Progress.IN_PROGRESS


@dataclass(frozen=True)
class EvidenceDone(ButtonData, prefix="bc:e:ok"):
    pass


@dataclass(frozen=True)
class ConfirmReport(ButtonData, prefix="bc:c:yes"):
    pass


@dataclass(frozen=True)
class CancelReport(ButtonData, prefix="bc:x"):
    pass


@dataclass(frozen=True)
class FixReport(ButtonData, prefix="bc:fix"):
    report_id: int


@dataclass(frozen=True)
class AddFiles(ButtonData, prefix="bc:add"):
    report_id: int


@dataclass(frozen=True)
class OpenEvidence(ButtonData, prefix="ev"):
    evidence_id: int


def report_on(occ: Occurrence) -> ReportOccurrence:
    return ReportOccurrence(occ.code, occ.period.label)
