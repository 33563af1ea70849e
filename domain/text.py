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
