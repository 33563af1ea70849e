"""The citizen-side rules of issue 13: when a message answers the ward, who may reopen, what a
card shows, what is kept of an unanswered question, the survey's "have not used"."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from domain.complaints import Complaint, ComplaintEvent, Outcome, may_reopen, takes_information
from domain.procedures import Procedure, linked_codes, online_possible
from domain.questions import strip_personal, wording_key
from domain.survey import NOT_USED, SurveyDraft
from domain.text import clip
from tests.auxil.constants import MONDAY

CITIZEN = 1001


def complaint(status: str, closed: datetime | None = None) -> Complaint:
    return Complaint(
        1, "PA-2506-0001", CITIZEN, "Hố ga vỡ", "", "TP", None, status, None, None, None,
        MONDAY, MONDAY, date(2025, 6, 16), closed, None,
    )  # fmt: skip


def event(kind: str, minutes: int = 0) -> ComplaintEvent:
    return ComplaintEvent(1, 1, MONDAY + timedelta(minutes=minutes), CITIZEN, kind, "", None)


def test_the_first_message_after_the_request_is_the_answer_text_or_photo() -> None:
    asked = [event("submitted"), event("asked", 5)]
    later = MONDAY + timedelta(days=2)
    waiting = complaint("waiting_citizen")
    assert takes_information(waiting, asked, later, text=True)
    assert takes_information(waiting, asked, later, text=False)


def test_more_text_only_for_a_while_photos_until_the_ward_acts() -> None:
    answered = [event("submitted"), event("asked", 5), event("citizen_info", 10)]
    going = complaint("in_progress")
    soon, late = MONDAY + timedelta(minutes=30), MONDAY + timedelta(hours=3)
    assert takes_information(going, answered, soon, text=True)
    assert not takes_information(going, answered, late, text=True)
    assert takes_information(going, answered, late, text=False)
    pressed = late - timedelta(minutes=1)
    assert takes_information(going, answered, late, text=True, prompted_at=pressed)
    replied = [*answered, event("reply", 60)]
    assert not takes_information(going, replied, soon, text=False)
    assert not takes_information(complaint("new"), [event("submitted")], soon, text=False)


def test_reopening_once_by_its_author_within_the_days() -> None:
    closed = complaint("closed", closed=MONDAY)
    events = [event("submitted"), event("closed", 60)]
    soon = MONDAY + timedelta(days=3)
    assert may_reopen(closed, events, CITIZEN, soon, 30) is Outcome.DONE
    assert may_reopen(closed, events, 1002, soon, 30) is Outcome.FORBIDDEN
    assert may_reopen(closed, events, CITIZEN, MONDAY + timedelta(days=31), 30) is (
        Outcome.TOO_LATE
    )
    assert may_reopen(closed, [*events, event("reopened")], CITIZEN, soon, 30) is (Outcome.REOPENED)
    assert may_reopen(complaint("new"), events, CITIZEN, soon, 30) is Outcome.OPEN


@pytest.mark.parametrize(
    ("note", "cleaned", "codes"),
    [
        ("gói liên thông – thẻ BHYT (mã lien_thong_khai_sinh).", "gói liên thông – thẻ BHYT.",
         ("lien_thong_khai_sinh",)),
        ("(hoặc xác nhận của UBND phường, mã xac_nhan)", "(hoặc xác nhận của UBND phường)",
         ("xac_nhan",)),
        ("từng thủ tục (mã khai_sinh rồi thuong_tru).", "từng thủ tục.",
         ("khai_sinh", "thuong_tru")),
        ("mã số thuế của hộ (mã khong_co)", "mã số thuế của hộ (mã khong_co)", ()),
    ],
)  # fmt: skip
def test_catalogue_codes_leave_the_text_for_buttons(
    note: str, cleaned: str, codes: tuple[str, ...]
) -> None:
    known = frozenset({"lien_thong_khai_sinh", "xac_nhan", "khai_sinh", "thuong_tru"})
    assert linked_codes(note, known) == (cleaned, codes)


def test_the_online_button_only_where_online_is_possible() -> None:
    url = "https://dichvucong.gov.vn/x"
    assert online_possible(Procedure("a", "A", "F", online_level="toàn trình", online_url=url))
    assert online_possible(Procedure("a", "A", "F", online_level="một phần", online_url=url))
    assert not online_possible(Procedure("a", "A", "F", online_level="chưa rõ", online_url=url))
    assert not online_possible(Procedure("a", "A", "F", online_level="toàn trình"))


def test_labels_are_cut_at_a_word_boundary() -> None:
    name = "Xác nhận thông tin hộ tịch để xác định lại giới tính"
    assert clip(name, 40) == "Xác nhận thông tin hộ tịch để xác định…"
    assert clip(name, 100) == name


def test_personal_data_is_stripped_and_wordings_alike_share_a_key() -> None:
    typed = "Tôi là Nguyễn Văn An, sđt 0912 345 678, an@gmail.com, CCCD 001088012345, hỏi sổ hồng"
    kept = strip_personal(typed)
    for private in ("Nguyễn", "0912", "an@gmail.com", "001088012345"):
        assert private not in kept
    assert "sổ hồng" in kept
    assert wording_key("Cho hỏi làm sổ hồng?") == wording_key("lam so hong a") == "hong so"


def test_have_not_used_is_an_answer_that_leaves_its_part_out() -> None:
    draft = SurveyDraft()
    for score in (5, NOT_USED, 4, NOT_USED, 3):
        step = draft.answered(len(draft.scores), score)
        assert step is not None
        draft = step
    assert draft.complete
    assert draft.by_question() == {"access": 5, "official": 4, "feedback": 3}
    assert SurveyDraft().answered(0, 9) is None
