"""Admin form rules that span several rows of a session."""

from django import forms
from django.core.exceptions import ValidationError

from meetings.models import Attendance


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
