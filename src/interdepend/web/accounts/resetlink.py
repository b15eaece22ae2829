"""The person named in a password-reset link, sealed so that the link does not show who.

Django writes the account's number into the link (base 64 of the primary key): a stranger who
asks for a reset of an account of their own would learn roughly how many accounts there are,
and how fast they grow. The link holds the number sealed instead (Fernet: AES and an HMAC, with
a key drawn from the site's secret key), so it names no one to anyone but this site, and a
changed one opens nothing. The reset token itself stays Django's.
"""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings

#: Longer than any reset link is good for (Django's PASSWORD_RESET_TIMEOUT, three days).
_MAX_AGE_SECONDS = 7 * 24 * 3600


def _fernet() -> Fernet:
    material = hashlib.sha256(b"interdepend.accounts.reset-link\x1f" + settings.SECRET_KEY.encode())
    return Fernet(base64.urlsafe_b64encode(material.digest()))


def seal(pk: int) -> str:
    """The account's number as the link carries it: opaque, and different each time."""
    return _fernet().encrypt(str(pk).encode()).decode().rstrip("=")


def unseal(sealed: str) -> int | None:
    """The account's number from a link, or None for a link this site did not make."""
    padded = sealed + "=" * (-len(sealed) % 4)
    try:
        text = _fernet().decrypt(padded.encode(), ttl=_MAX_AGE_SECONDS).decode()
    except (InvalidToken, ValueError, UnicodeError):
        return None
    return int(text) if text.isdigit() else None
