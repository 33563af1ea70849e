"""Requests typed in plain words outside any flow: "toi muon phan anh", "theo doi phan anh",
"danh gia", "xin chao"... read before the procedure search, so that they lead to their flow (or a
friendly answer) instead of a card. The staff's own ("nhiem vu", "xuat bao cao quy 3") are read
the same way; for a citizen they are a question for the search.

A request is a phrase of INTENT_PHRASES near the start of the message: polite words may come
before it ("toi muon", "cho em", "ad oi") and small words after it ("a", "nhe", "cua toi"). Only a
complaint keeps what follows as its content ("toi muon phan anh rac o ngo 5"): any other request
followed by more words is a question for the search ("danh gia tac dong moi truong" stays one).
A tracking code anywhere in the message ("ma cua toi la pa 2507 0001", "cho hoi phan anh
PA-2507-0001 den dau roi") follows that complaint: the words around it only ask where it stands.
Matching is on the folded words (no marks, đ -> d), so the forms with and without diacritics
read the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from domain.complaints import CODE_IN_TEXT, find_codes
from domain.text import folded_words, word_set


class Intent(StrEnum):
    COMPLAINT = "complaint"  # send a complaint or suggestion (/phananh)
    FOLLOW = "follow"  # follow one's complaints (/theodoi), `code` when one was typed
    SURVEY = "survey"  # rate the service (/danhgia)
    TARGETS = "targets"  # the ward's reform targets (/chitieu)
    NEWS = "news"  # news (/tintuc)
    MENU = "menu"  # the main menu (/start)
    HELP = "help"  # what the bot can do (/trogiup)
    GREETING = "greeting"
    THANKS = "thanks"
    ACK = "ack"  # "vâng ạ", "ok", "tạm biệt": a polite word back, not a procedure
    FORMAL = "formal"  # a formal complaint or denunciation: other laws, another channel
    # The staff's (a citizen typing them asks the search instead):
    TASKS = "tasks"  # their department's tasks (/nhiemvu)
    TASK_REPORT = "task_report"  # report on a task (/baocao)
    FIGURES = "figures"  # enter an indicator's figure (/solieu)
    DESK = "desk"  # the complaints to handle (/xuly)
    OVERVIEW = "overview"  # the plan's overview (/tongquan)
    EXPORT = "export"  # the periodic report as files (/xuatbaocao), `rest`: which period


STAFF_INTENTS = frozenset(
    {
        Intent.TASKS,
        Intent.TASK_REPORT,
        Intent.FIGURES,
        Intent.DESK,
        Intent.OVERVIEW,
        Intent.EXPORT,
    }
)


@dataclass(frozen=True)
class Request:
    intent: Intent
    code: str | None = None  # FOLLOW: the tracking code typed
    rest: str = ""  # COMPLAINT: what the citizen wrote after "phan anh" (folded words dropped);
    # SURVEY: what they said of the service, whole ("can bo mot cua rat nhiet tinh");
    # EXPORT: the period asked for ("quy 3 2026"), as typed


# What a citizen says of the service itself ("rat hai long voi phuong"): the survey, with their
# words kept as its comment.
OPINIONS = ("hai long", "rat hai long", "khong hai long", "chua hai long", "khen", "muon khen")
# Words after "danh gia" that make the rest a verdict on the service ("danh gia can bo hom qua
# rat nhiet tinh"), not a question ("danh gia tac dong moi truong" is searched).
VERDICT_WORDS = word_set(
    "tot kem te cham nhanh nhiet tinh chu dao than thien lich su hai long vui ve tan tinh khen"
    " can bo nhan vien phuc vu thai do tiep dan mot cua hom qua hom nay sao"
)


# Longest first within the table is not needed: every phrase is tried at each start position and
# the longest one found wins.
INTENT_PHRASES: dict[Intent, tuple[str, ...]] = {
    Intent.FOLLOW: (
        "theo doi",
        "theo doi phan anh",
        "theo doi kien nghi",
        "xem phan anh",
        "tra cuu phan anh",
        "kiem tra phan anh",
        "phan anh cua toi",
        "ket qua phan anh",
        "tinh hinh phan anh",
        "ma theo doi",
        "phan anh cua minh",
        "phan anh cua em",
        "phan anh cua chau",
        "phan anh hom truoc",
        "phan anh da gui",
        "sao chua thay ai tra loi",
        "chua thay ai tra loi",
        "sao chua ai tra loi",
        "sao chua ai xu ly",
        "chua thay phuong tra loi",
        "sao phuong chua tra loi",
    ),
    Intent.COMPLAINT: (
        "phan anh",
        "kien nghi",
        "gui phan anh",
        "gui kien nghi",
        "phan anh kien nghi",
        "gop y",
        "gui gop y",
        # asking the ward to deal with it: "nho phuong xu ly giup nha hang xom hat karaoke"
        "nho phuong xu ly",
        "nho phuong giai quyet",
        "de nghi phuong xu ly",
        "de nghi phuong giai quyet",
        "yeu cau phuong xu ly",
        "mong phuong xu ly",
    ),
    Intent.SURVEY: (
        "danh gia",
        "danh gia can bo",
        "danh gia dich vu",
        "danh gia phuc vu",
        "danh gia su phuc vu",
        "cham diem",
        "khao sat",
        *OPINIONS,
    ),
    Intent.TARGETS: ("chi tieu", "xem chi tieu", "cac chi tieu", "chi tieu cai cach"),
    Intent.NEWS: ("tin tuc", "xem tin", "xem tin tuc", "ban tin", "tin moi", "doc tin"),
    Intent.MENU: ("menu", "menu chinh", "bat dau", "start", "trang chu", "quay lai"),
    Intent.HELP: (
        "help",
        "tro giup",
        "huong dan",
        "giup do",
        "huong dan su dung",
        "giup toi voi",
        "giup voi",
        "giup toi",
        "giup minh",
        "giup em",
        "can giup",
        "can giup do",
        "khong biet dung",
        "khong biet lam sao",
        "khong biet lam the nao",
        "ko biet dung",
        "khong hieu",
        "ko hieu",
        "k hieu",
        "chua hieu",
        "dung the nao",
        "dung nhu the nao",
    ),
    Intent.GREETING: (
        "xin chao",
        "chao",
        "hello",
        "hi",
        "alo",
        "chao ban",
        "chao bot",
        "chao phuong",
        "chao buoi sang",
        "em chao",
        "chao anh",
        "chao chi",
        "chao anh chi",
        "chao em",
        "chao chau",
    ),
    Intent.THANKS: (
        "cam on",
        "thank",
        "thanks",
        "thank you",
        "thank u",
        "thanks you",
        "cam on nhieu",
        "tks",
        "thanks nhe",
        "camon",
        "cam ta",
    ),
    Intent.ACK: (
        "vang",
        "da",
        "ok",
        "oke",
        "okay",
        "uh",
        "u",
        "duoc roi",
        "biet roi",
        "hieu roi",
        "tam biet",
        "bye",
        "thoi",
        "thoi khong can",
        "thoi khong can nua",
        "khong can nua",
        "ko can nua",
        "thoi duoc roi",
    ),
    Intent.FORMAL: (
        "khieu nai",
        "don khieu nai",
        "gui khieu nai",
        "to cao",
        "don to cao",
        "gui to cao",
        "to cao can bo",
    ),
    Intent.TASKS: (
        "nhiem vu",
        "xem nhiem vu",
        "cac nhiem vu",
        "danh sach nhiem vu",
        "nhiem vu cua toi",
        "viec cua toi",
        "viec can lam",
        "viec dang mo",
        "viec qua han",
        "nhiem vu qua han",
    ),
    Intent.TASK_REPORT: (
        "bao cao",  # alone, from staff: /baocao (a citizen's "báo cáo" still asks the search)
        "bao cao nhiem vu",
        "bao cao ket qua nhiem vu",
        "bao cao tien do",
        "bao cao hoan thanh",
        "cap nhat nhiem vu",
        "cap nhat tien do",
    ),
    Intent.FIGURES: (
        "so lieu",
        "nhap so lieu",
        "bao cao so lieu",
        "cap nhat so lieu",
        "gui so lieu",
    ),
    Intent.DESK: ("xu ly phan anh", "xu ly kien nghi", "hop thu phan anh"),
    Intent.OVERVIEW: ("tong quan", "xem tong quan", "tinh hinh thuc hien", "tien do chung"),
    Intent.EXPORT: (
        "xuat bao cao",
        "bao cao dinh ky",
        "tai bao cao",
        "in bao cao",
        "lay bao cao",
        "bao cao quy",
        "bao cao nam",
        "bao cao thang",
        "tong ket",
    ),
}

# Words that may come before a request: who speaks, to whom, wanting or asking.
LEADING = word_set(
    "toi em minh chau con bac co chu anh chi ong ba ban ad admin bot oi a muon can xin cho hoi"
    " lam on vui long giup hay duoc de nghi"
)
# Words that may follow a request that is not a complaint without making it a question.
TRAILING = word_set(
    "a ah nhe nha nhen voi di nao oi ad admin bot ban nhieu lam cua toi minh em phuong ve cai"
    " can bo dich vu phan anh kien nghi o day the anh chi chau co chu bac ong ba em ca nha"
)
# Words after the ward's targets or news that keep it a request: "chi tieu nam nay the nao".
ABOUT_NOW = word_set(
    "nam nay thang quy hien nay the nao ra sao nhu bao nhieu dat chua moi nhat cua phuong cchc"
    " cai cach hanh chinh ket qua tinh hinh nhiem vu"
)
# The words of an EXPORT phrase that name the period ("bao cao quy" is this quarter's).
PERIOD_WORDS = word_set("quy nam thang tong ket")
# Words between "phan anh" and its content: "phan anh ve viec ...".
CONNECTIVES = (
    "ve viec",
    "ve",
    "viec",
    "la",
    "rang",
    "voi phuong",
    "giup toi",
    "giup em",
    "giup chau",
    "giup",
)
MAX_LEADING = 6


def _phrases() -> list[tuple[tuple[str, ...], Intent]]:
    found = [
        (tuple(phrase.split()), intent)
        for intent, phrases in INTENT_PHRASES.items()
        for phrase in phrases
    ]
    return sorted(found, key=lambda item: -len(item[0]))


PHRASES = _phrases()


def read_request(text: str) -> Request | None:
    """The request a message makes in plain words, or None (a question for the search)."""
    if codes := find_codes(text):  # several: their list, which one is not guessed
        return Request(Intent.FOLLOW, code=codes[0] if len(codes) == 1 else None)
    words = folded_words(text)
    if not words:
        # "?" or "??": the person does not know what to ask
        asked = "?" in text and set(text.strip()) <= set("?!. ")
        return Request(Intent.HELP) if asked else None
    for start in range(min(len(words), MAX_LEADING + 1)):
        found = _phrase_at(words, start)
        if found is not None:
            intent, end = found
            request = _request(intent, words[end:], text, words[start:end])
            if request is not None or intent is not Intent.ACK or end - start > 1:
                return request
            # "ok", "vâng", "dạ" before what is said: "ok thanks ad", "da cam on chi"
        elif words[start] not in LEADING:
            break
    if all(w in LEADING or w in TRAILING for w in words):  # "chi oi", "cho hoi a": nothing asked
        return Request(Intent.ACK)
    return _targets_amid(words) or _praise(words, text) or _complaint_at_end(words, text)


# Praise of the ward's service in one's own words ("can bo tiep dan nhiet tinh lam"): the survey,
# with the words kept as its comment (not "no procedure found" and a complaint button).
PRAISE = (
    "nhiet tinh",
    "tan tinh",
    "tan tam",
    "chu dao",
    "vui ve",
    "de thuong",
    "than thien",
    "lich su",
    "chuyen nghiep",
)
NOT_PRAISE = word_set(
    "khong ko k chua cham te kem hach dich nhung nhieu phien thai do sao nao gi j the"
)
MAX_PRAISE = 20


def _praise(words: list[str], text: str) -> Request | None:
    if len(words) > MAX_PRAISE or "?" in text or any(w in NOT_PRAISE for w in words):
        return None  # a question, or not praise at all
    joined = f" {' '.join(words)} "
    if not any(f" {phrase} " in joined for phrase in PRAISE):
        return None
    return Request(Intent.SURVEY, rest=" ".join(text.split()))


def _targets_amid(words: list[str]) -> Request | None:
    """ "nam nay phuong dat chi tieu j": the targets asked about among words of now."""
    for i in range(len(words) - 1):
        if words[i : i + 2] == ["chi", "tieu"]:
            others = words[:i] + words[i + 2 :]
            if all(w in LEADING | TRAILING | ABOUT_NOW | {"j", "gi"} for w in others):
                return Request(Intent.TARGETS)
    return None


# A complaint asked for after the story: "... cua dong, ko co ai. toi muon phan anh".
WANTS = word_set("muon xin can gui")
SPEAKERS = word_set("toi em minh chau tui")
COMPLAINT_WORDS = (("phan", "anh"), ("kien", "nghi"), ("gop", "y"))
MIN_STORY = 4  # words before it: a story to report, not "cho hoi phan anh"


# A story ending by asking the ward to deal with it: "den ngo 8 hong 1 tuan roi, nho phuong xu
# ly giup" (folded, after the polite words at the end).
DEAL_WITH_IT = (
    ("nho", "phuong", "xu", "ly"),
    ("de", "nghi", "phuong", "xu", "ly"),
    ("mong", "phuong", "xu", "ly"),
    ("yeu", "cau", "phuong", "xu", "ly"),
    ("phuong", "xu", "ly", "giup"),
    ("nho", "phuong", "giai", "quyet"),
    ("de", "nghi", "phuong", "giai", "quyet"),
)


def _complaint_at_end(words: list[str], text: str) -> Request | None:
    """A message that tells what happened and ends asking to report it: the complaint, with
    the story (as typed) as its content."""
    end = len(words)
    while end > 0 and words[end - 1] in TRAILING - {"phan", "anh", "kien", "nghi"} | {"giup"}:
        end -= 1
    for ask in DEAL_WITH_IT:
        if end - len(ask) >= MIN_STORY and tuple(words[end - len(ask) : end]) == ask:
            return Request(Intent.COMPLAINT, rest=_head(text, end - len(ask)))
    if end < 2 or tuple(words[end - 2 : end]) not in COMPLAINT_WORDS:
        return None
    start = end - 2
    if start == 0 or words[start - 1] not in WANTS:
        return None  # "... phan anh" without wanting it: a question about complaints
    while start > 0 and words[start - 1] in WANTS:
        start -= 1
    if start > 0 and words[start - 1] in SPEAKERS:  # "toi", not "lam" of "... di lam"
        start -= 1
    if start < MIN_STORY:
        return None
    story = _head(text, start)
    return Request(Intent.COMPLAINT, rest=story)


def _head(text: str, count: int) -> str:
    """The first `count` words of `text` as typed, with their marks and punctuation."""
    kept: list[str] = []
    seen = 0
    for piece in text.split():
        if seen >= count:
            break
        kept.append(piece)
        seen += len(folded_words(piece))
    return " ".join(kept).strip(" :,-.")


def _phrase_at(words: list[str], start: int) -> tuple[Intent, int] | None:
    for phrase, intent in PHRASES:
        if tuple(words[start : start + len(phrase)]) == phrase:
            return intent, start + len(phrase)
    return None


def _request(intent: Intent, after: list[str], text: str, phrase: list[str]) -> Request | None:
    if intent is Intent.COMPLAINT:
        rest = list(after)
        for connective in CONNECTIVES:
            head = connective.split()
            if rest[: len(head)] == head:
                rest = rest[len(head) :]
                break
        if all(w in TRAILING for w in rest):
            return Request(intent)
        # The content in the citizen's own words (marks kept): the words after the request.
        return Request(intent, rest=_tail(text, len(rest)))
    if intent is Intent.FORMAL:  # whatever it is about, the answer is where to take it
        return Request(intent)
    if intent is Intent.SURVEY:
        if " ".join(phrase) in OPINIONS or any(w in VERDICT_WORDS for w in after):
            return Request(intent, rest=" ".join(text.split()))  # their words: the comment
        return Request(intent) if all(w in TRAILING for w in after) else None
    if intent is Intent.EXPORT:  # the period, in the words /xuatbaocao reads
        named = [w for w in phrase if w in PERIOD_WORDS]  # "bao cao quy", "tong ket"
        typed = _tail(text, len(after)) if after else ""
        return Request(intent, rest=" ".join([*named, typed]).strip())
    if intent in (Intent.TARGETS, Intent.NEWS, *STAFF_INTENTS):
        if all(w in TRAILING or w in ABOUT_NOW for w in after):
            return Request(intent)
        return None
    if intent is Intent.FOLLOW:  # "phan anh cua toi den dau roi"
        return Request(intent) if all(w in TRAILING | STATUS_WORDS for w in after) else None
    if all(w in TRAILING for w in after):
        return Request(intent)
    return None


def _tail(text: str, count: int) -> str:
    """The last `count` words of `text` as typed, with their marks and punctuation."""
    pieces = text.split()
    kept: list[str] = []
    seen = 0
    for piece in reversed(pieces):
        if seen >= count:
            break
        kept.append(piece)
        seen += len(folded_words(piece))
    return " ".join(reversed(kept)).strip(" :,-")


# Typed inside a form instead of pressing Huỷ: "huy", "thoi khong phan anh nua a".
CANCEL_PHRASES = frozenset(
    {
        "huy",
        "huy bo",
        "huy phan anh",
        "thoi",
        "thoi khong gui nua",
        "thoi khong phan anh nua",
        "khong gui nua",
        "khong phan anh nua",
        "khong can nua",
        "thoi khong can nua",
        "bo qua",
        "dung lai",
        "cancel",
    }
)
CANCEL_POLITE = word_set("a ah nhe nha nhen thoi di chau em toi minh")


def reads_as_cancel(text: str) -> bool:
    """Whether text typed inside a form says to stop it (polite words around allowed)."""
    words = folded_words(text)
    if not words or len(words) > 8:
        return False
    phrase = " ".join(words)
    if phrase in CANCEL_PHRASES:
        return True
    while words and words[-1] in CANCEL_POLITE:
        words = words[:-1]
    while words and words[0] in CANCEL_POLITE and " ".join(words) not in CANCEL_PHRASES:
        words = words[1:]
    return " ".join(words) in CANCEL_PHRASES


# Words around a tracking code that only ask where the complaint stands ("PA-2612-0003 den dau
# roi", "xem giup toi ma so ... voi"): the status answers them, nothing to pass on.
STATUS_WORDS = word_set(
    "theo doi xem tra cuu kiem tra ma so phan anh kien nghi ket qua tinh trang trang thai den dau"
    " roi the nao sao ra chua xong giai quyet xu ly duoc gi cho biet hoi giup voi nay do kia la"
    " cua"
)


def message_beside_code(text: str) -> str:
    """What a message carrying a tracking code says besides asking its status ("PA-2612-0003
    sao gui 2 tuan roi ma van chua ai den xem"), as typed; "" when it only asks the status."""
    rest = " ".join(CODE_IN_TEXT.sub(" ", text).split()).strip(" :,.-")
    said = [w for w in folded_words(rest) if w not in LEADING | TRAILING | STATUS_WORDS]
    return rest if len(said) >= 2 else ""


# Typed at the photos step instead of pressing Continue: "xong", "ko co anh a", "khong co hinh".
NOTHING_MORE = frozenset(
    {
        "xong",
        "xong roi",
        "tiep",
        "tiep tuc",
        "ok",
        "gui",
        "gui di",
        "het",
        "het roi",
        "khong",
        "khong co",
        "khong can",
        "khong co gi",
        "bo qua",
    }
)
NO_PICTURE = word_set("anh hinh hinh anh vi tri dinh vi")
SHORT_NO = {"ko": "khong", "k": "khong", "kh": "khong", "hok": "khong", "hong": "khong"}


def reads_as_nothing_more(text: str) -> bool:
    """Whether text typed at the photos step says there is nothing to add ("ko co anh a")."""
    words = [SHORT_NO.get(w, w) for w in folded_words(text)]
    while words and words[-1] in CANCEL_POLITE:
        words = words[:-1]
    while words and words[0] in CANCEL_POLITE - {"thoi"}:
        words = words[1:]
    phrase = " ".join(words)
    if phrase in NOTHING_MORE:
        return True
    # "khong co anh", "khong co hinh anh gi", "khong gui anh"
    return (
        len(words) >= 3
        and words[0] == "khong"
        and words[1] in {"co", "gui", "can"}
        and all(w in NO_PICTURE or w == "gi" for w in words[2:])
    )


# Typed at the review instead of pressing Send: "gui", "gui di", "ok gui", "dong y".
SEND_PHRASES = frozenset(
    {"gui", "gui di", "ok gui", "ok gui di", "dong y", "dong y gui", "gui luon", "ok", "oke"}
)


def reads_as_send(text: str) -> bool:
    """Whether text typed at a review says to send it (polite words around allowed)."""
    words = folded_words(text)
    while words and words[-1] in CANCEL_POLITE:
        words = words[:-1]
    while words and words[0] in CANCEL_POLITE - {"thoi"}:
        words = words[1:]
    return " ".join(words) in SEND_PHRASES
