"""Vietnamese text rules: normalisation, search folding, slugs, sorting, dates.

Pure Python on top of ``unicodedata``; the only Django import is
``django.utils.timezone``, made lazily for aware datetimes.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Iterable

# Invisible characters that only sneak in by copy and paste (zero-width space,
# word joiner, byte order mark). Zero-width (non-)joiners are kept: emoji
# sequences and some scripts need them.
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u2060\ufeff"))

# Latin letters that Unicode does not decompose into a base letter and a mark.
# Ð/ð (eth) stands in for Đ/đ in text converted from legacy Vietnamese fonts.
_LATIN_EXTRAS = str.maketrans(
    {"đ": "d", "ð": "d", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "þ": "th", "ı": "i"}
)

_WHITESPACE_RUNS = re.compile(r"\s+")
_SLUG_WORDS = re.compile(r"[a-z0-9]+")


def nfc(text: str) -> str:
    """Return text in Unicode NFC without zero-width spaces and byte order marks."""
    if not text:
        return ""
    return unicodedata.normalize("NFC", text.translate(_ZERO_WIDTH))


def fold(text: str) -> str:
    """Fold text for search: lowercase ASCII-like words without diacritics.

    Composed and decomposed input, old and new tone placement ("Hoà"/"Hòa"),
    and case all fold alike; đ becomes d. Letters (of any script) and digits
    are kept; every other character (punctuation, symbols, emoji, whitespace)
    separates words, and the result has single spaces and no ends. Invisible
    format and control characters (zero-width space, soft hyphen, NUL) are
    dropped without separating words. Both the indexed text and the query must
    go through this function.
    """
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text).casefold()
    decomposed = unicodedata.normalize("NFKD", decomposed).translate(_LATIN_EXTRAS)
    chars = []
    for char in decomposed:
        category = unicodedata.category(char)
        if category[0] == "M" or (category in ("Cc", "Cf") and not char.isspace()):
            continue
        chars.append(char if char.isalnum() else " ")
    return _WHITESPACE_RUNS.sub(" ", "".join(chars)).strip()


def slugify_vi(text: str, max_length: int = 80) -> str:
    """Return an ASCII slug of text, transliterating Vietnamese letters.

    The slug is cut at a word boundary to at most max_length characters (a
    single longer word is cut inside); letters of other scripts are dropped.
    """
    if max_length < 1:
        raise ValueError("max_length must be positive")
    words = _SLUG_WORDS.findall(fold(text))
    if not words:
        return ""
    if len(words[0]) > max_length:
        return words[0][:max_length]
    slug = words[0]
    for word in words[1:]:
        if len(slug) + 1 + len(word) > max_length:
            break
        slug = f"{slug}-{word}"
    return slug


# Vietnamese alphabet, with f j w z (foreign names) at their Latin places.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
# Each letter and digit gets a two-digit code from 10 up; "00" ends the letters
# of a name part and "01" separates its words, so both sort below any letter.
# Any other character is "99" and its 7-digit code point. These codes are
# prefix-free, so comparing keys compares names letter by letter.
_LETTER_CODES = {letter: f"{20 + index:02d}" for index, letter in enumerate(_ALPHABET)}
_DIGIT_CODES = {digit: f"{10 + digit:02d}" for digit in range(10)}
_END_OF_LETTERS = "00"
_WORD_SEPARATOR = "01"
# Marks that make a letter (ă â ê ô ơ ư), as opposed to tone marks.
_LETTER_MARKS = frozenset("\u0302\u0306\u031b")
# Dictionary tone order: level (0), huyền, hỏi, ngã, sắc, nặng.
_TONE_CODES = {
    "\u0300": "1",
    "\u0309": "2",
    "\u0303": "3",
    "\u0301": "4",
    "\u0323": "5",
}
_SORT_EXTRAS = str.maketrans(
    {"ð": "đ", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "þ": "th", "ı": "i"}
)


def _letter_code(base: str, marks: list[str]) -> str:
    """Return the sort code of a base character and its combining marks."""
    letter = unicodedata.normalize(
        "NFC", base + "".join(mark for mark in marks if mark in _LETTER_MARKS)
    )
    if letter in _LETTER_CODES:
        return _LETTER_CODES[letter]
    if base in _LETTER_CODES:  # a foreign mark, as in "ü" or "ç"
        return _LETTER_CODES[base]
    if base.isdecimal():
        return _DIGIT_CODES[unicodedata.decimal(base)]
    return f"99{ord(base):07d}"


def _name_part_key(text: str) -> str:
    """Return the sort key of one name part: its letters, then its tones."""
    text = unicodedata.normalize("NFKD", (text or "").casefold())
    text = unicodedata.normalize("NFKD", text.translate(_SORT_EXTRAS))
    words: list[str] = []
    tones: list[str] = []
    codes: list[str] = []
    tone = ""
    index = 0
    while index <= len(text):
        char = text[index] if index < len(text) else " "
        index += 1
        if unicodedata.category(char) in ("Cc", "Cf") and not char.isspace():
            continue
        if not char.isalnum():
            if codes:
                words.append("".join(codes))
                tones.append(tone or "0")
                codes, tone = [], ""
            continue
        marks = []
        while index < len(text) and unicodedata.category(text[index])[0] == "M":
            marks.append(text[index])
            index += 1
        codes.append(_letter_code(char, marks))
        tone = tone or next((_TONE_CODES[m] for m in marks if m in _TONE_CODES), "")
    return _WORD_SEPARATOR.join(words) + _END_OF_LETTERS + "".join(tones)


def name_sort_key(family: str, middle: str, given: str) -> str:
    """Return a digits-only key sorting names by given, family, then middle name.

    Letters follow the Vietnamese alphabet (a ă â b c d đ e ê g h i k l m n o ô
    ơ p q r s t u ư v x y, with f j w z at their Latin places), case-insensitive,
    word by word. Within a name part, tones only break ties once all its
    letters are equal, in dictionary order: level, huyền, hỏi, ngã, sắc, nặng
    ("Ma < Mà < Mả < Mã < Má < Mạ"). The key is ASCII digits only, so Python
    and any database collation without numeric ordering sort it alike. It is
    about three characters per letter long.
    """
    return "".join(_name_part_key(part) for part in (given, family, middle))


def _local(value: datetime.date) -> datetime.date:
    """Return an aware datetime in the current time zone, anything else as is."""
    if isinstance(value, datetime.datetime) and value.utcoffset() is not None:
        from django.utils import timezone

        return timezone.localtime(value)
    return value


_WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")


def vi_date(d: datetime.date) -> str:
    """Return a date as "07/01/2021", aware datetimes in local time."""
    d = _local(d)
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def vi_weekday(d: datetime.date) -> str:
    """Return the weekday of a date: "Thứ Hai" to "Thứ Bảy", "Chủ nhật"."""
    return _WEEKDAYS[_local(d).weekday()]


def vi_dateline(d: datetime.date) -> str:
    """Return a date as "Thứ Năm, 07/01/2021"."""
    return f"{vi_weekday(d)}, {vi_date(d)}"


def part_of_day(t: datetime.time | datetime.datetime) -> str:
    """Return "Sáng" before noon, "Chiều" until 18:00, "Tối" from 18:00."""
    if isinstance(t, datetime.datetime):
        t = _local(t).time()
    if t.hour < 12:
        return "Sáng"
    if t.hour < 18:
        return "Chiều"
    return "Tối"


_ROMAN_NUMERALS = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)


def roman(n: int) -> str:
    """Return n (1 to 3999) in Roman numerals, as in "Kỳ họp thứ XV"."""
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"roman() needs an int, not {type(n).__name__}")
    if not 1 <= n <= 3999:
        raise ValueError(f"roman() covers 1 to 3999, not {n}")
    numerals = []
    for value, numeral in _ROMAN_NUMERALS:
        count, n = divmod(n, value)
        numerals.append(numeral * count)
    return "".join(numerals)


def _check_month(month: int) -> None:
    """Raise ValueError unless month is 1 to 12."""
    if not 1 <= month <= 12:
        raise ValueError(f"month must be 1 to 12, not {month}")


def month_phrase(year: int, month: int) -> str:
    """Return a month as "tháng 01/2021"."""
    _check_month(month)
    return f"tháng {month:02d}/{year}"


def month_title(year: int, month: int) -> str:
    """Return a month as "tháng 01 năm 2021"."""
    _check_month(month)
    return f"tháng {month:02d} năm {year}"


def join_titles(titles: Iterable[str], sep: str = " - ") -> str:
    """Join the non-blank titles, stripped, with sep."""
    return sep.join(title.strip() for title in titles if title and title.strip())


_HONORIFICS = {"male": "ông", "female": "bà"}


def honorific(gender: str, capital: bool = False) -> str:
    """Return "ông" or "bà" for a gender value, "" for an unknown one."""
    word = _HONORIFICS.get(gender, "")
    return word.capitalize() if capital else word


_SIZE_UNITS = ("B", "KB", "MB", "GB", "TB", "PB")


def file_size_vi(num_bytes: int) -> str:
    """Return a file size as "950 B", "1,2 MB" or "532 KB" (1 KB = 1024 B).

    Sizes under ten units keep one decimal (with a decimal comma) unless it is
    zero; larger ones are rounded to whole units, half up.
    """
    if num_bytes < 0:
        raise ValueError(f"a file size cannot be negative: {num_bytes}")
    unit = 0
    while unit < len(_SIZE_UNITS) - 1 and num_bytes >= 1024 ** (unit + 1):
        unit += 1
    while True:
        divisor = 1024**unit
        tenths = (num_bytes * 10 + divisor // 2) // divisor
        whole = (num_bytes + divisor // 2) // divisor
        if whole < 1024 or unit == len(_SIZE_UNITS) - 1:
            break
        unit += 1  # 1023,6 KB rounds up to the next unit
    if unit and tenths < 100 and tenths % 10:
        return f"{tenths // 10},{tenths % 10} {_SIZE_UNITS[unit]}"
    return f"{whole} {_SIZE_UNITS[unit]}"
