"""/moi and /thamgia: an admin invites a person into a department with a one-time code."""

from __future__ import annotations

import html

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import Application, CallbackQueryHandler

from bot.commands import add_command, set_menu_for
from bot.context import BotContext
from bot.handlers.private_chat import in_group, private_only
from bot.handlers.staff.callbacks import InviteDept, InviteRole
from bot.keyboards import grid
from domain.access import ADMINS, EVERYONE
from domain.i18n import N_
from domain.model import Role
from domain.staff import RoleWord, read_role
from domain.text import clip
from services.invites import JoinOutcome, create_invite, redeem_invite


async def invite(update: Update, context: BotContext) -> None:
    """`/moi`: department buttons; `/moi <department code> [role]` (the role as people write it:
    "lanh dao", "lãnh đạo", "cán bộ"...): a one-time code that joins that department."""
    if not (message := update.effective_message) or not (actor := await context.actor()):
        return
    t = context.t
    departments = await context.store.departments.all()
    args = context.args or []
    if not args:
        buttons = [
            InlineKeyboardButton(clip(d.name, 30), callback_data=InviteDept(d.code).pack())
            for d in departments
        ]
        await message.reply_html(
            t._(
                "Invite someone into which department? (Or type it: <code>/moi TP</code>,"
                " <code>/moi VP lanh dao</code>.)"
            ),
            reply_markup=grid(buttons, 2),
        )
        return
    dept = await context.store.departments.get(args[0].upper())
    if dept is None:
        listing = "\n".join(f"<code>{d.code}</code> - {html.escape(d.name)}" for d in departments)
        await message.reply_html(
            t._("There is no department {code}. Departments:\n{departments}").format(
                code=html.escape(clip(args[0], 100)), departments=listing
            )
        )
        return
    role = read_role(args[1:])
    if role is RoleWord.ADMIN:
        text = (
            t._(
                "An invite code makes an official or a leader. Administrators are set by the IT"
                " officer in the units file (the unit's admins). Choose the role:"
            )
            if context.settings.unit  # one unit's bot of a deployment (bot/units)
            else t._(
                "An invite code makes an official or a leader. Administrators are set by the IT"
                " officer in the bot's settings (CCHC_ADMIN_IDS). Choose the role:"
            )
        )
        await message.reply_html(text, reply_markup=_role_buttons(context, dept.code))
        return
    if role is RoleWord.UNKNOWN:
        await message.reply_html(
            t._(
                'I did not understand the role "{words}": write <code>lanh dao</code> for a'
                " leader or <code>can bo</code> for an official, or choose:"
            ).format(words=html.escape(clip(" ".join(args[1:]), 60))),
            reply_markup=_role_buttons(context, dept.code),
        )
        return
    await _make_invite(update, context, actor.user_id, dept.code, dept.name, role)


def _role_buttons(context: BotContext, dept_code: str) -> InlineKeyboardMarkup:
    t = context.t
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t._("👤 Official"), callback_data=InviteRole(dept_code, "official").pack()
                ),
                InlineKeyboardButton(
                    t._("⭐ Leader"), callback_data=InviteRole(dept_code, "leader").pack()
                ),
            ]
        ]
    )


async def _make_invite(
    update: Update, context: BotContext, admin_id: int, dept_code: str, name: str, role: Role
) -> None:
    t = context.t
    created = await create_invite(
        context.store, admin_id, dept_code, role, context.now(), context.settings.invite_days
    )
    if message := update.effective_message:
        await message.reply_html(
            t._(
                "Invite code for {department} ({role}): <code>{code}</code>\nIt works once and"
                " expires at {expires}; you will be told who used it, and an unused code can be"
                " withdrawn in /canbo. The person types: <code>/thamgia {code}</code>"
            ).format(
                department=html.escape(name),
                role=t._("leader") if role is Role.LEADER else t._("official"),
                code=created.code,
                expires=t.datetime(created.expires_at),
            )
        )


async def _pressing_admin(update: Update, context: BotContext) -> int | None:
    """The admin pressing an invite button in a private chat, or None (told why)."""
    query = update.callback_query
    actor = await context.actor()
    if query is None:
        return None
    if actor is None or actor.role is not Role.ADMIN or in_group(update):
        await query.answer(context.t._("Sorry, only administrators can do this."))
        return None
    await query.answer()
    return actor.user_id


async def invite_dept_pressed(update: Update, context: BotContext) -> None:
    if (await _pressing_admin(update, context)) is None or not update.callback_query:
        return
    pressed = InviteDept.parse(update.callback_query.data)
    dept = await context.store.departments.get(pressed.dept) if pressed else None
    if dept is not None and (message := update.effective_message):
        await message.reply_html(
            context.t._("Invite into {department} as:").format(department=html.escape(dept.name)),
            reply_markup=_role_buttons(context, dept.code),
        )


async def invite_role_pressed(update: Update, context: BotContext) -> None:
    admin_id = await _pressing_admin(update, context)
    if admin_id is None or not update.callback_query:
        return
    pressed = InviteRole.parse(update.callback_query.data)
    dept = await context.store.departments.get(pressed.dept) if pressed else None
    if pressed is None or dept is None or pressed.role not in ("official", "leader"):
        return
    await _make_invite(update, context, admin_id, dept.code, dept.name, Role(pressed.role))


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
        context.store,
        " ".join(context.args),
        user.id,
        user.full_name,
        user.username,
        context.now(),
        t,  # the admin who made the code is told who used it (audit A3, H5)
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
        context.services.sender.wake()
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
    app.add_handler(CallbackQueryHandler(invite_dept_pressed, pattern=InviteDept.pattern()))
    app.add_handler(CallbackQueryHandler(invite_role_pressed, pattern=InviteRole.pattern()))
    add_command(
        app, "thamgia", N_("Join a department with an invite code"), EVERYONE, private_only(join)
    )
