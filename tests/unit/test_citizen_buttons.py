"""The citizen side's buttons keep the wire strings already in chats and in the outbox."""

from __future__ import annotations

import re

import pytest

from bot.handlers.complaints.callbacks import (
    AnyCitizenStep,
    AskCitizen,
    AttachmentsDone,
    CancelComplaint,
    ChooseField,
    CloseComplaint,
    PassOn,
    PassOnMenu,
    ReplyToCitizen,
    RewriteComplaint,
    SendComplaint,
    TakeComplaint,
    ViewComplaint,
)
from bot.handlers.procedures.callbacks import (
    AllFields,
    AnyProcedureButton,
    AskStaff,
    FieldList,
    NextResult,
    ProcedureCard,
    ProcedureDetails,
)
from bot.handlers.survey import Answer, AnySurveyButton, SkipComment, StartSurvey
from domain.buttons import ButtonData

CODE = "PA-2506-0001"
SAMPLES: list[tuple[ButtonData, str]] = [
    # /phananh and /theodoi
    (CancelComplaint(), "pa:x"),
    (AttachmentsDone(), "pa:next"),
    (ChooseField("datdai"), "pa:f:datdai"),
    (ChooseField(ChooseField.NO_FIELD), "pa:f:-"),
    (SendComplaint(), "pa:send"),
    (RewriteComplaint(), "pa:edit"),
    (ViewComplaint(CODE), f"pa:v:{CODE}"),
    (AnyCitizenStep("send"), "pa:send"),
    # /xuly
    (TakeComplaint(CODE), f"xl:t:{CODE}"),
    (ReplyToCitizen(CODE), f"xl:r:{CODE}"),
    (AskCitizen(CODE), f"xl:a:{CODE}"),
    (CloseComplaint(CODE), f"xl:c:{CODE}"),
    (PassOnMenu(CODE), f"xl:m:{CODE}"),
    (PassOn(CODE, "VP"), f"xl:M:{CODE}:VP"),
    # procedures
    (ProcedureCard("ket_hon"), "tt:c:ket_hon"),
    (ProcedureDetails("ket_hon"), "tt:d:ket_hon"),
    (NextResult(3, 1), "tt:n:3:1"),
    (AllFields(), "tt:F"),
    (FieldList(4), "tt:f:4"),
    (AskStaff(3), "tt:q:3"),
    (AnyProcedureButton("n:x"), "tt:n:x"),
    # survey
    (StartSurvey(), "sv:s"),
    (Answer(0, 5), "sv:a:0:5"),
    (SkipComment(), "sv:k"),
    (AnySurveyButton("a:9"), "sv:a:9"),
]


@pytest.mark.parametrize(("payload", "wire"), SAMPLES)
def test_payloads_pack_to_todays_strings_and_parse_back(payload: ButtonData, wire: str) -> None:
    assert payload.pack() == wire
    assert type(payload).parse(wire) == payload
    assert re.match(type(payload).pattern(), wire)


@pytest.mark.parametrize(
    ("family", "forged"),
    [
        (PassOn, f"xl:M:{CODE}"),
        (NextResult, "tt:n:1:x"),
        (FieldList, "tt:f:"),
        (AskStaff, "tt:q:abc"),
        (Answer, "sv:a:0"),
        (Answer, "sv:a:x:1"),
        (SendComplaint, "pa:sendx"),
    ],
)
def test_malformed_presses_do_not_parse(family: type[ButtonData], forged: str) -> None:
    assert family.parse(forged) is None


def test_each_staff_step_has_its_own_family() -> None:
    patterns = [f.pattern() for f in (TakeComplaint, ReplyToCitizen, AskCitizen, CloseComplaint)]
    assert not any(re.match(p, f"xl:M:{CODE}:VP") for p in patterns)
    assert not re.match(PassOnMenu.pattern(), f"xl:M:{CODE}:VP")
    assert not re.match(PassOn.pattern(), f"xl:m:{CODE}")
