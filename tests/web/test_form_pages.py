"""After a password, she never lands on an address that answers only a button.

A button sent while a password is due (the idle gate, a recent password, the quick exit's
lock) comes back, once it is her, to the page its form lives on (``accounts.formpages``): the
forms audit of 2026-12-04 (M2) met the 405 page "This page opens from a button" after the
password, with nothing to press on it. Every such address in the URL map is walked here.
"""

from __future__ import annotations

import html
import re
import time
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from interdepend.web.accounts import formpages, idle, reauth
from interdepend.web.frame import lock
from interdepend.web.together.models import CirclePerson
from tests.conftest import PASSWORD, Personas
from tests.helpers import as_user
from tests.journal_fixtures import entry_id

pytestmark = pytest.mark.django_db

NEXT = re.compile(r'name="next" value="([^"]*)"')
#: The gates that send a form to a password page first.
GATES = ("idle_gate.", "password_recent.")


def _patterns(resolver: URLResolver, namespace: str = "") -> Iterator[tuple[str, URLPattern]]:
    """Every URL pattern of the site with its full URL name."""
    for item in resolver.url_patterns:
        if isinstance(item, URLResolver):
            inner = f"{namespace}:{item.namespace}" if namespace else item.namespace or ""
            yield from _patterns(item, inner if item.namespace else namespace)
        elif item.name:
            yield (f"{namespace}:{item.name}" if namespace else item.name), item


def _gated(view: Callable[..., Any]) -> bool:
    """Whether a password page may answer this view first (read through its decorators)."""
    found: Callable[..., Any] | None = view
    while found is not None:
        if getattr(found, "__code__", None) and found.__code__.co_qualname.startswith(GATES):
            return True
        found = getattr(found, "__wrapped__", None)
    return False


def _arguments(personas: Personas) -> dict[str, object]:
    """Alice's own things, for every argument a gated address takes."""
    alice = personas.alice
    return {
        "goal_id": personas.together["alice_goal"],
        "decision_id": personas.decision_id,
        "boundary_id": personas.together["boundary"],
        "person_id": CirclePerson.objects.get(owner=alice).public_id,
        "entry_id": entry_id("alice-private"),
        "link_id": personas.practice.ids["alice_link"],
        "attempt_id": personas.finished_attempt_id,
        "number": 1,
        "code": personas.practice.open_code,
        "answer_id": personas.daily["opened"],
        "item_id": personas.daily["talk"],
        "commitment_id": personas.together["commitment"],
    }


def _buttons(personas: Personas) -> dict[str, str]:
    """Every gated address that answers only a button (405 to a GET), by URL name: alice's."""
    arguments = _arguments(personas)
    fresh = as_user(personas.alice)
    found = {}
    for name, pattern in _patterns(get_resolver()):
        if not _gated(pattern.callback):
            continue
        wanted = list(pattern.pattern.converters)
        missing = [arg for arg in wanted if arg not in arguments]
        assert not missing, f"{name}: add {missing} to _arguments"
        address = reverse(name, kwargs={arg: arguments[arg] for arg in wanted})
        if fresh.get(address).status_code == 405:
            found[name] = address
    return found


def _away(client: Client) -> Client:
    """Her phone, left alone for an hour on a private page."""
    session = client.session
    session[reauth.REAUTH_AT_KEY] = time.time() - 3600
    session[idle.PRIVATE_SEEN_KEY] = time.time() - 3600
    session.save()
    return client


def _next_of(response: Any) -> str:
    """The address a password page goes on to: in its own address, or in its form."""
    if response.status_code == 302:
        query = parse_qs(urlsplit(response["Location"]).query)
        assert urlsplit(response["Location"]).path == reverse("accounts:confirm")
        return str(query["next"][0])
    # The page's own form, not the language switch's (in the header and footer).
    main = response.content.decode().split("<main", 1)[1].split("</main>", 1)[0]
    found = NEXT.search(main)
    assert found is not None, response.status_code
    return html.unescape(found.group(1))


def _opens_for_her(client: Client, address: str) -> None:
    """Once it is her, ``address`` is a page that opens (and not a button's)."""
    assert resolve(urlsplit(address).path).view_name not in formpages.FORM_PAGES
    confirmed = client.post(reauth.confirm_url(address), {"password": PASSWORD})
    assert confirmed.status_code == 302 and confirmed["Location"] == address
    assert client.get(address).status_code == 200, address


def test_every_button_behind_a_password_is_declared_with_its_page(personas: Personas) -> None:
    """A new button behind the idle gate or a recent password fails here until its page is
    named in ``accounts.formpages.FORM_PAGES``; a name left there after its address changed
    fails too."""
    buttons = _buttons(personas)
    assert {"together:boundary_act", "journal:delete", "practice:consent"} <= set(buttons)
    assert set(buttons) == set(formpages.FORM_PAGES)


@pytest.mark.parametrize("referer", ["none", "itself"])
def test_every_button_behind_a_password_comes_back_to_a_page_that_opens(
    personas: Personas, referer: str
) -> None:
    """Sent with no Referer (a browser or an add-on leaves it out), or with the button's own
    address as its Referer (a page shown in answer to a POST): the page it comes back to
    opens for her."""
    for name, address in _buttons(personas).items():
        phone = _away(as_user(personas.alice))
        headers = {"Referer": f"http://testserver{address}"} if referer == "itself" else {}
        stopped = phone.post(address, {}, headers=headers)
        back = _next_of(stopped)
        assert back == formpages.form_page(name, resolve(address).kwargs), name
        _opens_for_her(phone, back)


def test_the_quick_exit_lock_comes_back_to_the_buttons_page_too(personas: Personas) -> None:
    for name, address in _buttons(personas).items():
        phone = as_user(personas.alice)
        session = phone.session
        session[lock.LOCKED_KEY] = True
        session.save()
        back = _next_of(phone.post(address, {}))
        assert back == formpages.form_page(name, resolve(address).kwargs), name
        unlocked = phone.post(reverse("frame:unlock"), {"password": PASSWORD, "next": back})
        assert unlocked["Location"] == back
        assert phone.get(back).status_code == 200, back


def test_a_password_page_told_to_go_to_a_button_goes_to_its_page(personas: Personas) -> None:
    """However the address came (an old link, a form of the confirm page made elsewhere)."""
    boundary = personas.together["boundary"]
    button = reverse("together:boundary_act", args=[boundary])
    phone = _away(as_user(personas.alice))
    confirmed = phone.post(reauth.confirm_url(button, again=True), {"password": PASSWORD})
    assert confirmed["Location"] == reverse("together:boundary", args=[boundary])
    unlocked = phone.post(reverse("frame:unlock"), {"password": PASSWORD, "next": button})
    assert unlocked["Location"] == reverse("together:boundary", args=[boundary])
    # Anything else is left as it was.
    assert formpages.page_for("/together/goals/?x=1") == "/together/goals/?x=1"
    assert formpages.page_for("/no/such/place/") == "/no/such/place/"
