"""Every word a person reads is marked for translation: the whole app walked in a made-up
language whose every translation is the English inside ⟦ ⟧ (see :mod:`tests.pseudo`).

A word outside the brackets on any page a role can open, in the PDF reports, in an e-mail or a
notification was never marked for translation, or ``django.po`` is out of date (run the
``makemessages`` line in docs/translating.md). What people wrote is left out: the pages show it
inside ``<bdi>`` (the ``isolate`` filter) or a ``user-text`` element.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation

from interdepend.web.accounts.models import User
from interdepend.web.assessment.models import Attempt
from tests import pseudo_web
from tests.conftest import Personas
from tests.helpers import as_user
from tests.pseudo import (
    PSEUDO,
    page_texts,
    unmarked,
    unmarked_words,
)
from tests.security.policy import POLICY

pytestmark = pytest.mark.django_db

pseudo = pseudo_web.pseudo  # the made-up language, as a fixture

#: The roles whose pages are walked, in two halves of about the same work.
HALVES = {
    "visitor-and-couple": ("anonymous", "partner", "partner-b"),
    "alone-and-practitioners": ("owner-alone", "ex-partner", "practitioner", "staff"),
}


def _client(personas: Personas, role: str) -> Client:
    client = Client() if role == "anonymous" else as_user(personas.by_role()[role])
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = PSEUDO
    return client


#: Pages whose language is in their address, never read from a cookie or a person (the
#: service worker fetches the offline page without cookies): walked in each of their looks.
LANGUAGE_IN_ADDRESS = {"frame:offline": ("?lang={}", "?look=neutral&lang={}")}


def _asked(name: str, url: str, pseudo: str, roles: tuple[str, ...]) -> list[tuple[str, str]]:
    queries = [q.format(pseudo) for q in LANGUAGE_IN_ADDRESS.get(name, ("",))]
    return [(role, f"{url}{query}") for role in roles for query in queries]


def _everyone_reads_pseudo() -> None:
    User.objects.update(language=PSEUDO)
    Attempt.objects.update(language=PSEUDO)


def test_the_made_up_language_writes_every_hour_in_figures(pseudo: str) -> None:
    """A walk at noon once failed: Django's default formats write 12:00 as "noon"."""
    from datetime import datetime

    from django.template.defaultfilters import date

    with translation.override(pseudo):
        for hour in (0, 12, 15):
            shown = date(datetime(2026, 12, 1, hour, 0), "SHORT_DATETIME_FORMAT")
            assert re.fullmatch(r"[0-9: -]+", shown), shown


@pytest.mark.parametrize("half", HALVES)
def test_every_page_is_marked_for_translation(personas: Personas, pseudo: str, half: str) -> None:
    _everyone_reads_pseudo()
    found: dict[str, set[str]] = defaultdict(set)
    pages = 0
    for name, row in POLICY.items():
        url = reverse(name, kwargs=row.kwargs(personas))
        for role, asked in _asked(name, url, pseudo, HALVES[half]):
            response = _client(personas, role).get(asked)
            kind = response.headers.get("Content-Type", "")
            if response.status_code != 200 or not kind.startswith("text/html"):
                continue
            pages += 1
            for text in unmarked(response.content.decode(), frozenset({"Pseudo"})):
                found[text].add(f"{name} as {role}")
    print(f"\npseudo-language walk, {half}: {pages} pages, {len(found)} unmarked texts")
    report = [f"{text!r}  ({', '.join(sorted(where)[:2])})" for text, where in found.items()]
    assert not found, "words not marked for translation:\n" + "\n".join(sorted(report))


SOURCE = Path(__file__).resolve().parents[2] / "src/interdepend/web"
_BLOCK = re.compile(r"{%\s*blocktrans(?:late)?\b.*?{%\s*endblocktrans(?:late)?\s*%}", re.S)
_COMMENT = re.compile(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}|{#.*?#}", re.S)
_TAG = re.compile(r"{%.*?%}|{{.*?}}", re.S)
_TAG_NAME = re.compile(r"(</?){{.*?}}")


def test_no_template_holds_words_outside_a_translation() -> None:
    """What the walk cannot open (an error page, a fragment only some states show, a mail):
    every template's own text, once its translated blocks and its tags are taken out, holds no
    word. An element named by a variable (``<{{ h }} id=...>``) still reads as an element."""
    found = {}
    templates = sorted(p for p in SOURCE.rglob("templates/**/*") if p.suffix in (".html", ".txt"))
    for path in templates:
        text = _BLOCK.sub(" ", _COMMENT.sub(" ", path.read_text()))
        text = _TAG.sub(" ", _TAG_NAME.sub(r"\1x", text))
        texts = [text] if path.suffix == ".txt" else page_texts(text)
        words = [w for t in texts for w in unmarked_words(t)]
        if words:
            found[str(path.relative_to(SOURCE))] = words[:6]
    print(f"\ntemplates: {len(templates)} read, {len(found)} with unmarked words")
    assert not found, found


def test_the_check_finds_a_word_left_unmarked() -> None:
    page = "<p>⟦Hello ⟦there⟧⟧, Ana</p><p title='Open'>⟦Fine⟧</p><bdi>Bo</bdi><p>12 · 3</p>"
    assert unmarked_words("⟦Hello ⟦there⟧⟧, x 12") == []
    assert unmarked(page) == [", Ana Open"]
    assert unmarked("<p>⟦Fine⟧</p><bdi>Bo</bdi><p class='user-text'>Mine</p>") == []


def test_the_reports_are_marked(personas: Personas, pseudo: str) -> None:
    from pypdf import PdfReader

    _everyone_reads_pseudo()
    import io

    alice = _client(personas, "partner")
    urls = {
        "person": reverse("assessment:report", kwargs={"attempt_id": personas.finished_attempt_id}),
        "couple": reverse("couple:report"),
    }
    found = {}
    for kind, url in urls.items():
        response = alice.get(url)
        assert response.status_code == 200, kind
        text = " ".join(
            page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages
        )
        allowed = frozenset({"Alice", "Bob"})
        left = unmarked_words(text.replace("\n", " "), allowed)
        if left:
            found[kind] = sorted(set(left))
    assert not found, found


def test_mail_and_notifications_are_marked(
    personas: Personas, pseudo: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _everyone_reads_pseudo()
    from interdepend.web.accounts.push import words_for
    from interdepend.web.together import reminders

    monkeypatch.setattr(reminders, "in_reminder_hours", lambda *_: True)  # due now, any day
    mail.outbox.clear()
    Client().post(reverse("accounts:password_reset"), {"email": personas.alice.email})
    reminders.reminder_set(user=personas.erin, on=True)  # erin has no check-in this week
    assert reminders.reminders_send() == 1
    assert len(mail.outbox) == 2
    left = []
    for message in mail.outbox:
        body = re.sub(r"\S+://\S+", " ", str(message.body))
        for person in (personas.alice, personas.erin):
            body = body.replace(person.email, "").replace(person.display_name, "")
        left += unmarked_words(f"{message.subject} {body}")
    with translation.override(PSEUDO):
        words = words_for("interdepend")
    left += unmarked_words(json.dumps(words.payload(), ensure_ascii=False).replace("title", ""))
    assert not [w for w in left if w not in {"body"}], left
