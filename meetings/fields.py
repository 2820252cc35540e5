"""Text fields that store Unicode NFC whatever form was pasted in."""

from django.db import models

from meetings.vietnamese import nfc


class NFCMixin:
    """Normalize to NFC on save and in lookups, so pasted NFD text matches."""

    def pre_save(self, model_instance, add):
        value = super().pre_save(model_instance, add)
        if isinstance(value, str):
            value = nfc(value)
            setattr(model_instance, self.attname, value)
        return value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return nfc(value) if isinstance(value, str) else value


class NFCCharField(NFCMixin, models.CharField):
    """CharField stored as NFC."""


class NFCTextField(NFCMixin, models.TextField):
    """TextField stored as NFC."""
