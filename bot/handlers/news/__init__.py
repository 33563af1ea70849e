"""CCHC news: /dangtin to post (title, text, optional link and photo), /tintuc to read,
/dangky and /huydangky for the weekly digest.

Who may post: admins, and the officials and leaders of the departments in CCHC_NEWS_DEPTS (the
culture-society officer, VHXH, by default; domain.access.may_post_news). The use cases are in
services/news.py; post_flow.py is the guided /dangtin flow, reading.py the rest.
"""

from __future__ import annotations

from telegram.ext import Application

from bot.commands import add_command
from bot.handlers.news import post_flow, reading
from domain.access import EVERYONE
from domain.i18n import N_


def register(app: Application) -> None:
    post_flow.register(app)
    add_command(
        app, "tintuc", N_("Latest CCHC news"), EVERYONE, reading.latest_news, button=N_("📰 News")
    )
    add_command(app, "dangky", N_("Receive the weekly CCHC digest"), EVERYONE, reading.subscribe)
    add_command(app, "huydangky", N_("Stop the weekly CCHC digest"), EVERYONE, reading.unsubscribe)
