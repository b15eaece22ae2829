"""The days on the page of earlier questions, drawn in Python (``daily/templatetags/pastdays.py``,
issue 15's tenth pass), against the loop it replaced (``tests/web/reference/past_day.html``):
byte for byte, in English and Spanish and two time zones, for no day, one, a long list and
every kind of day (for her alone, shared and waiting, both open with and without a talk, a
question gone from the library), with words full of markup, ampersands, quotes, line breaks
and right-to-left text; and so are the couple's questions to talk about on the page of today's
question (``tests/web/reference/talk_item.html``)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.template import Context, Template
from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from hypothesis import given
from hypothesis import strategies as st

from interdepend.core.daily import question_by_id
from interdepend.web.accounts.models import User
from interdepend.web.daily import access
from interdepend.web.daily.access import PastDay
from interdepend.web.daily.models import DailyAnswer, TalkItem
from interdepend.web.daily.templatetags import pastdays
from interdepend.web.daily.templatetags.pastdays import past_days, talk_items
from interdepend.web.frame.templatetags.usertext import isolate
from tests.conftest import Personas
from tests.helpers import active_partnership, as_user

pytestmark = pytest.mark.django_db

REFERENCE = (Path(__file__).parent / "reference" / "past_day.html").read_text()
CSRF = "tok3n<&\"'>"
TEXTS = [
    "Plain words.",
    "<script>alert('x')</script>",
    'Tom & "Jerry"\nsecond line\r\nthird',
    "מרים אמרה\n\nשלום",
    "ليلى & Ben\u202e",
]


@pytest.fixture(params=[("en", "UTC"), ("es", "Pacific/Auckland")])
def where(request: pytest.FixtureRequest) -> Iterator[str]:
    language, zone = request.param
    with translation.override(language), timezone.override(zone):
        yield language


def days_of(user: User, count: int, partnership_id: int) -> list[PastDay]:
    """``count`` days of every kind in turn, newest first."""
    found = []
    start = date(2026, 11, 30)
    for n in range(count):
        kind = n % 6
        day = start - timedelta(days=n)
        mine = DailyAnswer(
            owner=user,
            partnership_id=None if kind == 0 else partnership_id,
            day=day,
            question_id="zz99" if kind == 5 else "o001",
            text=f"{TEXTS[n % len(TEXTS)]} {n}",
        )
        theirs = None
        if kind in (2, 3, 5):
            theirs = DailyAnswer(day=day, question_id="o001", text=TEXTS[(n + 1) % len(TEXTS)])
        language = translation.get_language()
        found.append(
            PastDay(
                mine=mine,
                question=question_by_id(mine.question_id, language),
                theirs=theirs,
                talk=kind == 3,
                waiting=kind == 4,
            )
        )
    return found


def both(user: User, days: list[PastDay]) -> tuple[str, str]:
    context = {"days": days, "csrf_token": CSRF, "user": user}
    reference = Template("{% load i18n %}" + REFERENCE).render(Context(context))
    return str(past_days(Context(context), days)), reference


@pytest.mark.parametrize("count", [0, 1, 6, 40])
def test_the_days_are_the_template_they_replaced(
    personas: Personas, where: str, count: int
) -> None:
    active_id = personas.alice.memberships.get(is_active=True).partnership_id
    drawn, reference = both(personas.alice, days_of(personas.alice, count, active_id))
    assert drawn == reference
    assert drawn.count('<li class="card">') == count


def test_words_and_the_token_are_escaped_as_the_template_escaped_them(
    personas: Personas, where: str
) -> None:
    active_id = personas.alice.memberships.get(is_active=True).partnership_id
    drawn, reference = both(personas.alice, days_of(personas.alice, 12, active_id))
    assert drawn == reference
    assert "<script>" not in drawn and "&lt;script&gt;alert(&#x27;x&#x27;)" in drawn
    assert "Tom &amp; &quot;Jerry&quot;<br>second line<br>third" in drawn
    assert "\u202e" not in drawn
    assert 'value="tok3n&lt;&amp;&quot;&#x27;&gt;"' in drawn
    assert drawn.count('name="back" value="past"') == 4  # both open, not on the list yet


def test_the_list_looks_its_form_s_address_up_once(
    personas: Personas, where: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Forty days, thirteen with a form to put the day on the list: the address is looked up once
    for the list (once a form, it cost 0.04 ms each: issue 15's eleventh pass), each form's
    address the one Django gives for its answer."""
    active_id = personas.alice.memberships.get(is_active=True).partnership_id
    days = days_of(personas.alice, 40, active_id)
    asked: list[object] = []
    real = reverse

    def counted(*args: Any, **kwargs: Any) -> str:
        asked.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(pastdays, "reverse", counted)
    drawn, reference = both(personas.alice, days)
    assert drawn == reference
    forms = [d for d in days if d.theirs and not d.talk]
    assert len(forms) == 13
    for day in forms:
        assert f'action="{real("daily:talk", args=[day.mine.public_id])}"' in drawn
    assert len(asked) == 1


def test_the_page_lists_her_days(personas: Personas) -> None:
    body = as_user(personas.alice).get(reverse("daily:past")).content.decode()
    for answer in DailyAnswer.objects.filter(owner=personas.alice):
        assert answer.text in body or "&" in answer.text
    assert (
        body.count('<li class="card">') == DailyAnswer.objects.filter(owner=personas.alice).count()
    )


TALK_REFERENCE = (Path(__file__).parent / "reference" / "talk_item.html").read_text()


def talks_of(partnership_id: int, count: int) -> list[TalkItem]:
    """``count`` questions to talk about, talked about and not in turn, on days of this year
    and the last (written with their year), one no longer in the library."""
    today = timezone.localdate()
    return [
        TalkItem(
            partnership_id=partnership_id,
            day=today - timedelta(days=40 * n),
            question_id="zz99" if n == 2 else f"t{n % 9 + 1:03d}",
            talked_at=timezone.now() - timedelta(days=n) if n % 2 else None,
        )
        for n in range(count)
    ]


@pytest.mark.parametrize("count", [0, 1, 5, access.TALKS_SHOWN])
def test_the_questions_to_talk_about_are_the_template_they_replaced(
    personas: Personas, where: str, count: int
) -> None:
    active_id = personas.alice.memberships.get(is_active=True).partnership_id
    talks = talks_of(active_id, count)
    context = {"talks": talks, "csrf_token": CSRF, "user": personas.alice}
    reference = Template("{% load i18n %}" + TALK_REFERENCE).render(Context(context))
    drawn = str(talk_items(Context(context), talks))
    assert drawn == reference
    assert drawn.count("<li") == count
    assert drawn.count('name="done" value="no"') == count // 2
    assert drawn.count('<p class="talk-question"></p>') == (count > 2)  # gone from the library
    assert 'value="tok3n&lt;&amp;&quot;&#x27;&gt;"' in drawn or not count


@pytest.mark.parametrize("count", [0, 1, 5, access.TALKS_SHOWN, access.TALKS_SHOWN + 6])
def test_the_list_to_talk_about_is_read_as_values_equal_to_its_model_rows(
    personas: Personas, where: str, count: int
) -> None:
    """The couple's list is read as plain values (a model row cost about five times as much
    to make): each row has the model row's values and question, in the same order, and the
    list on the question for today's page and on the couple view is drawn the same from
    either, in English and Spanish."""
    from django.db.models import F

    alice = personas.alice
    active = active_partnership(alice)
    TalkItem.objects.filter(partnership_id=active.partnership.pk).delete()
    made = talks_of(active.partnership.pk, count)
    for n, item in enumerate(made):  # days apart, some on the same moment talked about
        item.day -= timedelta(days=n)
    TalkItem.objects.bulk_create(made)
    rows = access.talk_list(active)
    models = list(
        TalkItem.objects.filter(partnership_id=active.partnership.pk).order_by(
            F("talked_at").desc(nulls_first=True), "-day"
        )[: access.TALKS_SHOWN]
    )
    assert len(rows) == min(count, access.TALKS_SHOWN)
    columns = (*access.TALK_COLUMNS, "question_text")
    assert [tuple(getattr(r, c) for c in columns) for r in rows] == [
        tuple(getattr(m, c) for c in columns) for m in models
    ]
    context = {"csrf_token": CSRF, "user": alice}
    assert str(talk_items(Context({**context, "talks": rows}), rows)) == str(
        talk_items(Context({**context, "talks": models}), models)
    )
    if models:
        assert access.talk_on(active, models[0].day, rows)


@given(
    st.text(
        alphabet=st.sampled_from(
            [
                "a",
                "é",
                " ",
                "\n",
                "\r",
                "<",
                ">",
                "&",
                '"',
                "'",
                "%",
                "{",
                "\u202e",
                "\u2066",
                "\u200b",
                "ש",
            ]
        ),
        max_size=40,
    )
    | st.text(max_size=40)
)
def test_her_words_are_written_as_isolate_and_linebreaksbr_wrote_them(text: str) -> None:
    """``_words_of`` (issue 15's seventeenth pass) against the two filters it replaced, for
    every kind of line break, markup and invisible character, and for words marked safe."""
    for words in (text, mark_safe(text)):
        assert pastdays._words_of(words) == str(linebreaksbr(isolate(words), autoescape=True))


@pytest.mark.parametrize("prefix", ["/", "/under/a/prefix/"])
def test_the_list_to_talk_about_writes_each_address_as_reverse_does(
    personas: Personas, prefix: str
) -> None:
    """Each question's form posts where ``reverse`` says, with the address's parts kept per
    prefix and URL map (issue 15's twenty-sixth pass: it was reversed on every view), under a
    script prefix too; a first id of another shape is still reversed, and refused, as before."""
    from django.urls import NoReverseMatch, get_script_prefix, set_script_prefix

    active_id = personas.alice.memberships.get(is_active=True).partnership_id
    talks = talks_of(active_id, 5)
    context = {"talks": talks, "csrf_token": CSRF, "user": personas.alice}
    was = get_script_prefix()
    set_script_prefix(prefix)
    try:
        drawn = str(talk_items(Context(context), talks))
        for item in talks:
            assert f'action="{reverse("daily:talked", args=[item.public_id])}"' in drawn
        assert drawn.count(f'action="{prefix}') == len(talks)
        odd = talks_of(active_id, 2)
        odd[0].public_id = "not/an id"
        with pytest.raises(NoReverseMatch):
            talk_items(Context(context), odd)
    finally:
        set_script_prefix(was)
