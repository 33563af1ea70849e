"""domain.office_questions: a short question about the ward's office itself (address, hours,
phone), as a stranger typed them; a procedure question or a story is not one."""

from __future__ import annotations

import pytest

from domain.office_questions import OfficeTopic, answer_topics, office_topics


@pytest.mark.parametrize(
    ("text", "topics"),
    [
        ("dia chi phuong o dau", (OfficeTopic.ADDRESS,)),
        ("may gio ubnd phuong mo cua", (OfficeTopic.HOURS,)),
        ("phuong lam viec may gio, thu 7 co lam ko", (OfficeTopic.HOURS,)),
        ("sdt bo phan mot cua phuong", (OfficeTopic.PHONE,)),
        (
            "Ủy ban phường ở chỗ nào, số điện thoại bao nhiêu?",
            (OfficeTopic.ADDRESS, OfficeTopic.PHONE),
        ),
        ("phuong oi", ()),
        ("dang ky khai sinh", ()),
        (
            "sang nay toi len phuong lam giay khai tu cho chong ma cua dong, ko co ai, toi doi"
            " mai den trua, sao phuong lam viec nhu vay",
            (),
        ),
    ],
)
def test_office_topics(text: str, topics: tuple[OfficeTopic, ...]) -> None:
    assert office_topics(text) == topics


@pytest.mark.parametrize("text", ["may gio mo cua", "thu 7 co lam viec ko", "gio lam viec"])
def test_hours_asked_alone_are_the_offices(text: str) -> None:
    assert office_topics(text) == (OfficeTopic.HOURS,)


def test_what_an_answer_tells() -> None:
    answer = "Số 2 phố Phúc La. Sáng 8:00–12:00, chiều 13:30–17:00. Điện thoại 024 3382 1234."
    assert answer_topics(answer) == {OfficeTopic.ADDRESS, OfficeTopic.HOURS, OfficeTopic.PHONE}
    assert OfficeTopic.PHONE not in answer_topics("Sáng 8:00–12:00, chiều 13:30–17:00.")
