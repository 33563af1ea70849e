"""The data files' pydantic schemas: a refused value is named by its file, line and field."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from bot.search.normalize import folded_words
from domain.datafiles.complaint_rules import RULES_FILE, read_rules
from domain.datafiles.plan import SHIPPED_PLAN, read_plan
from domain.datafiles.procedures import read_catalogue
from domain.datafiles.yaml_lines import DataFileError


def refused(read: Callable[[Path], object], path: Path) -> DataFileError:
    with pytest.raises(DataFileError) as error:
        read(path)
    return error.value


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def plan_with(tmp_path: Path, old: str, new: str) -> Path:
    text = SHIPPED_PLAN.read_text(encoding="utf-8")
    assert old in text
    return write(tmp_path, "plan.yaml", text.replace(old, new, 1))


def line_of(path: Path, needle: str, nth: int = 1) -> int:
    lines = [i for i, line in enumerate(path.read_text().splitlines(), 1) if needle in line]
    return lines[nth - 1]


def test_a_file_that_is_not_a_mapping_is_refused_at_its_first_line(tmp_path: Path) -> None:
    error = refused(read_plan, write(tmp_path, "plan.yaml", "- just\n- a list\n"))
    assert (error.line, error.field, error.problem) == (1, "file", "must be a mapping of fields")


def test_a_missing_key_is_named_at_its_mapping(tmp_path: Path) -> None:
    path = plan_with(tmp_path, "  code: 124/KH-UBND\n", "")
    error = refused(read_plan, path)
    assert (error.field, error.problem) == ("plan.code", "is missing")
    assert error.line == line_of(path, "slug: phu-la")  # where the plan's mapping starts


def test_a_measurable_target_needs_its_metric(tmp_path: Path) -> None:
    path = plan_with(tmp_path, "    metric: rank\n", "")
    error = refused(read_plan, path)
    assert (error.field, error.problem) == ("targets[0].metric", "is missing")


def test_a_code_twice_is_named_at_its_second_entry(tmp_path: Path) -> None:
    path = plan_with(tmp_path, "  - code: TP\n", "  - code: VP\n")
    error = refused(read_plan, path)
    assert (error.field, error.problem) == ("departments[1].code", "code VP appears twice")
    assert error.line == line_of(path, "- code: VP", 2)


def test_a_choice_lists_what_is_allowed(tmp_path: Path) -> None:
    path = plan_with(tmp_path, "kind: measurable", "kind: other")
    error = refused(read_plan, path)
    assert error.problem == "must be one of measurable, qualitative (got 'other')"
    assert error.line == line_of(path, "kind: other")


def test_a_milestone_in_a_flow_mapping_names_its_own_line(tmp_path: Path) -> None:
    path = plan_with(tmp_path, "{year: 2023, value: 85", "{year: 2023, value: true")
    error = refused(read_plan, path)
    assert error.field == "targets[1].milestones[0].value"
    assert (error.problem, error.line) == ("must be a number", line_of(path, "value: true"))


CATALOGUE = """\
    catalogue:
      title: Thử nghiệm
      checked: 2026-12-01
    procedures:
    - code: cap_nuoc
      name: Đăng ký lắp đặt đồng hồ nước sạch
      field: Dịch vụ
      documents: [Đơn đề nghị]
      processing_time: {working_days: 5, text: 05 ngày làm việc}
      fee: {amount_vnd: null, text: Theo bảng giá}
      where: Công ty cấp nước
      online: {level: chưa rõ, url: www.example.vn}
      legal_basis: [Quy định của công ty]
    """


def test_an_unknown_key_comes_before_the_missing_one_and_lists_the_known(tmp_path: Path) -> None:
    path = write(tmp_path, "c.yaml", CATALOGUE.replace("  where:", "  wehre:"))
    error = refused(read_catalogue, path)
    assert error.field == "procedures[0].wehre" and error.line == 11
    assert error.problem.startswith("unknown field (known: code, documents, fee, field,")


def test_a_validator_s_own_words_are_kept(tmp_path: Path) -> None:
    error = refused(read_catalogue, write(tmp_path, "c.yaml", CATALOGUE))
    assert str(error).endswith(
        "c.yaml:12: procedures[0].online.url: must be a web address starting with https://"
    )


def test_a_csv_row_is_named_by_its_number_and_line(tmp_path: Path) -> None:
    header = (
        "code,name,field,national_code,keywords,documents,processing_days,processing_text,"
        "fee_vnd,fee_text,fee_exemptions,where,online_level,online_url,online_note,legal_basis,"
        "unverified,notes,checked\n"
    )
    row = "{code},Tên,Dịch vụ,,,Đơn,1,x,,x,,x,{level},,,x,,,2026-12-01\n"
    rows = [row.format(code="a", level="chưa rõ"), row.format(code="b", level="cao")]
    error = refused(read_catalogue, write(tmp_path, "t.csv", header + "".join(rows)))
    assert (error.line, error.field) == (3, "row 2.online.level")
    rows[1] = row.format(code="a", level="không")
    error = refused(read_catalogue, write(tmp_path, "t.csv", header + "".join(rows)))
    assert (error.line, error.field, error.problem) == (3, "row 2.code", "code a appears twice")


def test_the_complaint_rules_are_refused_with_their_line(tmp_path: Path) -> None:
    text = RULES_FILE.read_text(encoding="utf-8")
    path = write(tmp_path, "complaints.yaml", text.replace("max_photos: 5", "max_photos: 50"))
    error = refused(read_rules, path)
    assert (error.field, error.problem) == ("settings.max_photos", "must be from 0 to 10")
    assert error.line == line_of(path, "max_photos: 50")
    path = write(tmp_path, "complaints.yaml", text.replace("code: datdai", "code: hotich"))
    error = refused(read_rules, path)
    assert (error.field, error.line) == ("fields[1].code", line_of(path, "code: hotich", 2))


def test_the_complaint_keywords_are_folded_as_the_search_folds_them() -> None:
    rules = read_rules(RULES_FILE)
    document = yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))
    for field, entry in zip(rules.fields, document["fields"], strict=True):
        assert field.keywords == tuple(tuple(folded_words(k)) for k in entry["keywords"])
