"""Inline keyboards built from the command registry."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.commands import CommandRegistry
from domain.i18n import Translator
from domain.model import Role

MENU_PREFIX = "cmd:"


def main_menu(registry: CommandRegistry, role: Role, t: Translator) -> InlineKeyboardMarkup:
    """Two buttons a row: big enough for a thumb on a small phone."""
    buttons = [
        InlineKeyboardButton(t._(spec.button), callback_data=MENU_PREFIX + spec.name)
        for spec in registry.buttons_for(role)
        if spec.button
    ]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    return InlineKeyboardMarkup(rows)
