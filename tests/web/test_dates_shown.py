"""The days that tell like things apart (the seventh walk of 2026-12-04): when each decision was
named, how long a bid has waited for her answer, which day each partner's shared result in the
couple view is from, and when each of a practitioner's open invitations was made."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from interdepend.web.accounts.models import User
from interdepend.web.accounts.services import user_create
from interdepend.web.assessment.models import Attempt
from interdepend.web.decide.models import Decision
from interdepend.web.partners import services as partner_services
from interdepend.web.partners.access import access_active_partnership
from interdepend.web.practice import services as practice
from interdepend.web.practice.models import ClientInvitation, Practitioner
from interdepend.web.together import services as together
from tests.conftest import PASSWORD, Personas
from tests.helpers import as_user

pytestmark = pytest.mark.django_db

#: Noon on a day well past: no time zone moves it to another day.
OCTOBER = datetime.datetime(2026, 10, 24, 12, tzinfo=datetime.UTC)
NOVEMBER = datetime.datetime(2026, 11, 2, 12, tzinfo=datetime.UTC)

WORDS = {
    "en": {
        "october": "24 October 2026",
        "november": "2 November 2026",
        "named": "Named on 24 October 2026.",
        "waited": "5 days ago",
        "old_yes": "Yes, I am free now",
        "yes": "Yes, now",
        "today": "sent today",
        "joined": "For a couple, one partner has joined",
    },
    "es": {
        "october": "24 de octubre de 2026",
        "november": "2 de noviembre de 2026",
        "named": "Planteada el 24 de octubre de 2026.",
        "waited": "hace 5 días",
        "old_yes": "Sí, ahora puedo",
        "yes": "Sí, ahora",
        "today": "enviado hoy",
        "joined": "Para una pareja, uno de los dos ya se ha unido",
    },
}


def _speaking(user: User, language: str) -> User:
    user.language = language
    user.time_zone = "UTC"
    user.save(update_fields=["language", "time_zone"])
    return user


@pytest.mark.parametrize("language", ["en", "es"])
def test_each_decision_says_the_day_it_was_named(personas: Personas, language: str) -> None:
    Decision.objects.filter(public_id=personas.decision_id).update(created_at=OCTOBER)
    words = WORDS[language]
    for person in (personas.alice, personas.bob):
        client = as_user(_speaking(person, language))
        listed = client.get(reverse("decide:index")).content.decode()
        assert words["named"] in listed
        page = client.get(reverse("decide:detail", args=[personas.decision_id]))
        assert words["named"] in page.content.decode()


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_bid_that_has_waited_says_so_to_her_alone(personas: Personas, language: str) -> None:
    active = access_active_partnership(personas.bob)
    assert active is not None
    old = together.bid_send(
        owner=personas.bob, partnership=active.partnership, text="Walk on Sunday?", idem_key=""
    )
    type(old).objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(5))
    together.bid_send(
        owner=personas.bob, partnership=active.partnership, text="Tea now?", idem_key=""
    )
    words = WORDS[language]
    hers = as_user(_speaking(personas.alice, language)).get(reverse("together:bids"))
    body = hers.content.decode()
    walk, tea = body.index("Walk on Sunday?"), body.index("Tea now?")
    walk_card = body[walk : body.index("</li>", walk)]
    tea_card = body[tea : body.index("</li>", tea)]
    assert words["waited"] in walk_card and f">{words['old_yes']}<" in walk_card
    assert words["today"] in tea_card and f">{words['yes']}<" in tea_card
    # The one who sent them sees his cards as before: no count of the days she has not answered.
    his = as_user(_speaking(personas.bob, language)).get(reverse("together:bids"))
    sent = his.content.decode()
    assert "Walk on Sunday?" in sent
    assert words["waited"] not in sent and words["today"] not in sent


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_couple_view_says_which_day_each_result_is_from(
    personas: Personas, language: str
) -> None:
    for person, day in ((personas.alice, OCTOBER), (personas.bob, NOVEMBER)):
        latest = Attempt.objects.filter(user=person).latest("completed_at")
        Attempt.objects.filter(pk=latest.pk).update(completed_at=day)
    words = WORDS[language]
    page = as_user(_speaking(personas.alice, language)).get(reverse("couple:home"))
    body = page.content.decode()
    assert words["october"] in body and words["november"] in body
    if language == "en":
        said = re.sub(r"<[^>]+>", "", body)
        assert "Alice's result is from 24 October 2026; Bob's is from 2 November 2026." in said


def yesterday_morning() -> datetime.datetime:
    """Yesterday at half past nine (UTC): a day an open invitation can have been made."""
    made = timezone.now() - datetime.timedelta(days=1)
    return made.replace(hour=9, minute=30, second=0, microsecond=0)


def made_words(made: datetime.datetime, language: str) -> str:
    """How her list says when an invitation was made, as the site writes a day and its time."""
    with translation.override(language), timezone.override(datetime.UTC):
        day = date_format(timezone.localtime(made), "DATETIME_FORMAT")
    return ("made %s" if language == "en" else "creada el %s") % day


def _couple(first: str, second: str) -> tuple[User, User]:
    one, two = (
        user_create(email=f"{n}@example.test", password=PASSWORD, display_name=n.capitalize())
        for n in (first, second)
    )
    link = partner_services.invitation_create(inviter=one)
    partner_services.invitation_accept(invitation=link.invitation, user=two)
    return one, two


@pytest.mark.parametrize("language", ["en", "es"])
def test_her_open_invitations_say_when_each_was_made_and_who_has_joined(
    personas: Personas, language: str
) -> None:
    profile = Practitioner.objects.get(user=personas.pat)
    fay, _gus = _couple("fay", "gus")
    half = practice.client_invitation_create(practitioner=profile, invited="couple")
    practice.client_invitation_redeem(invitation=half.invitation, user=fay)
    # Opened by someone who has not connected: that is never said.
    opened = practice.client_invitation_create(practitioner=profile, invited="couple")
    made = yesterday_morning()
    ClientInvitation.objects.filter(pk=opened.invitation.pk).update(
        opened_by="someone", created_at=made
    )
    words = WORDS[language]
    page = as_user(_speaking(personas.pat, language)).get(reverse("practice:dashboard"))
    body = page.content.decode()
    listed = body[body.index("<ul>", body.index('id="invite-heading"')) :]
    listed = listed[: listed.index("</ul>")]
    assert listed.count("<li>") == 3
    assert listed.count(words["joined"]) == 1
    # Seen once on its line (a Withdraw button names it again, in words only a screen reader says).
    seen = re.sub(r'<span class="visually-hidden">.*?</span>', "", listed)
    assert seen.count(made_words(made, language)) == 1
    assert "Fay" not in listed
