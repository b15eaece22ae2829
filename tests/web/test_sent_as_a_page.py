"""``accounts.unsent.sent_as_a_page`` reads the browser's ``Sec-Fetch-Mode`` where the server
put it (``HTTP_SEC_FETCH_MODE``), not through ``request.headers``, which copies every header
of the request the first time it is asked (issue 15's twenty-first pass): the same answer for
any headers a request may carry, and no copy made."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.test import RequestFactory
from hypothesis import given, settings
from hypothesis import strategies as st

from interdepend.web.accounts.unsent import NAVIGATE, sent_as_a_page

#: What a browser, htmx or a script may send in the headers the rule reads.
MODES = st.one_of(
    st.none(),
    st.sampled_from([NAVIGATE, "cors", "no-cors", "same-origin", "websocket", "Navigate", ""]),
    st.text(st.characters(codec="ascii", exclude_categories=["Cc"]), max_size=12),
)
KINDS = st.sampled_from(
    [None, "application/json", "application/x-www-form-urlencoded", "multipart/form-data"]
)


def _as_headers_read_it(request: HttpRequest) -> bool:
    """The rule as it was written: the mode read through ``request.headers``."""
    mode = request.headers.get("Sec-Fetch-Mode")
    if mode is not None:
        return mode == NAVIGATE
    htmx = request.META.get("HTTP_HX_REQUEST") == "true"
    return not htmx and not (request.content_type or "").endswith("json")


def _request(mode: str | None, htmx: str | None, kind: str | None, others: int) -> HttpRequest:
    extra: dict[str, Any] = {f"HTTP_X_OTHER_{n}": str(n) for n in range(others)}
    if mode is not None:
        extra["HTTP_SEC_FETCH_MODE"] = mode
    if htmx is not None:
        extra["HTTP_HX_REQUEST"] = htmx
    if kind is None:
        return RequestFactory().post("/together/bids/", **extra)
    return RequestFactory().post("/together/bids/", data=b"{}", content_type=kind, **extra)


@settings(max_examples=300, deadline=None)
@given(
    mode=MODES,
    htmx=st.sampled_from([None, "true", "false", ""]),
    kind=KINDS,
    others=st.integers(0, 6),
)
def test_the_mode_read_where_the_server_put_it_is_the_headers_one(
    mode: str | None, htmx: str | None, kind: str | None, others: int
) -> None:
    request = _request(mode, htmx, kind, others)
    assert sent_as_a_page(request) == _as_headers_read_it(_request(mode, htmx, kind, others))
    assert "headers" not in request.__dict__  # no copy of every header made for it


def test_each_kind_of_request_is_told_apart_as_before() -> None:
    assert sent_as_a_page(_request(NAVIGATE, None, None, 0))
    assert sent_as_a_page(_request(NAVIGATE, "true", None, 0))
    assert not sent_as_a_page(_request("cors", None, None, 0))
    assert not sent_as_a_page(_request("cors", "true", None, 0))
    assert sent_as_a_page(_request(None, None, None, 0))  # a browser that does not say
    assert not sent_as_a_page(_request(None, "true", None, 0))  # htmx
    assert not sent_as_a_page(_request(None, None, "application/json", 0))  # a script
