"""Reading an indicator figure as ward officials write it, and the period named beside it.

People write "118/120", "50 / 60", "60 trên 120", "đạt 118 trên tổng số 120", "1.200/2.000"
(Vietnamese thousands), "98,5%" (a decimal comma), "0/0" or "không phát sinh" for a period with
no dossiers, and the period as the bot itself writes it ("quý II/2025", "6 tháng đầu năm 2025").

The reading is one of three things: a value to store (`ParsedValue`, or `NoCases`), a refusal
with its reason (`FigureError`), or a question (`Unsure`): anything that could mean two things
("1,200/2,000", "118 120", "khoảng 95%") is asked back with what it could mean, never stored
as a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from domain.figures import FigureError, ParsedValue
from domain.occurrences import Period, half_period, month_period, quarter_period, year_period
from domain.text import fold, nfc

# A number as typed: digits with dots and commas inside ("1.200", "98,5", "1.200,5").
_NUMBER = re.compile(r"(?<![\w.,])-?\d+(?:[.,]\d+)*(?![\w])")
# Words that join a part to its whole, folded: "60 trên 120", "118 trong số 120", "4/30".
_OF = re.compile(
    r"^\s*(?:/|tren(?:\s+tong(?:\s+so)?)?|trong(?:\s+tong)?(?:\s+so)?|(?:out\s+)?of|chia)\s*$"
)
# Unit words people write after a count ("115 hồ sơ/118 hồ sơ"), folded.
_UNITS = re.compile(r"\b(?:ho\s*so|hs|ban|truong\s*hop|th|phuong|xa|don\s*vi|dv)\b")
_PERCENT_AFTER = re.compile(r"^\s*(?:%|phan\s*tram|percent)")
_HEDGES = ("khoang", "xap xi", "gan", "tam", "du kien", "uoc", "chung", "tren duoi", "hon")
_NO_CASES = ("khong phat sinh", "chua phat sinh", "khong co ho so", "ko phat sinh", "k phat sinh")
_RANK_WORDS = re.compile(r"\b(?:xep\s+)?(?:thu|hang|vi\s*tri|top)\b")


class Doubt(StrEnum):
    """Why a figure is asked back instead of stored."""

    SEPARATOR = "separator"  # "1,200": twelve hundred, or one point two?
    NO_RELATION = "no_relation"  # "118 120": two numbers and nothing saying how they relate
    HEDGED = "hedged"  # "khoảng 95%": an estimate, not a figure
    DISAGREES = "disagrees"  # "118/120 = 90%": the percentage does not match the count
    WORDS = "words"  # numbers written in words, or too many numbers to tell


@dataclass(frozen=True)
class NoCases:
    """No dossiers in the period ("0/0", "không phát sinh"): nothing to judge, not an error."""


@dataclass(frozen=True)
class Unsure:
    doubt: Doubt
    options: tuple[ParsedValue, ...] = ()  # what it could mean, for the person to pick


Reading = ParsedValue | NoCases | FigureError | Unsure


@dataclass(frozen=True)
class _Num:
    value: float
    ambiguous: tuple[float, ...] = ()  # other readings of the same digits
    start: int = 0
    end: int = 0


def read_number(token: str) -> _Num:
    """One number the Vietnamese way: '.' groups thousands, ',' is the decimal comma.

    "1.200" is 1200 and "98,5" is 98.5. A dot that cannot be a thousands separator ("98.5",
    "3.75") is a decimal point typed the English way. "1,200" is 1.2 to a Vietnamese reader and
    1200 to an English one: both readings are kept, for the caller to ask.
    """
    negative = token.startswith("-")
    digits = token.lstrip("-")
    sign = -1.0 if negative else 1.0
    if re.fullmatch(r"\d+", digits):
        return _Num(sign * float(digits))
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", digits):  # 1.200 / 1.200.000 / 1.200,5
        whole, _, decimals = digits.partition(",")
        return _Num(sign * float(whole.replace(".", "") + ("." + decimals if decimals else "")))
    if re.fullmatch(r"\d+,\d+", digits):
        value = sign * float(digits.replace(",", "."))
        if re.fullmatch(r"\d{1,3},\d{3}", digits):  # "1,200": English thousands?
            return _Num(value, (sign * float(digits.replace(",", "")),))
        return _Num(value)
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", digits):  # 1,200,000 / 1,200.5: English
        return _Num(sign * float(digits.replace(",", "")))
    if re.fullmatch(r"\d+\.\d+", digits):  # 98.5: not a thousands group
        return _Num(sign * float(digits))
    raise ValueError(token)


def _numbers(text: str) -> list[_Num]:
    found = []
    for match in _NUMBER.finditer(text):
        try:
            number = read_number(match.group())
        except ValueError:
            continue
        found.append(_Num(number.value, number.ambiguous, match.start(), match.end()))
    return found


def _fraction(part: float, whole: float, metric: str | None) -> ParsedValue | NoCases | FigureError:
    if part < 0 or whole < 0:
        return FigureError.NEGATIVE
    if part != int(part) or whole != int(whole):
        return FigureError.BAD_RANK if metric == "rank" else FigureError.NOT_WHOLE
    if whole == 0:
        return NoCases() if part == 0 and metric != "rank" else FigureError.ZERO_TOTAL
    if part > whole:
        return FigureError.ABOVE_TOTAL
    if metric == "rank":
        if part < 1:
            return FigureError.BAD_RANK
        return ParsedValue(part, part, whole)
    return ParsedValue(round(100 * part / whole, 2), part, whole)


def _single(value: float, percent_sign: bool, metric: str | None) -> ParsedValue | FigureError:
    if value < 0:
        return FigureError.NEGATIVE
    if metric == "rank":
        if percent_sign or value < 1 or value != int(value):
            return FigureError.BAD_RANK
        return ParsedValue(value)
    if value > 100:
        return FigureError.ABOVE_100
    return ParsedValue(value)


def read_value(text: str, metric: str | None) -> Reading:
    """What a person typed as a figure: a value, no dossiers, a refusal, or a question."""
    typed = nfc(text).strip()
    folded = fold(typed)
    if any(phrase in folded for phrase in _NO_CASES) and not _numbers(folded.replace("0", "")):
        return NoCases()
    numbers = _numbers(typed)
    if not numbers:
        if re.search(r"\b(?:mot|hai|ba|bon|nam|sau|bay|tam|chin|muoi|tram|nghin)\b", folded):
            return Unsure(Doubt.WORDS)
        if re.search(r"-\s*\d", typed):
            return FigureError.NEGATIVE
        return FigureError.NOT_A_NUMBER
    hedged = any(re.search(rf"(?<!\w){h}(?!\w)", folded[: numbers[0].start]) for h in _HEDGES)
    reading = _read_numbers(typed, folded, numbers, metric)
    if hedged and isinstance(reading, ParsedValue):
        return Unsure(Doubt.HEDGED, (reading,))
    return reading


def _between(folded: str, left: _Num, right: _Num) -> str:
    return _UNITS.sub(" ", folded[left.end : right.start])


def _read_numbers(typed: str, folded: str, numbers: list[_Num], metric: str | None) -> Reading:
    percent_after = [bool(_PERCENT_AFTER.match(folded[n.end :])) for n in numbers]
    if len(numbers) == 1:
        (only,) = numbers
        if only.ambiguous:
            options = [_single(v, percent_after[0], metric) for v in (only.value, *only.ambiguous)]
            valid = tuple(o for o in options if isinstance(o, ParsedValue))
            if len(valid) == 1:
                return valid[0]
            return Unsure(Doubt.SEPARATOR, valid)
        return _single(only.value, percent_after[0], metric)
    if len(numbers) in (2, 3) and _OF.match(_between(folded, numbers[0], numbers[1])):
        part, whole = numbers[0], numbers[1]
        if part.ambiguous or whole.ambiguous:
            readings = [
                _fraction(p, w, metric)
                for p in (part.value, *part.ambiguous)
                for w in (whole.value, *whole.ambiguous)
            ]
            valid = tuple(r for r in readings if isinstance(r, ParsedValue))
            return Unsure(Doubt.SEPARATOR, valid)
        reading = _fraction(part.value, whole.value, metric)
        if len(numbers) == 3:
            stated = numbers[2]
            if not percent_after[2] or not isinstance(reading, ParsedValue):
                return reading if not isinstance(reading, ParsedValue) else Unsure(Doubt.WORDS)
            if abs(stated.value - reading.value) > 0.05:
                return Unsure(Doubt.DISAGREES, (reading, ParsedValue(stated.value)))
        return reading
    if len(numbers) == 2 and not any(percent_after):
        part, whole = numbers
        guess = _fraction(part.value, whole.value, metric)
        return Unsure(Doubt.NO_RELATION, (guess,) if isinstance(guess, ParsedValue) else ())
    return Unsure(Doubt.WORDS)


# --- the period written beside the figure ------------------------------------------------------
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_YEAR = r"(20\d{2})"
_SEP = r"\s*(?:[/\-.]|\s|nam)\s*"
_PERIODS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(rf"\b{_YEAR}\s*-\s*q([1-4])\b"), "qY"),
    (re.compile(rf"\b{_YEAR}\s*-\s*h([12])\b"), "hY"),
    (re.compile(rf"\b{_YEAR}-(\d{{1,2}})\b(?![/.,]\d)"), "mY"),
    (re.compile(rf"\b(?:quy|q)\s*(iv|iii|ii|i|[1-4])\b(?:{_SEP}{_YEAR}\b)?"), "q"),
    (re.compile(rf"\b6\s*thang\s*(dau|cuoi)\s*(?:nam)?(?:\s*{_YEAR}\b)?"), "h"),
    (re.compile(rf"\b(?:thang|t)\s*(\d{{1,2}})(?:{_SEP}{_YEAR}\b)?"), "m"),
    (re.compile(rf"(?<![\d.,/])(\d{{1,2}})\s*/\s*{_YEAR}\b"), "m"),
    (re.compile(rf"\bnam\s*{_YEAR}\b"), "y"),
    (re.compile(rf"^\s*{_YEAR}\b(?!\s*[/.,]\d)"), "y"),
)


@dataclass(frozen=True)
class PeriodMention:
    period: Period
    year_given: bool
    start: int
    end: int


def find_period(text: str, this_year: int) -> PeriodMention | None:
    """The period a line names ('quý II/2025', 'quy 2', '6 tháng đầu năm 2025', 'năm 2025',
    'tháng 6/2025', '2025-Q3'), its place in the folded line, and whether a year was written
    (without one, it is this year's: the confirmation shows which)."""
    folded = fold(nfc(text))
    for pattern, kind in _PERIODS:
        if not (m := pattern.search(folded)):
            continue
        groups = m.groups()
        if kind in ("qY", "hY", "mY"):
            year, number = int(groups[0]), int(groups[1])
        elif kind == "y":
            year, number = int(groups[0]), 0
        else:
            year = int(groups[1]) if groups[1] else this_year
            token = groups[0]
            number = 1 if token == "dau" else 2 if token == "cuoi" else _ROMAN.get(token, 0)
            number = number or int(token)
        given = kind in ("qY", "hY", "mY", "y") or groups[1] is not None
        period = _period(kind, year, number)
        if period is not None:
            return PeriodMention(period, given, m.start(), m.end())
    return None


def _period(kind: str, year: int, number: int) -> Period | None:
    if kind in ("q", "qY") and 1 <= number <= 4:
        return quarter_period(year, number)
    if kind in ("h", "hY") and number in (1, 2):
        return half_period(year, number)
    if kind in ("m", "mY") and 1 <= number <= 12:
        return month_period(year, number)
    if kind == "y":
        return year_period(year)
    return None


def split_period(text: str, this_year: int) -> tuple[PeriodMention | None, str]:
    """(the period named in a line, the rest of the line: the figure)."""
    mention = find_period(text, this_year)
    if mention is None:
        return None, text
    folded = fold(nfc(text))
    # fold() keeps one character per character of an NFC text, so the offsets carry over.
    rest = nfc(text)[: mention.start] + " " + nfc(text)[mention.end :]
    if len(folded) != len(nfc(text)):  # a character folded into several: cut the folded text
        rest = folded[: mention.start] + " " + folded[mention.end :]
    # Separators left around the figure go ("quý II/2025: 118/120", "2025 - 85%"); a minus
    # sign written against a digit stays, for the figure to be refused as negative.
    return mention, re.sub(r"^(?:[\s:;,]|[-–](?!\d))+|[\s:;,\-–]+$", "", rest)
