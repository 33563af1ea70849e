"""Short questions about the card just shown, as citizens type them."""

from __future__ import annotations

import pytest

from domain.followups import Aspect, read_aspects


@pytest.mark.parametrize(
    ("text", "aspects"),
    [
        ("mat bao lau", (Aspect.TIME,)),
        ("Mất bao lâu ạ?", (Aspect.TIME,)),
        ("thu tuc nay mat may ngay vay chi", (Aspect.TIME,)),
        ("bao lau co ket qua", (Aspect.TIME,)),
        ("le phi bao nhieu", (Aspect.FEE,)),
        ("co mat tien khong", (Aspect.FEE,)),
        ("can mang gi", (Aspect.DOCUMENTS,)),
        ("lam o dau", (Aspect.PLACE,)),
        ("nop online duoc khong", (Aspect.ONLINE,)),
        ("can giay to gi va mat bao lau", (Aspect.DOCUMENTS, Aspect.TIME)),
        ("Lệ phí bao nhiêu, làm ở đâu?", (Aspect.FEE, Aspect.PLACE)),
        # chat shorthand, as a stranger's walk typed it
        ("can giay to j", (Aspect.DOCUMENTS,)),
        ("het bn tien", (Aspect.FEE,)),
        ("le phi bn", (Aspect.FEE,)),
        ("lm o dau", (Aspect.PLACE,)),
        ("co lam onl dc ko", (Aspect.ONLINE,)),
    ],
)
def test_a_follow_up_is_read(text: str, aspects: tuple[Aspect, ...]) -> None:
    assert read_aspects(text) == aspects


@pytest.mark.parametrize(
    "text",
    [
        "lam khai sinh o dau",  # names a procedure: a question for the search
        "dang ky ket hon mat bao lau",
        "giay khai sinh",
        "gia xang hom nay",
        "xin chao",
        "",
        "toi muon hoi mat bao lau thi lam xong duoc giay xac nhan tinh trang hon nhan de di",
    ],
)
def test_anything_else_is_not(text: str) -> None:
    assert read_aspects(text) == ()


@pytest.mark.parametrize("text", ["tien nguoi gia", "nguoi gia", "tro cap nguoi gia"])
def test_a_question_about_the_elderly_is_not_a_fee(text: str) -> None:
    # "già" (old) folds to "gia" as "giá" (price) does; "tiền người già" is the allowance.
    assert read_aspects(text) == ()
