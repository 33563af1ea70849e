"""The buttons of news, the calendar, the outbox, the report export and the main menu keep the
strings already sent in chats, and their handlers' patterns match exactly those."""

from __future__ import annotations

import re

import pytest

from bot.handlers.calendar_admin import RemoveDay
from bot.handlers.news.callbacks import AnyNewsButton, CancelPost, PostNews, SkipStep
from bot.handlers.outbox_admin import RetryParked
from bot.handlers.overview import ExportReport
from bot.keyboards import MenuCommand
from domain.buttons import ButtonData

SAMPLES: list[tuple[ButtonData, str]] = [
    (MenuCommand("dangtin"), "cmd:dangtin"),
    (SkipStep(), "news:skip"),
    (PostNews(), "news:post"),
    (CancelPost(), "news:cancel"),
    (RemoveDay("2026-01-02"), "cal:del:2026-01-02"),
    (RetryParked(), "ob:retry"),
    (ExportReport("quarter", "2025-Q2"), "xb:quarter:2025-Q2"),
    (ExportReport("year", "2025"), "xb:year:2025"),
]


@pytest.mark.parametrize(("payload", "wire"), SAMPLES)
def test_buttons_pack_to_todays_strings_and_parse_back(payload: ButtonData, wire: str) -> None:
    assert payload.pack() == wire
    assert type(payload).parse(wire) == payload
    assert re.match(type(payload).pattern(), wire)


def test_the_flow_entry_of_a_menu_button_matches_only_its_command() -> None:
    pattern = MenuCommand.pattern_for("dangtin")
    assert re.match(pattern, "cmd:dangtin")
    assert not re.match(pattern, "cmd:dangtin2")
    assert not re.match(pattern, "cmd:danhgia")


def test_any_news_button_is_caught_by_the_flows_wrong_step_fallback() -> None:
    for wire in ("news:skip", "news:post", "news:cancel", "news:whatever"):
        assert re.match(AnyNewsButton.pattern(), wire)
    assert not re.match(PostNews.pattern(), "news:postx")


@pytest.mark.parametrize(
    ("family", "forged"),
    [(ExportReport, "xb:quarter"), (ExportReport, "xb"), (RetryParked, "ob:retryx")],
)
def test_forged_strings_parse_to_nothing(family: type[ButtonData], forged: str) -> None:
    assert family.parse(forged) is None


def test_a_removal_button_carries_the_day_as_text_to_be_checked_again() -> None:
    assert RemoveDay.parse("cal:del:") == RemoveDay("")
    assert RemoveDay.parse("cal:del:31/02/2025") == RemoveDay("31/02/2025")
