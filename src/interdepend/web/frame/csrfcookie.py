"""Django's CSRF middleware, without setting the CSRF cookie again to the value the browser
has just sent.

Django's ``CsrfViewMiddleware`` sets the CSRF cookie on every response whose page asked for a
token (``get_token``), even when the browser already holds that same token, to renew its
one-year lifetime. Every signed-in page asks for one (the quick exit's form is on each), so
every signed-in page built the cookie again: about 20-25 µs of each in a loop, more on a page
(issue 15's twenty-sixth pass). Here it is set as Django sets it whenever its value is new to
the browser (a first token, one made new at sign-in by ``rotate_token``, an old masked or
malformed cookie replaced), and left as it is when the browser sent exactly this token. What
is left out is only the renewal of a year's lifetime: signing in always sets a new token, and a
session lasts two weeks at most (``SESSION_ABSOLUTE_SECONDS``). ``Vary: Cookie`` is still added
as Django adds it, so a page's headers differ only by the repeated ``Set-Cookie``. Every check
of a form (``process_request``, ``process_view``) is Django's own, untouched
(``tests/web/test_csrf_cookie.py``).
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.cache import patch_vary_headers


class CsrfCookieMiddleware(CsrfViewMiddleware):
    def _set_csrf_cookie(self, request: HttpRequest, response: HttpResponseBase) -> None:
        if (
            not settings.CSRF_USE_SESSIONS
            and request.COOKIES.get(settings.CSRF_COOKIE_NAME) == request.META["CSRF_COOKIE"]
        ):
            vary_cookie(response)
            return
        super()._set_csrf_cookie(request, response)  # type: ignore[misc]


def vary_cookie(response: HttpResponseBase) -> None:
    """``patch_vary_headers(response, ("Cookie",))``: a response that names no ``Vary`` yet (a
    page's, at this point of the middleware) is given ``Vary: Cookie`` straight, which is what
    Django's function makes of it after splitting, lowering and joining an empty list (about
    1.5 µs of every signed-in page in a loop); any other is left to Django's function."""
    if "Vary" in response.headers:
        patch_vary_headers(response, ("Cookie",))
    else:
        response.headers["Vary"] = "Cookie"
