import datetime
import random
import unicodedata
import zoneinfo

import pytest
from django.utils import timezone

from meetings.vietnamese import (
    file_size_vi,
    fold,
    honorific,
    join_titles,
    month_phrase,
    month_title,
    name_sort_key,
    nfc,
    part_of_day,
    roman,
    slugify_vi,
    vi_date,
    vi_dateline,
    vi_weekday,
)


def nfd(text):
    return unicodedata.normalize("NFD", text)


# nfc


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (nfd("Phiên họp Thường trực HĐND"), "Phiên họp Thường trực HĐND"),
        ("Phiên họp Thường trực HĐND", "Phiên họp Thường trực HĐND"),
        ("Ngu\u200byễn", "Nguyễn"),
        ("\ufeffHội đồng", "Hội đồng"),
        ("Hoà", "Hoà"),  # tone placement is the author's, not ours to change
        ("  hai  dấu cách ", "  hai  dấu cách "),
        ("", ""),
    ],
)
def test_nfc(text, expected):
    assert nfc(text) == expected
    assert unicodedata.is_normalized("NFC", nfc(text))


def test_nfc_keeps_emoji_joiners():
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    assert nfc(family) == family


# fold


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hoà", "hoa"),
        ("Hòa", "hoa"),
        ("HOÀ", "hoa"),
        (nfd("Hoà"), "hoa"),
        (nfd("Hòa"), "hoa"),
        ("Thuỷ", "thuy"),
        ("Thủy", "thuy"),
        ("Hoá", "hoa"),
        ("Hóa", "hoa"),
        ("Đặng Thanh Sơn", "dang thanh son"),
        (nfd("Đặng Thanh Sơn"), "dang thanh son"),
        ("đĐ", "dd"),
        ("Ðức", "duc"),  # Icelandic eth from legacy font conversions
        ("ăâêôơư ĂÂÊÔƠƯ", "aaeoou aaeoou"),
        ("Ấp Ầu Ẩn Ẫm Ậy", "ap au an am ay"),
        ("Thường trực HĐND tỉnh", "thuong truc hdnd tinh"),
        ("12/BC-HĐND", "12 bc hdnd"),
        ("tháng 01/2021", "thang 01 2021"),
        ("  nhiều   khoảng\ttrắng\n", "nhieu khoang trang"),
        ("“Trích dẫn”, dấu (ngoặc)!", "trich dan dau ngoac"),
        ("Hà Nội 😀 vui", "ha noi vui"),
        ("😀", ""),
        ("Ngu\u200byễn", "nguyen"),
        ("Ngu\u00adyễn", "nguyen"),
        ("Ngu\x00yễn", "nguyen"),
        ("Hà\x07Nội", "hanoi"),
        ("Hà\r\nNội", "ha noi"),
        ("ＨĐＮＤ　２０２１", "hdnd 2021"),
        ("Müller Søren straße", "muller soren strasse"),
        ("snake_case", "snake case"),
        ("", ""),
        ("   ", ""),
    ],
)
def test_fold(text, expected):
    assert fold(text) == expected


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Hoà", "Hòa"),
        ("Thuỷ", "Thủy"),
        ("Hoá", "Hóa"),
        ("Khoẻ", "Khỏe"),
        ("Uỷ ban", "Ủy ban"),
        ("Nguyễn", nfd("NGUYỄN")),
        ("Nguyen", "Nguyễn"),
    ],
)
def test_fold_equal_spellings(a, b):
    assert fold(a) == fold(b)


def test_fold_is_idempotent():
    text = "Phiên họp thường kỳ tháng 01/2021 của Thường trực HĐND tỉnh"
    assert fold(fold(text)) == fold(text)


# slugify_vi


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Đặng Thanh Sơn", "dang-thanh-son"),
        (nfd("Đặng Thanh Sơn"), "dang-thanh-son"),
        ("HĐND", "hdnd"),
        (
            "Phiên họp tháng 01 năm 2021 của Thường trực HĐND tỉnh",
            "phien-hop-thang-01-nam-2021-cua-thuong-truc-hdnd-tinh",
        ),
        ("Hoà bình / Hòa bình", "hoa-binh-hoa-binh"),
        ("  --Kỳ họp thứ 15!--  ", "ky-hop-thu-15"),
        ("Tin 😀 vui", "tin-vui"),
        ("中文 Việt", "viet"),
        ("", ""),
        ("!!!", ""),
    ],
)
def test_slugify_vi(text, expected):
    assert slugify_vi(text) == expected


@pytest.mark.parametrize(
    ("max_length", "expected"),
    [
        (80, "phien-hop-thuong-ky"),
        (19, "phien-hop-thuong-ky"),
        (18, "phien-hop-thuong"),
        (10, "phien-hop"),
        (9, "phien-hop"),
        (8, "phien"),
        (3, "phi"),
    ],
)
def test_slugify_vi_cuts_at_a_word_boundary(max_length, expected):
    slug = slugify_vi("Phiên họp thường kỳ", max_length=max_length)
    assert slug == expected
    assert len(slug) <= max_length
    assert not slug.endswith("-")


def test_slugify_vi_rejects_a_non_positive_length():
    with pytest.raises(ValueError):
        slugify_vi("Phiên họp", max_length=0)


# name_sort_key


def shuffled(items):
    items = list(items)
    random.Random(2021).shuffle(items)
    return items


def sort_given_names(names):
    return sorted(names, key=lambda given: name_sort_key("", "", given))


@pytest.mark.parametrize(
    "ordered",
    [
        ["An", "Ánh", "Ân", "Bình", "Chi", "Dũng", "Đức", "Hà", "Hạnh", "Yến"],
        ["Ma", "Mà", "Mả", "Mã", "Má", "Mạ"],
        ["A", "Ă", "Â", "B"],
        ["O", "Ô", "Ơ", "P"],
        ["E", "Ê", "G"],
        ["U", "Ư", "V"],
        ["Dũng", "Đức"],
        ["Dương", "Đan"],  # đ is a letter after d, not a d with a mark
        ["Hà", "Hạnh"],  # letters first: "ha" is a prefix of "hanh"
        ["Anh", "Ảnh", "Ânh"],
        ["Eva", "Fan", "Giang"],  # f between e/ê and g
        ["Ivan", "John", "Kiên"],  # j between i and k
        ["Vy", "Will", "Xuân", "Yến", "Zoe"],  # w between v and x, z last
        ["An", "An Bình", "Anh"],  # word by word
        ["Thu", "Thư", "Thứ", "Thương"],
    ],
)
def test_name_sort_key_orders_given_names(ordered):
    assert sort_given_names(shuffled(ordered)) == ordered


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Hoà", "Hòa"),
        ("Thuỷ", "Thủy"),
        ("Hoá", "Hóa"),
        ("Đức", nfd("Đức")),
        ("ĐỨC", "đức"),
        ("Ngọc  Ánh", " ngọc ánh "),
        ("Ðức", "Đức"),
    ],
)
def test_name_sort_key_equal_spellings(a, b):
    assert name_sort_key("", "", a) == name_sort_key("", "", b)
    assert name_sort_key(a, a, a) == name_sort_key(b, b, b)


def test_name_sort_key_given_name_dominates_family_name():
    people = [
        ("Nguyễn", "Văn", "An"),
        ("Trần", "Thị", "An"),
        ("Trần", "Văn", "An"),
        ("Ân", "Thị", "Bình"),
        ("Lê", "Thị", "Bình"),
        ("Đặng", "Thanh", "Sơn"),
    ]
    assert sorted(shuffled(people), key=lambda p: name_sort_key(*p)) == people


def test_name_sort_key_tones_break_ties_only_after_all_letters_of_the_part():
    # Letters "ma an" sort before "ma binh", whatever the first tone.
    assert name_sort_key("", "", "Mạ An") < name_sort_key("", "", "Ma Bình")
    assert name_sort_key("", "", "Ma Án") < name_sort_key("", "", "Mà An")
    # The given name is compared in full, tones included, before the family.
    assert name_sort_key("A", "", "Mà") < name_sort_key("", "", "Má")


@pytest.mark.parametrize(
    ("family", "middle", "given"),
    [
        ("Nguyễn", "Thị Thu", "Hà"),
        ("H'Hen", "", "Niê"),
        ("Müller", "", "Søren"),
        ("李", "", "明"),
        ("", "", ""),
        ("Trần", "Văn", "Nam 2"),
        ("Lê", "\u200b", "😀"),
    ],
)
def test_name_sort_key_is_ascii_digits(family, middle, given):
    key = name_sort_key(family, middle, given)
    assert key.isascii()
    assert key.isdigit()


def test_name_sort_key_sorts_alike_as_python_strings_and_in_order():
    names = [
        "A",
        "An",
        "An Bình",
        "Ánh",
        "Ân",
        "Ấn",
        "Bình",
        "Chi",
        "Dũng",
        "Đức",
        "Hà",
        "Hạnh",
        "Hoa",
        "Hoà",
        "Hoả",
        "Hoá",
        "Hoạ",
        "Hoan",
        "Mỹ",
        "Nam",
        "Ngọc",
        "Sơn",
        "Thanh",
        "Thư",
        "Yến",
    ]
    keys = [name_sort_key("", "", name) for name in names]
    assert sorted(shuffled(keys)) == keys
    assert len(set(keys)) == len(keys)


# dates and times


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (datetime.date(2021, 1, 7), "07/01/2021"),
        (datetime.date(2021, 12, 25), "25/12/2021"),
        (datetime.datetime(2021, 1, 7, 23, 30), "07/01/2021"),
    ],
)
def test_vi_date(value, expected):
    assert vi_date(value) == expected


def test_aware_datetimes_are_shown_in_local_time():
    # 20:00 UTC on Wednesday 6 January is 03:00 on Thursday 7 January in
    # Vietnam (UTC+7); 11:00 UTC is 18:00 there.
    night = datetime.datetime(2021, 1, 6, 20, 0, tzinfo=datetime.UTC)
    evening = datetime.datetime(2021, 1, 7, 11, 0, tzinfo=datetime.UTC)
    with timezone.override(zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")):
        assert vi_date(night) == "07/01/2021"
        assert vi_weekday(night) == "Thứ Năm"
        assert vi_dateline(night) == "Thứ Năm, 07/01/2021"
        assert part_of_day(night) == "Sáng"
        assert part_of_day(evening) == "Tối"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (datetime.date(2021, 1, 4), "Thứ Hai"),
        (datetime.date(2021, 1, 5), "Thứ Ba"),
        (datetime.date(2021, 1, 6), "Thứ Tư"),
        (datetime.date(2021, 1, 7), "Thứ Năm"),
        (datetime.date(2021, 1, 8), "Thứ Sáu"),
        (datetime.date(2021, 1, 9), "Thứ Bảy"),
        (datetime.date(2021, 1, 10), "Chủ nhật"),
        (datetime.datetime(2021, 1, 10, 8, 0), "Chủ nhật"),
    ],
)
def test_vi_weekday(value, expected):
    assert vi_weekday(value) == expected


def test_vi_dateline():
    assert vi_dateline(datetime.date(2021, 1, 7)) == "Thứ Năm, 07/01/2021"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (datetime.time(0, 0), "Sáng"),
        (datetime.time(7, 30), "Sáng"),
        (datetime.time(11, 59, 59), "Sáng"),
        (datetime.time(12, 0), "Chiều"),
        (datetime.time(14, 0), "Chiều"),
        (datetime.time(17, 59), "Chiều"),
        (datetime.time(18, 0), "Tối"),
        (datetime.time(23, 59), "Tối"),
        (datetime.datetime(2021, 1, 7, 14, 0), "Chiều"),
    ],
)
def test_part_of_day(value, expected):
    assert part_of_day(value) == expected


# numbers and phrases


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (1, "I"),
        (4, "IV"),
        (9, "IX"),
        (14, "XIV"),
        (15, "XV"),
        (40, "XL"),
        (90, "XC"),
        (400, "CD"),
        (1994, "MCMXCIV"),
        (2021, "MMXXI"),
        (3999, "MMMCMXCIX"),
    ],
)
def test_roman(n, expected):
    assert roman(n) == expected


@pytest.mark.parametrize("n", [0, -1, 4000])
def test_roman_rejects_numbers_out_of_range(n):
    with pytest.raises(ValueError):
        roman(n)


@pytest.mark.parametrize("n", ["15", 15.0, True])
def test_roman_rejects_non_integers(n):
    with pytest.raises(TypeError):
        roman(n)


@pytest.mark.parametrize(
    ("year", "month", "phrase", "title"),
    [
        (2021, 1, "tháng 01/2021", "tháng 01 năm 2021"),
        (2025, 12, "tháng 12/2025", "tháng 12 năm 2025"),
    ],
)
def test_month_phrase_and_title(year, month, phrase, title):
    assert month_phrase(year, month) == phrase
    assert month_title(year, month) == title


@pytest.mark.parametrize("month", [0, 13])
def test_month_phrase_and_title_reject_bad_months(month):
    with pytest.raises(ValueError):
        month_phrase(2021, month)
    with pytest.raises(ValueError):
        month_title(2021, month)


@pytest.mark.parametrize(
    ("titles", "kwargs", "expected"),
    [
        (
            ["Ủy viên Ban Thường vụ Tỉnh ủy", "Phó Chủ tịch Thường trực HĐND tỉnh"],
            {},
            "Ủy viên Ban Thường vụ Tỉnh ủy - Phó Chủ tịch Thường trực HĐND tỉnh",
        ),
        (["Chủ tịch HĐND tỉnh", "", "  ", None], {}, "Chủ tịch HĐND tỉnh"),
        ([" Ủy viên ", "Trưởng ban"], {"sep": ", "}, "Ủy viên, Trưởng ban"),
        ((title for title in ["A", "B"]), {}, "A - B"),
        ([], {}, ""),
    ],
)
def test_join_titles(titles, kwargs, expected):
    assert join_titles(titles, **kwargs) == expected


@pytest.mark.parametrize(
    ("gender", "capital", "expected"),
    [
        ("male", False, "ông"),
        ("female", False, "bà"),
        ("male", True, "Ông"),
        ("female", True, "Bà"),
        ("", False, ""),
        ("", True, ""),
        ("other", True, ""),
        (None, False, ""),
    ],
)
def test_honorific(gender, capital, expected):
    assert honorific(gender, capital=capital) == expected


@pytest.mark.parametrize(
    ("num_bytes", "expected"),
    [
        (0, "0 B"),
        (950, "950 B"),
        (1023, "1023 B"),
        (1024, "1 KB"),
        (1536, "1,5 KB"),
        (532 * 1024, "532 KB"),
        (int(1.2 * 1024**2), "1,2 MB"),
        (int(9.96 * 1024), "10 KB"),
        (1024**2 - 1, "1 MB"),  # 1023,999 KB rounds up to the next unit
        (3 * 1024**3, "3 GB"),
        (int(2.5 * 1024**4), "2,5 TB"),
    ],
)
def test_file_size_vi(num_bytes, expected):
    assert file_size_vi(num_bytes) == expected


def test_file_size_vi_rejects_negative_sizes():
    with pytest.raises(ValueError):
        file_size_vi(-1)
