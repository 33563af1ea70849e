"""A ward's answer goes to the citizens who ask alike, in other words, and to no other question."""

from __future__ import annotations

import pytest

from domain.questions import closeness, wording_key


@pytest.mark.parametrize(
    ("asked", "alike"),
    [
        ("phuong lam viec may gio vay", True),
        ("Cho hỏi UBND phường mấy giờ mở cửa?", True),
        ("thu 7 phuong co lam viec khong", False),
        ("lam giay khai sinh o phuong", False),
        ("gio", False),
    ],
)
def test_a_ward_answer_is_given_to_close_wordings_only(asked: str, alike: bool) -> None:
    mapped = wording_key("ubnd phuong lam viec may gio")
    assert (closeness(wording_key(asked), mapped) > 0) is alike
