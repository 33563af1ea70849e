"""Inline keyboards built from the command registry."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.commands import CommandRegistry
from domain.buttons import ButtonData
from domain.i18n import Translator
from domain.model import Role


@dataclass(frozen=True)
class MenuCommand(ButtonData, prefix="cmd"):
    """A main-menu button: run the command it names, as if typed (`cmd:<name>`)."""

    name: str

    @classmethod
    def pattern_for(cls, name: str) -> str:
        """The pattern of this one command's button (a flow's entry point)."""
        return f"^{re.escape(cls(name).pack())}$"


def grid(buttons: Sequence[InlineKeyboardButton], width: int = 2) -> InlineKeyboardMarkup:
    """Buttons in rows of `width`: two fit a thumb on a small phone, three for short labels."""
    return InlineKeyboardMarkup(
        [list(buttons[i : i + width]) for i in range(0, len(buttons), width)]
    )


def main_menu(registry: CommandRegistry, role: Role, t: Translator) -> InlineKeyboardMarkup:
    """Two buttons a row: big enough for a thumb on a small phone."""
    buttons = [
        InlineKeyboardButton(t._(spec.button), callback_data=MenuCommand(spec.name).pack())
        for spec in registry.buttons_for(role)
        if spec.button
    ]
    return grid(buttons, 2)
