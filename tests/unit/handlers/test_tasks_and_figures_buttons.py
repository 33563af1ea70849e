"""The tasks' and figures' button families keep the strings buttons already in chats carry."""

from __future__ import annotations

from datetime import date

import pytest

from bot.handlers.figures.callbacks import PickPeriod, PickTarget, ShowChart
from bot.handlers.tasks.callbacks import (
    CancelReport,
    ChooseStatus,
    ConfirmReport,
    DeadlineChoices,
    EvidenceDone,
    FilterTasks,
    FixReport,
    MoveDeadline,
    OpenCard,
    ReportOccurrence,
    TaskHistory,
)
from domain.buttons import ButtonData
from domain.occurrences import Progress

SAMPLES: list[tuple[ButtonData, str]] = [
    (FilterTasks("TP"), "nv:f:TP"),
    (FilterTasks(FilterTasks.ALL), "nv:f:*"),
    (OpenCard("2.3a", "2025-Q2"), "nv:o:2.3a:2025-Q2"),
    (TaskHistory("2.5đ"), "nv:h:2.5đ"),
    (DeadlineChoices("3.2.3d", "2025-W23"), "nv:d:3.2.3d:2025-W23"),
    (MoveDeadline("2.3a", "2025-Q2", date(2025, 7, 7)), "nv:D:2.3a:2025-Q2:20250707"),
    (ReportOccurrence("2.1a", "2021-2025"), "bc:o:2.1a:2021-2025"),
    (ChooseStatus(ChooseStatus.DONE), "bc:s:done"),
    (ChooseStatus(ChooseStatus.PROGRESS), "bc:s:prog"),
    (EvidenceDone(), "bc:e:ok"),
    (ConfirmReport(), "bc:c:yes"),
    (CancelReport(), "bc:x"),
    (FixReport(42), "bc:fix:42"),
    (PickTarget("1.3a"), "sl:t:1.3a"),
    (PickPeriod("1.3a", "2025-Q3"), "sl:p:1.3a:2025-Q3"),
    (ShowChart("1.1a"), "ct:1.1a"),
]


@pytest.mark.parametrize(("payload", "wire"), SAMPLES)
def test_payloads_pack_to_todays_strings_and_back(payload: ButtonData, wire: str) -> None:
    assert payload.pack() == wire
    assert type(payload).parse(wire) == payload


def test_the_status_buttons_read_as_they_always_have() -> None:
    done, progress = ChooseStatus.parse("bc:s:done"), ChooseStatus.parse("bc:s:prog")
    assert done is not None and done.status is Progress.DONE
    assert progress is not None and progress.status is Progress.IN_PROGRESS


@pytest.mark.parametrize(
    ("family", "forged"),
    [
        (FixReport, "bc:fix:abc"),
        (FixReport, "bc:fix:"),
        (MoveDeadline, "nv:D:2.3a:2025-Q2:2025077"),
        (MoveDeadline, "nv:D:2.3a"),
        (OpenCard, "nv:o:2.3a"),
        (PickPeriod, "sl:p:1.3a"),
        (EvidenceDone, "bc:e:okay"),
        (CancelReport, "bc:xx"),
    ],
)
def test_forged_payloads_do_not_parse(family: type[ButtonData], forged: str) -> None:
    assert family.parse(forged) is None


def test_the_families_do_not_take_each_others_buttons() -> None:
    """A handler's pattern matches its own family only (nv:d and nv:D differ by case)."""
    import re

    for payload, wire in SAMPLES:
        for other, _ in SAMPLES:
            if type(other) is not type(payload):
                assert not re.match(type(other).pattern(), wire), (type(other), wire)
