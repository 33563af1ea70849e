"""CCHC news and the weekly digest: what a post may hold, and who receives the digest.

Who may post is an access rule (domain.access.may_post_news).
"""

from __future__ import annotations

import re
from enum import StrEnum

TITLE_MAX, BODY_MAX, LINK_MAX = 200, 3000, 500
URL = re.compile(r"^https?://[^\s<>\"]+\.[^\s<>\"]+$", re.IGNORECASE)


def receives_digest(choice: bool | None, is_staff: bool) -> bool:
    """Whether a person gets the weekly digest: as they chose (/dangky, /huydangky), or, if they
    never chose, yes for the ward's staff (officials, leaders, administrators) and no for
    citizens. The one rule behind both the digest's recipients and what /dangky answers."""
    return choice if choice is not None else is_staff


def is_link(text: str) -> bool:
    """A web address a post may link to (http or https, not too long)."""
    return len(text) <= LINK_MAX and URL.match(text) is not None


class PostProblem(StrEnum):
    """Why a one-line post (`/dangtin Title | text | link`) cannot be posted as typed."""

    MISSING = "missing"  # no title or no text
    TITLE_TOO_LONG = "title_too_long"
    BODY_TOO_LONG = "body_too_long"
    BAD_LINK = "bad_link"


def check_post(title: str, body: str, link: str) -> PostProblem | None:
    """The first problem of a post written in one line, or None if it may be posted."""
    if not title or not body:
        return PostProblem.MISSING
    if len(title) > TITLE_MAX:
        return PostProblem.TITLE_TOO_LONG
    if len(body) > BODY_MAX:
        return PostProblem.BODY_TOO_LONG
    if link and not URL.match(link):
        return PostProblem.BAD_LINK
    return None
