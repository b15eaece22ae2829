"""The together space's row of links, kept once per kind (``together/templatetags/subnav.py``),
is the include it replaced, byte for byte, for every page it marks and in both languages; a
page name not its own is drawn and not kept; on the pages that show it, it is what the include
drew, and it keeps nothing of the person who opened them."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from interdepend.web.together.templatetags import charttables, subnav
from tests.conftest import Personas
from tests.helpers import as_user

INCLUDE = Template('{% include "together/_subnav.html" with here=here %}')
KEPT = Template("{% load subnav %}{% together_subnav here %}")


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("here", [*sorted(subnav.PAGES), "elsewhere", '"><script>'])
def test_the_row_is_the_include(language: str, here: str) -> None:
    subnav.forget()
    with translation.override(language):
        for _ in range(2):  # drawn, then kept
            drawn = KEPT.render(Context({"here": here}))
            assert drawn == INCLUDE.render(Context({"here": here}))
    assert drawn.count('aria-current="page"') == (here in subnav.PAGES)
    assert bool(subnav._kept) is (here in subnav.PAGES)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("route", "here"),
    [
        ("together:trends", "trends"),
        ("together:checkin", "checkin"),
        ("together:goals", "goals"),
        ("together:commitments", "commitments"),
        ("together:boundaries", "boundaries"),
        ("together:circle", "circle"),
    ],
)
def test_the_pages_show_the_include_s_row_and_keep_nothing_of_anyone(
    personas: Personas, route: str, here: str
) -> None:
    subnav.forget()
    # Trends writes the row into its own kept words (``charttables._page_words``): once any
    # earlier test in this process made them, its page would not draw the row again.
    charttables._forget()
    page = as_user(personas.alice).get(reverse(route)).content.decode()
    with translation.override("en"):
        row = INCLUDE.render(Context({"here": here}))
    assert row in page
    # the page drew the kept row, not the include
    assert [key[1] for key in subnav._kept] == [here]
    kept = "".join(subnav._kept.values())
    for person in (personas.alice, personas.bob):
        assert person.display_name not in kept and person.email not in kept


@pytest.mark.django_db
@pytest.mark.parametrize("route", ["daily:today", "daily:past", "daily:talk_it_through"])
@pytest.mark.parametrize("language", ["en", "es"])
def test_the_question_for_today_s_pages_show_the_kept_row(
    personas: Personas, route: str, language: str
) -> None:
    """The question for today, its earlier days and talking it through show the row kept
    for their language, the include's own, and draw no template for it on a view (the
    include drew it through the template engine on every view: issue 15's eleventh pass)."""
    subnav.forget()
    with translation.override(language):
        subnav._warm()  # as a worker starts
        row = INCLUDE.render(Context({"here": "today"}))
    personas.alice.language = language
    personas.alice.save(update_fields=["language"])
    response = as_user(personas.alice).get(reverse(route))
    assert response.status_code == 200
    assert row in response.content.decode()
    assert row.count('aria-current="page"') == 1
    assert "together/_subnav.html" not in [t.name for t in response.templates]
