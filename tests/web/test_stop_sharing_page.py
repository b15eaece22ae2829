"""*Choose what to stop sharing* writes its named and counted words in Python
(``couple/templatetags/stopwords.py``), where the template had four
``{% blocktranslate trimmed %}`` blocks, and builds no form on a GET: the page is the same, byte
for byte, as the one the old template drew with an unbound form (kept as
``tests/web/reference/couple/stop_sharing.html``), in English and Spanish, in two time zones,
with a partner's name full of markup, an ampersand, quotes and right-to-left text, with one
thing shared of each kind, many, none, and no partner; a form sent with nothing ticked still
says why, as it did."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.template import engines
from django.urls import reverse
from django.utils import timezone, translation

from interdepend.web.accounts.models import User
from interdepend.web.couple.forms import StopSharingForm
from interdepend.web.journal.models import Entry
from interdepend.web.together.models import CheckIn
from tests.conftest import Personas
from tests.helpers import Response, as_user

pytestmark = pytest.mark.django_db

REFERENCE = (Path(__file__).parent / "reference" / "couple" / "stop_sharing.html").read_text()
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')
HOSTILE = "<script>alert('x')</script> & \"Bo\" 'Bea' \u202eשלום"


def _same(user: User, language: str, zone: str, response: Response | None = None) -> str:
    """Her page (or ``response``, a form sent), and the old template drawn with the same
    context and the form the old view built, in her language and zone: equal."""
    user.language, user.time_zone = language, zone
    user.save(update_fields=["language", "time_zone"])
    if response is None:
        response = as_user(user).get(reverse("couple:stop_sharing"))
        assert response.status_code == 200
        assert response.context["form"] is None  # a GET builds none
        form = StopSharingForm()
    else:
        form = response.context["form"]
    context = {"active": response.context["active"], "sharing": response.context["sharing"]}
    with translation.override(language), timezone.override(zone):
        before = (
            engines["django"]
            .from_string(REFERENCE)
            .render({**context, "form": form}, response.wsgi_request)
        )
    page = TOKEN.sub("TOKEN", response.content.decode())
    assert page == TOKEN.sub("TOKEN", before)
    return page


def _share(user: User, entries: int, checkins: int) -> None:
    for n in range(entries):
        Entry.objects.create(owner=user, body=b"", idem_key=f"stop-{n}", shared_with_partner=True)
    CheckIn.objects.filter(owner=user).update(shared=False)
    for checkin in CheckIn.objects.filter(owner=user).order_by("pk")[:checkins]:
        checkin.shared = True
        checkin.save(update_fields=["shared"])


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("zone", ["Pacific/Kiritimati", "America/Los_Angeles"])
def test_the_page_is_the_one_the_old_template_drew(
    personas: Personas, language: str, zone: str
) -> None:
    alice, bob = personas.alice, personas.bob
    bob.display_name = HOSTILE
    bob.save(update_fields=["display_name"])
    page = _same(alice, language, zone)
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    assert page.count("<bdi>") >= 2
    _share(alice, 0, 0)
    Entry.objects.filter(owner=alice).update(shared_with_partner=False)
    nothing = _same(alice, language, zone)
    assert 'name="entries"' not in nothing and 'name="checkins"' not in nothing


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize(("entries", "checkins"), [(1, 1), (3, 2), (1204, 0)])
def test_each_count_is_written_as_the_template_wrote_it(
    personas: Personas, language: str, entries: int, checkins: int
) -> None:
    alice = personas.alice
    Entry.objects.filter(owner=alice).update(shared_with_partner=False)
    if not CheckIn.objects.filter(owner=alice).exists() and checkins:
        pytest.fail("the personas give Alice check-ins")
    _share(alice, entries, checkins)
    page = _same(alice, language, "Europe/Madrid")
    assert ('name="entries"' in page) == bool(entries)
    assert f"{entries} " in page or entries == 1


@pytest.mark.parametrize("language", ["en", "es"])
def test_someone_alone_and_a_form_sent_empty(personas: Personas, language: str) -> None:
    carol = personas.carol
    _same(carol, language, "UTC")
    alice = personas.alice
    alice.language = language
    alice.save(update_fields=["language"])
    sent = as_user(alice).post(reverse("couple:stop_sharing"), {})
    assert sent.status_code == 400
    page = _same(alice, language, "UTC", sent)
    with translation.override(language):
        assert translation.gettext("Tick at least one thing to stop sharing.") in page
