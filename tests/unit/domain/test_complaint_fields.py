"""A complaint's field is guessed from the words residents use for what is broken in the street."""

from __future__ import annotations

import pytest

from domain.complaints import suggest_field
from domain.datafiles.complaint_rules import shipped_rules


@pytest.mark.parametrize(
    ("typed", "field"),
    [
        ("ho ga truoc nha so 12 ngo 5 bi vo nap, rat nguy hiem cho tre em", "datdai"),
        ("Đèn đường ngõ 5 hỏng 3 hôm nay", "datdai"),
        ("duong ngo 7 co o ga to, xe may nga", "datdai"),
        ("cong thoat nuoc bi tac, mua la ngap", "datdai"),
        ("tre em trong to khong duoc nhan hoc bong", "vanhoa"),
        ("can bo mot cua tra ket qua cham 2 tuan", "phucvu"),
        # noise, however it is said, is one field (a stranger got two for the same karaoke)
        ("nha hang xom hat karaoke on qua", "datdai"),
        ("quan karaoke mo nhac to qua dem khuya", "datdai"),
        ("nha ben canh on ao ca dem", "datdai"),
    ],
)
def test_the_field_a_resident_means_is_suggested(typed: str, field: str) -> None:
    suggested = suggest_field(shipped_rules(), typed)
    assert suggested is not None and suggested.code == field
