"""`cchc-bot console`: a chat with the bot in the terminal, through the Bot API emulator.

`chat` is the terminal side (roles, numbered buttons, files); `local_chat` drives the real
Application through the emulator, and the end-to-end tests use it too.
"""

from bot.console.chat import Console, run_console
from bot.console.local_chat import LocalChat, buttons_of, display_name

__all__ = ["Console", "LocalChat", "buttons_of", "display_name", "run_console"]
