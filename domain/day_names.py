"""What a day off or a make-up working day is called on screen.

An administrator may add a day (/ngaynghi, /ngaylam) without writing a reason. The database then
keeps the reason empty and the source as the code ADMIN_SOURCE, never a translated word: the
name is chosen when the day is shown, in the reader's language. Rows written before this rule
hold Vietnamese words, and are shown as written.
"""

from __future__ import annotations

from datetime import date

from domain.i18n import N_, Translator
from domain.working_days import WorkingCalendar

ADMIN_SOURCE = "admin"  # the source of a day an administrator added at run time

DEFAULT_REASONS = {
    "day_off": N_("Compensatory day off"),
    "working_day": N_("Make-up working day"),
}
SOURCE_NAMES = {ADMIN_SOURCE: N_("added by an administrator")}


def reason_text(t: Translator, kind: str, reason: str) -> str:
    """The reason as written, or the usual name of the kind of day when none was written."""
    if reason:
        return reason
    default = DEFAULT_REASONS.get(kind)
    return t._(default) if default else ""


def source_text(t: Translator, source: str) -> str:
    """Where an entry comes from: a known code translated, a shipped document's name as is."""
    name = SOURCE_NAMES.get(source)
    return t._(name) if name else source


def day_off_name(t: Translator, calendar: WorkingCalendar, day: date) -> str | None:
    """WorkingCalendar.holiday_name for display: an added day off without a reason is called by
    its kind ("Compensatory day off", translated)."""
    override = calendar.override_for(day)
    if override is not None and override.kind == "day_off":
        return reason_text(t, override.kind, override.reason)
    return calendar.holiday_name(day)
