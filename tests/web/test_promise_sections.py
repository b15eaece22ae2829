"""The promises page's three sections (the follow-through card, what is still to do, the
earlier promises) and the sentence that names the partner are drawn in Python
(``together/templatetags/promisecards.py``, issue 15's thirteenth pass), where they were three
included templates with five ``{% blocktranslate %}`` blocks: the page, and the answer to
marking a promise from it, are the same, byte for byte, as the old templates drew them (kept
as ``tests/web/reference/together/``), in English and Spanish, in two time zones, with no
promises, with some of each kind, with more than eight earlier ones and all of them asked for,
with only unmarked ones come due, for a person alone, under names and words full of markup,
an ampersand, quotes and right-to-left text."""

from __future__ import annotations

import itertools
import re
from datetime import timedelta
from pathlib import Path

import hypothesis
import pytest
from django.http import HttpRequest
from django.template import engines
from django.urls import reverse
from django.utils import timezone, translation
from hypothesis import strategies as st

import interdepend.web
from interdepend.web.accounts.models import User
from interdepend.web.partners.access import access_active_partnership
from interdepend.web.together import services as together
from interdepend.web.together.forms import CommitmentForm
from interdepend.web.together.models import Commitment
from interdepend.web.together.templatetags import promisecards
from tests.conftest import Personas
from tests.helpers import HTMX, as_user
from tests.web.test_freshforms import forms_kept

pytestmark = pytest.mark.django_db

REFERENCE = Path(__file__).parent / "reference" / "together"
TOKEN = re.compile(r'name="(csrfmiddlewaretoken|idem)" value="[^"]*"')
NAMES = ["<script>alert('b')</script> & \"Bo\"", "מרים \u202e'Lee'\u202c & <b>"]
ODD = "<script>alert(\"x\")</script> & 'tea' \u05e9\u05dc\u05d5\u05dd"
ZONES = ("Pacific/Kiritimati", "Pacific/Pago_Pago")
KEYS = ("form", "show_all", "partner", "active", "open", "done", "follow", "today")


#: The page as a started worker draws it: the fresh form from what it keeps.
_fresh_forms_kept = pytest.fixture(autouse=True)(forms_kept)


def _old(name: str, context: dict[str, object], request: HttpRequest) -> str:
    source = (REFERENCE / name).read_text()
    return str(engines["django"].from_string(source).render(context, request))


def _same(user: User, language: str, zone: str, query: str = "") -> str:
    """The page, and the old template drawn with the same context: equal."""
    user.language, user.time_zone = language, zone
    user.save(update_fields=["language", "time_zone"])
    response = as_user(user).get(reverse("together:commitments") + query)
    assert response.status_code == 200
    context = {key: response.context[key] for key in KEYS}
    with translation.override(language), timezone.override(zone):
        if context["form"] is None:
            # Since issue 15's seventeenth pass a view that sends nothing makes no form
            # (``freshforms.opened``): the old template gets the one the old view made.
            context["form"] = CommitmentForm(None, initial={})
        before = _old("commitments.html", context, response.wsgi_request)
    page = TOKEN.sub("TOKEN", response.content.decode())
    assert page == TOKEN.sub("TOKEN", before)
    assert "<script>alert" not in page
    return page


def _promises(owner: User, shared: bool, states: list[tuple[str, int]]) -> None:
    active = access_active_partnership(owner)
    for n, (state, days) in enumerate(states):
        made = together.commitment_create(
            owner=owner,
            partnership=active.partnership if active and shared else None,
            text=f"{ODD} {n}",
            due_on=timezone.localdate(),
            idem_key="",
        )
        Commitment.objects.filter(pk=made.pk).update(
            state=state, due_on=timezone.localdate() + timedelta(days=days)
        )


def _every_way(alice: User, bob: User, language: str, queries: tuple[str, ...] = ("",)) -> None:
    for name, zone, query in itertools.product(NAMES, ZONES, queries):
        bob.display_name = name
        bob.save(update_fields=["display_name"])
        _same(alice, language, zone, query)


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_promises_page_is_the_one_the_old_templates_drew(
    personas: Personas, language: str
) -> None:
    alice, bob = personas.alice, personas.bob
    _every_way(alice, bob, language)  # no promises: nothing came due
    _promises(alice, True, [("open", -3)])
    page = _same(alice, language, "UTC")  # only one come due, not marked
    assert "lead-in" not in page
    _every_way(alice, bob, language)
    _promises(bob, True, [("open", -2), ("open", 4)])
    _promises(alice, False, [("open", 0), ("open", 9), ("open", -1)])
    _promises(alice, True, [("kept", -5), ("missed", -6), ("renegotiated", -7), ("kept", -70)])
    _promises(bob, True, [("kept", -4)])
    page = _same(alice, language, "UTC")  # counted, five earlier
    assert "lead-in" in page and "?earlier=all" not in page
    _every_way(alice, bob, language)
    _promises(alice, True, [("kept", -n) for n in range(8, 20)])
    page = _same(alice, language, "UTC")  # more than eight earlier: the link to the rest
    assert "?earlier=all" in page
    _every_way(alice, bob, language, ("", "?earlier=all"))


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_person_alone_sees_the_page_the_old_templates_drew(
    personas: Personas, language: str
) -> None:
    carol = personas.carol
    for zone in ZONES:
        _same(carol, language, zone)
    _promises(carol, False, [("kept", -1), ("missed", -2), ("open", -1), ("open", 3)])
    for zone in ZONES:
        page = _same(carol, language, zone)
        assert "promises-done" in page and "lead-in" in page


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_answer_to_marking_a_promise_is_the_one_the_old_templates_drew(
    personas: Personas, language: str
) -> None:
    alice, bob = personas.alice, personas.bob
    bob.display_name = NAMES[1]
    bob.save(update_fields=["display_name"])
    alice.language = language
    alice.save(update_fields=["language"])
    _promises(alice, True, [("open", -1), ("open", 2), *(("kept", -n) for n in range(2, 12))])
    client = as_user(alice)
    for mine in Commitment.objects.filter(owner=alice, state="open").order_by("pk"):
        address = reverse("together:commitment_mark", args=[mine.public_id])
        response = client.post(address, {"state": "kept"}, headers=HTMX)
        assert response.status_code == 200
        context = {key: response.context[key] for key in ("status", *KEYS[3:])}
        with translation.override(language):
            before = _old("_promises_changed.html", context, response.wsgi_request)
        answer = TOKEN.sub("TOKEN", response.content.decode())
        assert answer == TOKEN.sub("TOKEN", before)
        assert answer.count('hx-swap-oob="true"') >= 2
        assert "<script>alert" not in answer


def test_the_page_draws_its_sections_without_a_blocktranslate() -> None:
    """None of the page's own templates has a ``{% blocktranslate %}`` or an include left."""
    folder = Path(interdepend.web.__file__).parent / "together" / "templates" / "together"
    for name in ("commitments.html", "_promises_changed.html"):
        source = (folder / name).read_text()
        assert "blocktranslate" not in source
        assert "_promises_" not in source


def _old_counted(singular: str, plural: str, n: int) -> str:
    """``promisecards._counted`` as it was: ``ngettext`` on every call."""
    from interdepend.web.frame.formrender import shown

    return translation.ngettext(singular, plural, n) % {"n": shown(n)}


@pytest.mark.parametrize("language", ["en", "es", "fr"])
def test_the_counted_words_kept_are_ngettext_s_for_every_count_kept(language: str) -> None:
    """Each counted sentence of the page, in each language (and one the site does not speak),
    for every count kept (issue 15's twenty-seventh pass): the words ``ngettext`` gives."""
    with translation.override(language):
        kept = promisecards._counted_words(translation.get_language())
        assert set(kept) == {singular for singular, _plural in promisecards.COUNTED_SENTENCES}
        for singular, plural in promisecards.COUNTED_SENTENCES:
            assert len(kept[singular]) == promisecards.KEPT_COUNTS
            for n in range(promisecards.KEPT_COUNTS):
                assert kept[singular][n] == translation.ngettext(singular, plural, n)
    with translation.override("es"):
        spanish = promisecards._counted_words("es")
    assert spanish != promisecards._counted_words("en")


@hypothesis.settings(max_examples=400, deadline=None)
@hypothesis.given(
    language=st.sampled_from(["en", "es", "fr"]),
    sentence=st.sampled_from(promisecards.COUNTED_SENTENCES),
    n=st.one_of(
        st.integers(-3, promisecards.KEPT_COUNTS + 5),
        st.integers(0, 10**9),
        st.booleans(),
    ),
    passed=st.booleans(),
)
def test_any_count_s_sentence_is_what_ngettext_gave(
    language: str, sentence: tuple[str, str], n: int, passed: bool
) -> None:
    """Any count, kept or beyond, of either kind, of any counted sentence, in any language,
    the language passed or looked up: the sentence written with ``ngettext`` on each call."""
    singular, plural = sentence
    with translation.override(language):
        drawn = promisecards._counted(
            singular, plural, n, translation.get_language() if passed else None
        )
        assert drawn == _old_counted(singular, plural, n)


def test_the_page_looks_up_no_counted_words_once_kept(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the counted words kept (as a worker starts), the promises page calls ``ngettext``
    for none of its counted sentences."""
    for language in ("en", "es"):
        with translation.override(language):
            promisecards._counted_words(language)
    called: list[object] = []

    def counted(singular: str, plural: str, n: int) -> str:
        called.append(n)
        return translation.ngettext(singular, plural, n)

    monkeypatch.setattr(promisecards, "ngettext", counted)
    alice = personas.alice
    _promises(alice, True, [("kept", -n) for n in range(1, 10)])
    _promises(alice, True, [("missed", -3), ("renegotiated", -4), ("open", -5)])
    page = as_user(alice).get(reverse("together:commitments")).content.decode()
    assert "?earlier=all" in page and "were kept" in page and "did not happen" in page
    assert called == []
