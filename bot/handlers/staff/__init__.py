"""Staff lifecycle for admins (issue 10 item 8; field test A3, audit H5): /canbo lists members by
department and changes them by buttons; /moi makes invite codes by buttons or typed."""

from __future__ import annotations

from telegram.ext import Application

from bot.handlers.staff import members


def register(app: Application) -> None:
    members.register(app)
