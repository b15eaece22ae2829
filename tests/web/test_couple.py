"""The couple view: reveal rules, the safety flag, what each partner sees, the PDF report."""

from __future__ import annotations

import difflib
import io
import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from interdepend.cli import main
from interdepend.web.accounts.models import User
from interdepend.web.accounts.services import user_create
from interdepend.web.assessment import selectors as assessment
from interdepend.web.assessment.demo import complete_attempt, profile_answers
from interdepend.web.couple.models import Perception
from interdepend.web.partners import services as partners
from tests.conftest import PASSWORD, Personas
from tests.core.assessment_personas import distance_between
from tests.helpers import as_user, password_confirmed

pytestmark = pytest.mark.django_db

CLOSE = {"self": 6, "bond": 6, "enmeshment": 2, "distance": 2}
APART = {"self": 6, "bond": 3, "enmeshment": 2, "distance": 6}
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def couple() -> tuple[User, User]:
    a = user_create(email="kim@example.test", password=PASSWORD, display_name="Kim")
    b = user_create(email="lee@example.test", password=PASSWORD, display_name="Lee")
    invitation = partners.invitation_create(inviter=a)
    partners.invitation_accept(invitation=invitation.invitation, user=b)
    return a, b


def finish(person: User, levels: dict[str, int], *, flagged: bool = False) -> None:
    attempt = complete_attempt(
        person,
        profile_answers(assessment.inventory(), levels),
        days_ago=0,
        seed=1,
    )
    if flagged:
        type(attempt).objects.filter(pk=attempt.pk).update(screen_flagged=True)


def page(client: Client) -> str:
    return TOKEN.sub("", client.get(reverse("couple:home")).content.decode())


def test_nothing_is_shown_until_both_reveal(personas: Personas) -> None:
    kim, lee = couple()
    finish(kim, CLOSE)
    finish(lee, APART)
    kim_client, lee_client = as_user(kim), as_user(lee)
    kim_client.post(reverse("couple:reveal"), {"password": PASSWORD})
    assert "Things to talk about" not in page(kim_client)
    assert "Things to talk about" not in page(lee_client)
    assert as_user(kim).get(reverse("couple:map")).status_code == 404
    lee_client.post(reverse("couple:reveal"), {"password": PASSWORD})
    for client in (kim_client, lee_client):
        shown = page(client)
        assert "Things to talk about" in shown and "What you both bring" in shown
    assert kim_client.get(reverse("couple:map"))["Content-Type"] == "image/svg+xml"


def test_partner_page_is_identical_whatever_the_other_has_done() -> None:
    """Lee cannot tell: not started, finished, or finished and flagged by the safety screen.
    (tests/security/test_safety_screen.py plays every state, T28.)"""
    kim, lee = couple()
    finish(lee, APART)
    lee_client = as_user(lee)
    lee_client.post(reverse("couple:reveal"), {"password": PASSWORD})
    page(lee_client)  # shows lee's own "you have shared" message once
    snapshots = [page(lee_client)]
    finish(kim, CLOSE)
    snapshots.append(page(lee_client))
    finish(kim, CLOSE, flagged=True)
    snapshots.append(page(lee_client))
    first = snapshots[0].splitlines(keepends=True)
    diffs = [
        "".join(difflib.unified_diff(first, other.splitlines(keepends=True)))
        for other in snapshots[1:]
    ]
    assert len(set(snapshots)) == 1, diffs
    as_user(kim).post(reverse("couple:reveal"), {"password": PASSWORD})
    assert "Things to talk about" in page(lee_client), "a flagged result can be shared, as any"
    print(f"\ncouple page for the partner: {len(snapshots)} states, 1 distinct page")


def test_couple_view_shows_pattern_discussion_and_perception_gaps() -> None:
    kim, lee = couple()
    finish(kim, {"self": 2, "bond": 5, "enmeshment": 6, "distance": 2})
    finish(lee, {"self": 6, "bond": 2, "enmeshment": 2, "distance": 6})
    for person in (kim, lee):
        as_user(person).post(reverse("couple:reveal"), {"password": PASSWORD})
    form = {f"item-{i}": 5 for i in assessment.inventory().item_ids[:0]}
    perception = reverse("couple:perception")
    answers = {f"item-pp{n:02d}": 6 for n in range(1, 13)}
    as_user(lee).post(perception, {**form, **answers})
    shown = page(as_user(kim))
    assert "Reaching and stepping back" in shown
    assert "as <bdi>Kim</bdi> sees it and as <bdi>Lee</bdi> sees it" in shown
    assert (
        "<bdi>Lee</bdi>:" in shown and "<bdi>Kim</bdi>:" in shown
    )  # discussion items name both answers
    # Every view has its number: no dash, so no word about dashes (the English walk, L3).
    assert "—</td>" not in shown and "A dash (—) means" not in shown


@pytest.mark.parametrize("bad", ["12", "²", "３"])
def test_bad_perception_answer_changes_nothing(personas: Personas, bad: str) -> None:
    client = as_user(personas.alice)
    response = client.post(reverse("couple:perception"), {"item-pp01": bad})
    assert response.status_code == 400
    assert not Perception.objects.filter(rater=personas.alice).exists()


def test_a_perception_form_sent_with_nothing_answered_keeps_the_earlier_answers(
    personas: Personas,
) -> None:
    client = as_user(personas.alice)
    assert client.post(reverse("couple:perception"), {"item-pp01": "5"}).status_code == 302
    response = client.post(reverse("couple:perception"), {"item-pp01": ""})
    assert response.status_code == 400
    assert "please answer at least one statement" in response.content.decode()
    assert Perception.objects.get(rater=personas.alice).answers == {"pp01": 5}


def test_two_tabs_never_silently_replace_how_she_sees_him(personas: Personas) -> None:
    """The forms audit of 2026-12-03 (M1): two tabs on this form each saved and each thanked
    her, the second silently replacing the first. The second now says the first stands, keeps
    its own answers chosen, and one more press saves them."""
    client = as_user(personas.alice)
    perception = reverse("couple:perception")

    def mark(page: str) -> str:
        found = re.search(r'name="seen" value="([^"]*)"', page)
        assert found is not None
        return found.group(1)

    opened = mark(client.get(perception).content.decode())
    first = {"item-pp01": "6", "seen": opened}
    assert client.post(perception, first).status_code == 302
    second = {"item-pp01": "2", "seen": opened}
    refused = client.post(perception, second)
    page = refused.content.decode()
    assert refused.status_code == 409
    assert "saved from another tab or device after you opened this page" in page
    assert re.search(r'name="item-pp01" value="2"[^>]* checked', page)
    assert Perception.objects.get(rater=personas.alice).answers == {"pp01": 6}
    # Answers other than those saved ask for her password typed for them, each time.
    again = {**second, "seen": mark(page)}
    assert client.post(perception, again).status_code == 200
    assert Perception.objects.get(rater=personas.alice).answers == {"pp01": 6}
    assert client.post(perception, {**again, "password": PASSWORD}).status_code == 302
    assert Perception.objects.get(rater=personas.alice).answers == {"pp01": 2}


def test_unlinking_closes_the_couple_view_at_once(personas: Personas) -> None:
    bob = as_user(personas.bob)
    assert bob.get(reverse("couple:map")).status_code == 200
    partners.partnership_leave(user=personas.alice)
    assert bob.get(reverse("couple:map")).status_code == 404
    assert bob.get(reverse("couple:home"))["Location"] == reverse("partners:us")


def test_withdrawing_closes_the_view_for_both(personas: Personas) -> None:
    as_user(personas.alice).post(reverse("couple:withdraw"))
    assert as_user(personas.bob).get(reverse("couple:report")).status_code == 404


def test_couple_report_pdf_has_the_content(personas: Personas) -> None:
    response = as_user(personas.alice).get(reverse("couple:report"))
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(p.extract_text() for p in reader.pages)
    assert len(reader.pages) >= 3
    for expected in ("Where we stand", "Alice", "Bob", "not a diagnosis", "Things to talk about"):
        assert expected in text, expected


def test_the_couple_report_joins_the_two_names_in_the_readers_language(
    personas: Personas,
) -> None:
    """The phone walk of 2026-12-04: the Spanish report read "Bea & Ana" on its cover and in
    its footer, where Spanish says "Bea y Ana"."""
    personas.alice.language = "es"
    personas.alice.save(update_fields=["language"])
    response = as_user(personas.alice).get(reverse("couple:report"))
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(p.extract_text() for p in reader.pages)
    assert "Alice & Bob" not in text and "Alice &amp; Bob" not in text
    assert "Interdepend · Alice y Bob" in text  # a footer
    assert text.count("Alice y Bob") >= len(reader.pages)  # the cover, and the footers
    english = as_user(personas.bob).get(reverse("couple:report"))
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(english.content)).pages)
    assert "Bob & Alice" in text


def test_personal_report_pdf(personas: Personas) -> None:
    url = reverse("assessment:report", args=[personas.finished_attempt_id])
    response = as_user(personas.alice).get(url)
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Where I stand" in text and "not a diagnosis" in text


def test_cli_report_writes_person_and_couple_pdfs(personas: Personas, tmp_path: Path) -> None:
    out = tmp_path / "couple.pdf"
    email = personas.alice.email
    assert main(["report", "--email", email, "--couple", "--pdf", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF")
    mine = tmp_path / "me.pdf"
    assert main(["report", "--email", email, "--pdf", str(mine)]) == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--email", "nobody@example.test", "--pdf", "x.pdf"], "no account"),
        (["--email", "EMAIL", "--couple", "--pdf", "x.pdf"], "no couple view"),
        (["--email", "EMAIL", "--pdf", "x.txt"], "must name a .pdf"),
        (["--email", "EMAIL", "--pdf", "/no/such/dir/x.pdf"], "does not exist"),
    ],
)
def test_cli_report_errors(
    personas: Personas,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    email = personas.carol.email
    assert main(["report", *[email if a == "EMAIL" else a for a in args]]) == 2
    assert message in capsys.readouterr().err


def shared(kim_levels: dict[str, int], lee_levels: dict[str, int]) -> str:
    """Kim's couple page once both have finished with these levels and shared."""
    kim, lee = couple()
    finish(kim, kim_levels)
    finish(lee, lee_levels)
    for person in (kim, lee):
        as_user(person).post(reverse("couple:reveal"), {"password": PASSWORD})
    return page(as_user(kim))


def test_close_points_with_a_different_warning_sign_are_not_in_different_places() -> None:
    """The rule: "Different places" only when the map shows it. Kim and Lee score alike on Self
    and Bond (their points sit on top of each other) and differ only in Distance, a warning sign
    that shows up for Lee alone: the headline says they are close, and the sentence under it
    names the sign and whose answers it shows up in."""
    shown = shared(
        {"self": 5, "bond": 5, "enmeshment": 3, "distance": 3},
        {"self": 5, "bond": 5, "enmeshment": 3, "distance": 5},
    )
    assert "different places" not in shown.lower()
    assert "Close together, with a difference" in shown
    assert (
        "Distance: this warning sign shows up in <bdi>Lee</bdi>'s answers, "
        "not in <bdi>Kim</bdi>'s." in shown
    )
    assert "Merging: this warning sign shows up" not in shown


def test_close_points_either_side_of_the_interdependent_line_say_so() -> None:
    """No warning sign for either (Distance 37 and 54, both under 55), but only Kim meets every
    mark of "Interdependent": close on the map, and the sentence says it is a line, not a sign."""
    shown = shared(
        {"self": 5, "bond": 5, "enmeshment": 3, "distance": 3},
        {"self": 5, "bond": 5, "enmeshment": 3, "distance": 4},
    )
    assert "different places" not in shown.lower()
    assert "No warning sign tells you apart" in shown


def test_points_far_apart_are_in_different_places_and_the_sign_is_named() -> None:
    shown = shared(
        {"self": 6, "bond": 6, "enmeshment": 2, "distance": 2},
        {"self": 3, "bond": 3, "enmeshment": 2, "distance": 6},
    )
    assert "Different places" in shown
    assert "Close together" not in shown
    assert "balance of two whole people" not in shown
    assert (
        "Distance: this warning sign shows up in <bdi>Lee</bdi>'s answers, "
        "not in <bdi>Kim</bdi>'s." in shown
    )


def _name_colours(svg: str, names: tuple[str, ...]) -> dict[str, str]:
    found = {}
    for name in names:
        match = re.search(rf'<text[^>]*fill="(#[0-9a-f]{{6}})"[^>]*>{re.escape(name)}</text>', svg)
        assert match, name
        found[name] = match[1]
    return found


def test_each_partner_has_one_colour_on_the_map_whoever_looks(personas: Personas) -> None:
    """Side by side, the two phones draw the same map: a name keeps its colour for both."""
    names = (personas.alice.display_name, personas.bob.display_name)
    seen = [
        _name_colours(as_user(person).get(reverse("couple:map")).content.decode(), names)
        for person in (personas.alice, personas.bob)
    ]
    assert seen[0] == seen[1]
    assert len(set(seen[0].values())) == 2


def test_the_couple_map_names_its_quadrants_for_two_people(personas: Personas) -> None:
    """Beside two points, "room for yourself" read as if one of them were addressed (the
    phone audit of 2026-12-03); a person's own map keeps speaking to that person."""
    drawn = as_user(personas.alice).get(reverse("couple:map")).content.decode()
    said = " ".join(re.findall(r">([^<]*)</text>", drawn))  # a zone's lines, read on
    assert "room for each self" in said and "each their own self," in said
    assert "yourself" not in drawn and "your own" not in drawn
    assert "a life of one&#x27;s own" in drawn or "a life of one's own" in drawn


MERGING = {"self": 2, "bond": 7, "enmeshment": 7, "distance": 1}


@pytest.mark.parametrize(
    ("levels", "overall"),
    [
        (MERGING, False),
        ({"self": 7, "bond": 2, "enmeshment": 1, "distance": 7}, False),
        (CLOSE, True),
    ],
)
def test_the_result_never_averages_a_strong_warning_sign_away(
    levels: dict[str, int], overall: bool
) -> None:
    """Self 33, Bond 83, merging 83 used to read "the signs of a self of your own and of
    closeness weigh more than the two warning signs" under the headline "Leaning toward
    merging"; where a warning sign makes the headline, the page says the average blurs it."""
    kim, _lee = couple()
    finish(kim, levels)
    attempt = kim.attempts.get()
    shown = as_user(kim).get(reverse("assessment:results", args=[attempt.public_id]))
    text = shown.content.decode()
    assert ("weigh more in your answers than the two warning signs" in text) is overall
    assert ("An overall figure would blur what stands out here" in text) is not overall
    # The overall number waits behind a click, except where the page says it would blur (the
    # phone walk found it offered right under that sentence).
    assert ("The number behind this" in text) is overall


def test_where_to_grow_says_whose_scale_it_is() -> None:
    """Kim leans toward merging, Lee toward distance: each growth line names the partner whose
    score put it there, never "at least one of you"."""
    kim, lee = couple()
    finish(kim, MERGING)
    finish(lee, {"self": 7, "bond": 2, "enmeshment": 1, "distance": 7})
    for person in (kim, lee):
        as_user(person).post(reverse("couple:reveal"), {"password": PASSWORD})
    text = page(as_user(kim)).replace("<bdi>", "").replace("</bdi>", "")
    assert "Self, for Kim: there is room to build this up." in text
    assert "Bond, for Lee: there is room to build this up." in text
    assert "at least one of you" not in text


def test_the_stop_sharing_page_says_where_the_daily_answers_stop(personas: Personas) -> None:
    """The page lists results, entries and check-ins; the answers to the question for today,
    which the partner also sees, stop from Who can see what (the new-couple walk)."""
    page = as_user(personas.bob).get(reverse("couple:stop_sharing")).content.decode()
    assert "Your answers to the question for today" in page
    assert reverse("safetycheck:index") in page
    alone = as_user(personas.carol).get(reverse("couple:stop_sharing")).content.decode()
    assert "question for today" not in alone


def _structure(pdf: bytes) -> list[tuple[str, str]]:
    """The tagged structure of a PDF: each element's role and its text alternative."""
    from typing import Any

    found: list[tuple[str, str]] = []

    def walk(node: Any) -> None:
        node = node.get_object()
        if not hasattr(node, "get"):
            return
        if "/S" in node:
            found.append((str(node["/S"]), str(node.get("/Alt", ""))))
        kids = node.get("/K")
        for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
            walk(kid)

    root: Any = PdfReader(io.BytesIO(pdf)).trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    walk(root["/StructTreeRoot"])
    return found


def test_both_reports_are_tagged_with_their_headings_tables_and_maps_described(
    personas: Personas,
) -> None:
    """A screen reader reads a tagged PDF as it reads the page: headings, tables, and each
    map's text alternative (the desktop walk of 2026-12-02 found both reports untagged, and
    the couple report's map had an empty one)."""
    couple = _structure(as_user(personas.alice).get(reverse("couple:report")).content)
    roles = {role for role, _ in couple}
    assert {"/H1", "/H2", "/Table", "/TH", "/TD", "/Figure"} <= roles
    figures = [alt for role, alt in couple if role == "/Figure"]
    assert figures and all("Map of Self and Bond with Alice and Bob" in alt for alt in figures)
    url = reverse("assessment:report", args=[personas.finished_attempt_id])
    person = _structure(as_user(personas.alice).get(url).content)
    assert {"/H1", "/Table", "/Figure"} <= {role for role, _ in person}
    assert all(alt for role, alt in person if role == "/Figure")


def test_the_couple_report_names_one_day_once_when_both_took_it_then(personas: Personas) -> None:
    from interdepend.web.assessment.models import Attempt

    day = Attempt.objects.get(public_id=personas.finished_attempt_id).completed_at
    Attempt.objects.filter(completed_at__isnull=False).update(completed_at=day)
    response = as_user(personas.alice).get(reverse("couple:report"))
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Both inventories taken" in text and " and " not in text.split("taken", 1)[1][:40]


def test_a_warning_sign_a_few_points_either_side_of_its_line_is_said_to_be_near_it() -> None:
    """Distance 55-60 for Kim and 50-55 for Lee: not "shows up in Kim's, not in Lee's" beside
    two numbers a few points apart (the look audit of 2026-12-03 saw it at 55 and 52)."""
    kim, lee = couple()
    for person, low, high in ((kim, 55, 60), (lee, 50, 55)):
        complete_attempt(person, distance_between(low, high), days_ago=0, seed=1)
        as_user(person).post(reverse("couple:reveal"), {"password": PASSWORD})
    shown = page(as_user(kim))
    assert "Close together, with a difference" in shown
    assert (
        "Distance: <bdi>Kim</bdi>'s answers sit just over the line where the app starts to name "
        "this warning sign, and <bdi>Lee</bdi>'s just under it." in shown
    )
    assert "this warning sign shows up in" not in shown


@pytest.mark.parametrize(
    "levels",
    [
        ({"self": 2, "bond": 5, "enmeshment": 6, "distance": 2}, APART),
        (CLOSE, APART),
        (
            {"self": 4, "bond": 4, "enmeshment": 4, "distance": 4},
            {"self": 7, "bond": 1, "enmeshment": 7, "distance": 1},
        ),
    ],
)
def test_both_partners_are_given_the_same_things_to_talk_about(
    levels: tuple[dict[str, int], dict[str, int]],
) -> None:
    """The new-couple walk of 2026-12-04: the statements were chosen from the reader's side
    first, so each partner's page and report listed a different five. Now the same five, in the
    same order, each reader's own answer first."""
    from interdepend.web.couple.selectors import couple_view
    from interdepend.web.partners.access import access_active_partnership

    kim, lee = couple()
    finish(kim, levels[0])
    finish(lee, levels[1])
    for person in (kim, lee):
        as_user(person).post(reverse("couple:reveal"), {"password": PASSWORD})
    views = {}
    for person in (kim, lee):
        active = access_active_partnership(person)
        assert active is not None
        view = couple_view(person, active)
        assert view is not None
        views[person.display_name] = view
    kims, lees = views["Kim"].discussion, views["Lee"].discussion
    assert kims and [d.item_id for d in kims] == [d.item_id for d in lees]
    for k, le in zip(kims, lees, strict=True):
        assert (k.answer_a, k.answer_b, k.label_a) == (le.answer_b, le.answer_a, le.label_b)
        assert k.answer_a == views["Kim"].my_attempt.answers[k.item_id]
        assert le.answer_a == views["Lee"].my_attempt.answers[le.item_id]


def test_her_own_couple_view_leaves_out_exercises_for_two_after_a_safety_concern() -> None:
    """The new-couple walk of 2026-12-04: her result page offered nothing for the two of them
    after her answers about feeling safe raised a concern, but her couple view and report still
    offered "Talk it through together" and practices for two. While her private pages are open
    (the rule of her result page, whose card says the same), her own page leaves them out and
    points to staying safe; his stays exactly as it was. Her report file, which outlives those
    minutes and is meant for the two of them, stays the report anyone's is (the walk of
    2026-12-04 found it printing "Your safety comes first … raised a concern")."""
    kim, lee = couple()
    finish(kim, {"self": 2, "bond": 5, "enmeshment": 6, "distance": 2})
    finish(lee, APART)
    for person in (kim, lee):
        as_user(person).post(reverse("couple:reveal"), {"password": PASSWORD})
    his_before = page(as_user(lee))
    hers_before = page(as_user(kim))
    assert (
        "Talk it through together" in hers_before and "Practices for the two of you" in hers_before
    )
    finish(kim, {"self": 2, "bond": 5, "enmeshment": 6, "distance": 2}, flagged=True)
    # Whoever picks up her phone after her private pages closed sees a couple view like any.
    closed = page(password_confirmed(as_user(kim), seconds_ago=100_000))
    assert "Practices for the two of you" in closed and "raised a concern" not in closed
    hers_open = password_confirmed(as_user(kim))
    hers = page(hers_open)
    assert "Talk it through together" not in hers and "Practices for the two of you" not in hers
    assert "view has not changed, and nobody is told." in hers
    assert reverse("frame:safety") in hers
    assert page(as_user(lee)) == his_before
    pdf = hers_open.get(reverse("couple:report"))
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Practices for the two of you" in text and "safety" not in text.lower()
    assert "concern" not in text.lower()
    his_pdf = as_user(lee).get(reverse("couple:report"))
    his_text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(his_pdf.content)).pages)
    assert "Practices for the two of you" in his_text and "safety" not in his_text.lower()


def test_the_perception_page_reads_only_her_answers_of_how_she_sees_him(
    personas: Personas,
) -> None:
    """The page shows and saves her answers on how she sees her partner; it read her latest
    result and her shared results with their whole answers besides, on every view (the ninth
    pass of docs/performance-passes.md). Her saved answers still come back on the form."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from interdepend.web.assessment.models import Attempt
    from interdepend.web.couple.models import Reveal

    client = as_user(personas.alice)
    perception = reverse("couple:perception")
    assert client.post(perception, {"item-pp01": "6"}).status_code == 302
    client.get(perception)
    with CaptureQueriesContext(connection) as read:
        page = client.get(perception).content.decode()
    tables = (Attempt._meta.db_table, Reveal._meta.db_table)
    assert not [q["sql"] for q in read.captured_queries if any(t in q["sql"] for t in tables)]
    assert re.search(r'name="item-pp01" value="6"[^>]*checked', page)
