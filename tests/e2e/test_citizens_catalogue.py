"""The procedure catalogue file: the shipped one is complete; a bad one is refused with its line;
an admin's update (YAML or CSV) replaces what citizens find."""

from __future__ import annotations

import asyncio
import textwrap
from pathlib import Path

import pytest

from bot.cli import main
from domain.datafiles.procedures import SHIPPED_CATALOGUE, read_catalogue
from domain.datafiles.yaml_lines import DataFileError
from tests.auxil.constants import CITIZEN
from tests.auxil.harness import BotHarness

ONE = textwrap.dedent(
    """\
    catalogue:
      title: Thử nghiệm
      checked: 2026-12-01
    procedures:
    - code: cap_nuoc
      name: Đăng ký lắp đặt đồng hồ nước sạch
      field: Dịch vụ
      keywords: [lắp nước, đồng hồ nước]
      documents: [Đơn đề nghị]
      processing_time: {working_days: 5, text: 05 ngày làm việc}
      fee: {amount_vnd: null, text: Theo bảng giá của công ty cấp nước}
      where: Công ty cấp nước
      online: {level: chưa rõ}
      legal_basis: [Quy định của công ty]
      unverified: [fee]
    """
)


def test_the_shipped_catalogue_is_complete_and_dated() -> None:
    catalogue = read_catalogue(SHIPPED_CATALOGUE)
    assert len(catalogue.procedures) >= 25
    assert catalogue.checked.year >= 2025
    codes = {p.code for p in catalogue.procedures}
    for needed in (
        "khai_sinh",
        "khai_tu",
        "ket_hon",
        "xac_nhan_hon_nhan",
        "giam_ho",
        "nhan_cha_me_con",
        "trich_luc",
        "chung_thuc_ban_sao",
        "chung_thuc_chu_ky",
        "chung_thuc_hop_dong",
    ):
        assert needed in codes
    for p in catalogue.procedures:
        assert p.documents and p.time_text and p.fee_text and p.where and p.legal_basis, p.code


@pytest.mark.parametrize(
    ("change", "line", "message"),
    [
        (
            ("  documents: [Đơn đề nghị]\n", "  documnets: [Đơn đề nghị]\n"),
            9,
            "documnets: unknown field",
        ),
        (("- code: cap_nuoc", "- code: Cấp Nước"), 5, "code: must be 1 to 30 lowercase"),
        (("{level: chưa rõ}", "{level: cấp độ 4}"), 13, "online.level: must be one of"),
        (("working_days: 5,", "working_days: năm,"), 10, "working_days: must be a whole number"),
        (("unverified: [fee]", "unverified: [phí]"), 15, "unverified: phí is not one of"),
        (("  checked: 2026-12-01\n", ""), 2, "catalogue.checked: must be the date"),
    ],
)
def test_a_malformed_catalogue_is_refused_with_its_line(
    tmp_path: Path, change: tuple[str, str], line: int, message: str
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(ONE.replace(*change), encoding="utf-8")
    with pytest.raises(DataFileError) as error:
        read_catalogue(path)
    assert f"bad.yaml:{line}:" in str(error.value)
    assert message in str(error.value)


CSV_HEADER = (
    "code,name,field,national_code,keywords,documents,processing_days,processing_text,fee_vnd,"
    "fee_text,fee_exemptions,where,online_level,online_url,online_note,legal_basis,unverified,"
    "notes,checked\n"
)


def test_a_csv_catalogue_reads_like_the_yaml_one(tmp_path: Path) -> None:
    path = tmp_path / "tt.csv"
    path.write_text(
        CSV_HEADER + "cap_nuoc,Đăng ký lắp đặt đồng hồ nước sạch,Dịch vụ,,lắp nước | đồng hồ nước,"
        "Đơn đề nghị | Bản sao sổ đỏ,5,05 ngày làm việc,,Theo bảng giá,,Công ty cấp nước,"
        "chưa rõ,,,Quy định của công ty,fee,,2026-12-01\n"
        + "sai,Tên,Dịch vụ,,,Đơn,bốn,x,,x,,x,chưa rõ,,,x,,,2026-12-01\n",
        encoding="utf-8",
    )
    with pytest.raises(DataFileError) as error:
        read_catalogue(path)
    assert "tt.csv:3: processing_days" in str(error.value)
    path.write_text(
        path.read_text(encoding="utf-8").splitlines(keepends=True)[0]
        + path.read_text(encoding="utf-8").splitlines(keepends=True)[1],
        encoding="utf-8",
    )
    catalogue = read_catalogue(path)
    only = catalogue.procedures[0]
    assert only.documents == ("Đơn đề nghị", "Bản sao sổ đỏ") and only.days == 5
    assert only.unverified == ("fee",)


async def test_an_admin_loads_a_new_catalogue_and_citizens_find_it(
    bot: BotHarness,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert (await bot.say(CITIZEN, "ket hon")).startswith("Đăng ký kết hôn")
    await bot.say(CITIZEN, "/thutuc")
    assert any(label.startswith("Hộ tịch") for label in bot.buttons(CITIZEN))
    path = tmp_path / "new.yaml"
    path.write_text(ONE, encoding="utf-8")
    monkeypatch.setenv("CCHC_DB_PATH", str(bot.store.db.path))
    assert await asyncio.to_thread(main, ["procedures", "load", str(path), "--replace"]) == 0
    assert "procedure catalogue updated (1 procedures" in capsys.readouterr().out
    assert await asyncio.to_thread(main, ["procedures", "load", str(path), "--replace"]) == 0
    assert "unchanged" in capsys.readouterr().out
    # The running bot searches the new catalogue at once, with its fields and date.
    card = await bot.say(CITIZEN, "lap dong ho nuoc")
    assert card.startswith("Đăng ký lắp đặt đồng hồ nước sạch")
    assert "01/12/2026" in card
    await bot.say(CITIZEN, "/thutuc")
    assert bot.buttons(CITIZEN) == ["Dịch vụ (1)"]
    assert "Xin lỗi" in await bot.say(CITIZEN, "ket hon")
    bad = tmp_path / "bad.yaml"
    bad.write_text(ONE.replace("  field: Dịch vụ\n", ""), encoding="utf-8")
    assert await asyncio.to_thread(main, ["procedures", "load", str(bad)]) == 2
    assert "bad.yaml:5: procedures[0].field: is missing" in capsys.readouterr().err
