"""Working-day arithmetic against the real 2025-2027 Vietnamese civil-service calendar."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import holidays
import pytest

from domain.working_days import (
    CalendarDataError,
    CalendarOverride,
    WorkingCalendar,
    add_working_days,
    default_calendar,
    load_overrides,
    next_working_day,
    previous_working_day,
    working_days_between,
)


@pytest.fixture(scope="module")
def cal() -> WorkingCalendar:
    return default_calendar()


def off_days(calendar: WorkingCalendar, first: date, last: date) -> list[date]:
    days = (first + timedelta(days=i) for i in range((last - first).days + 1))
    return [d for d in days if not calendar.is_working_day(d)]


# --- Tết -------------------------------------------------------------------------------------


def test_tet_2026_break_is_14_to_22_february(cal: WorkingCalendar) -> None:
    # Thông báo 9441/TB-BNV: off Sat 14/2 to Sun 22/2/2026, back on Mon 23/2.
    assert off_days(cal, date(2026, 2, 13), date(2026, 2, 23)) == [
        date(2026, 2, 14) + timedelta(days=i) for i in range(9)
    ]
    assert cal.holiday_name(date(2026, 2, 17)) == "Tết Nguyên Đán"


def test_three_working_days_from_thursday_before_tet_2026_lands_after_the_break(
    cal: WorkingCalendar,
) -> None:
    # Fri 13/2 is day 1, then the break, Mon 23/2 day 2, Tue 24/2 day 3.
    assert add_working_days(date(2026, 2, 12), 3, cal) == date(2026, 2, 24)
    assert working_days_between(date(2026, 2, 12), date(2026, 2, 24), cal) == 3


def test_file_received_during_tet_2026(cal: WorkingCalendar) -> None:
    assert add_working_days(date(2026, 2, 17), 1, cal) == date(2026, 2, 23)
    assert add_working_days(date(2026, 2, 17), 3, cal) == date(2026, 2, 25)


def test_deadline_falling_inside_tet_moves_to_first_day_back(cal: WorkingCalendar) -> None:
    # A date-based deadline of 18/2/2026 (mùng 2) can only be met on Mon 23/2.
    assert add_working_days(date(2026, 2, 18), 0, cal) == date(2026, 2, 23)
    assert next_working_day(date(2026, 2, 18), cal) == date(2026, 2, 23)
    assert previous_working_day(date(2026, 2, 18), cal) == date(2026, 2, 13)


def test_reminder_three_working_days_before_a_due_date_after_tet(cal: WorkingCalendar) -> None:
    # Due Tue 24/2/2026: Mon 23/2, Fri 13/2, Thu 12/2.
    assert add_working_days(date(2026, 2, 24), -3, cal) == date(2026, 2, 12)


def test_tet_2025(cal: WorkingCalendar) -> None:
    # 25/1 to 2/2/2025: five weekdays 27-31/1 plus two weekends.
    assert off_days(cal, date(2025, 1, 24), date(2025, 2, 3)) == [
        date(2025, 1, 25) + timedelta(days=i) for i in range(9)
    ]
    assert add_working_days(date(2025, 1, 24), 1, cal) == date(2025, 2, 3)


def test_tet_2027_as_computed_by_the_package(cal: WorkingCalendar) -> None:
    # Not announced yet: Tết is Sat 6/2/2027; the package gives Thu 4/2 to Wed 10/2 off.
    assert off_days(cal, date(2027, 2, 3), date(2027, 2, 11)) == [
        date(2027, 2, 4) + timedelta(days=i) for i in range(7)
    ]
    assert cal.holiday_name(date(2027, 2, 6)) == "Tết Nguyên Đán"
    assert add_working_days(date(2027, 2, 3), 1, cal) == date(2027, 2, 11)
    assert add_working_days(date(2027, 2, 2), 3, cal) == date(2027, 2, 12)
    assert working_days_between(date(2027, 2, 3), date(2027, 2, 11), cal) == 1


# --- 30/4 - 1/5 and Hùng Vương --------------------------------------------------------------


def test_reunification_day_2025_swap(cal: WorkingCalendar) -> None:
    # Fri 2/5/2025 off, made up on Sat 26/4/2025.
    assert cal.is_working_day(date(2025, 4, 26))
    assert not cal.is_working_day(date(2025, 5, 2))
    assert add_working_days(date(2025, 4, 25), 1, cal) == date(2025, 4, 26)
    assert add_working_days(date(2025, 4, 29), 1, cal) == date(2025, 5, 5)
    assert working_days_between(date(2025, 4, 24), date(2025, 5, 5), cal) == 5


def test_reunification_day_and_hung_kings_2026(cal: WorkingCalendar) -> None:
    # Hùng Vương falls on Sun 26/4/2026, nghỉ bù Mon 27/4; 30/4-1/5 are Thu-Fri, no swap.
    assert off_days(cal, date(2026, 4, 24), date(2026, 5, 4)) == [
        date(2026, 4, 25),
        date(2026, 4, 26),
        date(2026, 4, 27),
        date(2026, 4, 30),
        date(2026, 5, 1),
        date(2026, 5, 2),
        date(2026, 5, 3),
    ]
    assert add_working_days(date(2026, 4, 24), 1, cal) == date(2026, 4, 28)
    assert add_working_days(date(2026, 4, 29), 1, cal) == date(2026, 5, 4)


# --- Quốc khánh -----------------------------------------------------------------------------


def test_national_day_2025(cal: WorkingCalendar) -> None:
    assert off_days(cal, date(2025, 8, 29), date(2025, 9, 3)) == [
        date(2025, 8, 30),
        date(2025, 8, 31),
        date(2025, 9, 1),
        date(2025, 9, 2),
    ]
    assert add_working_days(date(2025, 8, 29), 1, cal) == date(2025, 9, 3)


def test_national_day_2026_swap(cal: WorkingCalendar) -> None:
    # Off Sat 29/8 to Wed 2/9/2026; Mon 31/8 made up on Sat 22/8.
    assert cal.is_working_day(date(2026, 8, 22))
    assert off_days(cal, date(2026, 8, 28), date(2026, 9, 3)) == [
        date(2026, 8, 29) + timedelta(days=i) for i in range(5)
    ]
    assert add_working_days(date(2026, 8, 21), 1, cal) == date(2026, 8, 22)
    assert add_working_days(date(2026, 8, 28), 1, cal) == date(2026, 9, 3)
    assert working_days_between(date(2026, 8, 21), date(2026, 8, 24), cal) == 2


# --- New Year 2026 swap ---------------------------------------------------------------------


def test_new_year_2026_swap(cal: WorkingCalendar) -> None:
    assert not cal.is_working_day(date(2026, 1, 2))
    assert cal.is_working_day(date(2026, 1, 10))
    assert "Tết Dương lịch" in (cal.holiday_name(date(2026, 1, 2)) or "")
    assert cal.holiday_name(date(2026, 1, 10)) is None
    assert add_working_days(date(2025, 12, 31), 1, cal) == date(2026, 1, 5)
    assert add_working_days(date(2026, 1, 9), 1, cal) == date(2026, 1, 10)
    assert add_working_days(date(2026, 1, 5), -2, cal) == date(2025, 12, 30)


def test_package_alone_misses_the_new_year_2026_swap() -> None:
    # Why the data file exists: without it Fri 2/1 works and Sat 10/1 does not.
    bare = WorkingCalendar()
    assert bare.is_working_day(date(2026, 1, 2))
    assert not bare.is_working_day(date(2026, 1, 10))
    assert not bare.is_working_day(date(2026, 8, 22))


# --- weekends, zero and negative days -------------------------------------------------------


def test_weekends(cal: WorkingCalendar) -> None:
    fri, sat, sun, mon = (date(2026, 3, d) for d in (6, 7, 8, 9))
    assert [cal.is_working_day(d) for d in (fri, sat, sun, mon)] == [True, False, False, True]
    assert add_working_days(fri, 1, cal) == mon
    assert add_working_days(sat, 1, cal) == mon
    assert add_working_days(sat, 0, cal) == mon
    assert add_working_days(fri, 0, cal) == fri
    assert add_working_days(fri, 5, cal) == date(2026, 3, 13)
    assert next_working_day(fri, cal) == mon
    assert previous_working_day(mon, cal) == fri
    assert working_days_between(fri, mon, cal) == 1
    assert working_days_between(sat, sun, cal) == 0


def test_negative_days(cal: WorkingCalendar) -> None:
    assert add_working_days(date(2026, 3, 9), -1, cal) == date(2026, 3, 6)
    assert add_working_days(date(2026, 3, 8), -1, cal) == date(2026, 3, 6)
    assert add_working_days(date(2026, 2, 23), -1, cal) == date(2026, 2, 13)
    assert add_working_days(date(2026, 9, 3), -2, cal) == date(2026, 8, 27)


def test_overdue_count(cal: WorkingCalendar) -> None:
    # Due Fri 13/2/2026, still open on Wed 25/2: overdue by 23, 24, 25 = 3 working days.
    assert working_days_between(date(2026, 2, 13), date(2026, 2, 25), cal) == 3
    assert working_days_between(date(2026, 2, 25), date(2026, 2, 13), cal) == -3
    assert working_days_between(date(2026, 2, 13), date(2026, 2, 13), cal) == 0


def test_between_inverts_add_and_is_antisymmetric(cal: WorkingCalendar) -> None:
    start = date(2025, 12, 20)
    for offset in range(0, 500, 3):
        d = start + timedelta(days=offset)
        for n in (-12, -5, -1, 0, 1, 3, 7, 15):
            target = add_working_days(d, n, cal)
            assert working_days_between(target, d, cal) == -working_days_between(d, target, cal)
            between = working_days_between(d, target, cal)
            if cal.is_working_day(d) or n > 0:
                assert between == n, (d, n)
            else:
                # From a day off, d itself is not in (target, d], and day 0 is the next one.
                assert between == (n + 1 if n < 0 else 1), (d, n)


# --- Ngày Văn hóa Việt Nam and run-time overrides ------------------------------------------


def test_culture_day_is_not_a_day_off_until_the_labour_code_says_so(
    cal: WorkingCalendar,
) -> None:
    assert date(2026, 11, 24) in holidays.country_holidays("VN", years=2026)
    assert cal.is_working_day(date(2026, 11, 24))
    assert cal.holiday_name(date(2026, 11, 24)) is None
    assert add_working_days(date(2026, 11, 23), 1, cal) == date(2026, 11, 24)


def test_no_culture_day_or_its_compensation_is_off_2026_to_2030(cal: WorkingCalendar) -> None:
    listed = holidays.country_holidays("VN", years=range(2026, 2031), language="vi")
    culture = [d for d, name in listed.items() if "Văn hóa" in name]
    assert date(2029, 11, 26) in culture and date(2030, 11, 25) in culture
    assert [d for d in culture if d.weekday() < 5 and not cal.is_working_day(d)] == []


def test_with_overrides_returns_a_new_calendar_and_run_time_entries_win(
    cal: WorkingCalendar,
) -> None:
    adopted = CalendarOverride(date(2026, 11, 24), "day_off", "Ngày Văn hóa Việt Nam", "admin")
    extra_saturday = CalendarOverride(date(2026, 12, 5), "working_day", "Làm bù", "admin")
    updated = cal.with_overrides([adopted, extra_saturday])
    assert not updated.is_working_day(date(2026, 11, 24))
    assert updated.holiday_name(date(2026, 11, 24)) == "Ngày Văn hóa Việt Nam"
    assert updated.is_working_day(date(2026, 12, 5))
    assert cal.is_working_day(date(2026, 11, 24))
    assert not cal.is_working_day(date(2026, 12, 5))
    assert updated.overrides[-2:] == (adopted, extra_saturday)
    assert add_working_days(date(2026, 11, 23), 1, updated) == date(2026, 11, 25)


def test_default_calendar_is_used_when_none_is_given() -> None:
    assert add_working_days(date(2026, 1, 9), 1) == date(2026, 1, 10)
    assert default_calendar() is default_calendar()


# --- the shipped data file ------------------------------------------------------------------


def test_shipped_overrides_only_add_what_the_package_lacks(cal: WorkingCalendar) -> None:
    assert cal.overrides
    for o in cal.overrides:
        listed = o.day in holidays.country_holidays("VN", years=o.day.year)
        if o.kind == "day_off":
            assert not listed and o.day.weekday() < 5, o
        elif o.kind == "working_day":
            assert not listed and o.day.weekday() >= 5, o
        else:
            assert listed, o
        assert "(verified" in o.source or "(unverified)" in o.source, o


# --- malformed files ------------------------------------------------------------------------


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "days.yaml"
    path.write_text(text, encoding="utf-8")
    return path


GOOD_ENTRY = """\
  - date: 2026-01-02
    kind: day_off
    reason: Nghỉ bù
    source: test
"""


def test_loads_a_valid_file(tmp_path: Path) -> None:
    path = write(tmp_path, "overrides:\n" + GOOD_ENTRY)
    assert load_overrides(path) == [
        CalendarOverride(date(2026, 1, 2), "day_off", "Nghỉ bù", "test")
    ]


@pytest.mark.parametrize(
    ("bad_entry", "line", "field", "detail"),
    [
        (
            "  - date: 2026-01-10\n    kind: holiday\n    reason: x\n    source: y\n",
            8,
            "kind",
            "'holiday'",
        ),
        (
            "  - date: 2026-02-30\n    kind: day_off\n    reason: x\n    source: y\n",
            7,
            "date",
            "'2026-02-30'",
        ),
        ("  - date: 2026-01-10\n    kind: day_off\n    source: y\n", 7, "reason", "missing"),
        (
            "  - date: 2026-01-10\n    kind: day_off\n    reason: x\n    sourse: y\n",
            10,
            "sourse",
            "unknown",
        ),
        (
            "  - date: 2026-01-10\n    kind: day_off\n    reason: ''\n    source: y\n",
            9,
            "reason",
            "non-empty",
        ),
        (
            "  - date: 2026-01-02\n    kind: working_day\n    reason: x\n    source: y\n",
            7,
            "date",
            "line 2",
        ),
    ],
)
def test_malformed_entry_names_file_line_and_field(
    tmp_path: Path, bad_entry: str, line: int, field: str, detail: str
) -> None:
    path = write(tmp_path, "overrides:\n" + GOOD_ENTRY + "\n" + bad_entry)
    with pytest.raises(CalendarDataError) as err:
        load_overrides(path)
    message = str(err.value)
    assert str(path) in message
    assert f"line {line}," in message
    assert f"field '{field}'" in message
    assert detail in message


def test_invalid_yaml_names_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, "overrides:\n" + GOOD_ENTRY + "  - date: [2026-01-10\n")
    with pytest.raises(CalendarDataError, match=r"days\.yaml, line \d+: invalid YAML"):
        load_overrides(path)


def test_overrides_must_be_a_list(tmp_path: Path) -> None:
    path = write(tmp_path, "# comment\noverrides: 2026-01-02\n")
    with pytest.raises(CalendarDataError, match=r"line 2, field 'overrides': expected a list"):
        load_overrides(path)
