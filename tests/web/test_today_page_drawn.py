"""The page of today's question under its heading, drawn in Python
(``daily/templatetags/pastdays.py``'s ``today_body``, issue 15's fifteenth pass), against the
template it replaced (kept in ``tests/web/reference/daily/today.html``): byte for byte, in
English and Spanish and two time zones, for a person alone, linked with a question for two and
one for her alone, an answer given while linked to a partnership since ended (a question for two
and not), with no answer, a first answer sent empty, her answer saved, being changed, and both
answers open (on the couple's list and not), with no questions to talk about, one and a full
list, and words and a partner's name full of markup, ampersands, quotes, line breaks and
right-to-left text."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.template import Context, Template
from django.test import Client
from django.utils import timezone, translation

from interdepend.core.daily import load_questions
from interdepend.web.daily import access
from interdepend.web.daily.access import Today
from interdepend.web.daily.forms import AnswerForm
from interdepend.web.daily.models import DailyAnswer
from interdepend.web.partners.access import access_active_partnership
from tests.conftest import Personas
from tests.helpers import as_user
from tests.web.test_past_days import talks_of

pytestmark = pytest.mark.django_db

HERE = Path(__file__).parent
SRC = HERE.parent.parent / "src" / "interdepend" / "web" / "daily" / "templates" / "daily"
CSRF = "tok3n<&\"'>"
ODD = "<script>alert('x')</script> & \"tea\"\nשלום\r\n\nend \u202e"
ODD_NAME = 'Bo<b>"b"</b> & \u0645\u0631\u062d\u0628\u0627'


def _own_part(source: str) -> Template:
    """A page's template without its ``{% extends %}``: its own blocks, as the page draws them."""
    return Template(source.replace('{% extends "base.html" %}', "", 1))


OLD = _own_part((HERE / "reference" / "daily" / "today.html").read_text())
NEW = _own_part((SRC / "today.html").read_text())


@pytest.fixture(params=[("en", "UTC"), ("es", "Pacific/Auckland")])
def where(request: pytest.FixtureRequest) -> Iterator[str]:
    language, zone = request.param
    with translation.override(language), timezone.override(zone):
        yield language


def _question(for_two: bool, language: str) -> object:
    return next(q for q in load_questions(language=language) if q.for_two is for_two)


def _states(personas: Personas, language: str) -> Iterator[tuple[str, dict[str, object]]]:
    """Every state of the page's own part, each with a name."""
    personas.bob.display_name = ODD_NAME
    active = access_active_partnership(personas.alice)
    assert active is not None
    active.partner.display_name = ODD_NAME
    day = timezone.localdate()
    ours = active.partnership.pk
    for q_two in (True, False):
        question = _question(q_two, language)
        for who, linked, given_in in (
            ("alone", None, None),
            ("linked", active, ours),
            ("ended", None, ours + 1000),
            ("linked-before", active, ours + 1000),
        ):
            answers: list[DailyAnswer | None] = [
                None,
                DailyAnswer(owner=personas.alice, partnership_id=given_in, day=day, text=ODD),
            ]
            for mine in answers:
                theirs_kinds: list[DailyAnswer | None] = [None]
                if mine is not None and linked is not None and q_two:
                    theirs_kinds.append(DailyAnswer(owner=personas.bob, day=day, text=ODD * 30))
                for theirs in theirs_kinds:
                    today = Today(day, question, linked, mine, theirs)  # type: ignore[arg-type]
                    for editing in (False, True):
                        for sent in (None, {"text": "  "}):
                            if sent is not None and (mine is None) is editing:
                                continue
                            initial = {"text": mine.text if mine else ""}
                            form = AnswerForm(sent, initial=initial)
                            for count in (0, 1, access.TALKS_SHOWN) if linked else (0,):
                                for on_list in (False, True):
                                    talks = talks_of(ours, count)
                                    context = {
                                        "today": today,
                                        "form": form,
                                        "editing": editing,
                                        "talks": talks,
                                        "on_list": on_list,
                                        "csrf_token": CSRF,
                                        "user": personas.alice,
                                    }
                                    name = (
                                        f"{who} two={q_two} mine={mine is not None} "
                                        f"theirs={theirs is not None} editing={editing} "
                                        f"sent={sent is not None} talks={count} listed={on_list}"
                                    )
                                    yield name, context


def test_the_page_is_the_template_it_replaced(personas: Personas, where: str) -> None:
    seen = set()
    for name, context in _states(personas, where):
        old, new = OLD.render(Context(context)), NEW.render(Context(context))
        assert new == old, name
        seen.add(new)
    assert len(seen) > 40
    # What the states show, so that the comparison compares something.
    every = "".join(seen)
    for shown in (
        'class="answers"',
        "?change=1",
        'name="day"',
        'role="alert"',
        'class="talk-list"',
        "&lt;script&gt;alert(&#x27;x&#x27;)",
        "<bdi>Bo&lt;b&gt;&quot;b&quot;&lt;/b&gt; &amp; \u0645\u0631\u062d\u0628\u0627</bdi>",
        'value="tok3n&lt;&amp;&quot;&#x27;&gt;"',
    ):
        assert shown in every, shown
    # Her words in a <bdi> lose the override character; in her answer's box they stay hers.
    assert "<script>" not in every and "\u202e</bdi>" not in every and "end </p>" not in every


def test_the_page_draws_the_part_for_the_person_who_opens_it(
    personas: Personas, where: str
) -> None:
    """Through the view, for each of the couple and the person alone: the page holds the part
    the old template draws from the same context."""
    for person in (personas.alice, personas.bob, personas.carol):
        client: Client = as_user(person)
        for response in (client.get("/today/"), client.get("/today/?change=1")):
            context: dict[str, object] = {}
            for layer in response.context:
                context.update(layer.flatten())  # type: ignore[union-attr]
            context["user"] = person
            old = OLD.render(Context(context))
            assert NEW.render(Context(context)) == old
            assert old.split("</h1>", 1)[1].strip()[:200] in response.content.decode()
    client = as_user(personas.alice)
    response = client.post("/today/", {"text": "", "day": timezone.localdate().isoformat()})
    assert response.status_code == 400
    context = {}
    for layer in response.context:
        context.update(layer.flatten())  # type: ignore[union-attr]
    context["user"] = personas.alice
    assert NEW.render(Context(context)) == OLD.render(Context(context))
