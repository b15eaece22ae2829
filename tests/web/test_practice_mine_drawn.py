"""*Your practitioners* below its title, drawn in Python with its fixed text kept per language
(``practice/templatetags/mineparts.py``, issue 15's seventeenth pass): the page is the one the
old template drew, byte for byte, for any names, practices and record she may have; no fixed
sentence of the page goes through the template engine on a view; and what is kept holds nothing
of anyone."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.template import Context
from django.templatetags.i18n import TranslateNode
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interdepend.web.frame.warmup import warm_worker
from interdepend.web.practice.models import ClientLink, Consent, Practitioner, Scope
from interdepend.web.practice.templatetags import mineparts
from tests.conftest import Personas
from tests.web.test_practice_mine_page import _both, _signed_in

pytestmark = pytest.mark.django_db

#: Words a person may give herself or her practice: markup, quotes, template syntax,
#: right-to-left marks, accents and line ends.
WORDS = st.text(
    alphabet=st.sampled_from(list("ab <>&\"'{}%#é\u202e\u200fש\n")), min_size=1, max_size=24
)

#: The page's own fixed sentences, which a view used to translate through the engine.
FIXED = (
    "Your practitioners",
    "Who has looked at your data",
    "Have a code from a practitioner?",
    "Look up the invitation",
    "What you have shared, over time",
    "Only you see this list.",
    "Save what they may see",
    "Stop working with this practitioner here",
)


def _name_them(personas: Personas, named: str, practice: str) -> None:
    pat = personas.practice.pat
    pat.display_name = named
    pat.save(update_fields=["display_name"])
    Practitioner.objects.filter(user=pat).update(practice_name=practice)


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    named=WORDS,
    practice=st.one_of(st.just(""), WORDS),
    grants=st.lists(st.sampled_from([s.value for s in Scope]), max_size=6),
    language=st.sampled_from(["en", "es"]),
    zone=st.sampled_from(["UTC", "Pacific/Auckland", "America/St_Johns"]),
)
def test_the_page_is_the_old_template_for_any_names_and_record(
    personas: Personas, named: str, practice: str, grants: list[str], language: str, zone: str
) -> None:
    """Her practitioner's name and practice hostile or plain, a record of none to six more
    grants (each revoked at once, so the record grows while her ticks stay), in either
    language and three time zones: the page equals the old template's, byte for byte."""
    _name_them(personas, named, practice)
    link = ClientLink.objects.filter(client=personas.alice, ended_at__isnull=True).first()
    assert link is not None
    now = timezone.now()
    for n, scope in enumerate(grants):
        Consent.objects.create(
            link=link,
            scope=scope,
            granted_at=now - timedelta(days=n + 1),
            revoked_at=now - timedelta(days=n),
        )
    page = _both(_signed_in(personas.alice, language, zone), personas.alice)
    assert 'class="card"' in page and "<table>" in page


def test_no_fixed_sentence_of_the_page_goes_through_the_template_engine(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The content block was about forty template nodes (seven translated paragraphs and
    headings, two addresses, the record's head) on every view, about 0.3 ms of its 0.5 ms at
    load (issue 15's sixteenth pass). A page with a card and a record, and one with neither,
    now draw none of them through the engine, and show them all."""
    translated: list[str] = []
    real = TranslateNode.render

    def translate(node: TranslateNode, context: Context) -> str:
        translated.append(str(node.filter_expression.var))
        return real(node, context)

    warm_worker()
    for person, shown_words in (
        (personas.alice, FIXED),
        (personas.dave, (*FIXED[:4], "You are not connected with a practitioner.")),
    ):
        client: Client = _signed_in(person, "en", "UTC")
        monkeypatch.setattr(TranslateNode, "render", translate)
        page = client.get(reverse("practice:mine")).content.decode()
        monkeypatch.setattr(TranslateNode, "render", real)
        for words in shown_words:
            assert words.replace("'", "&#x27;") in page or words in page
            assert not any(words in said for said in translated), words


def test_what_is_kept_is_the_same_for_everyone_and_holds_nothing_of_hers(
    personas: Personas,
) -> None:
    """The kept text is keyed by language and map of addresses alone, made as a worker starts;
    drawing pages of hostile names for two people adds nothing to it and puts none of their
    words in it."""
    warm_worker()
    made = mineparts._fixed.cache_info().currsize
    kept_before = {key: dict(value) for key, value in _kept().items()}
    marker = "Marker-\u202e<b>who</b>"
    _name_them(personas, marker, marker)
    for person in (personas.alice, personas.dave):
        for language in ("en", "es"):
            _both(_signed_in(person, language, "UTC"), person)
    assert mineparts._fixed.cache_info().currsize == made
    kept = _kept()
    assert kept == kept_before
    assert not any(
        "Marker" in text for value in kept.values() for texts in value.values() for text in texts
    )


def _kept() -> dict[object, dict[str, tuple[str, ...]]]:
    """What ``_fixed`` holds, by its key (read through its wrapper's arguments)."""
    from django.urls import get_script_prefix
    from django.utils import translation

    from interdepend.web.frame.addresses import url_map

    found: dict[object, dict[str, tuple[str, ...]]] = {}
    for language in ("en", "es"):
        with translation.override(language):
            key = (language, get_script_prefix(), url_map())
            found[key] = mineparts._fixed(*key)
    return found


def test_the_template_draws_no_value_and_no_condition() -> None:
    """The content block is ``{% mine_body %}``, whose fixed text holds no loop, no value and
    no condition: only words and addresses, between markers."""
    from pathlib import Path

    folder = Path(mineparts.__file__).resolve().parent.parent / "templates" / "practice"
    source = (folder / "mine.html").read_text()
    assert "{% block content %}{% mine_body %}{% endblock %}" in source
    body = (folder / "_mine_body.html").read_text()
    assert "{% for" not in body and "{{" not in body and "{% if" not in body
    assert "{% csrf_token" not in body and body.count("{# part:csrf #}") == 1


def test_each_language_has_its_own_fixed_text_made_as_the_worker_starts() -> None:
    """Made for every language as a worker starts, never by a first view; each language's is
    its own, and the cards' addresses are the ones ``reverse`` writes."""
    from django.utils import translation

    mineparts._fixed.cache_clear()
    warm_worker()
    made = mineparts._fixed.cache_info().currsize
    assert made >= 2
    with translation.override("es"):
        spanish = mineparts._now()
    with translation.override("en"):
        english = mineparts._now()
    assert "Your practitioners" in english["body"][0] and spanish["body"] != english["body"]
    assert english["save"] != spanish["save"]
    link = "A" * 22
    for name in mineparts.CARD_ADDRESSES:
        before, after = english[name]
        assert f"{before}{link}{after}" == reverse(name, args=[link])
    assert mineparts._fixed.cache_info().currsize == made
