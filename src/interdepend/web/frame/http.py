"""Reading a request the same way in every app."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, QueryDict


def is_htmx(request: HttpRequest) -> bool:
    """Whether htmx sent the request (it asks for a fragment, not a whole page)."""
    return request.headers.get("HX-Request") == "true"


def whole_page(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """A redirect that an htmx request follows by loading the whole page (``HX-Redirect``),
    not by swapping the page it leads to into a fragment; other requests are left as they are."""
    if is_htmx(request):
        response["HX-Redirect"] = response["Location"]
    return response


def posted(request: HttpRequest) -> QueryDict | None:
    """The posted data for a form, even when empty (an empty post is a form with errors, not a
    GET); ``None`` for any other method, so the form stays unbound."""
    return request.POST if request.method == "POST" else None
