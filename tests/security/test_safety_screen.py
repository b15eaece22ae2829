"""T28: a person's safety screen changes nothing their partner can see (design rule 18).

Kim and Lee are a couple. The same story is played in three worlds that differ only in Kim's
answers to the safety screen: calm both times; a flag on the first inventory; a flag on the
retake, raised while the couple view is already open. After every step Lee's pages are fetched
(home, Us, the couple view, its map and report, Together, trends and their charts, Decide, the
journal shared with Lee), and they must be byte for byte the same in all three worlds. At the
end Kim stops sharing: in the calm world with the ordinary buttons, in the flagged worlds with the
private choice her result page offers, and Lee still cannot tell the difference.
"""

from __future__ import annotations

import difflib
import io
import re
from collections.abc import Callable
from datetime import datetime, timedelta
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from interdepend.web.accounts.models import User
from interdepend.web.accounts.services import user_create
from interdepend.web.assessment import selectors as assessment
from interdepend.web.assessment import services as attempts
from interdepend.web.assessment.demo import profile_answers
from interdepend.web.assessment.models import Attempt
from interdepend.web.couple.models import Reveal
from interdepend.web.frame import pdf
from interdepend.web.journal import services as journal
from interdepend.web.journal.models import Entry
from interdepend.web.partners import services as partners
from interdepend.web.partners.access import access_active_partnership
from interdepend.web.partners.models import Partnership
from interdepend.web.together import selectors as together_selectors
from interdepend.web.together import services as together
from interdepend.web.together.models import CheckIn
from tests.conftest import PASSWORD
from tests.helpers import Response, as_user, password_confirmed

pytestmark = pytest.mark.django_db

CALM = dict.fromkeys(("sf01", "sf02", "sf03", "sf04", "sf05", "sf06"), 1)
AFRAID = {**CALM, "sf01": 3, "sf03": 2}
#: (first inventory, retake): calm, flagged at once, flagged after the view opened.
WORLDS = {"calm": (CALM, CALM), "flag first": (AFRAID, AFRAID), "flag later": (CALM, AFRAID)}
PARTNER_PAGES = (
    "home:home",
    "partners:us",
    "couple:home",
    "couple:map",
    "couple:report",
    "together:home",
    "together:goals",
    "together:checkin",
    "together:trends",
    "together:us_svg",
    "together:us_balance_svg",
    "together:carryover_svg",
    "decide:index",
    "journal:shared",
)
VOLATILE = re.compile(r'(name="(?:csrfmiddlewaretoken|idem|token)" value=")[^"]*"')


def signed_in(user: User) -> Client:
    """A client signed in as ``user`` who has just confirmed their password."""
    return password_confirmed(as_user(user))


def _body(name: str, response: Response) -> str:
    content = response.content
    if name == "couple:report" and content.startswith(b"%PDF"):
        return " ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    return VOLATILE.sub(r'\1-"', content.decode())


def _report_source(html: str) -> bytes:
    """Stands in for WeasyPrint (5 s a report): the HTML a report is printed from, as is."""
    return html.encode()


def partner_pages(client: Client, *, print_report: bool) -> dict[str, str]:
    """Lee's pages. The couple report is compared by the HTML it is printed from, and, when
    ``print_report``, by the text of the real PDF as well."""
    cache.clear()
    pages = {}
    for name in PARTNER_PAGES:
        with mock.patch.object(pdf, "html_to_pdf", _report_source):
            response = client.get(reverse(name))
        pages[name] = f"{response.status_code}\n{_body(name, response)}"
    if print_report:
        response = client.get(reverse("couple:report"))
        pages["couple:report (PDF)"] = f"{response.status_code}\n{_body('couple:report', response)}"
    return pages


class Couple:
    """Kim, whose safety screen differs between worlds, and Lee, who looks on."""

    def __init__(self) -> None:
        self.kim = user_create(email="kim@example.test", password=PASSWORD, display_name="Kim")
        self.lee = user_create(email="lee@example.test", password=PASSWORD, display_name="Lee")
        invitation = partners.invitation_create(inviter=self.kim)
        linked = partners.invitation_accept(invitation=invitation.invitation, user=self.lee)
        self.day = timezone.now().replace(hour=12, minute=0, second=0, microsecond=0)
        # They linked a month ago: every inventory below is finished within the partnership.
        Partnership.objects.filter(pk=linked.pk).update(started_at=self.day - timedelta(days=30))
        self.finish(self.lee, CALM, days_ago=3, levels={"self": 5, "bond": 4})
        active = access_active_partnership(self.kim)
        assert active is not None
        self.entry = journal.entry_create(
            owner=self.kim, body="for Lee", prompt_key="", idem_key=""
        )
        journal.entry_share_with_partner(entry=self.entry, active=active)
        self.week = together_selectors.this_week()
        together.checkin_save(
            owner=self.kim,
            week=self.week,
            values={"close": 5, "heard": 4},
            need="a walk",
            shared=True,
            partnership=active.partnership,
        )

    def finish(
        self, person: User, screen: dict[str, int], *, days_ago: int, levels: dict[str, int]
    ) -> Attempt:
        """An inventory finished through the service that reads the safety screen."""
        inventory = assessment.inventory()
        attempt = attempts.attempt_start(user=person, instrument=inventory, seed=days_ago)
        answers = profile_answers(inventory, {"enmeshment": 3, "distance": 3, **levels})
        attempts.attempt_save_answers(
            attempt=attempt,
            instrument=inventory,
            page_items=list(inventory.item_ids),
            answers=answers,
        )
        done = attempts.attempt_finish(
            attempt=attempt,
            instrument=inventory,
            screen=assessment.safety_screen(),
            screen_answers=screen,
        )
        when: datetime = self.day - timedelta(days=days_ago)
        Attempt.objects.filter(pk=done.pk).update(completed_at=when, updated_at=when)
        return done


Step = tuple[str, Callable[[Couple, Client, Client], None]]


def _reveal(client: Client) -> None:
    assert client.post(reverse("couple:reveal"), {"password": PASSWORD}).status_code == 302


def _ordinary_withdrawal(couple: Couple, kim: Client) -> None:
    """The everyday buttons: "Stop sharing it", an entry's share switch, the check-in form."""
    kim.post(reverse("couple:withdraw"))
    journal.entry_share_with_partner(entry=Entry.objects.get(pk=couple.entry.pk), active=None)
    checkin = CheckIn.objects.get(owner=couple.kim, week=couple.week)
    together.checkin_save(
        owner=couple.kim,
        week=couple.week,
        values=checkin.values(),
        need=checkin.need,
        shared=False,
        partnership=None,
    )


def _private_choice(couple: Couple, kim: Client) -> None:
    """What a flagged result offers: one private form to stop sharing what Kim ticks."""
    page = kim.get(reverse("couple:stop_sharing")).content.decode()
    assert 'name="result"' in page and 'name="entries"' in page and 'name="checkins"' in page
    choice = {"result": "on", "entries": "on", "checkins": "on"}
    assert kim.post(reverse("couple:stop_sharing"), choice).status_code == 302


def play(couple: Couple, world: str) -> list[tuple[str, dict[str, str]]]:
    """The story in one world; Lee's pages after each step. Rolled back at the end, so every
    world starts from the same couple (the same ids for everything of Lee's)."""
    first, retake = WORLDS[world]
    seen: list[tuple[str, dict[str, str]]] = []

    class Done(Exception):
        pass

    try:
        with transaction.atomic():
            kim, lee = signed_in(couple.kim), signed_in(couple.lee)
            steps: list[tuple[str, Callable[[], object]]] = [
                (
                    "before sharing",
                    lambda: couple.finish(
                        couple.kim, first, days_ago=2, levels={"self": 6, "bond": 6}
                    ),
                ),
                ("shared, not yet open", lambda: _reveal(kim)),
                ("open", lambda: _reveal(lee)),
                (
                    "flag raised after the view was open",
                    lambda: couple.finish(
                        couple.kim, retake, days_ago=1, levels={"self": 4, "bond": 6}
                    ),
                ),
                ("retake shared", lambda: _reveal(kim)),
                (
                    "stopped sharing",
                    lambda: (_ordinary_withdrawal if world == "calm" else _private_choice)(
                        couple, kim
                    ),
                ),
            ]
            for name, act in steps:
                act()
                seen.append((name, partner_pages(lee, print_report=name == "retake shared")))
            taken = Attempt.objects.filter(user=couple.kim).order_by("completed_at")
            flags = list(taken.values_list("screen_flagged"))
            assert flags == [(f is AFRAID,) for f in (first, retake)], "the worlds differ"
            raise Done
    except Done:
        pass
    return seen


def _diff(a: str, b: str) -> str:
    return "".join(list(difflib.unified_diff(a.splitlines(True), b.splitlines(True)))[:40])


def test_partner_pages_do_not_change_with_the_others_safety_screen_in_any_state() -> None:
    couple = Couple()
    played = {world: play(couple, world) for world in WORLDS}
    calm = played["calm"]
    assert calm[2][1]["couple:map"].startswith("200"), "the control: the view opens"
    assert "Kim" in calm[4][1]["couple:report (PDF)"], "the control: the PDF names both"
    assert calm[5][1]["couple:map"].startswith("404"), "the control: withdrawn, it closes"
    assert "for Lee" in calm[4][1]["journal:shared"], "the control: the entry was shared"
    changed = []
    for world in ("flag first", "flag later"):
        for (state, calm_pages), (_same, pages) in zip(calm, played[world], strict=True):
            for name, body in calm_pages.items():
                if pages[name] != body:
                    changed.append(f"{world} / {state} / {name}:\n{_diff(body, pages[name])}")
    compared = sum(len(pages) for world in played for _state, pages in played[world])
    print(
        f"\nT28: {len(WORLDS)} worlds x {len(calm)} states x {len(PARTNER_PAGES)} partner pages "
        f"and a printed report ({compared} responses); partner pages that change with the "
        f"other's safety screen: {len(changed)}"
    )
    assert not changed, "\n".join(changed)


def test_the_flagged_person_sees_help_and_a_private_choice_not_relationship_advice() -> None:
    couple = Couple()
    flagged = couple.finish(couple.kim, AFRAID, days_ago=1, levels={"self": 6, "bond": 6})
    calm = couple.finish(couple.lee, CALM, days_ago=1, levels={"self": 6, "bond": 6})
    assert flagged.screen_flagged and not calm.screen_flagged
    kim, lee = signed_in(couple.kim), signed_in(couple.lee)
    mine = kim.get(reverse("assessment:results", args=[flagged.public_id])).content.decode()
    theirs = lee.get(reverse("assessment:results", args=[calm.public_id])).content.decode()
    assert "Your safety comes first" in mine and "Things to try" not in mine
    assert reverse("couple:stop_sharing") in mine
    assert "Things to try" in theirs and "Your safety comes first" not in theirs
    for page in (mine, kim.get(reverse("couple:home")).content.decode()):
        assert "will not be compared" not in page and "only sees that it has not opened" not in page


def test_the_private_choice_stops_only_what_is_ticked_and_says_so() -> None:
    couple = Couple()
    couple.finish(couple.kim, AFRAID, days_ago=1, levels={"self": 6, "bond": 6})
    kim = signed_in(couple.kim)
    _reveal(kim)
    url = reverse("couple:stop_sharing")
    refused = kim.post(url, {})
    assert refused.status_code == 400 and "Tick at least one thing" in refused.content.decode()
    assert Reveal.objects.filter(user=couple.kim).exists()
    kim.post(url, {"entries": "on"})
    assert not Entry.objects.get(pk=couple.entry.pk).shared_with_partner
    assert Reveal.objects.filter(user=couple.kim).exists()
    assert CheckIn.objects.get(owner=couple.kim).shared
    kim.post(url, {"result": "on", "checkins": "on"})
    assert not Reveal.objects.filter(user=couple.kim).exists()
    assert not CheckIn.objects.get(owner=couple.kim).shared
    page = kim.get(url).content.decode()
    assert "You are not sharing anything with a partner right now." in page
