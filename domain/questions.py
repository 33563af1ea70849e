"""Questions the bot could not answer, as staff see them: personal data taken out, and wordings
alike grouped under one key (the key a staff mapping is looked up by, before the search).

Personal data (Decree 13/2023/NĐ-CP: keep only what the purpose needs) is replaced by "…" before
anything is stored: phone numbers, e-mail addresses, ID and other long numbers, full dates and
birth years, house, alley and flat numbers with the street after them ("số 12 ngõ 34 Kim Giang"),
an address after "địa chỉ", and a name after "tôi là", "em là", "tên tôi là", "cháu tên",
"họ tên"... What the question is about ("khai sinh cho con") is kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from domain.text import fold, folded_words, nfc, strip_invisible, word_set

HIDDEN = "…"
PHONE = re.compile(r"(?<!\w)(?:\+?84|0)(?:[\s.-]?\d){8,10}(?!\w)")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
LONG_NUMBER = re.compile(r"(?<!\w)\d(?:[\s.-]?\d){6,}(?!\w)")  # CCCD, passport, account numbers
# A full date (most often a birth date): 12/03/1985, 12-3-1985, 12.03.1985.
FULL_DATE = re.compile(r"(?<![\w/.-])\d{1,2}[/.-]\d{1,2}[/.-](?:19|20)\d{2}(?![\w/.-])")
# A year of birth: "sinh năm 1985", "năm sinh 1990", "sn 85", "ns: 1979".
BIRTH_YEAR = re.compile(
    r"(?<!\w)((?:sinh|sanh)\s+(?:năm|nam)|(?:năm|nam)\s+sinh|sn|ns)\s*:?\s*((?:19|20)?\d{2})(?!\w)",
    re.IGNORECASE,
)
_NUMBER = r"\d+[a-zA-Z]?(?:\s?[/-]\s?\d+[a-zA-Z]?)*"
# A count, not a house: "nhà 3 tầng", "số 2 bản sao", "số 5 người".
_COUNT = (
    r"(?!\s*(?:tầng|tang|lầu|lau|m2|m²|mét|met|m\b|người|nguoi|tuổi|tuoi|năm|nam|tháng|thang"
    r"|ngày|ngay|lần|lan|bản|ban|trang|con|cái|cai|chiếc|chiec|triệu|trieu|nghìn|nghin|đồng|dong))"
)
# After these words "số" numbers a document, not a house: "Nghị định số 23/2015".
_DOCUMENT_WORDS = word_set(
    "dinh tu quyet van ban cong hieu luat lenh dieu khoan muc trang thong bien lai phieu"
)
_PLACE = r"(?:ngõ|ngo|ngách|ngach|hẻm|hem|kiệt|kiet|tòa|toa|tổ|to|đường|duong|phố|pho)"
# A house, alley or flat number, and the alleys after it: "số nhà 12", "số 12 ngõ 34",
# "ngách 5/12", "hẻm 7", "kiệt 3", "nhà 15B", "phòng 1203 tòa A2", "căn hộ 12-05".
HOUSE = re.compile(
    r"(?<!\w)(?:(?:số|so)\s+(?:nhà|nha)|(?:nhà|nha)\s+(?:số|so)|số|so|nhà|nha|ngõ|ngo|ngách"
    r"|ngach|hẻm|hem|kiệt|kiet|phòng|phong|căn\s+hộ|can\s+ho)\s*"
    + _NUMBER
    + _COUNT
    + r"(?:\s*,?\s*"
    + _PLACE
    + r"\s*(?:"
    + _NUMBER
    + r"|[a-zA-Z]\d*)(?!\w))*(?!\w)",
    re.IGNORECASE,
)
ADDRESS = re.compile(
    r"(?<!\w)(?:địa\s+chỉ|dia\s+chi|đ/c)(?:\s+(?:nhà|nha))?(?:\s+(?:của\s+)?(?:tôi|toi|em|mình"
    r"|minh))?(?:\s+(?:là|la|ở|o|tại|tai))?\s*:?\s*[^,.;!?\n]*",
    re.IGNORECASE,
)
_SPEAKER = r"(?:tôi|toi|em|mình|minh|cháu|chau|con(?:\s+(?:tôi|toi|em|mình|minh))?)"
_KIN = r"(?:chồng|chong|vợ|vo|bố|bo|mẹ|me|cha|ông|ong|bà|ba)\s+(?:tôi|toi|em|mình|minh)"
# Who is speaking, or whose the matter is: a name follows these words.
NAME_AFTER = re.compile(
    r"(?<!\w)("
    r"(?:tên|ten)\s+(?:của\s+|cua\s+)?" + _SPEAKER + r"(?:\s+(?:là|la))?"
    r"|(?:họ\s+(?:và\s+)?tên|ho\s+(?:va\s+)?ten)(?:\s+(?:là|la))?\s*:?"
    r"|(?:" + _SPEAKER + r"|" + _KIN + r")\s+(?:tên|ten)(?:\s+(?:là|la))?"
    r"|" + _SPEAKER + r"\s+(?:là|la)"
    r")\s+([^\W\d_]+(?:\s+[^\W\d_]+){0,4})",
    re.IGNORECASE,
)
# Words that end a name typed in small letters (or in capitals throughout).
NAME_WORDS_END = word_set(
    "o ở tai tại muon muốn can cần hoi hỏi xin nha nhà nhe nhé a ạ so số sinh sn dia địa dang đang"
    " co có la là lam làm den đến bi bị da đã vua vừa moi mới va và nho nhờ cho ve về song"
    " sống hien hiện tru trú thuong thường nam năm ngay ngày que quê di đi de để duoc được khong"
    " không ko k nay này thang tháng hom hôm oi ơi voi với dc sdt đt dt email cccd cmnd phuong"
    " phường quan quận to tổ khu thon thôn xom xóm ngo ngõ ngach ngách hem hẻm kiet kiệt duong"
    " đường pho phố can căn phong phòng ma mà nhung nhưng roi rồi se sẽ"
)
# After "tôi là" / "em là": what a person is, not who ("tôi là người dân", "em là sinh viên").
_WHAT_NOT_WHO = word_set(
    "nguoi người dan dân cong công chu chủ me mẹ bo bố cha vo vợ chong chồng con chau cháu"
    " ong ông ba bà anh chi chị em co cô chú bac bác di dì cau cậu sinh hoc học giao giáo can"
    " cán nhan nhân tho thợ lao lão nong nông doanh ke kế tieu tiểu ho hộ thanh thành vien viên"
    " dang đảng bo bộ cuu cựu sv hs gv viet việt kieu kiều nu nữ mot một khach khách thuong"
    " thương benh bệnh tre trẻ phu phụ huu hưu tan tân du dự dai đại dien diện giam giám"
    " truong trưởng pho phó ban bạn hang hàng ngu ngụ tam tạm"
)
NOT_A_NAME = _WHAT_NOT_WHO | NAME_WORDS_END
# Words of a question, where a street typed in small letters ends ("ngo 34 kim giang hoi ...").
STREET_WORDS_END = NAME_WORDS_END | word_set(
    "khai ket kết xac xác chung chứng giay giấy dang đăng ky ký hon hôn tu tử tam tạm vang vắng"
    " thu thủ tuc tục ho hộ ban bản sao con cho"
)
FOLDED_NAME_END = frozenset(fold(w) for w in NAME_WORDS_END)
FOLDED_NOT_A_NAME = frozenset(fold(w) for w in NOT_A_NAME)
FOLDED_STREET_END = frozenset(fold(w) for w in STREET_WORDS_END)
_WORD = re.compile(r"\s*([^\W_]+)")

# Words that change nothing in what is asked: left out of the grouping key.
FILLER = word_set(
    "a ah ạ oi ơi cho hoi hỏi xin toi tôi em minh mình chau cháu bac bác anh chi chị co cô "
    "chu chú ong ông ba bà ad admin bot vui long lòng lam làm on ơn giup giúp voi với nhe nhé "
    "nha the thế thi thì la là ma mà nhi nhỉ vay vậy can cần muon muốn duoc được khong không "
    "nhung những gi gì nao nào ha hả de để o ở sdt sđt email cccd"
)
FOLDED_FILLER = frozenset(fold(w) for w in FILLER)


def strip_personal(text: str) -> str:
    """The question without phone numbers, e-mails, ID numbers, birth dates, house numbers and
    addresses, and the name of whoever it is about."""
    text = nfc(text)
    text = EMAIL.sub(HIDDEN, text)
    text = FULL_DATE.sub(HIDDEN, text)
    text = PHONE.sub(HIDDEN, text)
    text = LONG_NUMBER.sub(HIDDEN, text)
    text = BIRTH_YEAR.sub(lambda m: f"{m.group(1)} {HIDDEN}", text)
    text = ADDRESS.sub(_hide_address, text)
    text = _hide_houses(text)
    text = NAME_AFTER.sub(_hide_name, text)
    text = re.sub(r"…(?:\s*[,;.]?\s*…)+|…\.(?=\s|$)", HIDDEN, text)
    return re.sub(r"\s+([,.;!?])", r"\1", " ".join(text.split()))


def _mixed_case(text: str) -> bool:
    """Typed with capitals for names (not all small, not all capitals)."""
    letters = [c for c in text if c.isalpha()]
    return any(c.isupper() for c in letters) and any(c.islower() for c in letters)


def _hide_address(match: re.Match[str]) -> str:
    said = match.group(0)
    rest = said[len(said.rstrip()) :]
    head = re.match(r"\S+\s+\S+", said)
    return f"{head.group(0) if head else said} {HIDDEN}{rest}"


def _hide_houses(text: str) -> str:
    """Each house or alley number, with the street named after it."""
    mixed = _mixed_case(text)
    out: list[str] = []
    position = 0
    for match in HOUSE.finditer(text):
        before = text[: match.start()].split()
        if match.start() < position or (before and fold(before[-1]) in _DOCUMENT_WORDS):
            continue
        end = match.end()
        taken = 0
        while taken < 4 and (word := _WORD.match(text, end)):
            value = word.group(1)
            if mixed and not (value[0].isupper() or value.isdigit()):
                break
            if not mixed and (taken >= 3 or fold(value) in FOLDED_STREET_END):
                break
            end, taken = word.end(), taken + 1
        out.append(text[position : match.start()] + HIDDEN)
        position = end
    return "".join(out) + text[position:]


def _hide_name(match: re.Match[str]) -> str:
    lead, words = match.group(1), match.group(2).split()
    explicit = "t" in fold(lead).replace("toi", "")  # "tên ...": whatever follows is a name
    first = words[0]
    mixed = _mixed_case(match.string)
    # A capital makes a name of a word that is also a noun ("Hồ Thị Hoa"), when a capitalised
    # word follows it: "Tôi là Việt kiều" is not a name.
    named = mixed and first[0].isupper() and len(words) > 1 and words[1][0].isupper()
    if not explicit and fold(first) in FOLDED_NOT_A_NAME and not named:
        return match.group(0)  # "tôi là người dân", "em là sinh viên": not a name
    if mixed and first[0].isupper():
        count = next((i for i, w in enumerate(words) if not w[0].isupper()), len(words))
    else:
        count = next((i for i, w in enumerate(words) if fold(w) in FOLDED_NAME_END), len(words))
        count = min(count, 4)
    if count == 0:
        return match.group(0)
    rest = " ".join(words[count:])
    return f"{lead} {HIDDEN}" + (f" {rest}" if rest else "")


def wording_key(text: str) -> str:
    """Wordings that ask the same thing in the same words, give or take the filler, the marks,
    the order and repetitions, share a key: 'Cho hỏi làm sổ hồng?' and 'lam so hong' do."""
    words = [w for w in folded_words(strip_personal(text)) if w not in FOLDED_FILLER]
    return " ".join(sorted(set(words)))


CLOSE_SHARED = 0.8  # of a mapped wording's words a citizen's must have, to be asked alike
CLOSE_OWN = 0.6  # of the citizen's own words that must be the mapped wording's


def closeness(asked_key: str, mapped_key: str) -> float:
    """How alike two wording keys are, 0 when not alike enough to give the same answer: the
    citizen's words must hold most of the mapped wording's and be mostly its own ("phuong lam
    viec may gio vay" is "ubnd phuong lam viec may gio"; "thu 7 phuong co lam viec khong", a
    question of its own, is not)."""
    asked, mapped = set(asked_key.split()), set(mapped_key.split())
    shared = len(asked & mapped)
    if shared < 2 or not asked or not mapped:
        return 0.0
    of_mapped, of_asked = shared / len(mapped), shared / len(asked)
    if of_mapped < CLOSE_SHARED or of_asked < CLOSE_OWN:
        return 0.0
    return of_mapped + of_asked


@dataclass(frozen=True)
class UnansweredGroup:
    """Wordings alike (one key): how often asked, the latest wording, and its row's id."""

    key: str
    count: int
    wording: str
    latest_id: int
    last_asked: datetime


@dataclass(frozen=True)
class Mapping:
    key: str
    wording: str
    procedure_code: str | None  # None: the ward does not handle it (or a ward answer's)
    mapped_by: int
    mapped_at: datetime
    answer_id: int | None = None  # the ward's own answer (WardAnswer) this wording gets


# The ward's own answers ----------------------------------------------------------------------
MAX_ANSWER_CHARS = 1500  # a few lines: a card on a phone screen, well inside a message's 4,096
MAX_ANSWER_LINES = 15


@dataclass(frozen=True)
class WardAnswer:
    """What the ward's staff wrote for questions about the ward itself (its hours, its address,
    the one-stop counter's phone): the text, and the wordings that get it."""

    id: int
    answer: str
    written_by: int
    written_at: datetime
    wordings: tuple[str, ...] = ()


def clean_answer(text: str) -> str | None:
    """A ward answer as typed, tidied: NFC, no invisible characters, spaces collapsed in each
    line, at most one empty line in a row; None when empty, too long or too many lines."""
    lines: list[str] = []
    for raw in nfc(text).splitlines():
        line = " ".join(strip_invisible(raw).split())
        if line or (lines and lines[-1]):
            lines.append(line)
    while lines and not lines[-1]:
        lines.pop()
    cleaned = "\n".join(lines)
    if not cleaned or len(cleaned) > MAX_ANSWER_CHARS or len(lines) > MAX_ANSWER_LINES:
        return None
    return cleaned
