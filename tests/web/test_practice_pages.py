"""The practitioner's pages as she uses them in a session, and her clients' page of choices:
the menu says where she is, and the words fit a phone (the practitioner walk of 2026-12-04)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.conftest import Personas
from tests.helpers import as_user
from tests.security.policy import POLICY

pytestmark = pytest.mark.django_db

#: The practice's pages that are a client's own (reached from Account), not the practitioner's.
CLIENT_SIDE = {"mine", "consent", "end", "log", "join", "join_link", "accept", "start"}


def _current(page: str) -> list[str]:
    """The menu entries marked as the section the page is in."""
    header = page.split("</header>")[0]
    return [
        chunk.split("</a>")[0].rsplit(">", 1)[-1]
        for chunk in header.split('aria-current="true"')[1:]
    ]


def test_every_page_of_the_practitioner_marks_practice_in_the_menu(personas: Personas) -> None:
    """A client's page, the tables of her chart and of the couple's scores, and the page of a
    new invitation are the practitioner's: the menu marked Account on the tables (a therapist
    in a session lost her place between a client's page and its numbers)."""
    client = as_user(personas.practice.pat)
    client.post(reverse("practice:invite"), {"invited": "couple"})
    walked = []
    for name, row in POLICY.items():
        app, _, page_name = name.partition(":")
        if app != "practice" or page_name in CLIENT_SIDE:
            continue
        response = client.get(reverse(name, kwargs=row.kwargs(personas)))
        html = response.headers.get("Content-Type", "").startswith("text/html")
        if response.status_code != 200 or not html:
            continue
        walked.append(page_name)
        assert _current(response.content.decode()) == ["Practice"], page_name
    assert {"dashboard", "client", "client_trends_numbers", "couple_numbers", "invitation"} <= set(
        walked
    ), walked


def test_her_own_practitioner_pages_stay_under_account(personas: Personas) -> None:
    client = as_user(personas.alice)
    for name in ("practice:mine", "practice:log", "practice:join"):
        page = client.get(reverse(name)).content.decode()
        assert _current(page) == ["Account"], name


def _history(page: str) -> str:
    """The table of what she has shared, over time, at the end of her practitioners page."""
    return page.split("What you have shared, over time")[1].split("</table>")[0]


def test_her_history_names_the_couple_box_in_a_few_words(personas: Personas) -> None:
    """Each line of what she has shared names what it was, in a few words: the couple box's
    whole explanation (what it holds, that her partner learns of it) belongs beside the box,
    and in every line of the table it made her phone's page screens longer."""
    page = as_user(personas.alice).get(reverse("practice:mine")).content.decode()
    history = _history(page)
    assert "<td>Our couple view and couple report</td>" in history
    assert "furthest apart" not in history
    # Beside each box the explanation is whole: one for each of her three practitioners.
    assert page.count("the statements we answered furthest apart") == 3
    assert "<td>My inventory results and my map</td>" in history


def test_her_history_is_in_her_language(personas: Personas) -> None:
    from interdepend.web.accounts.models import User

    User.objects.filter(pk=personas.alice.pk).update(language="es")
    page = as_user(personas.alice).get(reverse("practice:mine")).content.decode()
    assert "<td>Nuestra vista de pareja y nuestro informe de pareja</td>" in page


def _client_names(page: str) -> list[str]:
    """The clients on the dashboard, in the order of their cards."""
    import re

    return re.findall(
        r'<h3><a class="tap" href="/practice/clients/[^"]+/"><bdi>([^<]+)</bdi></a>', page
    )


def test_the_dashboard_keeps_a_couple_together_and_says_who_came_with_whom(
    personas: Personas,
) -> None:
    """With several couples, the list in name order mixed them (Aaron, Alice, Bob, Zoe: who is
    whose?). A couple who connected with one couple's code stand together, each card naming
    the other; a client who came alone is named alone."""
    from interdepend.web.accounts.services import user_create
    from interdepend.web.partners import services as partners
    from interdepend.web.practice import services
    from interdepend.web.practice.models import Practitioner

    aaron, zoe, mia = (
        user_create(email=f"{n}@example.test", password="a calm passphrase", display_name=n)
        for n in ("Aaron", "Zoe", "Mia")
    )
    partners.invitation_accept(
        invitation=partners.invitation_create(inviter=aaron).invitation, user=zoe
    )
    pat = Practitioner.objects.get(user=personas.practice.pat)
    couple = services.client_invitation_create(practitioner=pat, invited="couple").invitation
    for person in (zoe, aaron):
        services.client_invitation_redeem(invitation=couple, user=person)
    alone = services.client_invitation_create(practitioner=pat).invitation
    services.client_invitation_redeem(invitation=alone, user=mia)

    page = as_user(personas.practice.pat).get(reverse("practice:dashboard")).content.decode()
    assert _client_names(page) == ["Aaron", "Zoe", "Alice", "Bob", "Mia"]
    cards = page.split('<li class="card">')[1:]
    said = {_client_names(card)[0]: card for card in cards}
    assert "couple's code as <bdi>Zoe</bdi>" in said["Aaron"]
    assert "couple's code as <bdi>Aaron</bdi>" in said["Zoe"]
    assert "code as <bdi>Bob</bdi>" in said["Alice"] and "code as <bdi>Alice</bdi>" in said["Bob"]
    assert "couple's code" not in said["Mia"]

    # Once one of the two stops, the other stands alone again, with nothing said.
    services.link_end(link=zoe.practitioner_links.get(is_active=True))
    page = as_user(personas.practice.pat).get(reverse("practice:dashboard")).content.decode()
    assert _client_names(page) == ["Aaron", "Alice", "Bob", "Mia"]
    assert "Zoe" not in page


def test_a_practitioners_download_says_which_lines_are_her_own_reads(personas: Personas) -> None:
    """Her download's log holds two kinds of line: reads of her things, and her own reads of her
    clients' (without their place in the client's chain). Its README called every line "each
    time a practitioner opened something of yours", so her reads of her clients read as reads
    of her, their empty seq and hashes unexplained."""
    import io
    import zipfile

    from interdepend.web.datarights.services import export_archive

    pat = personas.practice.pat
    as_user(pat).get(reverse("practice:client", args=[personas.practice.ids["alice_link"]]))
    with zipfile.ZipFile(io.BytesIO(export_archive(pat))) as archive:
        readme = " ".join(archive.read("README.txt").decode().split())
        lines = archive.read("csv/practice_accesslogentry.csv").decode("utf-8-sig").splitlines()
    said = readme.split("csv/practice_accesslogentry.csv")[1].split("csv/")[0]
    assert "each time you opened something of a client's" in said
    assert "those lines have no seq nor hashes" in said
    # And so the file is: a line of his read, its place in alice's chain left out.
    assert lines[0].startswith("reader_label,") and len(lines) > 1
    assert all(line.endswith(",,,") for line in lines[1:])


def test_the_couples_scores_say_when_each_partner_answered(personas: Personas) -> None:
    """The couple's table says the day each partner answered: a partner's scores from long ago
    otherwise read as this week's, in the middle of a session. The dates are part of the couple
    view both chose to share (the couple report prints them), and read as it is: logged."""
    from django.utils import timezone
    from django.utils.formats import date_format

    from interdepend.web.assessment.selectors import latest_finished_attempt

    link = personas.practice.ids["alice_link"]
    url = reverse("practice:couple_numbers", args=[link])
    page = " ".join(as_user(personas.practice.pat).get(url).content.decode().split())
    for person in (personas.alice, personas.bob):
        attempt = latest_finished_attempt(person)
        assert attempt is not None and attempt.completed_at is not None
        day = date_format(timezone.localtime(attempt.completed_at), "DATE_FORMAT")
        assert f"<bdi>{person.display_name}</bdi> answered on {day}." in page
    # The chart of one person's check-ins has no such line.
    trends = reverse("practice:client_trends_numbers", args=[personas.practice.ids["bob_link"]])
    assert "answered on" not in as_user(personas.practice.pat).get(trends).content.decode()
