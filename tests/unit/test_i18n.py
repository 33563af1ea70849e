"""Every string a user sees is in the Vietnamese catalogue, translated, and really served."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from domain.i18n import LOCALE_DIR, Translator
from tests.auxil.constants import VN

ROOT = Path(__file__).resolve().parents[2]
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}


def catalogue():
    with (LOCALE_DIR / "vi" / "LC_MESSAGES" / "messages.po").open("rb") as po:
        return read_po(po, locale="vi")


def source_ids() -> set[str]:
    found: set[str] = set()
    for folder in ("bot", "domain", "services", "storage"):
        for _file, _line, message, _comments, _context in extract_from_dir(
            ROOT / folder,
            method_map=[("**.py", "python")],
            keywords=KEYWORDS,
        ):
            found.add(message[0] if isinstance(message, tuple) else message)
    return found


def test_every_message_id_has_a_vietnamese_translation() -> None:
    untranslated = [
        m.id for m in catalogue() if m.id and (not m.string or m.fuzzy or not all(m.string))
    ]
    assert untranslated == []


def test_the_catalogue_has_every_string_the_source_uses() -> None:
    known = {m.id if isinstance(m.id, str) else m.id[0] for m in catalogue() if m.id}
    missing = sorted(source_ids() - known)
    assert missing == [], "run `make i18n` and translate the new entries"


def test_placeholders_survive_translation() -> None:
    import re

    field = re.compile(r"\{[a-z_]*\}")
    wrong = []
    for m in catalogue():
        translated = m.id and isinstance(m.id, str) and m.string
        if translated and sorted(field.findall(m.id)) != sorted(field.findall(m.string)):
            wrong.append(m.id)
    assert wrong == []


def test_vietnamese_is_really_served() -> None:
    t = Translator("vi", VN)
    assert t._("What I can do for you") == "Tôi có thể giúp gì"
    assert t.percent(85.5) == "85,5%"
    assert t.number(1500000) == "1.500.000"
