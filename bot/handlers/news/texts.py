"""How a news post reads in the chat, in the preview and on /tintuc."""

from __future__ import annotations

import html

from domain.i18n import Translator


def render(t: Translator, title: str, body: str, link: str) -> str:
    text = f"<b>{html.escape(title)}</b>\n{html.escape(body)}"
    if link:
        text += '\n<a href="{}">{}</a>'.format(html.escape(link), t._("Read more"))
    return text
