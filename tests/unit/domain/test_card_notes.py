"""domain.card_notes: a card shows its notes only when they answer a word of the question that
the procedure's name and keywords do not."""

from __future__ import annotations

import pytest

from domain.card_notes import note_concerns
from domain.datafiles.procedures import SHIPPED_CATALOGUE, read_catalogue

PROCEDURES = {p.code: p for p in read_catalogue(SHIPPED_CATALOGUE).procedures}


@pytest.mark.parametrize(
    ("question", "code", "shown"),
    [
        ("sua nha co can xin phep ko", "giay_phep_xay_dung", True),
        ("cai tao mat tien nha", "giay_phep_xay_dung", True),
        ("xin giay phep xay dung o dau", "giay_phep_xay_dung", False),
        ("giay doc than co gia tri bao lau", "xac_nhan_hon_nhan", True),
        ("dang ky khai sinh cho con bao nhieu tien", "khai_sinh", False),
        ("co phai lam khong a", "khai_tu", False),
        ("dang ky thuong tru", "giam_ho", False),  # no notes at all
        # who it is for: always on the card
        ("the con tien mai tang thi sao", "ho_tro_mai_tang", True),
        ("", "tro_cap_huu_tri_xa_hoi", True),
        ("", "khai_sinh", False),
    ],
)
def test_note_concerns(question: str, code: str, shown: bool) -> None:
    assert note_concerns(question, PROCEDURES[code]) is shown
