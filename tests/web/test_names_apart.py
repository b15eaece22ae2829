"""What an assistive-technology walk of 2026-12-04 heard: a map's words that point to a table
"beside it" when a phone puts the table below, tables with no name, controls in one list that
all sound the same, and labels that end in a colon where most do not. English and Spanish."""

from __future__ import annotations

import datetime
import html
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from interdepend.web.accounts.models import User
from interdepend.web.decide import services as decide
from interdepend.web.decide.models import Decision
from interdepend.web.journal import services as journal
from interdepend.web.partners import services as partner_services
from interdepend.web.partners.access import access_active_partnership
from interdepend.web.partners.models import Invitation
from interdepend.web.practice import services as practice
from interdepend.web.practice.models import ClientInvitation, Practitioner
from interdepend.web.together import services as together
from tests.conftest import Personas
from tests.helpers import as_user

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "es"]
OCTOBER = datetime.datetime(2026, 10, 24, 12, tzinfo=datetime.UTC)
NOVEMBER = datetime.datetime(2026, 11, 2, 12, tzinfo=datetime.UTC)

TABLE_WORDS = {
    "en": ("The numbers are in the table that goes with it.", "beside"),
    "es": ("Los números están en la tabla que lo acompaña.", "de al lado"),
}


def _speaking(user: User, language: str) -> User:
    user.language = language
    user.time_zone = "UTC"
    user.save(update_fields=["language", "time_zone"])
    return user


def _said(markup: str) -> str:
    """What a screen reader says for a piece of markup: its text, hidden words and all."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", markup)).split())


def _named(body: str, start: int) -> bool:
    """Whether the table that opens at ``start`` in ``body`` has a name of its own."""
    opening = body[start : body.index(">", start) + 1]
    after = body[start + len(opening) :].lstrip()
    if after.startswith("<caption") and _said(after[: after.index("</caption>")]):
        return True
    labelled = re.search(r'aria-labelledby="([^"]+)"', opening)
    return bool(labelled and all(f'id="{i}"' in body for i in labelled.group(1).split()))


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_couple_map_points_to_a_table_that_has_a_name(
    personas: Personas, language: str
) -> None:
    body = as_user(_speaking(personas.alice, language)).get(reverse("couple:home"))
    page = body.content.decode()
    alts = re.findall(r'alt="([^"]*)"', page)
    said, old = TABLE_WORDS[language]
    assert any(html.unescape(a).endswith(said) for a in alts)
    assert not any(old in html.unescape(a) for a in alts)
    assert _named(page, page.index('<table id="couple-scales"'))


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_practitioners_and_her_own_map_tables_have_names(
    personas: Personas, language: str
) -> None:
    reader = as_user(_speaking(personas.pat, language))
    link = personas.practice.ids["alice_link"]
    client_page = reader.get(reverse("practice:client", args=[link])).content.decode()
    results = client_page.index('id="results-heading"')
    assert _named(client_page, client_page.index("<table", results))
    numbers = reader.get(reverse("practice:couple_numbers", args=[link])).content.decode()
    assert _named(numbers, numbers.index("<table"))
    own = as_user(_speaking(personas.alice, language)).get(
        reverse("assessment:results", args=[personas.finished_attempt_id])
    )
    mine = own.content.decode()
    assert _named(mine, mine.index("<table"))


def _buttons(markup: str) -> list[str]:
    return [_said(b) for b in re.findall(r"<button[^>]*>(.*?)</button>", markup, re.S)]


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_withdraw_button_of_the_practitioner_says_which_invitation(
    personas: Personas, language: str
) -> None:
    profile = Practitioner.objects.get(user=personas.pat)
    for days in (1, 2):  # still open: made a day and two days ago
        day = timezone.now() - datetime.timedelta(days=days)
        made = practice.client_invitation_create(practitioner=profile, invited="one")
        ClientInvitation.objects.filter(pk=made.invitation.pk).update(created_at=day)
    page = as_user(_speaking(personas.pat, language)).get(reverse("practice:dashboard"))
    body = page.content.decode()
    listed = body[body.index("<ul>", body.index('id="invite-heading"')) :]
    names = _buttons(listed[: listed.index("</ul>")])
    assert len(names) >= 2
    assert len(set(names)) == len(names), names
    # What sighted people see on the button stays the one word.
    assert all(n.startswith("Withdraw" if language == "en" else "Retirar") for n in names)


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_withdraw_button_of_hers_says_which_invitation(
    personas: Personas, language: str
) -> None:
    again = partner_services.invitation_create(inviter=personas.carol)
    yesterday = timezone.now() - datetime.timedelta(days=1)
    Invitation.objects.filter(pk=again.invitation.pk).update(created_at=yesterday)
    page = as_user(_speaking(personas.carol, language)).get(reverse("partners:us"))
    body = page.content.decode()
    start = body.index("<ul>", body.index("<h3>"))
    names = _buttons(body[start : body.index("</ul>", start)])
    assert len(names) >= 2
    assert len(set(names)) == len(names), names


@pytest.mark.parametrize("language", LANGUAGES)
def test_two_decisions_of_one_title_are_links_of_two_names(
    personas: Personas, language: str
) -> None:
    first = Decision.objects.get(public_id=personas.decision_id)
    active = access_active_partnership(personas.alice)
    assert active is not None
    second = decide.decision_create(
        partnership=active.partnership,
        author=personas.alice,
        title=first.title,
        options=["9", "8"],
        token="names-apart",
    )
    Decision.objects.filter(pk=first.pk).update(created_at=OCTOBER)
    Decision.objects.filter(pk=second.pk).update(created_at=NOVEMBER)
    body = as_user(_speaking(personas.alice, language)).get(reverse("decide:index"))
    page = body.content.decode()
    links = [
        _said(a) for a in re.findall(r'<a class="tap" href="/decide/[^"]+/">(.*?)</a>', page, re.S)
    ]
    same = [n for n in links if n.startswith(first.title)]
    assert len(same) == 2
    assert same[0] != same[1]


def _labels(page: str) -> list[str]:
    found = re.findall(r"<(label|legend)[^>]*>(.*?)</\1>", page, re.S)
    return [_said(text) for _tag, text in found if _said(text)]


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_form_label_ends_in_a_colon(personas: Personas, language: str) -> None:
    anyone = Client(headers={"accept-language": language})
    pages = [anyone.get(reverse("accounts:login")).content.decode()]
    carol = as_user(_speaking(personas.carol, language))
    pages.append(carol.get(reverse("partners:join")).content.decode())
    pages.append(carol.get(reverse("accounts:settings")).content.decode())
    labels = [label for page in pages for label in _labels(page)]
    email = "E-mail address" if language == "en" else "Correo electrónico"
    assert any(label.startswith(email) for label in labels), labels
    assert [label for label in labels if label.endswith(":")] == []


def _by_id(page: str, ident: str) -> str:
    found = re.search(rf'<(\w+)[^>]*\bid="{re.escape(ident)}"[^>]*>(.*?)</\1>', page, re.S)
    assert found, ident
    return _said(found.group(2))


def _button_names(page: str) -> list[str]:
    """Each button's accessible name: its ``aria-labelledby`` parts, or else its text."""
    names = []
    for attrs, text in re.findall(r"<button([^>]*)>(.*?)</button>", page, re.S):
        labelled = re.search(r'aria-labelledby="([^"]+)"', attrs)
        if labelled:
            names.append(" ".join(_by_id(page, i) for i in labelled.group(1).split()))
        else:
            names.append(_said(text))
    return names


def _alike(names: list[str]) -> list[str]:
    return sorted({n for n in names if names.count(n) > 1})


@pytest.mark.parametrize("language", LANGUAGES)
def test_her_answers_to_two_bids_are_told_apart_by_the_bid(
    personas: Personas, language: str
) -> None:
    active = access_active_partnership(personas.bob)
    assert active is not None
    for text in ("Walk on Sunday?", "Tea now?"):
        together.bid_send(
            owner=personas.bob, partnership=active.partnership, text=text, idem_key=""
        )
    page = as_user(_speaking(personas.alice, language)).get(reverse("together:bids"))
    names = _button_names(page.content.decode())
    assert any(n.endswith("Tea now?") for n in names), names
    assert any(n.endswith("Walk on Sunday?") for n in names), names
    assert _alike(names) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_her_two_promises_have_buttons_of_their_own(personas: Personas, language: str) -> None:
    active = access_active_partnership(personas.alice)
    assert active is not None
    due = datetime.date.today() + datetime.timedelta(days=3)
    for text in ("Call my sister", "Cook on Friday"):
        together.commitment_create(
            owner=personas.alice, partnership=active.partnership, text=text, due_on=due, idem_key=""
        )
    page = as_user(_speaking(personas.alice, language)).get(reverse("together:commitments"))
    names = _button_names(page.content.decode())
    assert sum(n.endswith("Cook on Friday") for n in names) == 3, names
    assert _alike(names) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_stop_this_of_the_safety_check_says_what_it_stops(
    personas: Personas, language: str
) -> None:
    # Two more entries shared with him, written on one day, an hour apart.
    active = access_active_partnership(personas.alice)
    for hour in (9, 10):
        entry = journal.entry_create(
            owner=personas.alice, body="An entry.", prompt_key="", idem_key=""
        )
        entry = journal.entry_share_with_partner(entry=entry, active=active)
        moment = datetime.datetime(2026, 10, 24, hour, tzinfo=datetime.UTC)
        type(entry).objects.filter(pk=entry.pk).update(created_at=moment)
    page = as_user(_speaking(personas.alice, language)).get(reverse("safetycheck:index"))
    names = _button_names(page.content.decode())
    private = "Make it private" if language == "en" else "Dejar de compartir"
    # Each names its entry's day, with its year (the entries written today name this year's).
    dated = [n for n in names if n.startswith(private) and re.search(r"\b\d{4}\b", n)]
    assert len(dated) >= 4, names
    stops = [n for n in names if n.startswith("Stop this" if language == "en" else "Dejar")]
    assert len(stops) >= 2, names
    assert _alike(names) == []
