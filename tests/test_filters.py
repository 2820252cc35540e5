"""The archive's selects: written in Python, the very HTML of Django's Select."""

import pytest
from django import forms

from meetings.filters import QuickSelect, SessionFilter
from tests.factories import (
    AttendanceFactory,
    OrganizationFactory,
    PersonFactory,
    SessionFactory,
)

CHOICES = [
    (None, "Tất cả"),
    ("", "Trống"),
    (1, "Hội đồng nhân dân"),
    ("2", "Thường trực <HĐND> & “tỉnh”"),
    ('a"b', "giá trị có dấu nháy"),
    ("Nhóm", [(3, "Ban Pháp chế"), (4, "Ban Kinh tế - Ngân sách")]),
    ("", [(5, "Nhóm không tên")]),
    ("Nhóm <b>", [(None, "Không giá trị")]),
]
ATTRS = {"id": "id_chon", "required": True, "disabled": False, "data-x": 'x"<y>'}


class QuickSelectMultiple(QuickSelect):
    allow_multiple_selected = True


@pytest.mark.parametrize("value", [None, "", 1, "2", 'a"b', 4, "5", "None", "9"])
def test_a_select_renders_as_django_renders_it(value):
    ours = QuickSelect(choices=CHOICES).render("chon", value, attrs=ATTRS)
    django = forms.Select(choices=CHOICES).render("chon", value, attrs=ATTRS)
    assert ours == django


@pytest.mark.parametrize("value", [[], ["1", "4"], ["", "2", "5"]])
def test_a_multiple_select_renders_as_django_renders_it(value):
    ours = QuickSelectMultiple(choices=CHOICES).render("chon", value, attrs=ATTRS)
    django = forms.SelectMultiple(choices=CHOICES).render("chon", value, attrs=ATTRS)
    assert ours == django


def test_only_the_first_of_equal_values_is_selected_as_in_django():
    choices = [(1, "một"), ("1", "một nữa")]
    ours = QuickSelect(choices=choices).render("chon", "1")
    assert ours == forms.Select(choices=choices).render("chon", "1")
    assert ours.count(" selected") == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data",
    [
        {},
        {"organization": "body", "person": "member", "year": "2020", "month": "5"},
        {"organization": "999999", "person": "abc", "year": "1900", "kind": "x"},
    ],
)
def test_the_archive_filter_renders_as_with_django_selects(data):
    body = OrganizationFactory(name="Thường trực <HĐND> tỉnh")
    session = SessionFactory(organization=body, period_year=2020, period_month=5)
    member = PersonFactory(family_name="Trần", given_name="Thành")
    AttendanceFactory(session=session, person=member)
    names = {"body": str(body.pk), "member": str(member.pk)}
    data = {key: names.get(value, value) for key, value in data.items()}

    form = SessionFilter(data).form
    selects = [bf for bf in form if isinstance(bf.field.widget, QuickSelect)]

    assert len(selects) == 5
    for bound in selects:
        widget = bound.field.widget
        django = forms.Select(attrs=widget.attrs, choices=widget.choices)
        assert bound.as_widget() == bound.as_widget(widget=django), bound.name
