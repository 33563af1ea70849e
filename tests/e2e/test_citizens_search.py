"""Citizens type procedures the way they speak: the procedure they mean comes first."""

from __future__ import annotations

import asyncio
import shutil
import unicodedata
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.search import ProcedureSearch, load_catalogue
from bot.search.normalize import words
from domain.datafiles.procedures import SHIPPED_CATALOGUE, read_catalogue
from storage.store import Store


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


# (what the citizen types, the procedure that must come first)
QUERIES: list[tuple[str, str]] = [
    # birth: marks, no marks, synonyms, long questions, typos, Telex leftovers, NFD
    ("Đăng ký khai sinh", "khai_sinh"),
    ("dang ky khai sinh", "khai_sinh"),
    (nfd("Đăng ký khai sinh cho con"), "khai_sinh"),
    ("làm giấy khai sinh", "khai_sinh"),
    ("lam khai sinh", "khai_sinh"),
    ("cho hỏi làm giấy khai sinh cho con cần mang gì", "khai_sinh"),
    ("cho hoi lam giay khai sinh cho con can mang nhung gi a", "khai_sinh"),
    (nfd("Cho tôi hỏi làm giấy khai sinh cho cháu thì cần những giấy tờ gì"), "khai_sinh"),
    ("khai sin", "khai_sinh"),
    ("khais inh", "khai_sinh"),
    ("ddawng kys khai sinh", "khai_sinh"),
    ("ĐKKS", "khai_sinh"),
    # the paper lost, the register keeps it: a copy (made again only when the register is gone)
    ("mất giấy khai sinh", "trich_luc"),
    ("lam lai giay khai sinh", "dang_ky_lai_khai_sinh"),
    ("xin ban sao giay khai sinh", "trich_luc"),
    ("trich luc ket hon", "trich_luc"),
    ("them ten bo vao giay khai sinh", "nhan_cha_me_con"),
    ("bo nhan con", "nhan_cha_me_con"),
    # death
    ("đăng ký khai tử", "khai_tu"),
    ("lam giay chung tu cho bo", "khai_tu"),
    ("ông tôi mới mất cần làm giấy tờ gì", "khai_tu"),
    # marriage and marital status
    ("dang ky ket hon", "ket_hon"),
    ("đăng kí kết hôn", "ket_hon"),
    ("ket hn", "ket_hon"),
    ("lấy chồng người nước ngoài", "ket_hon_yeu_to_nn"),
    ("giấy độc thân", "xac_nhan_hon_nhan"),
    ("xin giay xac nhan doc than", "xac_nhan_hon_nhan"),
    ("xác nhận tình trạng hôn nhân", "xac_nhan_hon_nhan"),
    # guardianship, corrections
    ("dang ky giam ho", "giam_ho"),
    ("chấm dứt giám hộ", "cham_dut_giam_ho"),
    ("sửa tên trong giấy khai sinh", "thay_doi_cai_chinh"),
    ("cai chinh ho tich", "thay_doi_cai_chinh"),
    # certification
    ("công chứng giấy tờ", "chung_thuc_ban_sao"),
    ("sao y ban chinh", "chung_thuc_ban_sao"),
    ("chứng thực bản sao CCCD", "chung_thuc_ban_sao"),
    ("chung thuc chu ky", "chung_thuc_chu_ky"),
    ("chung thuc hop dong mua ban nha dat", "chung_thuc_hop_dong"),
    ("làm di chúc", "chung_thuc_di_chuc"),
    ("tu choi nhan di san", "chung_thuc_tu_choi_di_san"),
    ("chia thừa kế", "chung_thuc_phan_chia_di_san"),
    # residence
    ("dang ky thuong tru", "thuong_tru"),
    ("nhập hộ khẩu", "thuong_tru"),
    ("đăng ký tạm trú", "tam_tru"),
    ("thuê trọ có phải đăng ký không", "tam_tru"),
    ("tach ho khau", "tach_ho"),
    ("cắt khẩu", "xoa_thuong_tru"),
    ("khai bao tam vang", "tam_vang"),
    ("xin xac nhan cu tru", "xac_nhan_cu_tru"),
    ("giấy xác nhận cư trú", "xac_nhan_cu_tru"),
    ("xin giấy CT07", "xac_nhan_cu_tru"),
    ("xin giay xac nhan noi o", "xac_nhan_cu_tru"),
    # social, business, building
    ("tro cap xa hoi", "tro_cap_xa_hoi"),
    ("tro cap nguoi cao tuoi", "tro_cap_huu_tri_xa_hoi"),
    ("tiền người già", "tro_cap_huu_tri_xa_hoi"),
    ("lương hưu xã hội", "tro_cap_huu_tri_xa_hoi"),
    ("bố tôi 76 tuổi không có lương hưu có được trợ cấp không", "tro_cap_huu_tri_xa_hoi"),
    ("xin giấy xác nhận khuyết tật", "xac_dinh_khuyet_tat"),
    ("ho tro mai tang", "ho_tro_mai_tang"),
    ("mở quán ăn cần đăng ký gì", "ho_kinh_doanh"),
    ("xin giay phep xay dung", "giay_phep_xay_dung"),
    ("khai sinh thuong tru bao hiem y te cho tre", "lien_thong_khai_sinh"),
    # the marks the citizen typed decide between words that differ only by them
    ("chôn", "ho_tro_mai_tang"),
    ("chọn", "khai_sinh_yeu_to_nn"),
]


@pytest.fixture(scope="module")
def catalogue_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped catalogue loaded once; each test works on its own copy."""
    path = tmp_path_factory.mktemp("catalogue") / "catalogue.sqlite3"

    async def build() -> None:
        store = await Store.open(path)
        try:
            await load_catalogue(store, read_catalogue(SHIPPED_CATALOGUE), datetime.now(UTC))
        finally:
            await store.close()

    asyncio.run(build())
    return path


@pytest.fixture
async def store(catalogue_db: Path, tmp_path: Path) -> AsyncIterator[Store]:
    copy = tmp_path / "copy.sqlite3"
    shutil.copy(catalogue_db, copy)
    opened = await Store.open(copy)
    try:
        yield opened
    finally:
        await opened.close()


def test_the_table_is_big_enough() -> None:
    assert len(QUERIES) >= 40
    assert len({q for q, _ in QUERIES}) == len(QUERIES)


@pytest.mark.parametrize(("query", "expected"), QUERIES, ids=[q for q, _ in QUERIES])
async def test_the_procedure_meant_comes_first(store: Store, query: str, expected: str) -> None:
    result = await ProcedureSearch().search(store, query)
    assert result.confident, f"{query!r}: no confident answer ({result.codes[:3]})"
    assert result.codes[0] == expected, f"{query!r}: got {result.codes[:3]}"


@pytest.mark.parametrize(
    "query", ["giá xăng hôm nay", "lam ho chieu", "thời tiết ngày mai thế nào", "asdfgh"]
)
async def test_questions_about_something_else_find_nothing_confident(
    store: Store, query: str
) -> None:
    result = await ProcedureSearch().search(store, query)
    assert not result.confident, f"{query!r} matched {result.codes[:3]}"


async def test_nfc_and_nfd_input_give_the_same_answer(store: Store) -> None:
    search = ProcedureSearch()
    composed = await search.search(store, "Chứng thực di chúc")
    decomposed = await search.search(store, nfd("Chứng thực di chúc"))
    assert composed.codes == decomposed.codes
    assert composed.codes[0] == "chung_thuc_di_chuc"


async def test_typo_repair_is_reported_and_limited_to_what_the_index_supports(
    store: Store,
) -> None:
    search = ProcedureSearch()
    fixed = await search.search(store, "khai sin")
    assert ("sin", "sinh") in fixed.query.repaired
    # In a long question an unknown word is left alone rather than guessed.
    long = await search.search(store, "cho hoi lam giay khai sinh cho con o phuong xyzw")
    assert all(typed != "xyzw" for typed, _ in long.query.repaired)


async def test_the_procedure_covering_all_the_words_beats_one_covering_half(store: Store) -> None:
    # "xác nhận" alone is the marital-status card's; "cư trú" makes it a residence matter.
    result = await ProcedureSearch().search(store, "xin xac nhan cu tru")
    first = await store.procedures.get(result.codes[0])
    assert first is not None and first.field == "Cư trú", result.codes[:3]


async def test_a_catalogue_reloaded_by_another_process_is_searched_as_the_new_one(
    store: Store, tmp_path: Path
) -> None:
    """`cchc-bot procedures load` runs in its own process while the bot runs: the bot's next
    question is searched in the new catalogue, its names and keywords included."""
    search = ProcedureSearch()
    assert not (await search.search(store, "chim yen")).confident
    base = read_catalogue(SHIPPED_CATALOGUE)
    changed = tuple(
        replace(p, keywords=(*p.keywords, "chim yến")) if p.code == "khai_sinh" else p
        for p in base.procedures
    )
    other = await Store.open(tmp_path / "copy.sqlite3")  # the CLI's own connection
    try:
        catalogue = replace(base, procedures=changed, content_hash="reloaded")
        await load_catalogue(other, catalogue, datetime.now(UTC))
    finally:
        await other.close()
    result = await search.search(store, "chim yen")
    assert result.confident and result.codes[0] == "khai_sinh", result.codes[:3]


async def test_the_phrases_compared_are_each_procedures_own_name_and_keywords(
    store: Store,
) -> None:
    search = ProcedureSearch()
    await search.prepare(store)
    snapshot = search._snapshot
    assert snapshot is not None
    for p in read_catalogue(SHIPPED_CATALOGUE).procedures:
        row = snapshot.strong.row_of(p.code)
        assert row is not None
        own = [tuple(w.folded for w in words(t)) for t in (p.name, *p.keywords)]
        assert snapshot.strong.phrases(row) == own, p.code
