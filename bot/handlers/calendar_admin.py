"""/ngaynghi and /ngaylam: admins add the compensatory days off and make-up working days the
government announces, on top of the shipped calendar (domain/working_days.py); the use cases
are in services/calendar.py.

`/ngaynghi 2026-01-02 nghi bu Tet Duong lich` adds a day off; `/ngaylam 2026-01-10 lam bu` a
working day; either without arguments lists what admins added, with a button to remove each.
Deadlines and reminders use the new calendar from their next scan.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import date, timedelta

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import Application, CallbackQueryHandler

from bot.commands import add_command
from bot.context import BotContext
from domain.access import ADMINS
from domain.buttons import ButtonData
from domain.day_names import day_off_name, reason_text
from domain.i18n import N_
from domain.model import Role
from domain.text import clean_line
from services.calendar import (
    REASON_MAX,
    AddedKind,
    DayOutcome,
    add_day,
    added_days,
    remove_day,
)

DAY_FORMS = (
    re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})$"),
    re.compile(r"^(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>\d{4})$"),
)


@dataclass(frozen=True)
class RemoveDay(ButtonData, prefix="cal:del"):
    """Remove an administrator's entry: `cal:del:2026-01-02` (the day is parsed, never trusted)."""

    day: str


def parse_day(text: str) -> date | None:
    for form in DAY_FORMS:
        if match := form.match(text.strip()):
            try:
                return date(int(match["y"]), int(match["m"]), int(match["d"]))
            except ValueError:
                return None
    return None


async def add_day_off(update: Update, context: BotContext) -> None:
    """`/ngaynghi <date> <reason>`: an announced day off for civil servants."""
    await _add(update, context, "day_off")


async def add_working_day(update: Update, context: BotContext) -> None:
    """`/ngaylam <date> <reason>`: a make-up working day (usually a Saturday)."""
    await _add(update, context, "working_day")


async def _add(update: Update, context: BotContext, kind: AddedKind) -> None:
    if not (message := update.effective_message) or not (actor := await context.actor()):
        return
    t = context.t
    args = context.args or []
    if not args:
        await _list(update, context)
        return
    day = parse_day(args[0])
    if day is None:
        await message.reply_html(
            t._(
                "{text} is not a date. Write it as 2026-01-02 or 02/01/2026, for example:"
                " <code>/ngaynghi 2026-01-02 nghi bu Tet Duong lich</code>"
            ).format(text=html.escape(args[0]))
        )
        return
    reason = clean_line(" ".join(args[1:]), REASON_MAX + 1)
    change = await add_day(context.store, actor.user_id, day, kind, reason, context.now())
    if change.outcome is DayOutcome.TOO_FAR:
        text = t._("{date} is too far from today: add days of this year or the next.").format(
            date=t.date(day)
        )
    elif change.outcome is DayOutcome.REASON_TOO_LONG:
        text = t._("The reason is too long: at most {n} characters.").format(n=REASON_MAX)
    elif change.outcome is DayOutcome.ALREADY_OFF:
        assert change.calendar is not None
        name = day_off_name(t, change.calendar, day) or (
            t._("a weekend") if day.weekday() >= 5 else t._("a day off")
        )
        text = t._("{date} is already a day off ({name}): nothing to add.").format(
            date=t.weekday_date(day), name=name
        )
    elif change.outcome is DayOutcome.ALREADY_WORKING:
        text = t._("{date} is already a working day: nothing to add.").format(
            date=t.weekday_date(day)
        )
    else:
        if kind == "day_off":
            text = t._(
                "Saved: {date} is a day off ({reason}). Deadlines and reminders count it from"
                " now on."
            )
        else:
            text = t._(
                "Saved: {date} is a working day ({reason}). Deadlines and reminders count it from"
                " now on."
            )
        text = text.format(date=t.weekday_date(day), reason=reason_text(t, kind, change.reason))
    await message.reply_text(text)


async def _list(update: Update, context: BotContext) -> None:
    if not (message := update.effective_message):
        return
    t = context.t
    entries = await added_days(context.store, context.now().date() - timedelta(days=31))
    lines = [
        t._(
            "<b>Days off and make-up working days added by administrators</b>\n"
            "Add: <code>/ngaynghi 2026-01-02 reason</code> (day off) or"
            " <code>/ngaylam 2026-01-10 reason</code> (working day)."
        )
    ]
    buttons = []
    if not entries:
        lines.append(t._("None yet: the shipped calendar and the public holidays apply."))
    for entry in entries:
        label = t._("day off") if entry.kind == "day_off" else t._("working day")
        if entry.kind == "not_holiday":
            label = t._("not a holiday")
        reason = reason_text(t, entry.kind, entry.reason)
        lines.append(f"• {t.weekday_date(entry.day)}: {label} - {html.escape(reason)}")
        buttons.append(
            [
                InlineKeyboardButton(
                    t._("Remove {date}").format(date=t.date(entry.day)),
                    callback_data=RemoveDay(entry.day.isoformat()).pack(),
                )
            ]
        )
    await message.reply_html(
        "\n".join(lines), reply_markup=InlineKeyboardMarkup(buttons) if buttons else None
    )


async def remove_button(update: Update, context: BotContext) -> None:
    """A "Remove" button: the admin role is checked again, the date parsed, never trusted."""
    query = update.callback_query
    if query is None or not query.data:
        return
    actor = await context.actor()
    t = context.t
    if actor is None or actor.role is not Role.ADMIN:
        await query.answer(t._("Sorry, only administrators can change the calendar."))
        return
    pressed = RemoveDay.parse(query.data)
    day = parse_day(pressed.day) if pressed else None
    if day is None:
        await query.answer(t._("This button is no longer valid. Type /start."))
        return
    removed = await remove_day(context.store, actor.user_id, day, context.now())
    await query.answer()
    if message := update.effective_message:
        text = (
            t._("Removed: {date} follows the usual calendar again.")
            if removed
            else t._("{date} had no entry: nothing to remove.")
        )
        await message.reply_text(text.format(date=t.weekday_date(day)))


def register(app: Application) -> None:
    add_command(
        app,
        "ngaynghi",
        N_("Add a compensatory day off (admin)"),
        ADMINS,
        add_day_off,
        button=N_("📅 Working calendar"),
    )
    add_command(app, "ngaylam", N_("Add a make-up working day (admin)"), ADMINS, add_working_day)
    app.add_handler(CallbackQueryHandler(remove_button, pattern=RemoveDay.pattern()))
