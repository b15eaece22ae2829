"""The CSRF token's random letters (``frame.csrfmask``): Django's mask and secret, drawn from
one read of the system's random source, each letter as likely as any other, and the token a
page carries still the only one a form is accepted with."""

from __future__ import annotations

import re
from collections import Counter

import hypothesis
import pytest
from django.conf import settings
from django.middleware import csrf
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from interdepend.web.accounts.models import User
from interdepend.web.frame import csrfmask
from tests.conftest import Personas
from tests.helpers import as_user

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _unmasked(token: str) -> str:
    """The secret a masked token carries: each letter of the second half, less the mask's."""
    letters = csrf.CSRF_ALLOWED_CHARS
    mask, cipher = token[: csrf.CSRF_SECRET_LENGTH], token[csrf.CSRF_SECRET_LENGTH :]
    pairs = zip(cipher, mask, strict=True)
    return "".join(letters[(letters.index(x) - letters.index(y)) % len(letters)] for x, y in pairs)


def test_django_draws_its_masks_and_secrets_with_ours(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.undo()  # the test suite's own digits-only letters (``tests/conftest.py``)
    assert csrf._get_new_csrf_string is csrfmask.random_letters
    drawn = csrf._get_new_csrf_string()
    assert len(drawn) == csrf.CSRF_SECRET_LENGTH
    assert set(drawn) <= set(csrf.CSRF_ALLOWED_CHARS)


def test_a_byte_that_would_favour_some_letters_is_dropped(monkeypatch: pytest.MonkeyPatch) -> None:
    """62 letters from 256 byte values: the bytes from 248 up would make the first eight
    letters likelier, so they are dropped and, when too few are left, more are read."""
    reads = iter([bytes([0, 61, 62, 247, 248, 255, 123] + [255] * 41), bytes(range(48))])
    monkeypatch.setattr(csrfmask, "read_random", lambda n: next(reads))
    letters = csrf.CSRF_ALLOWED_CHARS
    drawn = csrfmask.random_letters(8)
    assert drawn == letters[0] + letters[61] + letters[0] + letters[61] + letters[123 % 62] + (
        letters[0] + letters[1] + letters[2]
    )


def test_every_letter_is_as_likely_as_any_other() -> None:
    """A chi-squared test over 100,000 letters (61 degrees of freedom): a sum over 130 comes
    by chance about once in a million runs."""
    counts = Counter("".join(csrfmask.random_letters() for _ in range(3125)))
    expected = 100_000 / len(csrf.CSRF_ALLOWED_CHARS)
    assert set(counts) == set(csrf.CSRF_ALLOWED_CHARS)
    assert sum((n - expected) ** 2 / expected for n in counts.values()) < 130


def test_a_pages_token_is_accepted_and_a_changed_one_refused(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.undo()  # the letters drawn as the server draws them
    client = as_user(personas.alice, enforce_csrf_checks=True)
    page = client.get(reverse("frame:about")).content.decode()
    tokens = TOKEN.findall(page)
    assert len(tokens) >= 3 and len(set(tokens)) == 1  # the frame's forms share one
    token = tokens[0]
    assert len(token) == csrf.CSRF_TOKEN_LENGTH
    assert _unmasked(token) == client.cookies[settings.CSRF_COOKIE_NAME].value
    letters = csrf.CSRF_ALLOWED_CHARS
    changed = token[:-1] + letters[(letters.index(token[-1]) + 1) % len(letters)]
    sent = {"language": "es", "next": "/"}
    refused = client.post(reverse("accounts:language"), sent | {"csrfmiddlewaretoken": changed})
    assert refused.status_code == 403
    assert User.objects.get(pk=personas.alice.pk).language == ""
    accepted = client.post(reverse("accounts:language"), sent | {"csrfmiddlewaretoken": token})
    assert accepted.status_code == 302
    assert User.objects.get(pk=personas.alice.pk).language == "es"


def test_each_page_masks_its_token_anew(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.undo()
    client = as_user(personas.alice)
    first, second = (
        TOKEN.search(client.get(reverse("frame:about")).content.decode()) for _ in "ab"
    )
    assert first and second and first[1] != second[1]
    assert _unmasked(first[1]) == _unmasked(second[1])


_LETTERS = st.text(st.sampled_from(csrf.CSRF_ALLOWED_CHARS), min_size=32, max_size=32)


@hypothesis.settings(max_examples=300, deadline=None)
@given(secret=_LETTERS, mask=_LETTERS)
def test_a_token_is_masked_as_django_masks_it(secret: str, mask: str) -> None:
    """For the same mask, :func:`csrfmask.masked` writes Django's own token, letter for letter,
    and Django's unmasking reads the secret back from it."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(csrf, "_get_new_csrf_string", lambda: mask)
        ours = csrfmask.masked(secret)
        theirs = csrfmask.DJANGOS_MASK(secret)
    assert ours == theirs
    assert csrf._unmask_cipher_token(ours) == secret  # type: ignore[attr-defined]


def test_django_masks_its_tokens_with_ours() -> None:
    assert csrf._mask_cipher_secret is csrfmask.masked  # type: ignore[attr-defined]
    assert csrfmask.DJANGOS_MASK is not csrfmask.masked
    assert csrfmask.DJANGOS_MASK.__module__ == "django.middleware.csrf"


def _letters_one_by_one(reads: list[bytes], length: int) -> str:
    """The start's :func:`csrfmask.random_letters` (before issue 15's twenty-second pass):
    each byte looked at in a Python loop."""
    letters, kept, chunks = csrf.CSRF_ALLOWED_CHARS, list[str](), iter(reads)
    while len(kept) < length:
        kept += [letters[b % len(letters)] for b in next(chunks) if b < csrfmask.KEPT_BELOW]
    return "".join(kept[:length])


def _masked_one_by_one(secret: str, mask: str) -> str:
    """The start's :func:`csrfmask.masked` for a given mask: the letters moved one by one."""
    letters, place = csrf.CSRF_ALLOWED_CHARS, csrfmask.PLACE
    pairs = zip(secret, mask, strict=False)
    return mask + "".join([letters[(place[s] + place[m]) % len(letters)] for s, m in pairs])


@hypothesis.settings(max_examples=300, deadline=None)
@given(
    reads=st.lists(st.binary(min_size=48, max_size=48), min_size=8, max_size=8),
    length=st.integers(min_value=-2, max_value=70),
)
def test_the_letters_are_those_the_byte_by_byte_loop_drew(reads: list[bytes], length: int) -> None:
    """From the same bytes read (high bytes, which are dropped, included), the same letters as
    the start's loop, for any length; eight reads always hold enough kept bytes here."""
    hypothesis.assume(sum(b < csrfmask.KEPT_BELOW for b in b"".join(reads)) >= max(length, 0))
    chunks = iter(reads)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(csrfmask, "read_random", lambda n: next(chunks))
        drawn = csrfmask.random_letters(length)
    assert drawn == _letters_one_by_one(reads, length)
    assert type(drawn) is str


_ANY_TEXT = st.one_of(
    _LETTERS, st.text(max_size=40), st.text(st.sampled_from("aZ9-_é"), max_size=34)
)


@hypothesis.settings(max_examples=500, deadline=None)
@given(secret=_ANY_TEXT, mask=_ANY_TEXT)
def test_any_secret_and_mask_are_masked_as_one_by_one(secret: str, mask: str) -> None:
    """Any secret and mask (of any length, with any characters): the same token as the
    start's letter-by-letter masking, or the same ``KeyError`` where that raised one."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(csrf, "_get_new_csrf_string", lambda: mask)
        try:
            expected = _masked_one_by_one(secret, mask)
        except KeyError:
            with pytest.raises(KeyError):
                csrfmask.masked(secret)
            return
        ours = csrfmask.masked(secret)
    assert ours == expected
    assert type(ours) is str


def test_letters_and_sums_are_looked_up_in_byte_tables() -> None:
    """The letter-by-letter work is done by ``bytes.translate`` with these tables: each kept
    byte to its letter, each place sum (0-122, never a carry into the next byte) to its
    letter, each letter to its place."""
    letters = csrf.CSRF_ALLOWED_CHARS
    kept = csrfmask.KEPT_BELOW
    assert kept == 248
    assert csrfmask.DROPPED[0] == kept
    assert list(csrfmask.DROPPED) == list(range(kept, 256))
    assert csrfmask.LETTER_OF_BYTE[:kept] == bytes(ord(letters[b % 62]) for b in range(kept))
    assert csrfmask.LETTER_OF_SUM[:123] == bytes(ord(letters[n % 62]) for n in range(123))
    for place, letter in enumerate(letters):
        assert csrfmask.PLACE_OF_BYTE[ord(letter)] == place
    assert set(csrfmask.NOT_LETTERS) == set(range(256)) - set(letters.encode())
    alls = letters[-1] * csrf.CSRF_SECRET_LENGTH
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(csrf, "_get_new_csrf_string", lambda: alls)
        assert csrfmask.masked(alls) == alls + letters[(61 + 61) % 62] * 32
