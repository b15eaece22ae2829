"""What a client is told before connecting and before stopping is what the practitioner sees.

Her invitation said "Connecting shares nothing by itself", yet from that moment his list of
clients shows her name here (and any new one she gives herself) and the day she connected. Her
page for stopping said "They are not sent any message", which read as if he could not tell she
had stopped, when she leaves his list at once (the practitioner audit of 2026-12-05: the
controlling partner who poses as a practitioner learns it on his next look). Both pages now say
so; the list he sees holds no more than they say, and stopping looks the same to him however
she stopped (ending the connection, the safety reset, deleting her account).
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from interdepend.web.accounts.models import User
from interdepend.web.accounts.services import user_create
from interdepend.web.datarights.services import safety_reset, user_delete
from interdepend.web.practice import personal, services
from interdepend.web.practice.models import ClientLink, Practitioner
from tests.conftest import PASSWORD
from tests.helpers import as_user, password_confirmed

pytestmark = pytest.mark.django_db

VOLATILE = re.compile(r'(name="(?:csrfmiddlewaretoken|idem)" value=")[^"]*"')


def _paragraph(page: str, mark: str) -> str:
    """The words of the paragraph marked ``data-sees="mark"``, tags and spacing taken out."""
    found = re.search(rf'<p data-sees="{mark}">(.*?)</p>', page, re.S)
    assert found, f"no paragraph {mark!r} on the page"
    return " ".join(re.sub(r"<[^>]+>|[\u2066-\u2069]", "", found.group(1)).split())


def _practitioner(email: str = "sol@practice.example.test") -> tuple[User, Practitioner]:
    sol = user_create(email=email, password=PASSWORD, display_name="Sol")
    return sol, services.practitioner_enable(user=sol, kind="counsellor", practice_name="Rooms")


def _connected(profile: Practitioner, email: str, name: str) -> tuple[User, Client, str]:
    """A client who opened the practitioner's link, read it and connected with her password."""
    her = user_create(email=email, password=PASSWORD, display_name=name)
    new = services.client_invitation_create(practitioner=profile)
    client = password_confirmed(as_user(her))
    page = client.get(reverse("practice:join_link", args=[new.code])).content.decode()
    response = client.post(reverse("practice:accept"), {"code": new.code, "password": PASSWORD})
    assert response.status_code == 302
    assert ClientLink.objects.filter(client=her, practitioner=profile, is_active=True).exists()
    return her, client, page


def _card(dashboard: str, name: str) -> str:
    """The words of her card on his list of clients."""
    shape = r'<li class="card">(.*?)</li>\s*(?=<li class="card">|</ul>)'
    cards = re.findall(shape, dashboard, re.S)
    found = [card for card in cards if name in card]
    assert len(found) == 1, cards
    return " ".join(re.sub(r"<[^>]+>|[\u2066-\u2069]", " ", found[0]).split())


def test_the_invitation_says_what_he_sees_and_his_list_shows_no_more() -> None:
    """Her invitation names what connecting shows him, her name here among it; his list then
    shows that name, the day, and nothing else of hers, and a new name of hers as she is told."""
    sol, profile = _practitioner()
    her, client, page = _connected(profile, "ayla@home.example.test", "Ayla")
    told = _paragraph(page, "connect")
    assert "the name you use here, Ayla" in told, told
    assert "the day you connected" in told and "Nothing else of yours" in told, told
    stop = _paragraph(page, "stop")
    assert "you leave their list of clients" in stop and "not why" in stop, stop

    dashboard = as_user(sol).get(reverse("practice:dashboard")).content.decode()
    today = date_format(timezone.localdate(), "DATE_FORMAT")
    assert _card(dashboard, "Ayla") == (
        f"Ayla Connected since {today}. Shares nothing with you at the moment."
    )
    assert "ayla@home.example.test" not in dashboard
    # "or any new name you give yourself later"
    User.objects.filter(pk=her.pk).update(display_name="Rue")
    dashboard = as_user(sol).get(reverse("practice:dashboard")).content.decode()
    assert "Rue" in _card(dashboard, "Rue") and "Ayla" not in dashboard


def test_the_page_for_stopping_says_he_can_tell_she_stopped() -> None:
    _sol, profile = _practitioner()
    her, client, _page = _connected(profile, "ayla@home.example.test", "Ayla")
    link = ClientLink.objects.get(client=her)
    page = password_confirmed(client).get(reverse("practice:end", args=[link.public_id]))
    told = _paragraph(page.content.decode(), "stop")
    assert "You leave their list of clients" in told and "not why" in told, told
    assert "safety reset" in told and "deleting your account" in told, told


def _what_he_sees(sol: User, profile: Practitioner) -> tuple[str, dict[str, int]]:
    """His list of clients, his number and the form's token put aside, and how many rows each
    practice table of his own download holds."""
    page = as_user(sol).get(reverse("practice:dashboard")).content.decode()
    page = VOLATILE.sub(r"\1-", page).replace(profile.number, "NUMBER")
    return page, {name: len(table) for name, table in personal.export(sol).items()}


def test_stopping_looks_the_same_to_him_however_she_stopped() -> None:
    """Three practitioners alike, each with one client who shared, had a look taken and
    stopped: by ending the connection, by the safety reset, by deleting her account. What each
    practitioner then sees, on his list and in his download, is the same: that she is gone."""
    seen = []
    for n, way in enumerate(("end", "reset", "delete")):
        sol, profile = _practitioner(f"sol{n}@practice.example.test")
        her, client, _page = _connected(profile, f"ayla{n}@home.example.test", "Ayla")
        link = ClientLink.objects.get(client=her)
        services.consent_set(link=link, scopes=["results", "trends"])
        looked = as_user(sol).get(reverse("practice:client", args=[link.public_id]))
        assert looked.status_code == 200
        if way == "end":
            services.link_end(link=link)
        elif way == "reset":
            safety_reset(user=her, keep_session_key=None)
        else:
            user_delete(user=her)
        seen.append(_what_he_sees(sol, profile))
    assert "Ayla" not in seen[0][0]
    assert seen[0] == seen[1] == seen[2], [s[1] for s in seen]
