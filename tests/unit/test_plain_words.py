"""Issue 13 walk finding 1 (C12): the plan's abbreviations written out for residents."""

from __future__ import annotations

import pytest

from services.presenters.plain_words import plain_words


@pytest.mark.parametrize(
    ("plan_words", "citizen_words"),
    [
        (
            "Chỉ số CCHC (PAR INDEX) thuộc top 10 quận",
            "Chỉ số cải cách hành chính (PAR Index) thuộc top 10 quận",
        ),
        (
            "Hồ sơ TTHC thực hiện trực tuyến (DVCTT)",
            "Hồ sơ thủ tục hành chính thực hiện trực tuyến (dịch vụ công trực tuyến)",
        ),
        ("TTHC được công khai", "Thủ tục hành chính được công khai"),
        ("Đào tạo CBCC, CBCCVC", "Đào tạo cán bộ, công chức, cán bộ, công chức, viên chức"),
        ("Văn bản trình UBND quận", "Văn bản trình Ủy ban nhân dân quận"),
        ("Mức độ hài lòng của người dân (SIPAS)", "Mức độ hài lòng của người dân (SIPAS)"),
        ("Cuộc họp trực tuyến với Quận", "Cuộc họp trực tuyến với Quận"),
    ],
)
def test_C12_abbreviations_are_written_out(plan_words: str, citizen_words: str) -> None:
    assert plain_words(plan_words) == citizen_words


def test_C12_a_word_that_merely_contains_an_abbreviation_is_left_alone() -> None:
    assert plain_words("DVCTTX và TTHCs") == "DVCTTX và TTHCs"
