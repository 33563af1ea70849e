"""Vietnamese text: NFC on entry, and a folded form (no marks, đ as d) for matching."""

from __future__ import annotations

import re
import unicodedata

WORD = re.compile(r"[^\W_]+")

# đ/Đ have no Unicode decomposition, so stripping combining marks leaves them as they are.
_D_STROKE = str.maketrans({"đ": "d", "Đ": "D"})


def nfc(text: str) -> str:
    """The same word typed composed or decomposed becomes one string."""
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Lower case without diacritics: 'Đăng ký' -> 'dang ky'."""
    decomposed = unicodedata.normalize("NFD", text.translate(_D_STROKE))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped).casefold()


ZWJ = "\u200d"  # joins emoji (👨‍👩‍👧): kept between two symbols


def strip_invisible(text: str) -> str:
    """Without control and format characters (Cc, Cf): NUL, zero-width spaces, the bidi
    overrides that show "exe.gnp" as "png.exe" (audit L10); a ZWJ inside an emoji stays."""
    kept: list[str] = []
    for i, ch in enumerate(text):
        if unicodedata.category(ch) not in ("Cc", "Cf") or (
            ch == ZWJ and kept and i + 1 < len(text) and _emoji_part(kept[-1], text[i + 1])
        ):
            kept.append(ch)
    return "".join(kept)


def _emoji_part(before: str, after: str) -> bool:
    return unicodedata.category(after) == "So" and (
        unicodedata.category(before) in ("So", "Sk") or before == "\ufe0f"
    )


def clean_line(text: str, limit: int) -> str:
    """NFC, collapsed whitespace, no invisible characters, at most `limit` characters."""
    return strip_invisible(" ".join(nfc(text).split()))[:limit]


def folded_words(text: str) -> list[str]:
    """The words of a text, folded: 'Đăng ký  khai-sinh' -> ['dang', 'ky', 'khai', 'sinh']."""
    return [fold(w) for w in WORD.findall(nfc(text).casefold())]


def clip(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a word boundary, an ellipsis marking a cut: a button
    must not end in "xác định lạ…" (lạ: strange) when the word was "lại"."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if text[limit - 1] != " " and " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:-–(") + "…"


def word_set(text: str) -> frozenset[str]:
    """The words of a list written as one string (tables of filler words)."""
    return frozenset(text.split())


# Vietnamese alphabetical order: a ă â b c d đ e ê ... o ô ơ ... u ư ..., then the tones
# (none, huyền, hỏi, ngã, sắc, nặng) only where the letters are equal. Python's own order puts
# đ after every Latin letter ("2.5d, 2.5e, 2.5đ"); this one gives "2.5d, 2.5đ, 2.5e".
_SHAPES = {"\u0306": 1, "\u031b": 2, "\u0302": 2}  # breve (ă), horn (ơ ư), circumflex (â ê ô)
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_NUMBER_RUN = re.compile(r"\d+|\D")


def _letter(ch: str) -> tuple[tuple[int, int, int], int]:
    if ch == "đ":
        return (2, ord("d"), 1), 0
    parts = unicodedata.normalize("NFD", ch)
    base, marks = parts[0], parts[1:]
    shape = max((_SHAPES[m] for m in marks if m in _SHAPES), default=0)
    if base == "o" and "\u0302" in marks:
        shape = 1  # ô before ơ
    tone = max((_TONES[m] for m in marks if m in _TONES), default=0)
    kind = 2 if base.isalpha() else 0
    return (kind, ord(base), shape), tone


def sort_key(text: str) -> tuple[tuple[tuple[int, int, int], ...], tuple[int, ...]]:
    """A key that sorts Vietnamese words and plan codes the way a Vietnamese reader expects:
    letters in the Vietnamese alphabet, numbers by value ('2.10' after '2.9')."""
    primary: list[tuple[int, int, int]] = []
    tones: list[int] = []
    for run in _NUMBER_RUN.findall(nfc(text).casefold()):
        if run.isdigit():
            primary.append((1, int(run), 0))
            continue
        letter, tone = _letter(run)
        primary.append(letter)
        tones.append(tone)
    return tuple(primary), tuple(tones)
