"""A form left half-done (the complaint form, say) does not hold the person's next message days
later: the form's state is kept in the database now, so without an end it would take a new
question as the old complaint's text, or answer "reply to the question above"."""

from __future__ import annotations

from tests.auxil.constants import CITIZEN
from tests.auxil.harness import BotHarness
from tests.e2e.test_citizens_complaints import FLOOD


async def test_a_question_the_next_day_is_not_taken_into_a_forgotten_complaint(
    bot: BotHarness,
) -> None:
    await bot.say(CITIZEN, "/phananh")
    assert "bước 2/3" in await bot.say(CITIZEN, FLOOD)
    bot.clock.advance(hours=20)
    card = await bot.say(CITIZEN, "cho hoi lam giay khai sinh can giay to gi")
    assert card.startswith("Đăng ký khai sinh\n"), card
    # Nothing of the forgotten form was sent, and a new one starts clean.
    assert await bot.store.complaints.of_citizen(CITIZEN.id) == []
    assert "bước 1/3" in await bot.say(CITIZEN, "/phananh")


async def test_a_form_resumed_the_same_afternoon_goes_on(bot: BotHarness) -> None:
    await bot.say(CITIZEN, "/phananh")
    assert "bước 2/3" in await bot.say(CITIZEN, FLOOD)
    bot.clock.advance(hours=3)
    assert "Phản ánh thuộc lĩnh vực nào" in await bot.click(CITIZEN, "Tiếp tục ➡️")
