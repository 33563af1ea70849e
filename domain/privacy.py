"""Personal data (Decree 13/2023/NĐ-CP, the Law on Personal Data Protection): where it may be
shown, how long it is kept, and the links that move a group's reader to their private chat.

- A complaint's content, phone, location and photos, and a citizen's question, are shown in a
  private chat only. In a group the bot says "PA-2611-0042 ... open it in a private chat" with a
  URL button: `https://t.me/<bot>?start=xl_PA-2611-0042` (or `qa_<id>` for a question).
- The personal data of a closed complaint, an answered question, a survey answer is removed
  `retention_months` after it was closed or answered (CCHC_RETENTION_MONTHS, 24 by default); the
  audit entries stay, without the person.
- Buttons the use cases queue (the outbox) cannot know the bot's @username: a value
  `start:<payload>` becomes that URL when the sender sends it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

COMPLAINT_LINK = "xl_"  # /start xl_<code>: an official opens a complaint in their private chat
QUESTION_LINK = "qa_"  # /start qa_<id>: an official opens a citizen's question
START_BUTTON = "start:"  # an outbox button value: the bot's deep link with this payload
DEFAULT_RETENTION_MONTHS = 24
SENT_PAYLOAD_DAYS = 30  # the text of a sent outbox message is kept this long, then blanked
ERASED = "…"  # what stays of an erased text


def is_private(chat_type: str | None) -> bool:
    """Only a private chat (one person and the bot) may show personal data."""
    return chat_type == "private"


def start_button(payload: str) -> str:
    """An outbox button value that opens the bot's private chat on `payload`."""
    return START_BUTTON + payload


def deep_link(username: str, payload: str) -> str:
    """The t.me link that opens the bot's private chat with `/start <payload>` (or plain)."""
    if not payload:
        return f"https://t.me/{username}"
    return f"https://t.me/{username}?start={payload}"


def button_url(value: str, username: str) -> str | None:
    """The URL of a queued button value, or None when it is callback data."""
    if value.startswith(("http://", "https://", "tg://")):
        return value
    if value.startswith(START_BUTTON):
        return deep_link(username, value.removeprefix(START_BUTTON))
    return None


def months_before(moment: datetime, months: int) -> datetime:
    """`moment` minus whole calendar months (the 31st becomes the month's last day)."""
    month_index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    day = moment.day
    while day > 28:
        try:
            return moment.replace(year=year, month=month, day=day)
        except ValueError:
            day -= 1
    return moment.replace(year=year, month=month, day=day)


def retention_cutoff(now: datetime, months: int) -> datetime:
    """Closed or answered before this moment: the personal data goes."""
    return months_before(now, months)


def sent_payload_cutoff(now: datetime) -> datetime:
    return now - timedelta(days=SENT_PAYLOAD_DAYS)
