"""One's own result page's lists and tables, drawn in Python
(``assessment/templatetags/resultparts.py``), against the template they replaced (issue 15's
tenth pass): the whole of the page's own part, byte for byte, in English and Spanish and two
time zones, a first take and one with a take before it, a take with scales short of answers, a
take the safety screen flagged, statements quoted in the language they were answered in, more
answers that weighed in than the first four, and words full of markup, ampersands, quotes and
right-to-left text."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from interdepend.core.content import Practice, Prompt, Suggestions
from interdepend.web.accounts.models import User
from interdepend.web.assessment import selectors
from interdepend.web.assessment.demo import complete_attempt, profile_answers
from interdepend.web.assessment.models import Attempt
from tests.conftest import Personas

pytestmark = pytest.mark.django_db

HERE = Path(__file__).parent
TEMPLATES = HERE.parent.parent / "src" / "interdepend" / "web" / "assessment" / "templates"
LEVELS = {"self": 5, "bond": 4, "enmeshment": 3, "distance": 2}
LATER = {"self": 6, "bond": 6, "enmeshment": 2, "distance": 2}
ODD = "<script>alert('x')</script> & \"quoted\" مريم"


def _page(source: str) -> Template:
    """A results template without its ``{% extends %}``: its own part, as the page draws it
    (outside its blocks, the line that loads the tags is not drawn)."""
    source = source.replace('{% extends "base.html" %}\n', "", 1)
    loads = "{% load resultpage %}"
    return Template(source.replace(f"{loads}\n", loads, 1))


REFERENCE = _page((HERE / "reference" / "results.html").read_text())
DRAWN = _page((TEMPLATES / "assessment" / "results.html").read_text())


@pytest.fixture(params=[("en", "UTC"), ("es", "Pacific/Auckland")])
def where(request: pytest.FixtureRequest) -> Iterator[str]:
    language, zone = request.param
    with translation.override(language), timezone.override(zone):
        yield language


def _takes(user: User, *levels: dict[str, int]) -> list[Attempt]:
    for n, level in enumerate(levels):
        answers = profile_answers(selectors.inventory(), level)
        complete_attempt(user, answers, days_ago=30 * (len(levels) - n), seed=n + 3)
    return list(Attempt.objects.filter(user=user).order_by("-completed_at"))


def _both(view: selectors.ResultView, attempt: Attempt, partnered: bool = True) -> str:
    context = {
        "view": view,
        "instrument": selectors.inventory_of(attempt),
        "screen": selectors.safety_screen(),
        "partnered": partnered,
    }
    drawn, reference = DRAWN.render(Context(context)), REFERENCE.render(Context(context))
    assert drawn == reference
    return drawn


def test_a_first_take_and_one_after_it(personas: Personas, where: str) -> None:
    takes = _takes(personas.carol, LEVELS, LATER)
    first = _both(selectors.result_view(takes[1], takes), takes[1], partnered=False)
    assert 'id="change-heading"' not in first
    latest = _both(selectors.result_view(takes[0], takes), takes[0])
    assert 'id="change-heading"' in latest and latest.count("<meter") == 4
    assert latest.count('<article class="card">') >= 1


def test_scales_short_of_answers(personas: Personas, where: str) -> None:
    instrument = selectors.inventory()
    answers = profile_answers(instrument, LEVELS)
    scale = instrument.scales[2].id
    sparse = {
        item.id: (None if item.scale_id in (scale, "self") else answers[item.id])
        for item in instrument.items
    }
    complete_attempt(personas.carol, sparse, days_ago=1, seed=9)
    (attempt,) = Attempt.objects.filter(user=personas.carol)
    view = selectors.result_view(attempt, [attempt])
    drawn = _both(view, attempt)
    needs = "Para puntuar hace" if where == "es" else "A score needs at least"
    assert needs in drawn


def test_a_flagged_take_and_statements_quoted_as_answered(personas: Personas, where: str) -> None:
    takes = _takes(personas.carol, LEVELS, LATER)
    other = "en" if where == "es" else "es"
    Attempt.objects.filter(pk=takes[0].pk).update(screen_flagged=True, language=other)
    takes = list(Attempt.objects.filter(user=personas.carol).order_by("-completed_at"))
    view = selectors.result_view(takes[0], takes)
    assert view.quoted_language == other
    drawn = _both(view, takes[0])
    assert f'<span lang="{other}">' in drawn


def test_words_to_escape_and_more_answers_than_four(personas: Personas, where: str) -> None:
    takes = _takes(personas.carol, LEVELS, LATER)
    view = selectors.result_view(takes[0], takes)
    result, change = view.result, view.change
    assert change is not None  # a take before it
    drivers = tuple(
        dataclasses.replace(d, text=f"{ODD} {n}", answer_label=ODD)
        for n, d in enumerate(result.explanation.drivers * 3)
    )
    scales = tuple(dataclasses.replace(s, name=f"{s.name} {ODD}") for s in result.scales)
    view = dataclasses.replace(
        view,
        result=dataclasses.replace(
            result,
            scales=scales,
            explanation=dataclasses.replace(result.explanation, drivers=drivers),
        ),
        change=dataclasses.replace(
            change, scales=tuple(dataclasses.replace(c, name=ODD) for c in change.scales)
        ),
        suggestions=Suggestions(
            ("self",),
            (Prompt("p", ODD, ("self",)),),
            (Practice("a", ODD, ODD, ("self",), 15, True), Practice("b", ODD, ODD, (), 5, False)),
        ),
        quoted_language='x"><b>',
    )
    drawn = _both(view, takes[0])
    assert "<script>" not in drawn and "<b>" not in drawn
    assert drawn.count("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;quoted") > 10
    assert len(drivers) > 4 and drawn.count('<ul class="drivers">') == 2  # the first four, the rest
    assert drawn.count('<span lang="x&quot;&gt;&lt;b&gt;">') == len(drivers)


BALANCE_WORDS = Template(
    (
        TEMPLATES.parent.parent / "frame" / "templates" / "includes" / "balance_words.html"
    ).read_text()
)


def test_the_balance_words_are_the_include_they_replaced(personas: Personas, where: str) -> None:
    """Every way the balance reads (a warning sign that stands out, more, about even, less;
    at and beside each edge, and with many decimals), as the page drew the include."""
    from interdepend.web.assessment.templatetags.resultwords import result_balance_words

    strong = {"self": 2, "bond": 2, "enmeshment": 7, "distance": 6}
    seen = set()
    for take in _takes(personas.carol, LEVELS, LATER, strong):
        result = selectors.result_view(take, [take]).result
        assert result.balance is not None
        for balance in (0.1, 0.9, 0.9000001, 0.95, 1.0, 1.0999, 1.1, 1.23456, 3.0, result.balance):
            shifted = dataclasses.replace(result, balance=balance)
            drawn = result_balance_words(shifted)
            assert drawn == BALANCE_WORDS.render(Context({"r": shifted}))
            seen.add((shifted.warning_sign_stands_out, "<details>" in drawn, drawn.split("\n")[0]))
    # A warning sign that stands out (no number), and each of the three readings with one.
    assert {(stands, number) for stands, number, _ in seen} == {(True, False), (False, True)}
    assert len({said for stands, _, said in seen if not stands}) == 3


@pytest.mark.system_ids  # ids of every letter, as production draws them
@pytest.mark.parametrize("prefix", ["/", "/interdepend/"])
def test_a_takes_addresses_are_those_reverse_gives(prefix: str) -> None:
    """Each address on the result page that holds the take's id (its map, the statements left
    out, the PDF), put together from its kept parts, is the one ``reverse`` gives, for ids of
    every letter an id may hold, under the site's root and under a prefix; an id of another
    shape is refused as ``reverse`` refuses it."""
    from django.urls import NoReverseMatch, reverse, set_script_prefix

    from interdepend.web.assessment.templatetags import resultparts
    from interdepend.web.frame.publicid import new_public_id

    ids = [new_public_id() for _ in range(200)] + ["A" * 22, "-" * 22, "_" * 22, "z9" * 11]
    set_script_prefix(prefix)
    try:
        for name in resultparts.TAKE_ADDRESSES:
            for public_id in ids:
                assert resultparts.take_url(name, public_id) == reverse(name, args=[public_id])
            for odd in ("short", "A" * 23, "<script>&\"'" + "A" * 10, ""):
                with pytest.raises(NoReverseMatch):
                    reverse(name, args=[odd])
                with pytest.raises(NoReverseMatch):
                    resultparts.take_url(name, odd)
    finally:
        set_script_prefix("/")


def test_the_result_page_reverses_no_address_of_its_take(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page named its map, its statements left out and its PDF through ``reverse`` on
    every view (30-40 µs each); they are put together from parts kept per map of addresses,
    made as a worker starts, and the page is the same."""
    import re

    import django.urls
    from django.urls import reverse

    from interdepend.web.assessment.templatetags import resultparts
    from tests.helpers import as_user

    instrument = selectors.inventory()
    answers = profile_answers(instrument, LEVELS)
    sparse = {
        item.id: (None if item.scale_id == instrument.scales[2].id else answers[item.id])
        for item in instrument.items
    }
    complete_attempt(personas.carol, sparse, days_ago=1, seed=9)
    (attempt,) = Attempt.objects.filter(user=personas.carol)
    client = as_user(personas.carol)
    page = reverse("assessment:results", args=[attempt.public_id])
    first = client.get(page).content.decode()
    reversed_with_id: list[str] = []
    real = django.urls.reverse

    def counting(name: str, *args: object, **kwargs: object) -> str:
        found = real(name, *args, **kwargs)  # type: ignore[arg-type]  # passed on as given
        if attempt.public_id in found:
            reversed_with_id.append(name)
        return found

    monkeypatch.setattr(django.urls, "reverse", counting)
    monkeypatch.setattr(resultparts, "reverse", counting)
    again = client.get(page).content.decode()
    assert reversed_with_id == []
    for name in resultparts.TAKE_ADDRESSES:
        assert f'"{real(name, args=[attempt.public_id])}"' in again

    def masked(text: str) -> str:
        return re.sub(r"[A-Za-z0-9]{64}", "TOKEN", text)

    assert masked(again) == masked(first)


@dataclasses.dataclass(frozen=True)
class _Flag:
    message: str
    resources: tuple[str, ...]


@dataclasses.dataclass(frozen=True)
class _Screen:
    flag: _Flag | None


def test_every_branch_of_the_page_drawn_in_python(personas: Personas, where: str) -> None:
    """The content block drawn in Python (``resultpage.result_page``) against the template it
    replaced, in every branch the template had: flagged or not, with the help lines set or
    not, the dynamic's words or the reworded ones, statements left out (one and several), the
    map or one axis short or both, a warning sign short, the balance or none, no answers that
    shaped it, a change across versions, no suggestions, a partner or none; every person's
    word and every word of ours from outside the code full of markup."""
    takes = _takes(personas.carol, LEVELS, LATER)
    base = selectors.result_view(takes[0], takes)
    result, change = base.result, base.change
    assert change is not None
    instrument = dataclasses.replace(selectors.inventory_of(takes[0]), not_a_diagnosis=ODD)
    screens = [_Screen(_Flag(ODD, (ODD, f"{ODD} 2"))), _Screen(None), selectors.safety_screen()]
    odd_result = dataclasses.replace(
        result,
        explanation=dataclasses.replace(
            result.explanation, dynamic_name=ODD, description=ODD, drivers=()
        ),
    )
    scored, axis, sign = result.scales[0], result.scales[1], result.scales[2]
    one_axis_short = (
        scored,
        dataclasses.replace(axis, score=None, name=ODD),
        *result.scales[2:],
    )
    both_short = (
        dataclasses.replace(scored, score=None),
        dataclasses.replace(axis, score=None),
        dataclasses.replace(sign, score=None),
        *result.scales[3:],
    )
    views = [
        dataclasses.replace(base, map_alt=ODD, left_out=1, self_protection=True),
        dataclasses.replace(
            base,
            result=dataclasses.replace(result, dynamic_id="enmeshed_leaning"),
            self_protection=True,
            left_out=7,
            suggestions=None,
        ),
        dataclasses.replace(
            base,
            result=dataclasses.replace(odd_result, scales=one_axis_short, balance=None),
            change=dataclasses.replace(change, across_versions=True),
            quoted_language="",
        ),
        dataclasses.replace(
            base,
            result=dataclasses.replace(odd_result, scales=both_short),
            change=None,
            previous=None,
        ),
    ]
    seen: set[str] = set()
    for flagged in (True, False):
        Attempt.objects.filter(pk=takes[0].pk).update(screen_flagged=flagged)
        attempt = Attempt.objects.get(pk=takes[0].pk)
        for view in views:
            view = dataclasses.replace(view, attempt=attempt)
            for screen in screens:
                for lines in ([], [ODD, "&amp; ‏שלום"]):
                    for partnered in (True, False):
                        context = {
                            "view": view,
                            "instrument": instrument,
                            "screen": screen,
                            "partnered": partnered,
                            "help_lines": lines,
                        }
                        drawn = DRAWN.render(Context(context))
                        assert drawn == REFERENCE.render(Context(context))
                        assert "<script>" not in drawn
                        for mark in (
                            'id="safety-heading"',
                            'class="help-lines">',
                            "help-lines-heading",
                            'id="why-heading"',
                            'id="change-heading"',
                            'id="grow-heading"',
                            "<img ",
                            'class="balance"',
                            "/left-out/",
                        ):
                            if mark in drawn:
                                seen.add(mark)
    assert len(seen) == 9, seen


def test_the_result_page_draws_its_own_part_without_the_template_engine(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page's content block was some forty template nodes, two includes and twenty-odd
    ``{% translate %}``s on every view (about 1.2 ms of a warm view at load 7: issue 15's
    sixteenth pass). A flagged take's page, the fullest, now draws none of them: no include,
    no fixed sentence of the page through the template engine, and it shows them all."""
    from django.template.loader_tags import IncludeNode
    from django.templatetags.i18n import TranslateNode
    from django.urls import reverse

    from tests.helpers import as_user

    takes = _takes(personas.carol, LEVELS, LATER)
    Attempt.objects.filter(pk=takes[0].pk).update(screen_flagged=True)
    included: list[str] = []
    translated: list[str] = []
    real_include, real_translate = IncludeNode.render, TranslateNode.render

    def include(node: IncludeNode, context: Context) -> str:
        included.append(str(node.template.var))
        return real_include(node, context)

    def translate(node: TranslateNode, context: Context) -> str:
        translated.append(str(node.filter_expression.var))
        return real_translate(node, context)

    client = as_user(personas.carol)
    page = reverse("assessment:results", args=[takes[0].public_id])
    monkeypatch.setattr(IncludeNode, "render", include)
    monkeypatch.setattr(TranslateNode, "render", translate)
    shown = client.get(page).content.decode()
    for words in ("Your safety comes first", "What your partner sees", "What next", "Your scales"):
        assert words in shown
        assert words not in translated
    assert not any("dynamic_words" in name or "help_lines" in name for name in included)
    assert "Download this as a PDF" in shown and "Download this as a PDF" not in translated
