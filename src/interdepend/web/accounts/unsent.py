"""Saying that a form sent after the session ended was not saved.

A session can end while a page is open: she ends her other sessions from another device,
changes her password there (which signs out every other device by default), or signs out in
another tab. A form sent from the open page then meets ``login_required``, which sends her to
sign in, and what she wrote was gone with nothing said (the forms audit of 2026-12-03). The
words cannot be carried through the sign-in: the session they belonged to is over, and whoever
signs in next on this device may be someone else. So the sign-in page says plainly that what
was sent was not saved.

Only a form she sent herself counts (a page navigation), not a request the page makes in the
background (the "still here" ping, htmx), and only when nobody was signed in as it arrived:
signing out and the quick exit are sent by someone signed in.

When that form was her own writing (``accounts.kept.CARRIED``: a journal entry, a check-in, a
goal and its notes...), the words were lost even so: the page said to write them again, and a
long entry was gone (the writes audit of 2026-12-05). They are not carried, but the answer to
that very post gives them back to copy, on a page no one stores (``Cache-Control: no-store``):
they are what this screen had just sent, nothing a person holding the phone could not read
on it a moment before. Nothing is kept on the server, and the sign-in is one link away.

That answer is a page a post drew, so the browser keeps the post in its history: Back and
"send again" posted the same words once more, and they came back to whoever held the phone
next, after she had left the page that said they were gone (the review of 2026-12-05). They
come back once: the answer leaves a cookie (:data:`GIVEN_COOKIE`, for that page's address
only) holding a digest of the form's key, never a word of hers, and a post whose digest is
there meets the sign-in as any other. A sign-out changes the form key (``accounts.views``), so
a form drawn before it, sent again, meets the expired-form page, which gives words back only
to a person signed in (``frame.views.csrf_failure``).
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render, resolve_url
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from interdepend.web.accounts.kept import LOCKED_FIELD, rule_for
from interdepend.web.frame.http import is_htmx

#: The ``Sec-Fetch-Mode`` a browser sends with a form it submits as a page.
NAVIGATE = "navigate"
#: The cookie naming the forms whose words were already given back, by digest.
GIVEN_COOKIE = "interdepend_given"
#: How many of them it names, the latest of one page's address: as many as a tab's history
#: holds (Chromium keeps 50 entries), since every post of hers answered with a page is named
#: too (:func:`kept_in_history`); with 8, the ninth refused goal let the first come back.
GIVEN_KEPT = 50


def sent_as_a_page(request: HttpRequest) -> bool:
    """A form submitted by the person (not a request a page's script made). Its
    ``Sec-Fetch-Mode`` header is read where the server put it (``HTTP_SEC_FETCH_MODE``), as
    ``request.headers`` reads it: that copies every header of the request the first time it is
    asked, and on a post answered with a page (``kept_in_history``, every htmx answer) nothing
    else had asked (about 7-12 µs of each; issue 15's twenty-first pass).
    ``tests/web/test_sent_as_a_page.py`` holds the two equal."""
    mode: str | None = request.META.get("HTTP_SEC_FETCH_MODE")
    if mode is not None:
        return mode == NAVIGATE
    # A browser that does not say: a script's request says so in its own headers.
    return not is_htmx(request) and not (request.content_type or "").endswith("json")


class UnsentAfterSignOutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        signed_out = request.method == "POST" and not request.user.is_authenticated
        response = self.get_response(request)
        if (
            signed_out
            and response.status_code == 302
            and urlsplit(response.get("Location", "")).path == resolve_url(settings.LOGIN_URL)
            and sent_as_a_page(request)
        ):
            typed = words_sent(request)
            mark = first_time_given(request, typed)
            if mark:
                answer = given_back(request, typed, response["Location"])
                remember_given(request, answer, mark)
                return answer
            messages.warning(
                request,
                _(
                    "You had been signed out, so what you sent last was not saved, and it is "
                    "not kept anywhere. Once you have signed in, please write or choose it again."
                ),
            )
        elif request.method == "POST" and not response.has_header("Location"):
            kept_in_history(request, response)
        return response


def kept_in_history(request: HttpRequest, response: HttpResponse) -> None:
    """A form of her writing answered with a page (its mistakes shown, the password asked
    for, the lock page) stays in the browser's history as a post, words and form key and
    all: named in the cookie now, as if given back already, it gives nothing back when sent
    again from there. Until the two-minute phone audit of 2026-12-05 it did, hours later: once
    her sign-in had run out, to whoever held the phone (a goal she had saved long before, "not
    saved", on the page for her to copy), and once she had signed out, to him signed in as
    himself (the expired-form page, ``frame.views.csrf_failure``). A page left open and sent
    for the first time after the sign-in ended still gives her words back."""
    if not sent_as_a_page(request) or response.cookies.get(GIVEN_COOKIE) is not None:
        return
    mark = first_time_given(request, words_sent(request))
    if mark:
        remember_given(request, response, mark)


def words_sent(request: HttpRequest) -> list[str]:
    """The text of her own writing the post held, those left blank left out: the fields
    ``kept.CARRIED`` shows back, or those a form of the two shows back when the partnership
    has ended (``partners.ended.told_when_ended``: a bid, a decision, a boundary's wording);
    nothing for any other form. Nothing either for a form the page sent by itself as it locked
    itself (``kept.LOCKED_FIELD``): nobody pressed anything, and whoever woke the phone hours
    later must not read it."""
    if LOCKED_FIELD in request.POST:
        return []
    carry = rule_for(request)
    match = request.resolver_match
    if carry is not None:
        names: tuple[str, ...] = carry.shown
    elif match is not None:
        names = tuple(getattr(match.func, "typed_fields", ()))
    else:
        names = ()
    return [
        value
        for name in names
        for value in request.POST.getlist(name)
        if isinstance(value, str) and value.strip()
    ]


def given_back(request: HttpRequest, typed: list[str], sign_in: str) -> HttpResponse:
    """Her words, back to copy, with the way to sign in again (where the post would have led)."""
    context = {"typed": typed, "sign_in": sign_in}
    return render(request, "accounts/unsent.html", context)


def given_mark(request: HttpRequest, typed: list[str]) -> str:
    """A digest naming this one drawn form (its key, new with each page drawn; the words
    themselves when a post has none): nothing of what she wrote can be read back from it."""
    material = request.POST.get("csrfmiddlewaretoken") or "\0".join(typed)
    return salted_hmac(GIVEN_COOKIE, f"{request.path}\0{material}").hexdigest()[:20]


def first_time_given(request: HttpRequest, typed: list[str]) -> str | None:
    """The mark of this form when it holds words this browser was not given back here before
    (the mark to remember once they are); None when there are none, or they were."""
    if not typed:
        return None
    mark = given_mark(request, typed)
    return None if mark in given_before(request) else mark


def given_before(request: HttpRequest) -> list[str]:
    """The digests of the forms whose words this browser was already given back here."""
    return [mark for mark in request.COOKIES.get(GIVEN_COOKIE, "").split(".") if mark]


def remember_given(request: HttpRequest, response: HttpResponse, mark: str) -> None:
    """Name this form in the cookie, so the page sent again from the history gives nothing."""
    marks = [*given_before(request), mark][-GIVEN_KEPT:]
    response.set_cookie(
        GIVEN_COOKIE,
        ".".join(marks),
        max_age=settings.SESSION_ABSOLUTE_SECONDS,
        path=request.path,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
