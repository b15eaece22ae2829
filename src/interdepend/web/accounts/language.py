"""The language a person reads Interdepend in: chosen on any page, kept on their account.

Signed out, the choice lives in the language cookie of that browser (Django's
``LocaleMiddleware`` reads it). Signed in, it is also stored on the account
(``User.language``), so it follows the person to every device they sign in on:
:class:`AccountLanguageMiddleware` puts the account's language in force on each request and in
the browser's cookie. E-mails and notifications use :func:`language_of` with
``translation.override``. A person's language is theirs alone: no page, export or message of
anyone else's names it.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from interdepend.web.accounts import services
from interdepend.web.accounts.models import User


def known(language: str) -> bool:
    return language in dict(settings.LANGUAGES)


def language_of(user: User) -> str:
    """The language to write to this person in: theirs if they chose one, else the one their
    pages were last shown in, else the default."""
    for language in (user.language, user.language_seen):
        if known(language):
            return language
    return settings.LANGUAGE_CODE


def seen_at_sign_in(user: User) -> None:
    """Someone who has chosen no language reads her pages in her browser's: the one in force
    as she signs in is kept (only when it changed) for the e-mails she gets while away. Kept at
    sign-in, not on every page, so that no ordinary request writes."""
    shown = translation.get_language()
    if not known(user.language) and known(shown) and user.language_seen != shown:
        services.user_language_seen(user=user, language=shown)


def chosen_at_sign_up(request: HttpRequest, user: User) -> None:
    """A language chosen on this browser before the account existed (its cookie) becomes the
    account's: she picked Español on the first page, signed up in Spanish, and on her next
    device every page was in English. Only at sign-up, where she has just read every step in
    it; a later sign-in on a shared browser keeps its cookie to itself."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    if known(chosen) and not known(user.language):
        services.user_language_set(user=user, language=chosen)


def _cookie_set(response: HttpResponse, language: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite="Lax",  # as settings.LANGUAGE_COOKIE_SAMESITE says, for Django's own uses
    )


@csrf_exempt
@require_POST
def language_choose(request: HttpRequest) -> HttpResponse:
    """Read Interdepend in another language from now on; back to the page the form was on.

    A visitor's chooser carries no form token, so that signed-out pages stay the same for
    every visitor of a look (byte for byte: nothing on them tells one visitor from another but
    the plain look a browser's device cookie may give them, ``accounts.devices``); the worst a
    forged post can do there is change that browser's language. A signed-in person's choice
    changes their account, so it is checked against the form token as every other form is."""
    if request.user.is_authenticated:
        return _choose_protected(request)
    return _choose(request)


def _choose(request: HttpRequest) -> HttpResponse:
    language = request.POST.get("language", "")
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = "/"
    response = HttpResponseRedirect(back)
    if not known(language):
        return response
    user = request.user
    if isinstance(user, User) and user.is_authenticated and user.language != language:
        services.user_language_set(user=user, language=language)
    translation.activate(language)
    _cookie_set(response, language)
    return response


_choose_protected = csrf_protect(_choose)


class AccountLanguageMiddleware:
    """A signed-in person's pages are in their account's language, on whatever device.

    Placed after the authentication middleware (``LocaleMiddleware`` has already chosen from the
    cookie and the browser, which is what a person who never chose gets). The browser's cookie
    is brought in line, so that signing out on this device keeps the person's language.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        chosen = ""
        if isinstance(user, User) and user.is_authenticated and known(user.language):
            chosen = user.language
            if chosen != translation.get_language():
                translation.activate(chosen)
                request.LANGUAGE_CODE = chosen
        response = self.get_response(request)
        name = settings.LANGUAGE_COOKIE_NAME
        # The person may have chosen again on this very request: the newest choice wins.
        if chosen and request.COOKIES.get(name) != chosen and name not in response.cookies:
            _cookie_set(response, chosen)
        return response
