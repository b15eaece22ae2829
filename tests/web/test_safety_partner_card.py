"""*Who can see what*'s card on her partner, drawn in Python (``safetyparts.partner_card``,
issue 15's eleventh pass), against the part of the template it replaced (kept as
``tests/web/reference/safetycheck/partner_card.html``): byte for byte, in English and Spanish,
in two time zones, with no partner, a partner who sees only her name, every kind of thing
shared, one and many of each, two entries of one day, a partner's name full of markup, an
ampersand, quotes and right-to-left text, hostile entry ids, and on the page itself."""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from interdepend.web.datarights.safetycheck.selectors import (
    PartnerSide,
    PractitionerRow,
    SharedEntryRow,
    Together,
)
from interdepend.web.datarights.templatetags import safetyparts
from interdepend.web.practice.forms import KIND_LABELS, SCOPE_LABELS
from tests.conftest import Personas
from tests.helpers import as_user

REFERENCE = (
    (Path(__file__).parent / "reference" / "safetycheck" / "partner_card.html")
    .read_text()
    .rstrip("\n")
)
HOSTILE = "<script>alert('x')</script> & \"Bo\" \u202eשלום"
TOKEN = 't0ken&"<>'
MONDAY = date(2026, 11, 30)
SINCE = datetime(2025, 12, 6, 23, 30, tzinfo=UTC)  # another day in Auckland
NONE = Together(0, 0, 0, 0, 0)


@pytest.fixture(params=[("en", "UTC"), ("es", "Pacific/Auckland")])
def where(request: pytest.FixtureRequest) -> Iterator[str]:
    language, zone = request.param
    with translation.override(language), timezone.override(zone):
        yield language


def _entries(n: int) -> list[SharedEntryRow]:
    zone = timezone.get_current_timezone()
    moments = [timezone.localtime(SINCE + timedelta(hours=7 * k), zone) for k in range(n)]
    days = [m.date() for m in moments]
    return [
        SharedEntryRow(f"id{k}-<&\"'>", m.date(), m, days.count(m.date()) > 1)
        for k, m in enumerate(moments)
    ]


def _sides() -> dict[str, PartnerSide | None]:
    weeks = [MONDAY - timedelta(weeks=n) for n in range(60)]

    base = PartnerSide(
        name="Bo", since=SINCE, results_shared=0, entries=[], checkins=[], together=NONE
    )

    def side(name: str = "Bo", **kwargs: Any) -> PartnerSide:
        return dataclasses.replace(base, name=name, **kwargs)

    return {
        "alone": None,
        "name only": side(),
        "name only, hostile": side(HOSTILE),
        "results": side(results_shared=1),
        "one entry": side(entries=_entries(1)),
        "entries, some of one day": side(HOSTILE, entries=_entries(9)),
        "one week": side(checkins=weeks[:1]),
        "three weeks": side(checkins=weeks[:3]),
        "four weeks": side(checkins=weeks[:4]),
        "sixty weeks": side(checkins=weeks),
        "one answer": side(HOSTILE, daily_answers=1),
        "many answers": side(HOSTILE, daily_answers=1234),
        "one of each kept": side(together=Together(1, 1, 1, 1, 1)),
        "some kept": side(together=Together(3, 0, 51, 0, 2)),
        "every kind": side(
            HOSTILE,
            results_shared=2,
            entries=_entries(4),
            checkins=weeks[:52],
            together=Together(3, 26, 51, 1, 2),
            daily_answers=3,
        ),
    }


SIDES = _sides()


def _reference(side: PartnerSide | None, token: str | None) -> str:
    context = {"picture": {"partner": side}, "csrf_token": token}
    return Template("{% load safetyparts %}" + REFERENCE).render(Context(context))


def _drawn(side: PartnerSide | None, token: str | None) -> str:
    context = {"picture": {"partner": side}, "csrf_token": token}
    return Template("{% load safetyparts %}{% partner_card picture.partner %}").render(
        Context(context)
    )


@pytest.mark.parametrize("state", list(SIDES))
def test_the_card_is_the_template_it_replaced(where: str, state: str) -> None:
    side = _sides()[state]  # built where the test runs: entry times in its zone
    drawn = _drawn(side, TOKEN)
    assert drawn == _reference(side, TOKEN)
    assert "<script>" not in drawn and '"Bo"' not in drawn
    if side is not None:
        assert drawn.count("csrfmiddlewaretoken") == _reference(side, TOKEN).count(
            "csrfmiddlewaretoken"
        )
        assert "t0ken&amp;&quot;&lt;&gt;" in drawn


@pytest.mark.parametrize("token", [None, ""])
def test_without_a_token_the_card_has_no_token_field_as_before(
    where: str, token: str | None
) -> None:
    side = SIDES["every kind"]
    drawn = _drawn(side, token)
    assert drawn == _reference(side, token)
    assert "csrfmiddlewaretoken" not in drawn


def test_the_words_are_in_the_language_and_the_dates_where_she_is(where: str) -> None:
    drawn = _drawn(_sides()["every kind"], TOKEN)
    if where == "en":
        assert "since 6 December 2025" in drawn and "26 promises you made." in drawn
    else:
        assert "desde el 7 de diciembre de 2025" in drawn and "26 promesas" in drawn
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;Bo&quot;" in drawn
    # Four entries seven hours apart: three of one day in UTC, two pairs in Auckland.
    assert drawn.count('class="visually-hidden"') == (3 if where == "en" else 4)


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "zone"), [("en", "UTC"), ("es", "Pacific/Auckland")])
def test_the_page_draws_her_partner_card_as_the_template_did(
    personas: Personas, language: str, zone: str
) -> None:
    """Alice's page (a partner, a shared entry, the demo's things kept together): the card on
    the page is the reference drawn with the page's own context."""
    alice = personas.alice
    alice.language, alice.time_zone = language, zone
    alice.display_name = HOSTILE
    alice.save(update_fields=["language", "time_zone", "display_name"])
    personas.bob.display_name = HOSTILE
    personas.bob.save(update_fields=["display_name"])
    response = as_user(alice).get(reverse("safetycheck:index"))
    assert response.status_code == 200
    page = response.content.decode()
    side = response.context["picture"].partner
    assert side is not None
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]*)"', page)
    assert token is not None
    with translation.override(language), timezone.override(zone):
        card = _reference(side, token.group(1))
    assert card in page
    assert "<script>alert" not in page


PRACTITIONERS = (
    (Path(__file__).parent / "reference" / "safetycheck" / "practitioner_cards.html")
    .read_text()
    .rstrip("\n")
)


def _rows() -> dict[str, list[PractitionerRow]]:
    def row(n: int, **kwargs: Any) -> PractitionerRow:
        base = PractitionerRow(
            public_id=f"link{n}-<&\"'>",
            name=f"Robin {n}",
            kind="counsellor",
            practice_name="",
            since=SINCE + timedelta(days=n),
            scopes=[],
        )
        return dataclasses.replace(base, **kwargs)

    every = sorted(str(scope) for scope in SCOPE_LABELS)
    return {
        "none": [],
        "one, sees nothing": [row(1)],
        "one, sees all": [row(1, practice_name="Riverside", scopes=every)],
        "partner's account": [row(1, partner_account=True, scopes=every[:1])],
        "an ex's account": [row(1, ex_account=True, kind="coach")],
        "hostile": [
            row(1, name=HOSTILE, practice_name=HOSTILE, kind="<b>not a kind</b>"),
            row(2, name=HOSTILE, scopes=[*every, "<script>x</script>"]),
        ],
        "many": [row(n, scopes=every[: n % 4]) for n in range(12)],
    }


def _practitioners(rows: list[PractitionerRow], token: str | None, source: str) -> str:
    context = {
        "picture": {"practitioners": rows},
        "csrf_token": token,
        "kind_labels": KIND_LABELS,
        "scope_labels": SCOPE_LABELS,
    }
    return Template("{% load safetyparts %}" + source).render(Context(context))


@pytest.mark.parametrize("state", list(_rows()))
def test_the_practitioners_cards_are_the_template_they_replaced(where: str, state: str) -> None:
    rows = _rows()[state]
    tag = "{% practitioner_cards picture.practitioners kind_labels scope_labels %}"
    for token in (TOKEN, None):
        drawn = _practitioners(rows, token, tag)
        assert drawn == _practitioners(rows, token, PRACTITIONERS)
    drawn = _practitioners(rows, TOKEN, tag)
    assert "<script>" not in drawn and "<b>" not in drawn
    assert drawn.count('data-access="practitioner"') == len(rows)
    if state == "hostile":
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in drawn
    if where == "es" and rows:
        assert "desde el" in drawn or "desde" in drawn


def test_the_cards_words_are_the_catalogues_in_each_language() -> None:
    """The fixed sentences the cards keep per language (issue 15's twentieth pass) are what
    ``gettext`` gives in that language, Spanish ones in Spanish."""
    for language in ("en", "es"):
        with translation.override(language):
            kept = safetyparts._words(language)
            assert kept == {sentence: gettext(sentence) for sentence in safetyparts._SENTENCES}
    spanish = safetyparts._words("es")
    assert sum(spanish[s] != s for s in safetyparts._SENTENCES) >= len(spanish) - 2


def test_every_sentence_a_card_looks_up_is_kept() -> None:
    """Each ``w[...]`` the cards write names one of the kept sentences, and each kept one is
    written somewhere."""
    source = Path(safetyparts.__file__).read_text()
    pieces = re.compile(r'"([^"]*)"|\'([^\']*)\'')
    looked_up = {
        "".join(a or b for a, b in pieces.findall(found))
        for found in re.findall(r"\bw\[((?:\s*(?:\"[^\"]*\"|'[^']*'))+)\s*\]", source)
    }
    assert looked_up == set(safetyparts._SENTENCES)


@pytest.mark.parametrize("state", list(SIDES))
def test_the_cards_are_the_same_with_their_words_made_on_the_view(
    where: str, state: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In a language whose words were not made as the worker started (the kept ones emptied),
    each card is still the template it replaced."""
    monkeypatch.setattr(safetyparts, "_words", functools.cache(safetyparts._words.__wrapped__))
    side = _sides()[state]
    assert _drawn(side, TOKEN) == _reference(side, TOKEN)
    rows = _rows()["hostile"]
    tag = "{% practitioner_cards picture.practitioners kind_labels scope_labels %}"
    assert _practitioners(rows, TOKEN, tag) == _practitioners(rows, TOKEN, PRACTITIONERS)
