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
of ``str.index`` (about 12 → 7 µs a page, issue 15's eighteenth pass). Both now do their
letter-by-letter work in C rather than in a Python loop (issue 15's twenty-second pass: about
7 µs less in a loop, more on a page whose other work has pushed them out of the processor's
caches): the letters are picked and the high bytes dropped by one ``bytes.translate``, and
the mask's sum is taken as one sum of two whole numbers, each byte of which holds a letter's
place (two places never add up to 256, so no byte carries into the next). Nothing else of
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


#: Each byte's letter (the letter at the byte's value modulo 62, as a byte), for a byte kept.
LETTER_OF_BYTE = bytes(ord(LETTERS[b % len(LETTERS)]) if b < KEPT_BELOW else 0 for b in range(256))
#: The bytes dropped (``KEPT_BELOW`` and over).
DROPPED = bytes(range(KEPT_BELOW, 256))


def random_letters(length: int = LENGTH) -> str:
    """``length`` letters, each drawn uniformly and independently from Django's CSRF letters:
    each kept byte of a read turned into its letter, in order, by one ``bytes.translate``."""
    kept = b""
    while len(kept) < length:
        kept += read_random(READ).translate(LETTER_OF_BYTE, DROPPED)
    return kept[:length].decode("ascii")


#: Django's own masking, as its module defines it (``tests/web/test_csrfmask.py`` holds
#: :func:`masked` to it).
DJANGOS_MASK: Callable[[str], str] = csrf._mask_cipher_secret  # type: ignore[attr-defined]
#: Each letter's place among Django's CSRF letters.
PLACE = {letter: place for place, letter in enumerate(LETTERS)}
#: The same as bytes: each letter's byte to its place (any other byte is dropped first).
PLACE_OF_BYTE = bytes(LETTERS.find(chr(b)) if chr(b) in LETTERS else 0 for b in range(256))
#: The bytes that are no letter.
NOT_LETTERS = bytes(b for b in range(256) if chr(b) not in LETTERS)
#: Each sum of two places (0 to 122) to the letter at that sum around the letters, as a byte.
LETTER_OF_SUM = bytes(
    ord(LETTERS[total % len(LETTERS)]) if total < 2 * len(LETTERS) else 0 for total in range(256)
)


def _moved(secret: str, mask: str) -> str:
    """Each letter of the secret moved on by the mask's letter at the same place, one by one
    (a secret or mask with a character that is no letter raises ``KeyError``)."""
    count, place = len(LETTERS), PLACE
    return "".join(
        [LETTERS[(place[s] + place[m]) % count] for s, m in zip(secret, mask, strict=False)]
    )


def masked(secret: str) -> str:
    """Django's ``_mask_cipher_secret``: a new mask, then the secret with each letter moved on
    by the mask's letter at the same place, around the letters (Django's own unmasking reads
    it back). Two texts of ``LENGTH`` letters (always, from Django's middleware) are summed
    as whole numbers, a letter's place in each byte; anything else goes letter by letter."""
    mask = csrf._get_new_csrf_string()
    ours = secret.encode("ascii", "replace").translate(PLACE_OF_BYTE, NOT_LETTERS)
    theirs = mask.encode("ascii", "replace").translate(PLACE_OF_BYTE, NOT_LETTERS)
    if not len(ours) == len(secret) == LENGTH == len(mask) == len(theirs):
        return mask + _moved(secret, mask)
    total = int.from_bytes(ours, "big") + int.from_bytes(theirs, "big")
    return mask + total.to_bytes(LENGTH, "big").translate(LETTER_OF_SUM).decode("ascii")


def install() -> None:
    """Draw Django's CSRF masks and secrets with :func:`random_letters`, and mask its tokens
    with :func:`masked`."""
    csrf._get_new_csrf_string = random_letters
    csrf._mask_cipher_secret = masked  # type: ignore[attr-defined]
