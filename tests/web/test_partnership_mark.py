"""A partnership's mark (``partners.ended``), written with one ``hmac.digest`` and put in its
field unescaped, is the mark and the field it was: Django's ``salted_hmac`` of the same salt,
secret and message, cut to 32 hex digits, and the field with it through ``escape`` (issue 15's
twenty-third pass)."""

from __future__ import annotations

from types import SimpleNamespace

from django.conf import settings as django_settings
from django.test import override_settings
from django.utils.crypto import salted_hmac
from django.utils.html import escape
from hypothesis import given, settings
from hypothesis import strategies as st

from interdepend.web.partners import ended


def _old_mark(user_id: int, partnership_id: int, about: str) -> str:
    message = f"{user_id}|{partnership_id}|{about}"
    made = salted_hmac(ended._SALT, message, django_settings.SECRET_KEY, algorithm="sha256")
    return made.hexdigest()[:32]


def _old_field(user: object, partnership_id: object, about: object = "") -> str:
    if (
        not isinstance(partnership_id, int) or user is None or not user.is_authenticated  # type: ignore[attr-defined]
    ):
        return ""
    mark = escape(_old_mark(user.pk, partnership_id, str(about)))  # type: ignore[attr-defined]
    return f'<input type="hidden" name="{ended.MARK_FIELD}" value="{mark}">'


ABOUT = st.text() | st.sampled_from(["", "Q" * 22, '"><script>', "a|b", "ü\u202e"])


@settings(max_examples=400, deadline=None)
@given(
    user_id=st.integers(min_value=-(2**63), max_value=2**63),
    partnership_id=st.integers(min_value=-(2**63), max_value=2**63),
    about=ABOUT,
)
def test_a_mark_is_django_s_salted_hmac(user_id: int, partnership_id: int, about: str) -> None:
    assert ended.mark_for(user_id, partnership_id, about) == _old_mark(
        user_id, partnership_id, about
    )


@settings(max_examples=300, deadline=None)
@given(
    pk=st.integers(min_value=1, max_value=2**40),
    signed_in=st.booleans(),
    partnership_id=st.integers(min_value=0, max_value=2**40)
    | st.none()
    | st.just("7")
    | st.just(7.0),
    about=ABOUT | st.integers() | st.none(),
)
def test_a_mark_s_field_is_the_one_it_was(
    pk: int, signed_in: bool, partnership_id: object, about: object
) -> None:
    user = SimpleNamespace(pk=pk, is_authenticated=signed_in)
    assert ended.mark_field(user, partnership_id, about) == _old_field(user, partnership_id, about)
    assert ended.mark_field(None, partnership_id, about) == ""


def test_a_mark_follows_the_secret() -> None:
    with override_settings(SECRET_KEY="another secret of enough length for django, surely"):
        assert ended.mark_for(1, 2, "x") == _old_mark(1, 2, "x")
    assert ended.mark_for(1, 2, "x") == _old_mark(1, 2, "x")
