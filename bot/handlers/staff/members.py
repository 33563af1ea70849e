"""/canbo: the ward's staff by department; a member's card moves them, makes them a leader or an
official, or removes their access (after a confirmation); the unused invite codes can be
withdrawn. Every button checks again that the presser is an admin, in a private chat."""

from __future__ import annotations

import html

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import Application, CallbackQueryHandler

from bot.commands import add_command, set_menu_for
from bot.context import BotContext
from bot.handlers.private_chat import in_group, private_only
from bot.handlers.staff.callbacks import (
    PendingInvites,
    RevokeInvite,
    StaffAction,
    StaffDept,
    StaffHome,
    StaffMember,
    StaffMoveTo,
)
from bot.keyboards import MenuCommand, grid
from domain.access import ADMINS
from domain.i18n import N_
from domain.model import Role, User
from domain.text import clip
from services.staff import Change, change_member, revoke_invite, role_name

Button = InlineKeyboardButton


async def _admin(update: Update, context: BotContext) -> bool:
    """Whether the presser is an admin in a private chat (never trust the button)."""
    query = update.callback_query
    actor = await context.actor()
    if actor is None or actor.role is not Role.ADMIN or in_group(update):
        if query:
            await query.answer(context.t._("Sorry, only administrators can do this."))
        return False
    if query:
        await query.answer()
    return True


async def _reply(update: Update, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
    if message := update.effective_message:
        await message.reply_html(text, reply_markup=markup)


def _who(user: User) -> str:
    username = f" @{user.username}" if user.username else ""
    return f"{html.escape(user.full_name or '?')}{html.escape(username)}"


async def staff_home(update: Update, context: BotContext) -> None:
    """`/canbo`: how many staff each department has, a button for each, and the open codes."""
    t = context.t
    staff = await context.store.users.staff()
    departments = await context.store.departments.all()
    pending = await context.store.invites.pending(context.now())
    lines = [t._("<b>Ward staff with access to the bot</b>, by department:")]
    buttons = []
    for dept in departments:
        count = sum(1 for u in staff if u.dept_code == dept.code)
        lines.append(
            t._("• {department}: {n} people").format(department=html.escape(dept.name), n=count)
        )
        label = f"{clip(dept.name, 28)} ({count})"
        buttons.append(Button(label, callback_data=StaffDept(dept.code).pack()))
    if context.settings.unit:  # one unit's bot of a deployment (bot/units)
        lines.append(t._("Administrators are set by the IT officer (the unit's admins)."))
    else:
        lines.append(t._("Administrators are set by the IT officer (CCHC_ADMIN_IDS)."))
    buttons.append(
        Button(
            t._("🎟 Unused invite codes ({n})").format(n=len(pending)),
            callback_data=PendingInvites().pack(),
        )
    )
    buttons.append(Button(t._("➕ Invite someone"), callback_data=MenuCommand("moi").pack()))
    await _reply(update, "\n".join(lines), grid(buttons, 2))


async def home_pressed(update: Update, context: BotContext) -> None:
    if await _admin(update, context):
        await staff_home(update, context)


async def show_department(update: Update, context: BotContext) -> None:
    query = update.callback_query
    if not query or not await _admin(update, context):
        return
    pressed = StaffDept.parse(query.data)
    dept = await context.store.departments.get(pressed.dept) if pressed else None
    if dept is None:
        return
    t = context.t
    members = [u for u in await context.store.users.members(dept.code) if u.role.is_staff]
    lines = [t._("<b>{department}</b>: {n} people").format(
        department=html.escape(dept.name), n=len(members)
    )]  # fmt: skip
    if not members:
        lines.append(t._("No one yet. Invite someone with ➕."))
    buttons = []
    for user in members:
        lines.append(f"• {_who(user)}: {role_name(t, user.role)}")
        label = f"{clip(user.full_name or str(user.tg_id), 30)} · {role_name(t, user.role)}"
        buttons.append([Button(label, callback_data=StaffMember(user.tg_id).pack())])
    buttons.append([Button(t._("⬅️ Departments"), callback_data=StaffHome().pack())])
    await _reply(update, "\n".join(lines), InlineKeyboardMarkup(buttons))


async def _member_card(update: Update, context: BotContext, user: User) -> None:
    t = context.t
    dept = await context.store.departments.get(user.dept_code) if user.dept_code else None
    text = t._(
        "<b>{name}</b>\nTelegram id: <code>{id}</code>\nDepartment: {department}\nRole: {role}"
    ).format(
        name=_who(user),
        id=user.tg_id,
        department=html.escape(dept.name if dept else "-"),
        role=role_name(t, user.role),
    )
    other = Role.OFFICIAL if user.role is Role.LEADER else Role.LEADER
    toggle = t._("👤 Make an official") if other is Role.OFFICIAL else t._("⭐ Make a leader")
    rows = [
        [Button(toggle, callback_data=StaffAction(other.value, user.tg_id).pack())],
        [Button(t._("🔀 Move to another department"),
                callback_data=StaffAction("move", user.tg_id).pack())],
        [Button(t._("🚫 Remove access"), callback_data=StaffAction("remove", user.tg_id).pack())],
    ]  # fmt: skip
    if dept is not None:
        rows.append([Button(f"⬅️ {clip(dept.name, 40)}", callback_data=StaffDept(dept.code).pack())])
    await _reply(update, text, InlineKeyboardMarkup(rows))


async def _staff_member(context: BotContext, user_id: int) -> User | None:
    user = await context.store.users.get(user_id)
    return user if user is not None and user.role.is_staff else None


async def show_member(update: Update, context: BotContext) -> None:
    query = update.callback_query
    if not query or not await _admin(update, context):
        return
    pressed = StaffMember.parse(query.data)
    user = await _staff_member(context, pressed.user_id) if pressed else None
    if user is None:
        await _reply(update, context.t._("This person is no longer staff. See /canbo."))
        return
    await _member_card(update, context, user)


async def member_action(update: Update, context: BotContext) -> None:
    query = update.callback_query
    if not query or not await _admin(update, context):
        return
    t = context.t
    pressed = StaffAction.parse(query.data)
    user = await _staff_member(context, pressed.user_id) if pressed else None
    if pressed is None or user is None:
        await _reply(update, t._("This person is no longer staff. See /canbo."))
        return
    if pressed.action == "move":
        departments = await context.store.departments.all()
        buttons = [
            Button(clip(d.name, 30), callback_data=StaffMoveTo(user.tg_id, d.code).pack())
            for d in departments
            if d.code != user.dept_code
        ]
        buttons.append(Button(t._("↩️ Cancel"), callback_data=StaffMember(user.tg_id).pack()))
        text = t._("Move {name} to which department?").format(name=_who(user))
        await _reply(update, text, grid(buttons, 2))
    elif pressed.action == "remove":
        rows = [
            [Button(t._("✅ Yes, remove access"),
                    callback_data=StaffAction("remove_ok", user.tg_id).pack())],
            [Button(t._("↩️ No, keep it"), callback_data=StaffMember(user.tg_id).pack())],
        ]  # fmt: skip
        text = t._(
            "Remove the access of {name}? They will no longer see complaints, tasks or reports"
            " from their next message, and become a citizen in the bot."
        ).format(name=_who(user))
        await _reply(update, text, InlineKeyboardMarkup(rows))
    elif pressed.action == "remove_ok":
        await _apply(update, context, user, Role.CITIZEN, None)
    elif pressed.action in (Role.LEADER.value, Role.OFFICIAL.value):
        await _apply(update, context, user, Role(pressed.action), user.dept_code)


async def move_to(update: Update, context: BotContext) -> None:
    query = update.callback_query
    if not query or not await _admin(update, context):
        return
    pressed = StaffMoveTo.parse(query.data)
    user = await _staff_member(context, pressed.user_id) if pressed else None
    if pressed is None or user is None:
        await _reply(update, context.t._("This person is no longer staff. See /canbo."))
        return
    await _apply(update, context, user, user.role, pressed.dept)


async def _apply(
    update: Update, context: BotContext, user: User, role: Role, dept_code: str | None
) -> None:
    t = context.t
    actor = await context.actor()
    assert actor is not None
    result = await change_member(
        context.store, t, actor.user_id, user.tg_id, role, dept_code, context.now()
    )
    if result.outcome is Change.GONE:
        await _reply(update, t._("This person is no longer staff. See /canbo."))
        return
    if result.outcome is Change.UNCHANGED:
        await _reply(update, t._("Nothing changed: {name} is already so.").format(name=_who(user)))
        return
    context.services.sender.wake()
    await set_menu_for(
        context.bot, context.services.commands, user.tg_id, role, context.settings.timezone
    )
    back = InlineKeyboardMarkup([[Button(t._("⬅️ Departments"), callback_data=StaffHome().pack())]])
    if role is Role.CITIZEN:
        text = t._("Done: {name} no longer has staff access. They have been told.").format(
            name=_who(user)
        )
    else:
        dept = await context.store.departments.get(dept_code or "")
        text = t._("Done: {name} is now {role} of {department}. They have been told.").format(
            name=_who(user),
            role=role_name(t, role),
            department=html.escape(dept.name if dept else ""),
        )
    await _reply(update, text, back)


async def pending_invites(update: Update, context: BotContext) -> None:
    if not await _admin(update, context):
        return
    t = context.t
    pending = await context.store.invites.pending(context.now())
    if not pending:
        await _reply(update, t._("There are no unused invite codes."))
        return
    lines = [t._("<b>Unused invite codes</b>:")]
    buttons = []
    for invite in pending:
        dept = await context.store.departments.get(invite.dept_code)
        lines.append(
            t._("• <code>{code}</code>: {department}, {role}, expires {expires}").format(
                code=invite.code,
                department=html.escape(dept.name if dept else invite.dept_code),
                role=role_name(t, invite.role),
                expires=t.datetime(invite.expires_at),
            )
        )
        label = t._("❌ Withdraw {code}").format(code=invite.code)
        buttons.append(Button(label, callback_data=RevokeInvite(invite.code).pack()))
    buttons.append(Button(t._("⬅️ Departments"), callback_data=StaffHome().pack()))
    await _reply(update, "\n".join(lines), grid(buttons, 1))


async def revoke_pressed(update: Update, context: BotContext) -> None:
    query = update.callback_query
    if not query or not await _admin(update, context):
        return
    t = context.t
    pressed = RevokeInvite.parse(query.data)
    actor = await context.actor()
    assert actor is not None
    revoked = (
        await revoke_invite(context.store, actor.user_id, pressed.code, context.now())
        if pressed
        else None
    )
    if revoked is None:
        await _reply(update, t._("This code has already been used or withdrawn. See /canbo."))
        return
    await _reply(
        update,
        t._("Done: the code <code>{code}</code> is withdrawn and no longer works.").format(
            code=revoked.code
        ),
    )


def register(app: Application) -> None:
    add_command(
        app,
        "canbo",
        N_("Staff by department: move, change role, remove access, invites (admin)"),
        ADMINS,
        private_only(staff_home),
        button=N_("👥 Staff"),
    )
    for handler, family in (
        (home_pressed, StaffHome),
        (show_department, StaffDept),
        (show_member, StaffMember),
        (member_action, StaffAction),
        (move_to, StaffMoveTo),
        (pending_invites, PendingInvites),
        (revoke_pressed, RevokeInvite),
    ):
        app.add_handler(CallbackQueryHandler(handler, pattern=family.pattern()))
