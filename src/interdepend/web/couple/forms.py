"""The private choice of what to stop sharing with a partner."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _

from interdepend.web.frame.formwords import WordedForm


class StopSharingForm(WordedForm):
    result = forms.BooleanField(required=False)
    entries = forms.BooleanField(required=False)
    checkins = forms.BooleanField(required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not any(data.get(name) for name in ("result", "entries", "checkins")):
            raise forms.ValidationError(_("Tick at least one thing to stop sharing."))
        return data
