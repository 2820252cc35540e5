"""Vietnamese dates, numbers and admin translations.

Django's own vi locale shows no input formats (a typed "07/01/2021" would be
read month first), starts weeks on Sunday, and leaves admin strings such as
"Skip to main content" in English. council/formats/vi/formats.py and
locale/vi/LC_MESSAGES/*.po fill those gaps; these tests hold them in place.
"""

import ast
import datetime
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import django
import pytest
from django import forms
from django.contrib.admin.widgets import AdminDateWidget, AdminTimeWidget
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import trans_real

DJANGO_DIR = Path(django.__file__).resolve().parent
HCM = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture(autouse=True)
def _vietnamese():
    with translation.override("vi"):
        yield


def parse_po(path):
    """Return (context, msgid, msgid_plural) of every entry of a .po file."""
    entries = []
    entry, field = {}, None

    def flush():
        if entry.get("msgid"):  # the header has an empty msgid
            entries.append(
                (entry.get("msgctxt"), entry["msgid"], entry.get("msgid_plural"))
            )
        entry.clear()

    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith('"'):  # continuation of the previous field
            entry[field] += ast.literal_eval(line)
            continue
        keyword, _, value = line.partition(" ")
        # An entry starts at msgctxt, or at msgid when it has no context.
        if keyword == "msgctxt" or (keyword == "msgid" and field != "msgctxt"):
            flush()
        field = keyword.split("[")[0]
        entry[field] = ast.literal_eval(value)
    flush()
    return entries


def catalog_key(context, msgid):
    return f"{context}\x04{msgid}" if context else msgid


# --- translations -----------------------------------------------------------


def test_admin_chrome_strings_are_vietnamese():
    assert translation.gettext("Skip to main content") == "Chuyển đến nội dung chính"
    assert translation.gettext("Toggle navigation") == "Ẩn/hiện thanh điều hướng"
    assert translation.gettext("Start typing to filter…") == "Gõ để lọc…"
    assert (
        translation.gettext("Toggle theme (current theme: auto)")
        == "Đổi giao diện (hiện tại: tự động)"
    )


def test_plural_error_message_is_vietnamese():
    # Django's vi catalog has only the old singular form, so the admin's
    # plural lookup used to fall back to English.
    for count in (1, 3):
        assert (
            translation.ngettext(
                "Please correct the error below.",
                "Please correct the errors below.",
                count,
            )
            == "Vui lòng sửa các lỗi bên dưới."
        )


def test_project_catalog_has_vietnamese_plural_forms():
    catalog = trans_real.translation("vi")
    assert catalog.ngettext("%(num)d day", "%(num)d days", 5) == "%(num)d ngày"
    assert catalog.ngettext("%(num)d day", "%(num)d days", 1) == "%(num)d ngày"


@pytest.mark.parametrize("app", ["admin", "auth"])
def test_every_admin_and_auth_string_has_a_vietnamese_translation(app):
    """Every message of the admin and auth apps resolves in Vietnamese."""
    template = DJANGO_DIR / "contrib" / app / "locale/en/LC_MESSAGES/django.po"
    catalog = trans_real.translation("vi")._catalog
    missing = []
    for context, msgid, plural in parse_po(template):
        key = catalog_key(context, msgid)
        if ((key, 0) if plural else key) not in catalog:
            missing.append(msgid)
    assert missing == []


def test_every_admin_javascript_string_has_a_vietnamese_translation(rf):
    from django.views.i18n import JSONCatalog

    request = rf.get("/jsi18n.json")
    response = JSONCatalog.as_view(packages=["django.contrib.admin"])(request)
    catalog = json.loads(response.content)["catalog"]
    template = DJANGO_DIR / "contrib/admin/locale/en/LC_MESSAGES/djangojs.po"
    missing = [
        msgid
        for context, msgid, _plural in parse_po(template)
        if catalog_key(context, msgid) not in catalog
    ]
    assert missing == []


def test_javascript_catalog_calendar_names_and_formats(rf):
    from django.views.i18n import JSONCatalog

    request = rf.get("/jsi18n.json")
    response = JSONCatalog.as_view(packages=["django.contrib.admin"])(request)
    data = json.loads(response.content)
    catalog, js_formats = data["catalog"], data["formats"]
    assert catalog["January"] == "Tháng 1"
    assert catalog["December"] == "Tháng 12"
    assert catalog["Today"] == "Hôm nay"
    assert catalog["Monday"] == "Thứ Hai"
    assert catalog["one letter Monday\x04M"] == "T2"
    assert catalog["one letter Sunday\x04S"] == "CN"
    # What the calendar widget reads: Monday first, day-first dates written.
    assert js_formats["FIRST_DAY_OF_WEEK"] == 1
    assert js_formats["DATE_INPUT_FORMATS"][0] == "%d/%m/%Y"
    assert js_formats["TIME_INPUT_FORMATS"][0] == "%H:%M"


# --- display formats ----------------------------------------------------------


def test_dates_are_shown_day_first():
    day = datetime.date(2021, 1, 7)
    assert formats.date_format(day) == "07/01/2021"
    assert formats.date_format(day, "SHORT_DATE_FORMAT") == "07/01/2021"
    assert formats.date_format(day, "MONTH_DAY_FORMAT") == "07/01"
    assert formats.date_format(day, "YEAR_MONTH_FORMAT") == "tháng 01/2021"
    moment = datetime.datetime(2021, 1, 7, 14, 30)
    assert formats.date_format(moment, "DATETIME_FORMAT") == "07/01/2021 14:30"
    assert formats.date_format(moment, "SHORT_DATETIME_FORMAT") == "07/01/2021 14:30"
    assert formats.time_format(moment.time()) == "14:30"


def test_weeks_start_on_monday():
    assert formats.get_format("FIRST_DAY_OF_WEEK") == 1


def test_numbers_use_vietnamese_separators():
    assert formats.number_format(1234567.5, 1, force_grouping=True) == "1.234.567,5"


# --- typed input ----------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    ["07/01/2021", "7/1/2021", "07/01/21", "07-01-2021", "07.01.2021", "2021-01-07"],
)
def test_typed_date_is_read_day_first(typed):
    assert forms.DateField().clean(typed) == datetime.date(2021, 1, 7)


@pytest.mark.parametrize("typed", ["13/25/2021", "2021/01/07", "01/13/2021"])
def test_month_first_or_impossible_dates_are_rejected(typed):
    with pytest.raises(forms.ValidationError):
        forms.DateField().clean(typed)


@pytest.mark.parametrize("typed", ["14:30", "14:30:00", "14h30"])
def test_typed_time(typed):
    assert forms.TimeField().clean(typed) == datetime.time(14, 30)


@pytest.mark.parametrize(
    "typed",
    ["07/01/2021 14:30", "7/1/2021 14h30", "07/01/2021 14:30:00", "2021-01-07 14:30"],
)
def test_typed_datetime_is_read_day_first_in_local_time(typed):
    expected = datetime.datetime(2021, 1, 7, 14, 30, tzinfo=HCM)
    assert forms.DateTimeField().clean(typed) == expected


def test_date_and_time_widgets_write_what_staff_type():
    # The admin date widget renders, and its calendar writes, the first input
    # format; it must be the day-first one so that a saved date reads back.
    day = datetime.date(2021, 1, 7)
    assert forms.DateInput().format_value(day) == "07/01/2021"
    assert AdminDateWidget().format_value(day) == "07/01/2021"
    assert AdminTimeWidget().format_value(datetime.time(14, 30)) == "14:30"


# --- pages ----------------------------------------------------------------------


@pytest.mark.django_db
def test_admin_login_page_is_vietnamese(client):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="vi"' in html
    assert "Chuyển đến nội dung chính" in html
    assert "Skip to main content" not in html
    assert "Toggle theme" not in html


@pytest.mark.django_db
def test_admin_javascript_catalog_is_vietnamese(admin_client):
    response = admin_client.get(reverse("admin:jsi18n"))
    assert response.status_code == 200
    script = response.content.decode()
    # The catalog is embedded as ASCII-escaped JSON.
    for english, vietnamese in [("January", "Tháng 1"), ("Today", "Hôm nay")]:
        assert f"{json.dumps(english)}: {json.dumps(vietnamese)}" in script
    assert '"FIRST_DAY_OF_WEEK": 1' in script
    assert '"%d/%m/%Y"' in script
