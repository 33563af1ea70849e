"""Inline keyboards built from the command registry."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.commands import CommandRegistry
from domain.i18n import Translator
from domain.model import Role

MENU_PREFIX = "cmd:"


def grid(buttons: Sequence[InlineKeyboardButton], width: int = 2) -> InlineKeyboardMarkup:
    """Buttons in rows of `width`: two fit a thumb on a small phone, three for short labels."""
    return InlineKeyboardMarkup(
        [list(buttons[i : i + width]) for i in range(0, len(buttons), width)]
    )


def main_menu(registry: CommandRegistry, role: Role, t: Translator) -> InlineKeyboardMarkup:
    """Two buttons a row: big enough for a thumb on a small phone."""
    buttons = [
        InlineKeyboardButton(t._(spec.button), callback_data=MENU_PREFIX + spec.name)
        for spec in registry.buttons_for(role)
        if spec.button
    ]
    return grid(buttons, 2)
