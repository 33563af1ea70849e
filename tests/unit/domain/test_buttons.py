"""Button payloads round-trip, keep today's wire format, and refuse what Telegram would."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from domain.buttons import (
    AddComplaintInfo,
    AnswerQuestion,
    ButtonData,
    ButtonDataError,
    OpenComplaint,
    RateService,
    ReportOccurrence,
    RunCommand,
)


@dataclass(frozen=True)
class MoveDeadline(ButtonData, prefix="nv:D"):
    code: str
    label: str
    day: date


@dataclass(frozen=True)
class Confirm(ButtonData, prefix="bc:c:yes"):
    pass


SAMPLES: list[tuple[ButtonData, str]] = [
    (OpenComplaint("PA-2506-0001"), "xl:o:PA-2506-0001"),
    (AddComplaintInfo("PA-2506-0001"), "pa:i:PA-2506-0001"),
    (RateService("PA-2506-0001"), "sv:s:PA-2506-0001"),
    (AnswerQuestion(42), "qa:a:42"),
    (ReportOccurrence("2.5đ", "2025-Q2"), "bc:o:2.5đ:2025-Q2"),
    (RunCommand("/baocao 2.1b 2025-Q2"), "do:/baocao 2.1b 2025-Q2"),
    (MoveDeadline("2.1b", "2025-Q2", date(2025, 7, 7)), "nv:D:2.1b:2025-Q2:20250707"),
    (Confirm(), "bc:c:yes"),
]


@pytest.mark.parametrize(("payload", "wire"), SAMPLES)
def test_payloads_pack_to_the_strings_buttons_already_in_chats_carry(
    payload: ButtonData, wire: str
) -> None:
    assert payload.pack() == wire
    assert type(payload).parse(wire) == payload


def test_the_last_field_takes_the_rest_so_a_command_may_hold_colons() -> None:
    assert RunCommand.parse("do:/giao 2.1b 30/06:x") == RunCommand("/giao 2.1b 30/06:x")


@pytest.mark.parametrize(
    "forged",
    ["", "xl:o", "xl:t:PA-1", "qa:a:abc", "qa:a:", "nv:D:2.1b:2025-Q2:20251345", "bc:c:yesno"],
)
def test_a_forged_or_foreign_payload_is_not_read_as_one(forged: str) -> None:
    families: list[type[ButtonData]] = [OpenComplaint, AnswerQuestion, MoveDeadline, Confirm]
    for family in families:
        parsed = family.parse(forged)
        assert parsed is None or parsed.pack() == forged


def test_a_payload_over_64_bytes_is_refused_before_it_reaches_telegram() -> None:
    with pytest.raises(ButtonDataError):
        RunCommand("/baocao " + "đ" * 40).pack()


def test_a_separator_inside_a_middle_field_is_refused() -> None:
    with pytest.raises(ButtonDataError):
        ReportOccurrence("2:1", "2025-Q2").pack()


def test_the_pattern_matches_its_family_only() -> None:
    import re

    assert re.match(OpenComplaint.pattern(), "xl:o:PA-2506-0001")
    assert not re.match(OpenComplaint.pattern(), "xl:oo:PA")
    assert re.match(Confirm.pattern(), "bc:c:yes")
    assert not re.match(Confirm.pattern(), "bc:c:yes:1")
