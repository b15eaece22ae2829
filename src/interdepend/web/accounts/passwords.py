"""Django's password checks, saying in our own words why a password will not do."""

from __future__ import annotations

from django.contrib.auth import password_validation as django_checks
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


class LongEnough(django_checks.MinimumLengthValidator):
    def get_error_message(self) -> str:
        return ngettext(
            "Please use at least %(min_length)d character.",
            "Please use at least %(min_length)d characters. A few unrelated words are easy to "
            "remember and long enough.",
            self.min_length,
        ) % {"min_length": self.min_length}


class UnlikeYourDetails(django_checks.UserAttributeSimilarityValidator):
    def get_error_message(self) -> str:
        return _("This password is close to your name or e-mail address. Please choose another.")


class NotCommon(django_checks.CommonPasswordValidator):
    def get_error_message(self) -> str:
        return _("Many people use this password, so it is easy to guess. Please choose another.")


class NotOnlyDigits(django_checks.NumericPasswordValidator):
    def get_error_message(self) -> str:
        return _("Please use some letters or words too, not only digits.")
