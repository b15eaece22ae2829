"""Reading a request the same way in every app."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast
from urllib.parse import urlsplit

from django.http import HttpRequest, HttpResponse, QueryDict
from django.middleware.csrf import CsrfViewMiddleware
from django.template import engines
from django.template.backends.django import DjangoTemplates
from django.urls import Resolver404, resolve
from django.utils.http import is_same_domain
from django.views.decorators.csrf import csrf_exempt

View = TypeVar("View", bound=Callable[..., HttpResponse])


def clear_browser_storage(response: HttpResponse) -> HttpResponse:
    """Have the browser drop what the app keeps in it (the service worker, its cache and any
    push subscription): the quick exit and every sign-out of this browser answer with it."""
    response["Clear-Site-Data"] = '"storage"'
    return response


def template_values(request: HttpRequest) -> dict[str, Any]:
    """What the project's context processors hand every template drawn for ``request``,
    gathered in their order as ``RequestContext`` gathers them (a later one's name wins): for
    a fragment drawn in Python that needs one of them (the form's token, the count in the
    bar), without the template engine's render around it. Each value is as lazy as a
    template finds it: nothing is read until the fragment asks."""
    backend = engines["django"]
    assert isinstance(backend, DjangoTemplates)
    values: dict[str, Any] = {}
    for processor in backend.engine.template_context_processors:
        values.update(processor(request))
    return values


def is_htmx(request: HttpRequest) -> bool:
    """Whether htmx sent the request (it asks for a fragment, not a whole page): its
    ``HX-Request`` header, read where the server put it (``HTTP_HX_REQUEST``) rather than
    through ``request.headers``, which copies every header of the request the first time it
    is asked (about 10-25 µs of a fragment's answer, where nothing else had asked: issue 15's
    eighteenth pass). ``tests/web/test_locked_form_exit.py`` holds the two equal."""
    return request.META.get("HTTP_HX_REQUEST") == "true"


def whole_page(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """A redirect that an htmx request follows by loading the whole page (``HX-Redirect``),
    not by swapping the page it leads to into a fragment; other requests are left as they are.

    For htmx the answer is no redirect at all (204 with ``HX-Redirect``): the browser follows a
    302 by itself before htmx sees it, and htmx would then swap the page the redirect led to
    (the confirm page, the sign-in page) into the fragment, header, menu and all."""
    if not is_htmx(request):
        return response
    answer = HttpResponse(status=204)
    answer["HX-Redirect"] = response["Location"]
    if "Cache-Control" in response:
        answer["Cache-Control"] = response["Cache-Control"]
    answer.cookies = response.cookies  # a session ended on the way keeps its cookie's removal
    return answer


def posted(request: HttpRequest) -> QueryDict | None:
    """The posted data for a form, even when empty (an empty post is a form with errors, not a
    GET); ``None`` for any other method, so the form stays unbound."""
    return request.POST if request.method == "POST" else None


def from_another_site(request: HttpRequest) -> bool:
    """Whether the browser says another site sent this request (a link or a form on a page of
    theirs). A link typed, tapped in a message or followed from our own pages is not."""
    return request.headers.get("Sec-Fetch-Site") == "cross-site"


def from_our_origin(request: HttpRequest) -> bool:
    """Whether the origin the browser names, if it names one, is one the site's forms are taken
    from: the site's own, or one listed in ``CSRF_TRUSTED_ORIGINS``, read as Django's check of
    a form's token reads it. The quick exit, which asks for no token, refused the listed ones:
    behind a balancer whose public address Django does not see (a port of its own), every
    press was a 403 and locked nothing (the ex and stranger audit of 2026-12-04)."""
    origin = request.headers.get("Origin")
    if not origin or origin == request.build_absolute_uri("/").rstrip("/"):
        return True
    listed = CsrfViewMiddleware(_no_view)
    if origin in listed.allowed_origins_exact:
        return True
    try:
        parts = urlsplit(origin)
    except ValueError:
        return False
    hosts = listed.allowed_origin_subdomains.get(parts.scheme, ())
    return any(is_same_domain(parts.netloc, host) for host in hosts)


def said_to_be_ours(request: HttpRequest) -> bool:
    """Whether the browser says, in so many words, that a page of ours sent this request
    (``Sec-Fetch-Site: same-origin``, or an ``Origin`` of ours); a request naming neither (a very
    old browser, a script) is not taken as ours, as :func:`from_our_origin` leniently takes it."""
    named = request.headers.get("Sec-Fetch-Site") == "same-origin" or bool(
        request.headers.get("Origin")
    )
    return named and not from_another_site(request) and from_our_origin(request)


def _no_view(request: HttpRequest) -> HttpResponse:  # pragma: no cover (never called)
    return HttpResponse()


class _KeyCheck(CsrfViewMiddleware):
    """Django's check of a form key, answering a refusal with no page (the failure view, which
    may say something to the session, is for a form really refused)."""

    def _reject(self, request: HttpRequest, reason: str) -> HttpResponse:
        return HttpResponse(status=403)


def form_key_holds(request: HttpRequest) -> bool:
    """Whether the request carries this browser's current form key (CSRF token), as a form on
    a page drawn since its latest sign-in does; the origin is read as Django reads it."""
    return _KeyCheck(_no_view).process_view(request, _no_view, (), {}) is None


def takes_a_stale_form_key(view: View) -> View:
    """Marks a step that must work from a page drawn before this browser's latest sign-in (its
    form key is stale then): the quick exit, signing out (here, her other devices, everywhere),
    turning notifications off everywhere, the safety reset. Pressed from such a page they
    answered "That form had expired" and did nothing, when she needed them most (the
    stale-forms audit of 2026-12-04).

    The form key is not asked for; what it guards against is refused all the same. A post
    another site's page sent names that site as its origin, or is marked cross-site by the
    browser, and is refused here; it carries no session cookie anyway (``SameSite=Lax``), so
    it could not name her account. A step that adds anything, or that cannot be undone, keeps
    asking for the key itself (:func:`form_key_holds`): the reset asks its question again."""

    @wraps(view)
    def checked(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if from_another_site(request) or not from_our_origin(request):
            from interdepend.web.frame.views import csrf_failure

            return csrf_failure(request)
        return view(request, *args, **kwargs)

    return cast(View, csrf_exempt(checked))


def holds_long_text(limit: int) -> Callable[[View], View]:
    """Marks a view whose form holds a long text of up to ``limit`` characters (an entry, a
    note): a post too big for Django to read at all (``DATA_UPLOAD_MAX_MEMORY_SIZE``) is then
    told so in our words, with the limit (:func:`interdepend.web.frame.views.error_400`).
    Put it nearest the function: the decorators above it carry the mark up."""

    def mark(view: View) -> View:
        view.longest_text = limit  # type: ignore[attr-defined]
        return view

    return mark


def longest_text_of(request: HttpRequest) -> int | None:
    """The longest text the form at the request's address holds, if it holds a long one."""
    try:
        found = resolve(request.path_info)
    except Resolver404:
        return None
    limit = getattr(found.func, "longest_text", None)
    return limit if isinstance(limit, int) else None
