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
