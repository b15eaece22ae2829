"""What the frame reads of a page once and hands on (issue 15's twenty-seventh pass) is what the
pieces it replaces read for themselves: the look's values worked out from the page's look,
language and script prefix (``frame.context.HomeScreen.read``) are ``home_screen(request)``'s,
and ``Vary: Cookie`` added straight to a response naming no ``Vary`` is what Django's
``patch_vary_headers`` makes of it. The whole frame is held to the reference by
``test_frame_page.py`` and ``test_frame_open.py``."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import get_script_prefix, set_script_prefix
from django.utils import translation
from django.utils.cache import patch_vary_headers
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from interdepend.web.accounts.models import HomeScreenLook, User
from interdepend.web.frame.context import HomeScreen, home_screen, look_for
from interdepend.web.frame.csrfcookie import vary_cookie
from interdepend.web.frame.templatetags.frameparts import page_path

_LANGUAGES = [code for code, _name in settings.LANGUAGES]


@hypothesis_settings(max_examples=200, deadline=None)
@given(
    look=st.sampled_from(list(HomeScreenLook)),
    signed_in=st.booleans(),
    language=st.one_of(st.none(), st.sampled_from(_LANGUAGES)),
    prefix=st.sampled_from(["/", "/app/", "/a b/"]),
)
def test_the_frame_s_read_of_the_look_is_home_screen_s(
    look: HomeScreenLook, signed_in: bool, language: str | None, prefix: str
) -> None:
    request = RequestFactory().get("/")
    request.user = User(home_screen_look=look.value) if signed_in else AnonymousUser()
    before = get_script_prefix()
    set_script_prefix(prefix)
    try:
        with translation.override(language):
            expected = home_screen(request)
            found = HomeScreen(request)
            read = found.read(look_for(request), translation.get_language(), get_script_prefix())
            assert read == expected
            assert found() is read  # kept for the rest of the request, as ``Once`` keeps it
    finally:
        set_script_prefix(before)


def test_the_look_s_values_asked_first_by_anyone_else_are_home_screen_s() -> None:
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    found = HomeScreen(request)
    assert found() == home_screen(request)
    assert found.read(HomeScreenLook.NEUTRAL, "es", "/other/") is found()  # already worked out


_HEADER = st.text(alphabet="abcdeCOKIokie*-, \t", max_size=30)


@hypothesis_settings(max_examples=300, deadline=None)
@given(vary=st.one_of(st.none(), _HEADER), name=st.sampled_from(["Vary", "vary", "VARY"]))
def test_vary_cookie_is_djangos_patch(vary: str | None, name: str) -> None:
    ours, theirs = HttpResponse(), HttpResponse()
    if vary is not None:
        ours.headers[name] = theirs.headers[name] = vary
    vary_cookie(ours)
    patch_vary_headers(theirs, ("Cookie",))
    assert list(ours.headers.items()) == list(theirs.headers.items())


@given(path=st.text(max_size=20), query=st.text(max_size=20))
@hypothesis_settings(max_examples=100, deadline=None)
def test_this_page_s_address_from_the_page_s_own_read_is_the_request_s(
    path: str, query: str
) -> None:
    request = RequestFactory().get("/" + path.lstrip("/"), QUERY_STRING=query)
    read = request.get_full_path()
    assert page_path(request, lambda: read) == page_path(request) == read
