"""The form middleware tells the quick exit by the name its address resolved to, not by the
exit's address worked out again on every signed-in post (``accounts.idle._is_exit``, issue 15's
eighteenth pass): the exit still locks whatever its body holds, a locked form sent anywhere
else is still stopped, and no post works the exit's address out. And a request is told to be
htmx's from its header where the server put it (``frame.http.is_htmx``), as
``request.headers`` tells it."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import RequestFactory
from django.urls import resolve, reverse

from interdepend.web.accounts import idle, kept
from interdepend.web.frame.http import is_htmx
from interdepend.web.together.models import Bid
from tests.conftest import Personas
from tests.helpers import as_user

pytestmark = pytest.mark.django_db


def test_the_exit_is_known_by_its_name_and_by_its_address_when_not_resolved() -> None:
    factory = RequestFactory()
    for path, is_exit in (
        (reverse("frame:quick_exit"), True),
        (reverse("frame:quick_exit_note"), False),
        (reverse("together:bids"), False),
    ):
        request = factory.post(path)
        assert request.resolver_match is None
        assert idle._is_exit(request) is is_exit, path
        request.resolver_match = resolve(path)
        assert idle._is_exit(request) is is_exit, path


def test_no_signed_in_post_works_the_exits_address_out(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[Any] = []
    real = reverse

    def counted(*args: Any, **kwargs: Any) -> str:
        asked.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(idle, "reverse", counted)
    client = as_user(personas.alice)
    bids = Bid.objects.count()
    sent = client.post(reverse("together:bids"), {"text": "Half a bid", kept.LOCKED_FIELD: "1"})
    assert sent.status_code == 302 and sent["Location"].startswith(reverse("accounts:confirm"))
    assert Bid.objects.count() == bids
    left = client.post(reverse("frame:quick_exit"), {kept.LOCKED_FIELD: "1"})
    assert left.status_code == 302 and left["Location"] == settings.QUICK_EXIT_URL
    assert ("frame:quick_exit",) not in asked


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"HTTP_HX_REQUEST": "true"},
        {"HTTP_HX_REQUEST": "false"},
        {"HTTP_HX_REQUEST": "True"},
        {"HTTP_HX_REQUEST": ""},
        {"HTTP_HX_REQUEST": " true"},
        {"HTTP_HX_TARGET": "bids-waiting"},
    ],
)
def test_an_htmx_request_is_told_as_its_headers_tell_it(headers: dict[str, str]) -> None:
    request = RequestFactory().post(reverse("together:bids"), **headers)  # type: ignore[arg-type]
    told = is_htmx(request)
    assert "headers" not in request.__dict__, "request.headers was made"
    assert told == (request.headers.get("HX-Request") == "true")
