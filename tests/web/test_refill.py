"""A form sent after the password window closed comes back with what she typed in it, once it
is her (``accounts.refill``; the designer's audit, finding 4): kept, expired, another session's,
never a password, never sent for her."""

from __future__ import annotations

import re

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from interdepend.web.accounts import refill
from interdepend.web.accounts.models import User
from interdepend.web.practice.models import Practitioner
from interdepend.web.practice.services import client_invitation_create, practitioner_enable
from tests.conftest import PASSWORD, Personas
from tests.helpers import as_user, password_confirmed

pytestmark = pytest.mark.django_db

MINE = "http://testserver/practice/mine/"
BACK = "Thank you, that was you. What you typed is back in its place, and nothing was sent yet"


def _code(practitioner: User) -> str:
    practitioner_enable(user=practitioner, kind="counsellor", practice_name="")
    made = client_invitation_create(practitioner=Practitioner.objects.get(user=practitioner))
    return made.code


def _stale(user: User, *, enforce_csrf_checks: bool = False) -> Client:
    """Her phone, signed in an hour ago."""
    client = as_user(user, enforce_csrf_checks=enforce_csrf_checks)
    return password_confirmed(client, seconds_ago=3600)


def _box(page: str) -> str:
    """The value the code box is drawn with ("" when empty)."""
    tag = next(t for t in page.split("<input") if 'name="code"' in t)
    found = tag.split('value="', 1)
    return found[1].split('"', 1)[0] if len(found) == 2 else ""


def _send_code(client: Client, code: str, referer: str = MINE) -> str:
    sent = client.post(reverse("practice:join"), {"code": code}, HTTP_REFERER=referer)
    assert sent.status_code == 302
    assert sent["Location"].startswith(reverse("accounts:confirm"))
    assert code not in sent["Location"]  # never in an address
    return str(sent["Location"])


def test_a_practitioners_code_is_back_in_its_box_after_the_password(personas: Personas) -> None:
    code = _code(personas.dave)
    phone = _stale(personas.carol)
    confirm = _send_code(phone, code)
    asking = phone.get(confirm).content.decode()
    assert "What you typed in the form is kept for you" in asking
    assert code not in asking  # the confirm page does not show it
    # Before her password the box stays empty (the page itself asks for it first).
    confirmed = phone.post(confirm, {"password": PASSWORD})
    assert confirmed["Location"] == MINE
    said = [str(m) for m in get_messages(confirmed.wsgi_request)]
    assert said and said[0].startswith(BACK)
    page = phone.get(reverse("practice:mine")).content.decode()
    assert _box(page) == code
    # Once: a reload (or whoever opens the page later) finds the box empty.
    assert _box(phone.get(reverse("practice:mine")).content.decode()) == ""
    # Nothing was looked up or connected for her: the lookup waits for her press.
    assert not personas.carol.practitioner_links.exists()


def test_the_code_page_of_its_own_gets_it_back_too(personas: Personas) -> None:
    code = _code(personas.dave)
    phone = _stale(personas.carol)
    join = "http://testserver" + reverse("practice:join")
    confirm = _send_code(phone, code, referer=join)
    assert phone.post(confirm, {"password": PASSWORD})["Location"] == join
    assert _box(phone.get(reverse("practice:join")).content.decode()) == code


def test_what_was_typed_waits_for_the_password_and_no_longer(personas: Personas) -> None:
    code = _code(personas.dave)
    phone = _stale(personas.carol)
    confirm = _send_code(phone, code)
    session = phone.session
    token, at = session[refill.REFILL]
    session[refill.REFILL] = [token, at - refill.REFILL_SECONDS - 1]  # kept 10 minutes ago
    session.save()
    said = [str(m) for m in get_messages(phone.post(confirm, {"password": PASSWORD}).wsgi_request)]
    assert not any(m.startswith(BACK) for m in said)
    assert _box(phone.get(reverse("practice:mine")).content.decode()) == ""
    assert refill.REFILL not in phone.session


def test_not_before_her_password(personas: Personas) -> None:
    """Kept, then the form's page opened without confirming (a cancel, another tab): empty."""
    code = _code(personas.dave)
    phone = _stale(personas.carol)
    _send_code(phone, code)
    page = phone.get(reverse("practice:join"))  # asks first: the box is not shown at all
    assert page.status_code == 302
    request = page.wsgi_request
    assert refill.typed_back(request, "practice:join") is None
    assert refill.REFILL in phone.session  # still waiting for her password


def test_another_session_or_person_cannot_open_it(personas: Personas) -> None:
    code = _code(personas.dave)
    phone = _stale(personas.carol)
    _send_code(phone, code)
    token, at = phone.session[refill.REFILL]
    for other in (as_user(personas.carol), as_user(personas.alice)):  # her laptop; someone else
        session = other.session
        session[refill.REFILL] = [token, at]
        session.save()
        confirm = reverse("accounts:confirm") + "?next=/practice/mine/&again=1"
        other.post(confirm, {"password": PASSWORD})
        assert _box(other.get(reverse("practice:mine")).content.decode()) == ""
        assert refill.REFILL not in other.session  # unreadable there, so dropped
    request = phone.get(reverse("home:home")).wsgi_request
    assert refill.opened(request, token) is not None  # still hers, in her own session


def test_a_password_is_never_kept(personas: Personas) -> None:
    """Her consent form holds a password box of its own; the code form is sent with one too."""
    alice = personas.alice
    link = alice.practitioner_links.filter(is_active=True).first()
    assert link is not None
    prefix = f"link{link.public_id}"
    phone = _stale(alice)
    phone.post(
        reverse("practice:consent", args=[link.public_id]),
        {f"{prefix}-scopes": ["results", "trends"], f"{prefix}-password": PASSWORD},
        HTTP_REFERER=MINE,
    )
    request = phone.get(reverse("home:home")).wsgi_request
    token, _at = phone.session[refill.REFILL]
    assert PASSWORD not in token and "results" not in token  # sealed
    found = refill.opened(request, token)
    assert found is not None
    typed, _at = found
    assert typed.fields == [(f"{prefix}-scopes", "results"), (f"{prefix}-scopes", "trends")]
    # Even a password field named as one of the kept ones is left out.
    assert not refill.keeps("password", ["password"])
    assert not refill.keeps(f"{prefix}-password", ["password", "scopes"])
    phone.post(
        reverse("practice:join"),
        {"code": "ABCD-EFGH", "password": PASSWORD, "csrfmiddlewaretoken": "x"},
        HTTP_REFERER=MINE,
    )
    found = refill.opened(request, phone.session[refill.REFILL][0])
    assert found is not None and found[0].fields == [("code", "ABCD-EFGH")]


def test_the_ticks_come_back_for_that_practitioner(personas: Personas) -> None:
    alice = personas.alice
    link = alice.practitioner_links.filter(is_active=True).first()
    assert link is not None
    prefix = f"link{link.public_id}"
    phone = _stale(alice)
    sent = phone.post(
        reverse("practice:consent", args=[link.public_id]),
        {f"{prefix}-scopes": ["results", "trends", "report"]},
        HTTP_REFERER=MINE,
    )
    phone.post(sent["Location"], {"password": PASSWORD})
    page = phone.get(reverse("practice:mine"))
    form = next(f for _item, f, _kind in page.context["links"] if f.prefix == prefix)
    assert sorted(form.initial["scopes"]) == ["report", "results", "trends"]


def test_a_forged_post_from_another_site_keeps_nothing(personas: Personas) -> None:
    code = _code(personas.dave)
    guarded = _stale(personas.carol, enforce_csrf_checks=True)
    forged = guarded.post(reverse("practice:join"), {"code": code}, HTTP_REFERER=MINE)
    assert forged.status_code == 403
    assert refill.REFILL not in guarded.session
    # A browser that says another site sent it is not kept either, whatever the token.
    phone = _stale(personas.carol)
    phone.post(
        reverse("practice:join"),
        {"code": code},
        HTTP_REFERER=MINE,
        headers={"Sec-Fetch-Site": "cross-site"},
    )
    assert refill.REFILL not in phone.session


@pytest.mark.parametrize(
    ("url", "data", "page", "expected"),
    [
        ("partners:join", {"code": "WXYZ-2345"}, "partners:us", 'value="WXYZ-2345"'),
        ("partners:join", {"code": "WXYZ-2345"}, "partners:join", 'value="WXYZ-2345"'),
        (
            "practice:start",
            {"kind": "coach", "practice_name": "Quiet Rooms"},
            "practice:start",
            'value="Quiet Rooms"',
        ),
        (
            "accounts:details",
            {"change": "name", "display_name": "Carolina"},
            "accounts:details",
            'value="Carolina"',
        ),
        (
            "accounts:details",
            {"change": "email", "email": "new-address@example.test"},
            "accounts:details",
            'value="new-address@example.test"',
        ),
    ],
)
def test_every_refilled_form_comes_back_filled(
    personas: Personas, url: str, data: dict[str, str], page: str, expected: str
) -> None:
    phone = _stale(personas.carol)
    back = "http://testserver" + reverse(page)
    sent = phone.post(reverse(url), data, HTTP_REFERER=back)
    assert sent["Location"].startswith(reverse("accounts:confirm"))
    assert phone.post(sent["Location"], {"password": PASSWORD})["Location"] == back
    assert expected in phone.get(reverse(page)).content.decode()
    assert expected not in phone.get(reverse(page)).content.decode()  # once


def test_the_home_screen_choice_is_carried_through_its_password_page(
    personas: Personas,
) -> None:
    """Back to the app's own look asks for her password on a page of its own, which carries her
    choice: typing it there keeps the choice, with nothing to tick again."""
    from interdepend.web.accounts.models import HomeScreenLook, User
    from interdepend.web.accounts.services import user_home_screen_set

    carol = personas.carol
    user_home_screen_set(user=carol, look=HomeScreenLook.NEUTRAL)
    phone = _stale(carol)
    asked = phone.post(
        reverse("accounts:home_screen"), {"home_screen_look": HomeScreenLook.INTERDEPEND}
    )
    carried = dict(re.findall(r'type="hidden" name="([^"]+)" value="([^"]*)"', asked.text))
    assert carried["home_screen_look"] == HomeScreenLook.INTERDEPEND
    phone.post(reverse("accounts:home_screen"), {**carried, "password": PASSWORD})
    assert User.objects.get(pk=carol.pk).home_screen_look == HomeScreenLook.INTERDEPEND


def test_a_confirmation_a_moment_ago_does_not_connect_without_her_password(
    personas: Personas,
) -> None:
    """The confirm page names no one; connecting asks for her password beside the name, even
    seconds after it (docs/security.md says why)."""
    code = _code(personas.dave)
    phone = _stale(personas.carol)
    phone.post(_send_code(phone, code), {"password": PASSWORD})
    asked = phone.post(reverse("practice:accept"), {"code": code})
    assert asked.status_code == 200
    assert "Type your password for this step" in asked.content.decode()
    assert not personas.carol.practitioner_links.exists()
    phone.post(reverse("practice:accept"), {"code": code, "password": PASSWORD})
    assert personas.carol.practitioner_links.filter(is_active=True).exists()
