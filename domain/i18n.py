"""Translation and locale formatting, chosen per update and never installed globally.

Message ids are English; the Vietnamese catalogue is locale/vi/LC_MESSAGES/messages.po. The
.po file is compiled in memory at start, so a stale or missing .mo can never serve English.
"""

from __future__ import annotations

import datetime as dt
import gettext
from datetime import tzinfo
from functools import cache
from io import BytesIO
from pathlib import Path

from babel import Locale
from babel.dates import format_date, format_datetime, format_time
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "messages"
DEFAULT_LANGUAGE = "vi"


def N_(message: str) -> str:
    """Mark a message id for extraction where it is defined; translate it where it is shown."""
    return message


@cache
def load_translations(language: str = DEFAULT_LANGUAGE) -> gettext.GNUTranslations:
    po_path = LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    with po_path.open("rb") as po_file:
        catalog = read_po(po_file, locale=language)
    buffer = BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


class Translator:
    """One user's language: gettext plus Babel formatting in the ward's time zone."""

    def __init__(self, language: str, tz: tzinfo) -> None:
        self.language = language
        self.locale = Locale.parse(language)
        self.tz = tz
        self._translations = load_translations(language)

    def _(self, message: str) -> str:
        return self._translations.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self._translations.ngettext(singular, plural, n)

    # formatting -------------------------------------------------------------------------------
    def date(self, value: dt.date | dt.datetime, fmt: str = "dd/MM/yyyy") -> str:
        if isinstance(value, dt.datetime):
            value = value.astimezone(self.tz).date()
        return format_date(value, fmt, locale=self.locale)

    def datetime(self, value: dt.datetime, fmt: str = "HH:mm dd/MM/yyyy") -> str:
        return format_datetime(value, fmt, tzinfo=self.tz, locale=self.locale)

    def time(self, value: dt.datetime) -> str:
        return format_time(value, "HH:mm", tzinfo=self.tz, locale=self.locale)

    def weekday_date(self, value: dt.date) -> str:
        """'Thứ Hai, 02/06/2025'."""
        return format_date(value, "EEEE, dd/MM/yyyy", locale=self.locale).capitalize()

    def number(self, value: float, digits: int = 2) -> str:
        pattern = "#,##0" + ("." + "#" * digits if digits else "")
        return format_decimal(value, format=pattern, locale=self.locale)

    def percent(self, value: float, digits: int = 1) -> str:
        """`value` is in percent already: 85.5 -> '85,5%'."""
        pattern = "#,##0" + ("." + "#" * digits if digits else "") + "%"
        return format_percent(value / 100, format=pattern, locale=self.locale)

    def money(self, amount: int) -> str:
        return format_decimal(amount, format="#,##0", locale=self.locale) + "\u00a0đồng"


def translator(language: str | None, tz: tzinfo) -> Translator:
    """The translator for a user. Only Vietnamese is shipped: every user gets it."""
    del language  # the ward serves everyone in Vietnamese, whatever Telegram's app language
    return _shared(DEFAULT_LANGUAGE, tz)


@cache
def _shared(language: str, tz: tzinfo) -> Translator:
    """One Translator per language and zone (it holds nothing per user): not one per update,
    which parsed the Babel locale each time."""
    return Translator(language, tz)
