"""E-mail addresses as every form of the app takes them, and the mailbox each one reaches.

The standard lets an address's local part be quoted (``"maya"@example.org``) and mail software
reads "encoded words" in it (``"=?utf-8?q?maya?="@example.org``): Django's mail sending decodes
them, and the message goes to ``maya@example.org``. The site counted such a spelling as another
inbox, so one connection could have twenty messages an hour sent to her instead of three (the
stranger audit of 2026-12-03, M1). Nobody's provider gives out an address written so: every
form refuses quotation marks, encoded words and invisible characters (:func:`plain_address`),
and the mail budget counts the address Django's sending would deliver to (:func:`mailbox`).
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.mail.message import sanitize_address
from django.utils.translation import gettext_lazy as _

NOT_PLAIN = _(
    "Please write the address the way your e-mail provider shows it, without quotation marks "
    "or other special signs."
)


def is_plain(address: str) -> bool:
    """No quotation marks or backslashes, no encoded word (``=?``), no invisible characters."""
    return not (
        '"' in address
        or "\\" in address
        or "=?" in address
        or any(ord(c) < 32 or ord(c) == 127 for c in address)
    )


def plain_address(value: str) -> None:
    """A validator for every field that takes an e-mail address."""
    if not is_plain(value):
        raise ValidationError(NOT_PLAIN, code="not_plain")


class AddressField(forms.EmailField):
    """An e-mail address as the app takes it: well formed and plainly written."""

    default_validators = [*forms.EmailField.default_validators, plain_address]


def delivered_to(email: str) -> str:
    """The address a message to ``email`` goes to: Django's mail sending turns each recipient
    into this (encoded words decoded, quotes dropped where not needed, the domain in its ASCII
    form); the text as it is when it cannot."""
    try:
        return sanitize_address(email.strip(), "utf-8")
    except (ValueError, IndexError):
        return email.strip()


def mailbox(email: str) -> str:
    """The mailbox an address reaches, as far as the site can tell: the address it is
    delivered to (:func:`delivered_to`), in small letters, the quotes and backslashes of a
    quoted local part dropped, and no "+tag". Each spelling of one inbox had a budget of its
    own (``"maya"@``, ``"\\maya"@``, ``maya+1@``, ``"=?utf-8?q?maya?="@``…: the stranger
    audits)."""
    local, _at, domain = delivered_to(email).lower().rpartition("@")
    local = local.replace('"', "").replace("\\", "").split("+", 1)[0]
    return f"{local}@{domain}"
