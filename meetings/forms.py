"""Admin form rules that span several rows of a session."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from meetings.models import Attendance, Organization, Person, Session


class AttendanceFormSet(forms.BaseInlineFormSet):
    """Check across rows what the database enforces: one presiding official."""

    def clean(self):
        super().clean()
        presiding = [
            form
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("role") == Attendance.Role.PRESIDING
        ]
        if len(presiding) > 1:
            raise ValidationError(
                "Mỗi phiên họp chỉ có một người chủ trì.", code="one_presiding"
            )


class AttendanceTitleQuery(forms.Form):
    """What the session form knows before saving: who, in which role, when, where."""

    person = forms.ModelChoiceField(queryset=Person.objects.all())
    organization = forms.ModelChoiceField(queryset=Organization.objects.all())
    date = forms.DateField()
    role = forms.ChoiceField(
        choices=Attendance.Role.choices, required=False, initial="tham_du"
    )

    def title(self) -> str:
        """Return the title the saved attendance would get by default."""
        data = self.cleaned_data
        day = datetime.datetime.combine(data["date"], datetime.time(12))
        session = Session(
            organization=data["organization"],
            starts_at=timezone.make_aware(day),
        )
        person = Person.objects.with_positions().get(pk=data["person"].pk)
        attendance = Attendance(
            session=session,
            person=person,
            role=data["role"] or Attendance.Role.ATTENDING,
        )
        return attendance.default_title()
