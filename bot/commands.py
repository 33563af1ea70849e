"""The bot's commands: who may use each, its menu entry, and the per-role command menus."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any

from telegram import Bot, BotCommand, BotCommandScopeChat, BotCommandScopeDefault, Update
from telegram.error import TelegramError
from telegram.ext import Application, CommandHandler

from bot.context import BotContext
from domain.access import LEADERS
from domain.i18n import translator
from domain.model import Role

log = logging.getLogger(__name__)

Callback = Callable[[Update, BotContext], Coroutine[Any, Any, object]]


@dataclass(frozen=True)
class CommandSpec:
    name: str  # Latin: Telegram allows a-z, 0-9 and _
    description: str  # English message id, shown translated in the menu and /trogiup
    roles: frozenset[Role]
    callback: Callback
    button: str | None = None  # label of a main-menu button, if the command has one
    hidden: bool = False  # works, but stays out of the command menu (e.g. /start)


# How the menus read: what people come for first, housekeeping last.
MENU_ORDER = (
    "thutuc", "phananh", "theodoi", "danhgia",
    "nhiemvu", "baocao", "solieu", "xuly", "cauhoi", "tongquan", "xuatbaocao", "giao", "lichsu",
    "chitieu", "tintuc", "dangtin", "dangky", "huydangky",
    "lienket", "canbo", "moi", "ngaynghi", "ngaylam", "hangdoi",
    "thamgia", "dulieucuatoi", "trogiup",
)  # fmt: skip


def _menu_position(spec: CommandSpec) -> int:
    return MENU_ORDER.index(spec.name) if spec.name in MENU_ORDER else len(MENU_ORDER)


class CommandRegistry:
    def __init__(self) -> None:
        self._specs: dict[str, CommandSpec] = {}

    def add(self, spec: CommandSpec) -> None:
        if spec.name in self._specs:
            raise ValueError(f"command /{spec.name} registered twice")
        self._specs[spec.name] = spec

    def get(self, name: str) -> CommandSpec | None:
        return self._specs.get(name)

    def names(self) -> list[str]:
        return list(self._specs)

    def for_role(self, role: Role) -> list[CommandSpec]:
        specs = [s for s in self._specs.values() if role in s.roles and not s.hidden]
        return sorted(specs, key=_menu_position)

    def buttons_for(self, role: Role) -> list[CommandSpec]:
        return [s for s in self.for_role(role) if s.button]


def refusal(context: BotContext, role: Role, allowed: frozenset[Role]) -> str:
    _ = context.t._
    if role is Role.CITIZEN:
        return _(
            "Sorry, this command is for the ward's officials. Type /trogiup to see what you can do."
        )
    if allowed == {Role.ADMIN}:
        return _(
            "Sorry, this command is for the ward's administrators."
            " Type /trogiup to see what you can do."
        )
    if allowed <= LEADERS:
        return _(
            "Sorry, this command is for the ward's leaders and administrators."
            " Type /trogiup to see what you can do."
        )
    return _("Sorry, you may not use this command. Type /trogiup to see what you can do.")


def guarded(spec_roles: frozenset[Role], callback: Callback) -> Callback:
    """Refuse politely when the sender's role may not use the command."""

    @functools.wraps(callback)
    async def wrapper(update: Update, context: BotContext) -> object:
        actor = await context.actor()
        if actor is None:
            return None
        if actor.role not in spec_roles:
            if message := update.effective_message:
                await message.reply_text(refusal(context, actor.role, spec_roles))
            if update.callback_query:
                await update.callback_query.answer()
            return None
        return await callback(update, context)

    return wrapper


def add_command(
    app: Application,
    name: str,
    description: str,
    roles: frozenset[Role],
    callback: Callback,
    *,
    button: str | None = None,
    hidden: bool = False,
    group: int = 0,
) -> CommandSpec:
    """Register a command handler (role-checked) and its menu entry."""
    spec = menu_entry(app, name, description, roles, callback, button=button, hidden=hidden)
    app.add_handler(CommandHandler(name, spec.callback), group=group)
    return spec


def menu_entry(
    app: Application,
    name: str,
    description: str,
    roles: frozenset[Role],
    callback: Callback,
    *,
    button: str | None = None,
    hidden: bool = False,
) -> CommandSpec:
    """The menu entry and role check of a command whose handler a ConversationHandler owns:
    use `spec.callback` (role-checked) as the conversation's entry point."""
    spec = CommandSpec(name, description, roles, guarded(roles, callback), button, hidden)
    app.bot_data.commands.add(spec)
    return spec


def _menu(registry: CommandRegistry, role: Role, tz: object) -> list[BotCommand]:
    t = translator(None, tz)  # type: ignore[arg-type]
    return [BotCommand(s.name, t._(s.description)[:256]) for s in registry.for_role(role)]


async def set_default_menu(bot: Bot, registry: CommandRegistry, tz: object) -> None:
    """Everyone starts with the citizen's menu."""
    await bot.set_my_commands(_menu(registry, Role.CITIZEN, tz), scope=BotCommandScopeDefault())


async def set_menu_for(
    bot: Bot, registry: CommandRegistry, user_id: int, role: Role, tz: object
) -> None:
    """A staff member's private chat shows their role's menu."""
    try:
        await bot.set_my_commands(
            _menu(registry, role, tz), scope=BotCommandScopeChat(chat_id=user_id)
        )
    except TelegramError as error:  # the menu is a convenience: never fail a role change on it
        log.warning("could not set the command menu for %s: %s", user_id, error)
