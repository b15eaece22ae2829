"""Security headers on every response, and no caching of anything but static files."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import render
from whitenoise.middleware import WhiteNoiseFileResponse

CSP_DIRECTIVES = (
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "manifest-src 'self'",
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
)


@lru_cache(maxsize=4)
def content_security_policy(quick_exit_url: str) -> str:
    """The policy; forms may also lead to the quick exit's neutral site (the button's form, when
    scripts are off, is sent on there, and browsers hold redirects after a form to form-action)."""
    parts = urlsplit(quick_exit_url)
    neutral = f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") else ""
    directives = [
        f"{d} {neutral}" if d.startswith("form-action") and neutral else d for d in CSP_DIRECTIVES
    ]
    return "; ".join(directives)


#: Marks a response that is one fixed file for everyone (the service worker): browsers may keep
#: it, but must ask the server again each time before using it.
SAME_FOR_EVERYONE = "interdepend_same_for_everyone"


def same_for_everyone(response: HttpResponse) -> HttpResponse:
    setattr(response, SAME_FOR_EVERYONE, True)
    return response


PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
)


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault(
            "Content-Security-Policy", content_security_policy(settings.QUICK_EXIT_URL)
        )
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        # Also on answers made before Django's own middleware is reached (a host not allowed).
        response.headers.setdefault("X-Frame-Options", settings.X_FRAME_OPTIONS)
        if getattr(response, SAME_FOR_EVERYONE, False):
            response.headers["Cache-Control"] = "no-cache"
        elif not isinstance(response, WhiteNoiseFileResponse):
            # Pages may be private: never stored by the browser or any cache between. Only a
            # static file WhiteNoise serves is kept: going by the address, the page for a file
            # not there (her menu and count of things waiting in it) went without a rule (the
            # stranger audit of 2026-12-05).
            response.headers["Cache-Control"] = "no-store, max-age=0"
            response.headers["Pragma"] = "no-cache"
        return response


#: The only methods the site answers: its pages are read (``HEAD`` too) and its forms posted.
ALLOWED_METHODS = ("GET", "HEAD", "POST")


class OnlyOurMethodsMiddleware:
    """Any other method (``PUT``, ``PATCH``, ``DELETE``, ``OPTIONS``, ``TRACE``, a made-up one)
    is answered 405 before a session, a form key or a view is looked at. Views that do not name
    their methods took such a request for a ``GET``: 27 addresses, a journal entry's among them,
    answered ``OPTIONS`` (which the form-key check lets through as a read) and ``DELETE`` with
    the whole page (the stranger audit of 2026-12-04, V)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in ALLOWED_METHODS:
            return self.get_response(request)
        return HttpResponseNotAllowed(ALLOWED_METHODS)


class NotAllowedPageMiddleware:
    """A page, not an empty answer, when a browser opens an address that only takes a button's
    press (Django's ``require_POST`` answers 405 with no body). A person meets it after signing
    in again in the middle of something: the sign-in sends them on to the button's address."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code != 405
            or request.method != "GET"
            or response.content
            or request.headers.get("HX-Request")
        ):
            return response
        page = render(request, "frame/405.html", status=405)
        page.headers["Allow"] = response.headers.get("Allow", "POST")
        return page
