"""Invitation codes a person can read aloud and type on a phone.

A code is 20 characters of Crockford's base32 (the digits and the capital letters without I, L,
O and U): 100 random bits, shown in five groups of four (``7K2M-Q9XD-…``). Whatever a person
types is brought back to that one form before it is compared: lower case is the same as upper
case, spaces and dashes do not count, and the letters people mistake for digits (I and L for 1,
O for 0) are read as those digits. So a code read over the phone, or typed in lower case on a
phone keyboard, still works.
"""

from __future__ import annotations

import secrets

from interdepend.core.errors import InterdependError

#: Crockford's base32: no I, L, O (mistaken for 1 and 0) and no U.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
#: 20 characters of 5 bits: 100 random bits, above the 96 the threat model asks for.
LENGTH = 20
GROUP = 4
BITS = LENGTH * 5

_SAME_AS_DIGIT = str.maketrans({"I": "1", "L": "1", "O": "0"})
#: What people put between groups: spaces of every kind and dashes of every kind.
_SEPARATORS = frozenset(" \t\r\n\u00a0\u2009\u202f-\u2010\u2011\u2012\u2013\u2014\u2212_.")
_LETTERS = frozenset(ALPHABET)


class NotACode(InterdependError):
    """The text cannot be a code of this scheme (wrong length or a character it never uses)."""


def new_code() -> str:
    """A fresh random code in its plain form (20 characters, no dashes)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def grouped(code: str) -> str:
    """The code as shown: groups of four joined by dashes."""
    plain = normalise(code)
    return "-".join(plain[i : i + GROUP] for i in range(0, LENGTH, GROUP))


def normalise(text: str) -> str:
    """The plain form of a typed code; raises :class:`NotACode` if it cannot be one."""
    kept = "".join(c for c in text if c not in _SEPARATORS).upper().translate(_SAME_AS_DIGIT)
    if len(kept) != LENGTH or not set(kept) <= _LETTERS:
        raise NotACode("a code is 20 letters and digits of Crockford's base32")
    return kept
