"""The goals page's sentences that name her partner or point to her download, and a goal's
"Last changed by …", are written in Python (``together/templatetags/goalitems.py``, issue 15's
thirteenth pass), where the templates had ``{% blocktranslate %}`` blocks; the goals' links
and the steps' days are written from one ``reverse`` and one format a list. Each page is the
same, byte for byte, as the old template drew it (kept as ``tests/web/reference/together/
goals.html`` and ``goal.html``), in English and Spanish, in two time zones, with no goals, a
few and a long list, shared and her own, reached and not, never edited, edited by her and by
her partner, with steps of both and all of them asked for, for a person alone and an ex, under
names and words full of markup, an ampersand, quotes and right-to-left text."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
from django.template import engines
from django.urls import reverse
from django.utils import timezone, translation

import interdepend.web
from interdepend.web.accounts.models import User
from interdepend.web.partners.access import access_active_partnership
from interdepend.web.together import editform, services
from interdepend.web.together.forms import GoalForm, NoteForm
from interdepend.web.together.models import Goal
from tests.conftest import Personas
from tests.helpers import as_user
from tests.web.test_freshforms import forms_kept
from tests.web.test_goal_editform import edit_form_kept

pytestmark = pytest.mark.django_db

REFERENCE = Path(__file__).parent / "reference" / "together"
TOKEN = re.compile(r'name="(csrfmiddlewaretoken|idem)" value="[^"]*"')
NAMES = ["<script>alert('b')</script> & \"Bo\"", "מרים \u202e'Lee'\u202c & <b>"]
ODD = "<script>alert(\"x\")</script> & 'tea'\n\u05e9\u05dc\u05d5\u05dd"
ZONES = ("Pacific/Kiritimati", "Pacific/Pago_Pago")
GOALS_KEYS = ("active", "form", "personal", "shared", "balance", "balance_empty")
GOAL_KEYS = ("goal", "active", "edit", "note_form", "notes", "notes_hidden")
GOAL_MORE = ("edited_by_you", "edited_by_name", "conflict", "mine")


#: The pages as a started worker draws them: the fresh forms from what it keeps.
_fresh_forms_kept = pytest.fixture(autouse=True)(forms_kept)
#: And a goal's edit form from the parts it keeps (issue 15's seventeenth pass).
_edit_form_kept = pytest.fixture(autouse=True)(edit_form_kept)


def _as_the_old_view_made_it(context: dict[str, object]) -> None:
    """A goal's page that sends nothing makes no edit form since issue 15's seventeenth pass
    (``together/editform.py`` draws it from the goal): the old template gets the form the old
    view made, from the goal's title, words, tick and version."""
    if "goal" in context and context.get("edit") is None:
        context["edit"] = editform.opened(context["goal"])
    if "goal" in context and context.get("note_form") is None:
        # Nor the form for a new step (``freshforms.opened``).
        context["note_form"] = NoteForm()
    if "personal" in context and context.get("form") is None:
        # Nor does the goals page make its form to add a goal (``freshforms.opened``).
        context["form"] = GoalForm(None, shareable=context["active"] is not None)


def _same(user: User, address: str, template: str, keys: tuple[str, ...], zone: str) -> str:
    """The page, and the old template drawn with the same context: equal."""
    user.time_zone = zone
    user.save(update_fields=["time_zone"])
    response = as_user(user).get(address)
    assert response.status_code == 200
    context = {key: response.context[key] for key in keys}
    context.update({key: response.context[key] for key in GOAL_MORE if key in response.context})
    _as_the_old_view_made_it(context)
    source = (REFERENCE / template).read_text()
    with translation.override(user.language), timezone.override(zone):
        before = engines["django"].from_string(source).render(context, response.wsgi_request)
    page = TOKEN.sub("TOKEN", response.content.decode())
    assert page == TOKEN.sub("TOKEN", str(before))
    assert "<script>alert" not in page
    return page


def _goals_page(user: User, zone: str) -> str:
    return _same(user, reverse("together:goals"), "goals.html", GOALS_KEYS, zone)


def _goal_page(user: User, goal: Goal, zone: str, query: str = "") -> str:
    address = reverse("together:goal", args=[goal.public_id]) + query
    return _same(user, address, "goal.html", GOAL_KEYS, zone)


def _speak(language: str, *people: User) -> None:
    for person in people:
        person.language = language
        person.save(update_fields=["language"])


def _goal(owner: User, shared: bool, n: int) -> Goal:
    active = access_active_partnership(owner)
    return services.goal_create(
        owner=owner,
        partnership=active.partnership if active and shared else None,
        title=f"{ODD} {n}",
        detail=ODD,
        idem_key="",
    )


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_goals_page_is_the_one_the_old_template_drew(personas: Personas, language: str) -> None:
    alice, bob = personas.alice, personas.bob
    _speak(language, alice, personas.carol, personas.dave)
    Goal.objects.filter(owner__in=[alice, bob]).delete()
    for stage in range(3):
        for name, zone in itertools.product(NAMES, ZONES):
            bob.display_name = name
            bob.save(update_fields=["display_name"])
            page = _goals_page(alice, zone)
            assert ("<bdi>&lt;script&gt;" in page) or ("מרים" in page)
            assert ('id="balance-numbers"' in page) == (stage > 0)
            assert ('class="chart-empty"' in page) == (stage == 0)
        for n in range(stage * 12 + 1):
            made = _goal((alice, bob)[n % 2], n % 3 != 0, n)
            if n % 4 == 0:
                Goal.objects.filter(pk=made.pk).update(done=True)
            if made.owner_id == alice.pk:  # her balance chart, empty on the first pages
                services.goal_note_add(goal=made, author=alice, text=ODD, idem_key="")
    for person in (personas.carol, personas.dave):  # alone, and alice's ex
        for zone in ZONES:
            page = _goals_page(person, zone)
            assert reverse("datarights:index") in page


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_goal_page_is_the_one_the_old_template_drew(personas: Personas, language: str) -> None:
    alice, bob = personas.alice, personas.bob
    _speak(language, alice, bob)
    ours, mine = _goal(alice, True, 1), _goal(alice, False, 2)
    for n in range(11):
        for goal in (ours, mine):
            author = bob if goal == ours and n % 2 else alice
            services.goal_note_add(goal=goal, author=author, text=f"{ODD} {n}", idem_key="")

    def every_way() -> None:
        for name, zone in itertools.product(NAMES, ZONES):
            bob.display_name = name
            bob.save(update_fields=["display_name"])
            for goal, query in itertools.product((ours, mine), ("", "?steps=all")):
                _goal_page(alice, Goal.objects.get(pk=goal.pk), zone, query)
            _goal_page(bob, Goal.objects.get(pk=ours.pk), zone)

    every_way()  # never edited
    for editor in (bob, alice):
        found = Goal.objects.get(pk=ours.pk)
        services.goal_update(
            goal=found,
            expected_version=found.version,
            title=f"{ODD} {editor.pk}",
            detail=ODD,
            done=editor == alice,
            editor=editor,
        )
        every_way()
        page = _goal_page(alice, Goal.objects.get(pk=ours.pk), "UTC")
        assert ("Last changed by" in page) or ("Cambiado por última vez" in page)


def test_the_goal_pages_name_no_one_through_a_blocktranslate() -> None:
    folder = Path(interdepend.web.__file__).parent / "together" / "templates" / "together"
    for name in ("goals.html", "goal.html"):
        assert "blocktranslate" not in (folder / name).read_text()
    # Each page's part under its links is drawn in Python (issue 15's fourteenth pass): no
    # form, condition or address of a goal left for the template engine on every view.
    assert "{% goals_body %}" in (folder / "goals.html").read_text()
    goal = (folder / "goal.html").read_text()
    assert "{% goal_body %}" in goal and "{% if" not in goal and "form_fields" not in goal


def _answer_same(user: User, goal: Goal, route: str, data: dict[str, object], zone: str) -> str:
    """The goal's page drawn again as the answer to a form posted to ``route`` (a change
    refused, or one that crossed another), and the old template with the same context: equal."""
    user.time_zone = zone
    user.save(update_fields=["time_zone"])
    response = as_user(user).post(reverse(route, args=[goal.public_id]), data)
    assert response.status_code in (200, 400, 409)  # an edit refused answers 200
    context = {key: response.context[key] for key in GOAL_KEYS}
    context.update({key: response.context[key] for key in GOAL_MORE if key in response.context})
    _as_the_old_view_made_it(context)
    source = (REFERENCE / "goal.html").read_text()
    with translation.override(user.language), timezone.override(zone):
        before = engines["django"].from_string(source).render(context, response.wsgi_request)
    page = TOKEN.sub("TOKEN", response.content.decode())
    assert page == TOKEN.sub("TOKEN", str(before))
    assert "<script>alert" not in page
    return page


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_goal_page_drawn_again_after_a_form_is_the_one_the_old_template_drew(
    personas: Personas, language: str
) -> None:
    """No steps and no words yet; an edit that crossed another (her words shown back to her,
    with none and with some); an edit and a step refused beside their boxes; and an ex's own
    goal."""
    alice, bob = personas.alice, personas.bob
    _speak(language, alice, bob, personas.dave)
    bob.display_name = NAMES[0]
    bob.save(update_fields=["display_name"])
    active = access_active_partnership(alice)
    assert active is not None
    line = ODD.replace("\n", " ")  # a title is one line
    bare = services.goal_create(
        owner=alice, partnership=active.partnership, title=line, detail="", idem_key="bare"
    )
    ours = services.goal_create(
        owner=alice, partnership=active.partnership, title=line, detail=ODD, idem_key="ours"
    )
    for zone in ZONES:
        page = _goal_page(alice, Goal.objects.get(pk=bare.pk), zone)
        assert '<ul class="notes">' not in page
        _goal_page(bob, Goal.objects.get(pk=bare.pk), zone)
    for goal in (bare, ours):
        stale = Goal.objects.get(pk=goal.pk)
        services.goal_update(
            goal=stale,
            expected_version=stale.version,
            title=stale.title,
            detail=stale.detail,
            done=True,
            editor=bob,
        )
        crossed = {"title": stale.title, "detail": stale.detail, "version": stale.version}
        for zone in ZONES:
            page = _answer_same(alice, stale, "together:goal_edit", crossed, zone)
            assert 'role="alert"' in page and '<details class="card" open>' in page
    too_long = "<b>&'\u05e9 " * 2000
    for zone in ZONES:
        data = {"title": "", "detail": ODD, "version": 1}
        page = _answer_same(alice, ours, "together:goal_edit", data, zone)
        assert '<details class="card" open>' in page
        _answer_same(alice, ours, "together:goal_note", {"text": too_long}, zone)
    own = services.goal_create(
        owner=personas.dave, partnership=None, title=ODD, detail=ODD, idem_key="ex"
    )
    for zone in ZONES:
        _goal_page(personas.dave, own, zone)


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_goals_page_with_its_form_refused_is_the_one_the_old_template_drew(
    personas: Personas, language: str
) -> None:
    """A goal refused beside its boxes (its words kept in them), with a partner and alone."""
    for person in (personas.alice, personas.carol):
        _speak(language, person)
        for zone in ZONES:
            person.time_zone = zone
            person.save(update_fields=["time_zone"])
            data = {"title": "", "detail": ODD, "together": "on"}
            response = as_user(person).post(reverse("together:goals"), data)
            assert response.status_code == 400
            context = {key: response.context[key] for key in GOALS_KEYS}
            source = (REFERENCE / "goals.html").read_text()
            with translation.override(language), timezone.override(zone):
                before = (
                    engines["django"].from_string(source).render(context, response.wsgi_request)
                )
            page = TOKEN.sub("TOKEN", response.content.decode())
            assert page == TOKEN.sub("TOKEN", str(before))
            assert "&lt;script&gt;" in page and "<script>alert" not in page


def test_the_goals_page_writes_its_chart_s_empty_words_only_for_an_empty_chart(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The balance chart's words for when it is empty were translated on every view of the
    goals page, shown or not: they are written only while the chart has nothing to draw
    (issue 15's twenty-fourth pass), and are the same words then."""
    from interdepend.web.together import trends

    written: list[str] = []
    made = trends.own_balance_empty

    def recording() -> trends.EmptyChart:
        written.append("own_balance_empty")
        return made()

    monkeypatch.setattr(trends, "own_balance_empty", recording)
    alice = personas.alice
    Goal.objects.filter(owner=alice).delete()
    page = as_user(alice).get(reverse("together:goals")).content.decode()
    assert written == ["own_balance_empty"]
    assert str(made().words) in page
    goal = _goal(alice, False, 1)
    services.goal_note_add(goal=goal, author=alice, text="step", idem_key="")
    page = as_user(alice).get(reverse("together:goals")).content.decode()
    assert written == ["own_balance_empty"]  # not again: the chart has a week to draw
    assert 'id="balance-numbers"' in page and 'class="chart-empty"' not in page
