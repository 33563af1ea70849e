"""Vietnamese working days for administrative deadlines.

A working day is Monday to Friday, not a public holiday (Labour Code 2019 art. 112, as computed
by the `holidays` package, which also knows the weekend compensation days and some swaps) and
not an announced day off for civil servants. The yearly swaps the package misses live in
``data/calendar/vn-civil-service-days.yaml``; admins add more at run time (stored in the
database by the caller) through :meth:`WorkingCalendar.with_overrides`.

Counting conventions (used for "reminder 3 working days before the due date" and "overdue by
N working days"):

* ``add_working_days(start, n)`` never counts ``start`` itself: n=1 is the first working day
  after ``start``; n=-3 is the third working day before it.
* ``working_days_between(start, end)`` counts the working days in ``(start, end]``, so it is the
  inverse of ``add_working_days`` for a working ``start``.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Literal, get_args

import holidays
import yaml

OverrideKind = Literal["day_off", "working_day", "not_holiday"]
OVERRIDE_KINDS: tuple[str, ...] = get_args(OverrideKind)

DEFAULT_OVERRIDES_PATH = (
    Path(__file__).resolve().parents[1] / "data" / "calendar" / "vn-civil-service-days.yaml"
)

# A calendar with no working day for ten years is broken data, not a long holiday.
_MAX_SCAN_DAYS = 3660
_FIELDS = ("date", "kind", "reason", "source")


class CalendarDataError(ValueError):
    """The overrides file is malformed; the message names the file, line and field."""


@dataclass(frozen=True)
class CalendarOverride:
    """One announced exception to the holiday rules.

    kind:
      * ``day_off``: an announced (compensatory) day off for civil servants.
      * ``working_day``: a make-up working day, usually a Saturday.
      * ``not_holiday``: a date the `holidays` package lists that is not (yet) an official
        holiday; it is then treated as an ordinary day (working if Monday-Friday).
    """

    day: date
    kind: OverrideKind
    reason: str
    source: str


class WorkingCalendar:
    """Public holidays from the `holidays` package plus civil-service overrides.

    When several overrides name the same day, the last one given wins, so run-time overrides
    passed to :meth:`with_overrides` replace the shipped ones.
    """

    def __init__(self, overrides: Iterable[CalendarOverride] = ()) -> None:
        self._overrides: tuple[CalendarOverride, ...] = tuple(overrides)
        self._by_day: dict[date, CalendarOverride] = {o.day: o for o in self._overrides}
        # Years are filled in on first lookup (expand=True), so any year works.
        self._holidays = holidays.country_holidays("VN", language="vi")

    @property
    def overrides(self) -> tuple[CalendarOverride, ...]:
        return self._overrides

    def with_overrides(self, extra: Iterable[CalendarOverride]) -> WorkingCalendar:
        """A new calendar with ``extra`` applied on top of this one's overrides."""
        return WorkingCalendar((*self._overrides, *extra))

    def override_for(self, d: date) -> CalendarOverride | None:
        return self._by_day.get(d)

    def is_holiday(self, d: date) -> bool:
        """A public holiday or announced day off (whatever the weekday)."""
        override = self._by_day.get(d)
        if override is not None:
            return override.kind == "day_off"
        return d in self._holidays

    def is_working_day(self, d: date) -> bool:
        override = self._by_day.get(d)
        if override is not None and override.kind == "working_day":
            return True
        if override is not None and override.kind == "day_off":
            return False
        if d.weekday() >= 5:
            return False
        if override is not None and override.kind == "not_holiday":
            return True
        return d not in self._holidays

    def holiday_name(self, d: date) -> str | None:
        """Vietnamese name of the holiday or day off on ``d`` (e.g. "Tết Nguyên Đán"), else None.

        Holidays that fall on a weekend are still named; a make-up working day has no name.
        """
        override = self._by_day.get(d)
        if override is not None:
            return override.reason if override.kind == "day_off" else None
        return self._holidays.get(d)

    def _days(self, start: date, step: int) -> Iterator[date]:
        day = start
        for _ in range(_MAX_SCAN_DAYS):
            day += timedelta(days=step)
            yield day
        raise ValueError(f"no working day within {_MAX_SCAN_DAYS} days of {start}")

    def next_working_day(self, d: date) -> date:
        return next(x for x in self._days(d, 1) if self.is_working_day(x))

    def previous_working_day(self, d: date) -> date:
        return next(x for x in self._days(d, -1) if self.is_working_day(x))


def _resolve(calendar: WorkingCalendar | None) -> WorkingCalendar:
    return calendar if calendar is not None else default_calendar()


def next_working_day(d: date, calendar: WorkingCalendar | None = None) -> date:
    """The first working day strictly after ``d`` (e.g. for files received after 15:00)."""
    return _resolve(calendar).next_working_day(d)


def previous_working_day(d: date, calendar: WorkingCalendar | None = None) -> date:
    """The last working day strictly before ``d``."""
    return _resolve(calendar).previous_working_day(d)


def add_working_days(start: date, days: int, calendar: WorkingCalendar | None = None) -> date:
    """The date ``days`` working days after ``start``; ``start`` itself is never counted.

    * ``days > 0``: a file received on ``start`` with a 3-working-day limit is due on
      ``add_working_days(start, 3)``, even if ``start`` is a holiday or weekend.
    * ``days == 0``: ``start`` if it is a working day, else the next working day.
    * ``days < 0``: counts backwards, e.g. the reminder "3 working days before the due date"
      is ``add_working_days(due, -3)``.
    """
    cal = _resolve(calendar)
    if days == 0:
        return start if cal.is_working_day(start) else cal.next_working_day(start)
    step = 1 if days > 0 else -1
    day = start
    for _ in range(abs(days)):
        day = cal.next_working_day(day) if step > 0 else cal.previous_working_day(day)
    return day


def working_days_between(start: date, end: date, calendar: WorkingCalendar | None = None) -> int:
    """The number of working days in ``(start, end]``; negative (-count of ``(end, start]``)
    when ``end < start``.

    ``working_days_between(due, today)`` is how many working days a case is overdue (> 0) or
    how many remain (< 0, as a negative number). For a working day ``d`` and any ``n``,
    ``working_days_between(d, add_working_days(d, n)) == n``.
    """
    if end < start:
        return -working_days_between(end, start, calendar)
    cal = _resolve(calendar)
    return sum(
        1
        for offset in range(1, (end - start).days + 1)
        if cal.is_working_day(start + timedelta(days=offset))
    )


def _fail(path: Path, line: int, field: str | None, problem: str) -> CalendarDataError:
    where = f"{path}, line {line}"
    if field is not None:
        where += f", field '{field}'"
    return CalendarDataError(f"{where}: {problem}")


def _scalar(path: Path, node: yaml.Node, field: str) -> str:
    if not isinstance(node, yaml.ScalarNode) or not str(node.value).strip():
        raise _fail(path, node.start_mark.line + 1, field, "expected a non-empty text value")
    return str(node.value).strip()


def _parse_entry(path: Path, node: yaml.Node) -> CalendarOverride:
    line = node.start_mark.line + 1
    if not isinstance(node, yaml.MappingNode):
        raise _fail(path, line, None, "each override must be a mapping with " + ", ".join(_FIELDS))
    values: dict[str, yaml.Node] = {}
    for key_node, value_node in node.value:
        key = str(key_node.value)
        if key not in _FIELDS:
            # Catches typos such as "kin:" that would otherwise drop a field silently.
            raise _fail(path, key_node.start_mark.line + 1, key, "unknown field")
        if key in values:
            raise _fail(path, key_node.start_mark.line + 1, key, "field given twice")
        values[key] = value_node
    for field in _FIELDS:
        if field not in values:
            raise _fail(path, line, field, "missing")

    date_text = _scalar(path, values["date"], "date")
    try:
        day = date.fromisoformat(date_text)
    except ValueError:
        raise _fail(
            path,
            values["date"].start_mark.line + 1,
            "date",
            f"{date_text!r} is not a date in YYYY-MM-DD form",
        ) from None
    kind = _scalar(path, values["kind"], "kind")
    if kind not in OVERRIDE_KINDS:
        raise _fail(
            path,
            values["kind"].start_mark.line + 1,
            "kind",
            f"{kind!r} is not one of {', '.join(OVERRIDE_KINDS)}",
        )
    return CalendarOverride(
        day=day,
        kind=kind,  # type: ignore[arg-type]  # checked against OVERRIDE_KINDS above
        reason=_scalar(path, values["reason"], "reason"),
        source=_scalar(path, values["source"], "source"),
    )


def load_overrides(path: Path) -> list[CalendarOverride]:
    """Read an overrides file (see data/calendar/vn-civil-service-days.yaml for the format).

    Raises CalendarDataError naming the file, the line and the field of the first problem.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise CalendarDataError(f"{path}: cannot read: {exc}") from exc
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 0
        raise _fail(path, line, None, f"invalid YAML: {exc.problem}") from exc
    if root is None:
        return []
    if not isinstance(root, yaml.MappingNode):
        raise _fail(path, root.start_mark.line + 1, None, "expected a mapping with 'overrides'")
    entries: yaml.Node | None = None
    for key_node, value_node in root.value:
        if key_node.value == "overrides":
            entries = value_node
    if entries is None:
        raise _fail(path, root.start_mark.line + 1, "overrides", "missing")
    if isinstance(entries, yaml.ScalarNode) and entries.tag.endswith(":null"):
        return []
    if not isinstance(entries, yaml.SequenceNode):
        raise _fail(path, entries.start_mark.line + 1, "overrides", "expected a list")

    result: list[CalendarOverride] = []
    seen: dict[date, int] = {}
    for node in entries.value:
        override = _parse_entry(path, node)
        line = node.start_mark.line + 1
        if override.day in seen:
            # Two entries for one day are a copy-paste error; the order would decide silently.
            raise _fail(
                path,
                line,
                "date",
                f"{override.day.isoformat()} already has an entry at line {seen[override.day]}",
            )
        seen[override.day] = line
        result.append(override)
    return result


@functools.cache
def default_calendar() -> WorkingCalendar:
    """Holidays plus the shipped civil-service overrides (read once per process)."""
    return WorkingCalendar(load_overrides(DEFAULT_OVERRIDES_PATH))
