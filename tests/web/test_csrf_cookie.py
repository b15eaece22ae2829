"""The CSRF cookie is set as Django sets it, except again to the token the browser just sent
(``frame.csrfcookie``): every other header, every check of a form, and every new token as
Django's own ``CsrfViewMiddleware`` has them."""

from __future__ import annotations

import types
from collections.abc import Callable
from unittest import mock

import pytest
from django.conf import settings
from django.core.checks import run_checks
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.http import response as django_response
from django.middleware import csrf
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse
from django.utils.http import http_date
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from interdepend.web.frame import checks
from interdepend.web.frame.csrfcookie import CsrfCookieMiddleware
from tests.conftest import Personas

NAME = settings.CSRF_COOKIE_NAME
_LETTERS = st.text(st.sampled_from(csrf.CSRF_ALLOWED_CHARS), min_size=32, max_size=32)
SECRET = "a" * csrf.CSRF_SECRET_LENGTH
# A cookie's "expires" is written from the clock: both answers read this one, so a second's
# turn between them cannot tell them apart.
_CLOCK = types.SimpleNamespace(time=lambda: 1_800_000_000.25)


def _view(asks: bool, rotates: bool) -> Callable[[HttpRequest], HttpResponse]:
    def view(request: HttpRequest) -> HttpResponse:
        if rotates:
            csrf.rotate_token(request)
        if asks:
            csrf.get_token(request)
        return HttpResponse(b"page")

    return view


def _answer(
    middleware: type[csrf.CsrfViewMiddleware],
    cookie: str | None,
    asks: bool,
    rotates: bool,
    method: str,
) -> tuple[HttpRequest, HttpResponseBase]:
    factory = RequestFactory()
    request = factory.generic(method, "/page/")
    if cookie is not None:
        request.COOKIES[NAME] = cookie
    view = _view(asks, rotates)
    mw = middleware(view)
    mw.process_request(request)
    response: HttpResponseBase | None = mw.process_view(request, view, (), {})
    if response is None:
        response = view(request)
    return request, mw.process_response(request, response)


def _drawn_alike(
    middleware: type[csrf.CsrfViewMiddleware],
    cookie: str | None,
    asks: bool,
    rotates: bool,
    method: str,
) -> HttpResponseBase:
    """``_answer``, with every new secret and mask drawn from one fixed sequence of letters,
    at one fixed time."""
    letters = csrf.CSRF_ALLOWED_CHARS
    drawn = (letters[n % len(letters)] * csrf.CSRF_SECRET_LENGTH for n in range(1000))
    real = csrf._get_new_csrf_string
    csrf._get_new_csrf_string = lambda: next(drawn)
    try:
        with mock.patch.object(django_response, "time", _CLOCK):
            return _answer(middleware, cookie, asks, rotates, method)[1]
    finally:
        csrf._get_new_csrf_string = real


@pytest.mark.parametrize("method", ["GET", "HEAD", "POST"])
@hypothesis_settings(max_examples=300, deadline=None)
@given(
    cookie=st.one_of(
        st.none(),
        _LETTERS,
        _LETTERS.map(csrf._mask_cipher_secret),  # type: ignore[attr-defined]  # before Django 4.0
        st.text(max_size=70),
    ),
    asks=st.booleans(),
    rotates=st.booleans(),
)
def test_the_cookie_is_djangos_unless_the_browser_sent_this_token(
    method: str, cookie: str | None, asks: bool, rotates: bool
) -> None:
    # The same letters drawn, in the same order, for both: new tokens drawn by each would differ.
    ours = _drawn_alike(CsrfCookieMiddleware, cookie, asks, rotates, method)
    djangos = _drawn_alike(csrf.CsrfViewMiddleware, cookie, asks, rotates, method)
    assert dict(ours.items()) == dict(djangos.items())  # Vary: Cookie too
    assert ours.status_code == djangos.status_code
    if NAME in djangos.cookies:  # both read the fixed clock, not the moving one
        assert djangos.cookies[NAME]["expires"] == http_date(
            _CLOCK.time() + settings.CSRF_COOKIE_AGE
        )
    sent_again = NAME in djangos.cookies and djangos.cookies[NAME].value == cookie
    if sent_again:
        assert NAME not in ours.cookies
    else:
        assert {k: m.output() for k, m in ours.cookies.items()} == {
            k: m.output() for k, m in djangos.cookies.items()
        }


@pytest.mark.django_db
def test_a_signed_in_page_sets_the_cookie_once_and_forms_are_still_checked(
    personas: Personas,
) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.alice)
    first = client.get(reverse("home:home"))
    assert NAME in first.cookies
    token = first.cookies[NAME].value
    again = client.get(reverse("home:home"))
    assert NAME not in again.cookies
    assert "Cookie" in again.headers["Vary"]
    assert client.cookies[NAME].value == token
    # A form without its key is refused; with it, taken.
    url = reverse("accounts:settings")
    assert client.post(url, {}).status_code == 403
    page = client.get(url)
    sent = client.post(url, {"csrfmiddlewaretoken": page.context["csrf_token"]})
    assert sent.status_code != 403
    # A token kept masked, as Django before 4.0 kept it, is set again as its secret.
    client.cookies[NAME] = csrf._mask_cipher_secret(token)  # type: ignore[attr-defined]
    other = client.get(reverse("home:home"))
    assert other.cookies[NAME].value == token


def test_a_token_made_new_is_set_over_the_one_sent() -> None:
    """As signing in does (``rotate_token``)."""
    before = SECRET
    request = RequestFactory().get("/")
    request.COOKIES[NAME] = before
    mw = CsrfCookieMiddleware(_view(False, True))
    mw.process_request(request)
    response = mw.process_response(request, _view(False, True)(request))
    assert response.cookies[NAME].value != before
    assert response.cookies[NAME]["max-age"] == settings.CSRF_COOKIE_AGE


def test_the_middleware_is_ours_in_djangos_place() -> None:
    assert "django.middleware.csrf.CsrfViewMiddleware" not in settings.MIDDLEWARE
    place = settings.MIDDLEWARE.index("interdepend.web.frame.csrfcookie.CsrfCookieMiddleware")
    assert settings.MIDDLEWARE[place - 1] == "django.middleware.common.CommonMiddleware"
    assert settings.MIDDLEWARE[place + 1] == (
        "django.contrib.auth.middleware.AuthenticationMiddleware"
    )


def test_the_checks_find_the_csrf_middleware_in_its_place() -> None:
    """Ours, or Django's own by its path, is found; the settings' silenced W003 looked only for
    Django's path."""
    assert checks.csrf_protected() == []
    assert "interdepend.web.frame.csrfcookie.CsrfCookieMiddleware" in settings.MIDDLEWARE
    assert settings.SILENCED_SYSTEM_CHECKS == ["security.W003"]
    djangos = [
        "django.middleware.csrf.CsrfViewMiddleware" if "csrfcookie" in path else path
        for path in settings.MIDDLEWARE
    ]
    with override_settings(MIDDLEWARE=djangos):
        assert checks.csrf_protected() == []


def test_settings_without_csrf_middleware_fail_the_checks() -> None:
    kept = [path for path in settings.MIDDLEWARE if "csrf" not in path]
    assert len(kept) == len(settings.MIDDLEWARE) - 1
    with override_settings(MIDDLEWARE=kept):
        found = run_checks(include_deployment_checks=True)
    assert [m.id for m in found if m.id == checks.CSRF_MISSING] == [checks.CSRF_MISSING]
    assert all(m.is_serious() for m in found if m.id == checks.CSRF_MISSING)
