"""Issue 13 item 8 (field test C14): a long official name reads on a phone's button by its head,
which still tells the procedures apart, cut at a word boundary and never mid-item."""

from __future__ import annotations

from pathlib import Path

import pytest

from domain.datafiles.procedures import read_catalogue
from domain.procedure_names import BUTTON_NAME, short_name, short_names

CHUNG_THUC = {
    "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan, tổ chức có thẩm quyền của Việt"
    " Nam; cơ quan, tổ chức có thẩm quyền của nước ngoài; cơ quan, tổ chức có thẩm quyền của Việt"
    " Nam liên kết với cơ quan, tổ chức có thẩm quyền của nước ngoài cấp hoặc chứng nhận": (
        "Chứng thực bản sao từ bản chính giấy tờ, văn bản"
    ),
    "Chứng thực chữ ký trong các giấy tờ, văn bản (áp dụng cho cả trường hợp chứng thực điểm chỉ"
    " và trường hợp người yêu cầu chứng thực không thể ký, không thể điểm chỉ được)": (
        "Chứng thực chữ ký trong các giấy tờ, văn bản"
    ),
    "Chứng thực chữ ký người dịch mà người dịch không phải là cộng tác viên dịch thuật của Ủy ban"
    " nhân dân cấp xã, tổ chức hành nghề công chứng": "Chứng thực chữ ký người dịch",
    "Chứng thực văn bản phân chia di sản mà di sản là động sản, quyền sử dụng đất, nhà ở": (
        "Chứng thực văn bản phân chia di sản"
    ),
    "Chứng thực di chúc": "Chứng thực di chúc",
}


@pytest.mark.parametrize(("name", "short"), CHUNG_THUC.items())
def test_item8_chung_thuc_names_read_by_their_head(name: str, short: str) -> None:
    assert short_name(name) == short


def test_item8_a_cut_ends_on_a_whole_item() -> None:
    name = "Thay đổi, cải chính, bổ sung thông tin hộ tịch, xác định lại dân tộc"
    assert short_name(name) == "Thay đổi, cải chính, bổ sung thông tin hộ tịch…"


def test_item8_two_that_would_read_alike_keep_their_full_names_cut() -> None:
    one = "Chứng thực chữ ký người dịch mà người dịch không phải là cộng tác viên dịch thuật"
    two = "Chứng thực chữ ký người dịch mà người dịch là cộng tác viên dịch thuật của phường"
    names = short_names([("a", one), ("b", two), ("c", "Chứng thực di chúc")])
    assert names["a"] != names["b"]
    assert names["a"].startswith("Chứng thực chữ ký người dịch mà người dịch không")
    assert names["c"] == "Chứng thực di chúc"


def test_item8_every_catalogue_name_is_short_distinct_and_cut_between_words() -> None:
    catalogue = read_catalogue(Path(__file__).parents[3] / "data" / "procedures.yaml")
    names = short_names((p.code, p.name) for p in catalogue.procedures)
    assert len(set(names.values())) == len(names)
    for procedure in catalogue.procedures:
        shown = names[procedure.code]
        assert len(shown) <= BUTTON_NAME
        head = shown.removesuffix("…")
        assert procedure.name.startswith(head) or "(" in procedure.name
        rest = procedure.name[len(head) :]
        assert not rest or not rest[0].isalnum(), shown  # never half a word
