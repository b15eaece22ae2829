"""How people reach whoever runs this copy of Interdepend (``INTERDEPEND_SERVICE_CONTACT``).

Shown where only the operator can help: a second step the owner cannot pass, an e-mail address
someone else reads. The template ``accounts/service_contact.html`` writes it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class Contact:
    """How to reach whoever runs this copy: the words shown, and a link when they are one."""

    text: str
    href: str


def service_contact() -> Contact | None:
    """``SERVICE_CONTACT`` as a mail link, a web link or plain words (None when unset)."""
    text = settings.SERVICE_CONTACT.strip()
    if not text:
        return None
    if re.fullmatch(r"[^@\s<>\"']+@[^@\s<>\"']+\.[^@\s<>\"']+", text):
        return Contact(text, f"mailto:{text}")
    if re.fullmatch(r"https://[^\s<>\"']+", text):
        return Contact(text, text)
    return Contact(text, "")
