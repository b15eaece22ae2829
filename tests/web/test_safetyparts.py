"""*Who can see what*'s shared check-in weeks, drawn in Python
(``datarights/templatetags/safetyparts.py``), against the loop it replaced (issue 15's tenth
pass): byte for byte, in English and Spanish and in two time zones, for no week, one week and
more than a year of them, with month names that need escaping, and on the page itself; each
with the weeks' options kept as a worker starts and without (issue 15's nineteenth pass)."""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Iterator, Mapping
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.template import Context, Template
from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy
from hypothesis import given, settings
from hypothesis import strategies as st

from interdepend.web.datarights.templatetags import safetyparts
from interdepend.web.datarights.templatetags.safetyparts import escaped_each, week_options
from interdepend.web.frame import dates
from interdepend.web.partners.access import access_active_partnership
from tests.conftest import Personas
from tests.helpers import as_user

#: The page's loop of weeks as it was before it was drawn in Python: the reference.
REFERENCE = (Path(__file__).parent / "reference" / "week_options.html").read_text().rstrip("\n")
MONDAY = date(2026, 11, 30)
#: More than a year of weeks, across the turn of a year and a February.
LONG = [MONDAY - timedelta(weeks=n) for n in range(60)]


@pytest.fixture(params=[("en", "UTC"), ("es", "Pacific/Auckland")])
def where(request: pytest.FixtureRequest) -> Iterator[str]:
    language, zone = request.param
    with translation.override(language), timezone.override(zone):
        yield language


def _reference(weeks: list[date]) -> str:
    return Template(REFERENCE).render(Context({"side": {"checkins": weeks}}))


def _kept_in_both(monkeypatch: pytest.MonkeyPatch) -> dict[str | None, dict[date, str]]:
    """The weeks' options as a worker keeps them, made afresh in both languages."""
    monkeypatch.setattr(safetyparts, "_kept_options", {})
    for language in ("en", "es"):
        with translation.override(language):
            safetyparts._warm_weeks()
    return safetyparts._kept_options


@pytest.fixture(params=["kept", "written"])
def options(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """The weeks' options kept as a worker starts, or none kept (each written as it is drawn)."""
    if request.param == "kept":
        _kept_in_both(monkeypatch)
    else:
        monkeypatch.setattr(safetyparts, "_kept_options", {})
    return str(request.param)


@pytest.mark.parametrize("weeks", [[], [MONDAY], LONG], ids=["none", "one", "long"])
def test_the_weeks_are_the_loop_they_replaced(where: str, options: str, weeks: list[date]) -> None:
    drawn = str(week_options(weeks))
    assert drawn == _reference(weeks)
    assert drawn.count("<option value=") == len(weeks)
    if weeks:
        month = "November" if where == "en" else "noviembre"
        assert f'<option value="2026-11-30">30 {"" if where == "en" else "de "}{month}' in drawn


def test_a_weeks_value_is_what_the_date_filter_wrote_on_every_day_of_a_calendars_cycle() -> None:
    """The option's value is the week's ``isoformat()`` (issue 15's fourteenth pass), in place
    of ``|date:"Y-m-d"``: equal on every day of four hundred years (the Gregorian calendar's
    whole cycle of leap years) and on the first and last days Python has, in both languages."""
    first = date(1800, 1, 1)
    days = [first + timedelta(days=n) for n in range(146_097)]
    days += [date.min, date(999, 12, 31), date(1000, 1, 1), date.max]
    for language in ("en", "es"):
        with translation.override(language):
            wrote = [date_filter(day, "Y-m-d") for day in days]
            assert [day.isoformat() for day in days] == wrote
            assert wrote[-4:] == ["0001-01-01", "0999-12-31", "1000-01-01", "9999-12-31"]


def test_names_that_need_escaping_are_escaped_as_the_template_escaped_them(
    where: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Month names with markup, an ampersand, quotes and right-to-left text (as a translation
    could hold): escaped alike, never drawn as markup."""
    monkeypatch.setattr(safetyparts, "_kept_options", {})  # as it writes what it keeps
    real = dates.names(where)
    hostile = {n: f"<script>\"{name}\"</script> & 'ינואר'" for n, name in real.months.items()}
    monkeypatch.setattr(dates, "names", lambda language: dataclasses.replace(real, months=hostile))
    drawn = str(week_options(LONG))
    assert drawn == _reference(LONG)
    assert "<script>" not in drawn and "&lt;script&gt;&quot;" in drawn
    assert "&amp; &#x27;ינואר&#x27;" in drawn


@pytest.mark.django_db
def test_the_page_offers_each_shared_week_as_before(personas: Personas, options: str) -> None:
    """Bob's five shared check-ins, on the page in Spanish: the select holds the reference's
    options for the weeks the page lists, newest first."""
    from interdepend.web.together import services as together_services
    from interdepend.web.together.models import ITEMS, CheckIn
    from interdepend.web.together.selectors import this_week

    bob = personas.bob
    active = access_active_partnership(bob)
    assert active is not None
    for n in range(1, 6):
        together_services.checkin_save(
            owner=bob,
            week=this_week() - timedelta(weeks=n),
            values=dict.fromkeys(ITEMS, 4),
            need="",
            shared=True,
            partnership=active.partnership,
        )
    weeks = list(
        CheckIn.objects.filter(owner=bob, shared=True)
        .order_by("-week")
        .values_list("week", flat=True)
    )
    bob.language = "es"
    bob.save(update_fields=["language"])
    page = as_user(bob).get(reverse("safetycheck:index")).content.decode()
    found = re.search(
        r'<select id="checkin-week" name="week" autocomplete="off">(.*?)\n\s*</select>', page, re.S
    )
    assert found is not None
    with translation.override("es"):
        assert found.group(1) == _reference(weeks)
    assert "de " in found.group(1)  # written in Spanish


def test_every_kept_week_is_the_loop_it_replaced(
    where: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every Monday kept, 2010 to 2059 (across every kind of year and February), drawn from
    what is kept, never written again: the reference's options, in order, newest first too."""
    kept = _kept_in_both(monkeypatch)
    weeks = list(kept[where])
    assert weeks[0] == date(2010, 1, 4) and weeks[-1] == date(2059, 12, 29)
    assert len(weeks) == safetyparts.KEPT_WEEKS == 2609
    assert all(week.weekday() == 0 for week in weeks)

    def refused(*_: object) -> list[str]:
        raise AssertionError("a kept week was written again")

    with monkeypatch.context() as patched:
        patched.setattr(safetyparts, "_options", refused)
        drawn, newest_first = str(week_options(weeks)), str(week_options(weeks[::-1]))
    assert drawn == _reference(weeks)
    assert newest_first == _reference(weeks[::-1])


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.integers(-60, 2680).map(lambda n: date(2010, 1, 4) + timedelta(weeks=n)),
            st.dates(date(2005, 1, 1), date(2065, 12, 31)),
        ),
        max_size=70,
    ),
    st.sampled_from(["en", "es"]),
    st.sampled_from([("en",), ("es",), ("en", "es"), ()]),
)
def test_any_weeks_are_the_loop_they_replaced_kept_or_not(
    weeks: list[date], language: str, made: tuple[str, ...]
) -> None:
    """Mondays kept and not (before 2010, after 2059), other days, repeated weeks, in any
    order, with the options kept in either language, both or none: always the reference's."""
    every: dict[str | None, dict[date, str]] = {code: _kept_in(code) for code in made}
    before = safetyparts._kept_options
    safetyparts._kept_options = every
    try:
        with translation.override(language):
            assert str(week_options(weeks)) == _reference(weeks)
    finally:
        safetyparts._kept_options = before


@functools.cache
def _kept_in(language: str) -> dict[date, str]:
    """What a worker keeps in ``language`` (made once for the examples above)."""
    before = safetyparts._kept_options
    safetyparts._kept_options = {}
    try:
        with translation.override(language):
            safetyparts._warm_weeks()
        return safetyparts._kept_options[language]
    finally:
        safetyparts._kept_options = before


LOOP = (
    "{% for key, label in labels.items %}{% if key == wanted %}{{ label }}{% endif %}{% endfor %}"
)


@pytest.mark.parametrize("which", ["kinds", "scopes", "hostile"])
def test_a_label_looked_up_is_the_label_the_loop_found(where: str, which: str) -> None:
    """Every kind and scope, one that is not there and none at all: the same words, escaped the
    same way, as the loop over every label drew them."""
    from interdepend.web.practice.forms import KIND_LABELS, SCOPE_LABELS

    # As the page passes them: keyed by the choices themselves, looked up by the stored text.
    tables: dict[str, Mapping[Any, object]] = {
        "kinds": KIND_LABELS,
        "scopes": SCOPE_LABELS,
        "hostile": {"a": "<script>\"x\"</script> & 'مرحبا'", "b": "plain"},
    }
    labels = tables[which]
    looked_up = Template("{% load safetyparts %}{{ labels|label_of:wanted }}")
    for wanted in [*(str(key) for key in labels), "not-a-key", None, ""]:
        context = {"labels": labels, "wanted": wanted}
        drawn = looked_up.render(Context(context))
        assert drawn == Template(LOOP).render(Context(context))
        assert bool(drawn) == (wanted in labels)
        assert "<script>" not in drawn


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.text(alphabet=st.sampled_from(list("ab<>&\"'\n\r é\u202eש;#x27")), max_size=12),
        max_size=8,
    )
)
def test_texts_escaped_in_one_pass_are_each_escaped(texts: list[str]) -> None:
    """``escaped_each`` (the weeks' values and dates escaped in one call) is ``escape`` of each
    text: texts full of the five characters ``escape`` replaces, what it writes for them,
    right-to-left marks, line breaks (a text holding one is escaped alone), empty texts and
    none."""
    assert escaped_each(texts) == [escape(text) for text in texts]


def test_a_text_holding_the_join_is_still_escaped_as_itself() -> None:
    """The join is a line break: a text that holds one cannot be cut apart wrongly."""
    texts = ["<a\n>", "&", "\n", ""]
    assert escaped_each(texts) == ["&lt;a\n&gt;", "&amp;", "\n", ""]
    assert escaped_each(["x"]) == ["x"] and escaped_each([]) == []


@settings(max_examples=400, deadline=None)
@given(
    st.one_of(
        st.text(),
        st.text(alphabet=st.sampled_from(list("ab<>&\"'\n é\u202eש;#x27"))),
        st.text().map(mark_safe),
        st.text().map(lambda text: gettext_lazy(text) if text else text),
        st.integers(),
        st.none(),
    )
)
def test_a_card_s_escaping_is_django_s(value: Any) -> None:
    """``safetyparts._escaped`` (issue 15's twenty-third pass) writes what Django's ``escape``
    writes for any value: texts, safe texts, lazy texts, numbers and none, as a plain text."""
    written = safetyparts._escaped(value)
    assert type(written) is str and written == str(escape(value))


#: Each language the site speaks, and a language it does not (its words are English).
_LANGUAGES = ("en", "es", "fr")


def _old_counted(singular: str, plural: str, n: int, **values: str) -> str:
    """``safetyparts._counted`` as it was: ``ngettext`` on every call."""
    return translation.ngettext(singular, plural, n) % {"n": str(n), **values}


@pytest.mark.parametrize("language", _LANGUAGES)
def test_counted_words_kept_are_ngettext_s_for_every_count_kept(language: str) -> None:
    """Each counted sentence of the page, in each language, for every count kept (issue 15's
    twenty-fourth pass): the words ``ngettext`` gives, each of them."""
    with translation.override(language):
        kept = safetyparts._counted_words(translation.get_language())
        assert len(kept) == len(safetyparts.COUNTED_SENTENCES) * safetyparts.KEPT_COUNTS
        for singular, plural in safetyparts.COUNTED_SENTENCES:
            for n in range(safetyparts.KEPT_COUNTS):
                assert kept[singular, plural, n] == translation.ngettext(singular, plural, n)
        assert kept == safetyparts._counted_words(translation.get_language())


def test_each_language_keeps_its_own_counted_words() -> None:
    """Spanish words are not English ones (each made in its own language, as the warm-up
    sends them)."""
    made = {}
    for language in ("en", "es"):
        with translation.override(language):
            made[language] = safetyparts._counted_words(translation.get_language())
    assert made["es"] != made["en"]


@settings(max_examples=300, deadline=None)
@given(
    language=st.sampled_from(_LANGUAGES),
    sentence=st.sampled_from(safetyparts.COUNTED_SENTENCES),
    n=st.one_of(st.integers(0, safetyparts.KEPT_COUNTS + 5), st.integers(0, 10**9)),
    name=st.text(max_size=20),
)
def test_any_count_s_words_are_what_ngettext_gave(
    language: str, sentence: tuple[str, str], n: int, name: str
) -> None:
    """Any count, kept or beyond, of any counted sentence, in any language: the cards' and the
    page's sentence is the one written with ``ngettext`` on each call, the count written as
    each wrote it."""
    from django.utils.formats import localize
    from django.utils.html import conditional_escape

    from interdepend.web.datarights.templatetags import safetypage

    singular, plural = sentence
    values = {"first": "a", "last": "b", "name": escape(name)}
    with translation.override(language):
        kept = safetyparts._counted_words(translation.get_language())
        assert safetyparts.counted_words(kept, singular, plural, n) == translation.ngettext(
            singular, plural, n
        )
        assert safetyparts._counted(kept, singular, plural, n, **values) == _old_counted(
            singular, plural, n, **values
        )
        if "%(name)s" not in singular and "%(first)s" not in singular:
            assert safetypage._counted(kept, singular, plural, n) == translation.ngettext(
                singular, plural, n
            ) % {"n": conditional_escape(localize(n))}


def test_the_page_looks_up_no_counted_words_once_kept(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With every language's counted words kept (as a worker starts), *Who can see what* calls
    ``ngettext`` for none of its counted sentences, for her (a partner, shared things, what the
    two keep together, two-step sign-in with recovery codes) and for him, in both languages; and
    the page is the one drawn with ``ngettext`` called on each."""
    from interdepend.web.accounts.models import RecoveryCode

    for n in range(3):
        RecoveryCode.objects.create(user=personas.alice, digest=f"h{n}", used_at=None)
    for language in ("en", "es"):  # as the warm-up makes them: each in its own language
        with translation.override(language):
            safetyparts._counted_words(translation.get_language())
    drawn = {}
    # One sign-in each: another would be listed under where they are signed in.
    clients = {who.pk: as_user(who) for who in (personas.alice, personas.bob)}
    for who in (personas.alice, personas.bob):
        for language in ("en", "es"):
            client = clients[who.pk]
            client.cookies["django_language"] = language
            page = client.get(reverse("safetycheck:index"), HTTP_ACCEPT_LANGUAGE=language)
            drawn[who.pk, language] = _without_token(page.content.decode())
    looked_up: list[tuple[str, str, int]] = []

    def ngettext(singular: str, plural: str, n: int) -> str:
        looked_up.append((singular, plural, n))
        return translation.ngettext(singular, plural, n)

    monkeypatch.setattr(safetyparts, "ngettext", ngettext)
    for who in (personas.alice, personas.bob):
        for language in ("en", "es"):
            client = clients[who.pk]
            client.cookies["django_language"] = language
            page = client.get(reverse("safetycheck:index"), HTTP_ACCEPT_LANGUAGE=language)
            assert _without_token(page.content.decode()) == drawn[who.pk, language]
    assert looked_up == []
    # And without the kept words, each is looked up: the same page.
    monkeypatch.setattr(safetyparts, "KEPT_COUNTS", 0)
    safetyparts._counted_words.cache_clear()
    try:
        for language in ("en", "es"):
            with translation.override(language):
                safetyparts._counted_words(translation.get_language())
        client = clients[personas.alice.pk]
        client.cookies["django_language"] = "en"
        page = client.get(reverse("safetycheck:index"), HTTP_ACCEPT_LANGUAGE="en")
        assert _without_token(page.content.decode()) == drawn[personas.alice.pk, "en"]
        assert looked_up
    finally:
        safetyparts._counted_words.cache_clear()


def _without_token(page: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)
