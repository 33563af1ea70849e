"""/moi and /thamgia: an admin invites a person into a department with a one-time code."""

from __future__ import annotations

import html

from telegram import InlineKeyboardButton, Update
from telegram.ext import Application

from bot.commands import add_command, set_menu_for
from bot.context import BotContext
from bot.handlers.private_chat import private_only
from bot.keyboards import grid
from domain.access import ADMINS, EVERYONE
from domain.buttons import RunCommand
from domain.i18n import N_
from domain.model import Role
from domain.text import clip
from services.invites import JoinOutcome, create_invite, redeem_invite

LEADER_WORDS = {"lanhdao", "lãnhđạo", "lanh_dao", "leader"}


async def invite(update: Update, context: BotContext) -> None:
    """`/moi <department code> [lanhdao]`: a one-time code that joins that department."""
    if not (message := update.effective_message) or not (actor := await context.actor()):
        return
    t = context.t
    departments = await context.store.departments.all()
    listing = "\n".join(f"<code>{d.code}</code> - {html.escape(d.name)}" for d in departments)
    args = context.args or []
    if not args:
        # By buttons too (issue 10): an official's or a leader's invite for each department.
        buttons = []
        for d in departments:
            buttons.append(
                InlineKeyboardButton(
                    t._("👤 {dept}: official").format(dept=d.code),
                    callback_data=RunCommand(f"/moi {d.code}").pack(),
                )
            )
            buttons.append(
                InlineKeyboardButton(
                    t._("👔 {dept}: leader").format(dept=d.code),
                    callback_data=RunCommand(f"/moi {d.code} lanhdao").pack(),
                )
            )
        await message.reply_html(
            t._(
                "Write the department's code, for example <code>/moi TP</code>."
                " Add <code>lanhdao</code> to invite a leader. Departments:\n{departments}"
            ).format(departments=listing)
            + "\n\n"
            + t._("Or press who to invite:"),
            reply_markup=grid(buttons, 2),
        )
        return
    dept = await context.store.departments.get(args[0].upper())
    if dept is None:
        await message.reply_html(
            t._("There is no department {code}. Departments:\n{departments}").format(
                code=html.escape(clip(args[0], 100)), departments=listing
            )
        )
        return
    role = Role.LEADER if len(args) > 1 and args[1].lower() in LEADER_WORDS else Role.OFFICIAL
    created = await create_invite(
        context.store, actor.user_id, dept.code, role, context.now(), context.settings.invite_days
    )
    await message.reply_html(
        t._(
            "Invite code for {department} ({role}): <code>{code}</code>\nIt works once and"
            " expires at {expires}. The person types: <code>/thamgia {code}</code>"
        ).format(
            department=html.escape(dept.name),
            role=t._("leader") if role is Role.LEADER else t._("official"),
            code=created.code,
            expires=t.datetime(created.expires_at),
        )
    )


async def join(update: Update, context: BotContext) -> None:
    """`/thamgia <code>`: join a department with an invite code."""
    if not (message := update.effective_message) or not (user := update.effective_user):
        return
    t = context.t
    if not context.args:
        await message.reply_html(
            t._("Type the invite code you were given, for example <code>/thamgia ABCD-2345</code>.")
        )
        return
    result = await redeem_invite(
        context.store, context.args[0], user.id, user.full_name, user.username, context.now()
    )
    if result.outcome is JoinOutcome.UNKNOWN:
        text = t._("This invite code does not exist. Check it and try again, or ask for a new one.")
    elif result.outcome is JoinOutcome.USED:
        text = t._("This invite code has already been used. Ask the administrator for a new one.")
    elif result.outcome is JoinOutcome.EXPIRED:
        text = t._("This invite code has expired. Ask the administrator for a new one.")
    elif result.outcome is JoinOutcome.LIMITED:
        text = t._("Too many wrong invite codes. Please wait an hour, then try again.")
    else:
        assert result.invite is not None
        dept = await context.store.departments.get(result.invite.dept_code)
        await set_menu_for(
            context.bot,
            context.services.commands,
            user.id,
            result.invite.role,
            context.settings.timezone,
        )
        text = t._(
            "Welcome! You have joined {department} as {role}. Type /trogiup to see your commands."
        ).format(
            department=dept.name if dept else result.invite.dept_code,
            role=t._("leader") if result.invite.role is Role.LEADER else t._("official"),
        )
    await message.reply_text(text)


def register(app: Application) -> None:
    # Private chats only (audit H5): a code shown in a group is anyone's to redeem.
    add_command(
        app,
        "moi",
        N_("Create an invite code for a department"),
        ADMINS,
        private_only(invite),
        button=N_("🎟 Invite staff"),
    )
    add_command(
        app, "thamgia", N_("Join a department with an invite code"), EVERYONE, private_only(join)
    )
