"""Requests typed in plain words are read before the procedure search; questions are not."""

from __future__ import annotations

import pytest

from domain.intents import Intent, Request, read_request

# (what a citizen types, what it asks for), with and without diacritics
TABLE: list[tuple[str, Request | None]] = [
    ("toi muon phan anh", Request(Intent.COMPLAINT)),
    ("Tôi muốn phản ánh", Request(Intent.COMPLAINT)),
    ("gui kien nghi", Request(Intent.COMPLAINT)),
    ("Gửi kiến nghị", Request(Intent.COMPLAINT)),
    ("ad oi em muon gop y a", Request(Intent.COMPLAINT)),
    (
        "toi muon phan anh ve viec rac o ngo 5",
        Request(Intent.COMPLAINT, rest="rac o ngo 5"),
    ),
    (
        "Phản ánh: nắp hố ga trước nhà số 12 bị vỡ",
        Request(Intent.COMPLAINT, rest="nắp hố ga trước nhà số 12 bị vỡ"),
    ),
    ("theo doi phan anh", Request(Intent.FOLLOW)),
    ("Theo dõi phản ánh của tôi", Request(Intent.FOLLOW)),
    ("PA-2506-0001", Request(Intent.FOLLOW, code="PA-2506-0001")),
    ("pa 2506 1", Request(Intent.FOLLOW, code="PA-2506-0001")),
    ("theo doi PA25060003", Request(Intent.FOLLOW, code="PA-2506-0003")),
    # A code inside a sentence (the stranger's walk): where it stands, never a new complaint.
    ("ma cua toi la PA-2507-0001", Request(Intent.FOLLOW, code="PA-2507-0001")),
    ("cho hoi phan anh PA-2507-0001 den dau roi", Request(Intent.FOLLOW, code="PA-2507-0001")),
    ("chi oi pa 2507 0001 sao roi a?", Request(Intent.FOLLOW, code="PA-2507-0001")),
    ("(pa-2507-12) xong chua", Request(Intent.FOLLOW, code="PA-2507-0012")),
    # Two codes: the list (which one is not guessed); not a code: a month 13, "pa" in a word.
    ("PA-2507-0001 va PA-2507-0002", Request(Intent.FOLLOW)),
    ("phan anh so pa 2513 1 o ngo 5", Request(Intent.COMPLAINT, rest="so pa 2513 1 o ngo 5")),
    ("spa 2507 1", None),
    ("danh gia", Request(Intent.SURVEY)),
    ("đánh giá cán bộ", Request(Intent.SURVEY)),
    ("xem chi tieu", Request(Intent.TARGETS)),
    ("Xem chỉ tiêu", Request(Intent.TARGETS)),
    ("tin tuc", Request(Intent.NEWS)),
    ("TIN TỨC", Request(Intent.NEWS)),
    ("menu", Request(Intent.MENU)),
    ("Menu", Request(Intent.MENU)),
    ("help", Request(Intent.HELP)),
    ("trợ giúp", Request(Intent.HELP)),
    ("xin chao", Request(Intent.GREETING)),
    ("Xin chào!", Request(Intent.GREETING)),
    ("chào bạn", Request(Intent.GREETING)),
    ("cam on", Request(Intent.THANKS)),
    ("Cảm ơn bạn nhiều ạ", Request(Intent.THANKS)),
    # questions stay questions
    ("lam giay khai sinh", None),
    ("xin chao, cho hoi lam giay khai sinh can gi", None),
    ("cam on, con dang ky ket hon thi sao", None),
    ("danh gia tac dong moi truong", None),
    ("theo doi ho so dat dai", None),
    ("xin giay xac nhan doc than", None),
    ("", None),
    ("???", Request(Intent.HELP)),
    # the story before "toi muon phan anh" is the complaint, to its last word (a walk lost it)
    (
        "hat karaoke den 1h sang, mai con di lam. toi muon phan anh",
        Request(Intent.COMPLAINT, rest="hat karaoke den 1h sang, mai con di lam"),
    ),  # not knowing what to ask (a stranger typed "?")
    ("...", None),
]


@pytest.mark.parametrize(("typed", "expected"), TABLE)
def test_requests_in_plain_words(typed: str, expected: Request | None) -> None:
    assert read_request(typed) == expected
