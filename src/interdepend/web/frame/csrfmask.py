"""The CSRF token's random letters, drawn from one read of the system's random source.

Every signed-in page carries a CSRF token (the quick exit's form is on every page), and Django
masks it anew for each page with 32 letters it draws by ``secrets.choice``, one call to the
system's random source per letter: about 35-70 µs of every page here, more than any other
single step of the frame. :func:`random_letters` draws the same thing (each letter uniformly
from Django's 62, from ``os.urandom``, as ``secrets`` does) from one read of 48 bytes, keeping
a byte only below 248 (four times 62), so that no letter is likelier than another; a rare
short draw reads again.

:func:`install` puts it in the place of Django's ``_get_new_csrf_string``, which both the
mask and a new secret are drawn by; the frame's app does so as it starts. It puts
:func:`masked` in the place of ``_mask_cipher_secret`` too: the same sum of each letter of the
secret and of the mask, written with a table of each letter's place rather than two generators
of ``str.index`` (about 12 → 7 µs a page, issue 15's eighteenth pass). Nothing else of
Django's CSRF protection changes: the same secret, mask, cookie and checks
(``tests/web/test_csrfmask.py``).
"""

from __future__ import annotations

import os
from collections.abc import Callable

from django.middleware import csrf

LETTERS = csrf.CSRF_ALLOWED_CHARS
LENGTH = csrf.CSRF_SECRET_LENGTH
#: Bytes at or over this are dropped: below it every letter is reached by the same number of
#: byte values (four).
KEPT_BELOW = 256 - 256 % len(LETTERS)
#: Bytes read at a time: 32 letters need 32 kept bytes, and 1 byte in 32 is dropped.
READ = 48
#: The system's random source (``secrets`` reads the same).
read_random = os.urandom


def random_letters(length: int = LENGTH) -> str:
    """``length`` letters, each drawn uniformly and independently from Django's CSRF letters."""
    kept: list[str] = []
    while len(kept) < length:
        kept += [LETTERS[b % len(LETTERS)] for b in read_random(READ) if b < KEPT_BELOW]
    return "".join(kept[:length])


#: Django's own masking, as its module defines it (``tests/web/test_csrfmask.py`` holds
#: :func:`masked` to it).
DJANGOS_MASK: Callable[[str], str] = csrf._mask_cipher_secret  # type: ignore[attr-defined]
#: Each letter's place among Django's CSRF letters.
PLACE = {letter: place for place, letter in enumerate(LETTERS)}


def masked(secret: str) -> str:
    """Django's ``_mask_cipher_secret``: a new mask, then the secret with each letter moved on
    by the mask's letter at the same place, around the letters (Django's own unmasking reads
    it back)."""
    mask = csrf._get_new_csrf_string()
    count, place = len(LETTERS), PLACE
    moved = [LETTERS[(place[s] + place[m]) % count] for s, m in zip(secret, mask, strict=False)]
    return mask + "".join(moved)


def install() -> None:
    """Draw Django's CSRF masks and secrets with :func:`random_letters`, and mask its tokens
    with :func:`masked`."""
    csrf._get_new_csrf_string = random_letters
    csrf._mask_cipher_secret = masked  # type: ignore[attr-defined]
