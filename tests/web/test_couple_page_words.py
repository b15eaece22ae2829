"""The couple page's sentences that name the two or date their results are written in Python
(``couple/templatetags/couplewords.py``), where the template had ``{% blocktranslate %}``
blocks: the page is the same, byte for byte, as the one the old template drew (kept as
``tests/web/reference/couple/couple.html``), in English and Spanish, in two time zones either
side of the date line, with names full of markup, an ampersand, quotes and right-to-left text,
in every state of her part: nothing finished, a result to share, one shared and the view
still closed, the view open, and a newer result than the one shared. The view's body (the map's
description and the headings of how each sees the other) is held to its own reference by
``tests/web/test_couple_lists.py``."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from interdepend.web.accounts.models import User
from interdepend.web.accounts.services import user_create
from interdepend.web.assessment import selectors as assessment
from interdepend.web.assessment.demo import complete_attempt, profile_answers
from interdepend.web.assessment.models import Attempt
from interdepend.web.partners import services as partners
from tests.conftest import PASSWORD
from tests.helpers import as_user
from tests.web.referencepages import same_as_reference

pytestmark = pytest.mark.django_db

_HERE = Path(__file__).parent / "reference"
#: The page as its old template drew it, with the templates it included as they were: the body
#: (``couple_view_body.html``) and the card for sharing her latest result (``share_latest.html``),
#: both drawn in Python since (``couple/templatetags/couplepage.py``).
_BODY = '{% include "couple/_view_body.html" %}'
_SHARE = '{% include "couple/_share_latest.html" with latest=me.latest shared=me.revealed %}'
_PAGE = (_HERE / "couple" / "couple.html").read_text()
assert _BODY in _PAGE and _SHARE in _PAGE
REFERENCE = _PAGE.replace(_BODY, (_HERE / "couple_view_body.html").read_text()).replace(
    _SHARE,
    "{% with latest=me.latest shared=me.revealed %}"
    + (_HERE / "couple" / "share_latest.html").read_text()
    + "{% endwith %}",
)
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')
HERS = "<script>alert('k')</script> & \"Kim\""
HIS = "מריה \u202e'Lee'\u202c & <b>"
LEVELS = {"self": 6, "bond": 3, "enmeshment": 2, "distance": 6}


def _couple() -> tuple[User, User]:
    kim = user_create(email="kim@example.test", password=PASSWORD, display_name=HERS)
    lee = user_create(email="lee@example.test", password=PASSWORD, display_name=HIS)
    invitation = partners.invitation_create(inviter=kim)
    partners.invitation_accept(invitation=invitation.invitation, user=lee)
    return kim, lee


def _finish(person: User, days_ago: int) -> Attempt:
    answers = profile_answers(assessment.inventory(), LEVELS)
    attempt = complete_attempt(person, answers, days_ago=days_ago, seed=days_ago)
    # At an hour that is another day on the other side of the date line.
    moment = timezone.now().replace(hour=11, minute=30) - timedelta(days=days_ago)
    Attempt.objects.filter(pk=attempt.pk).update(completed_at=moment)
    return attempt


def _same(user: User, language: str, zone: str) -> str:
    """Her couple page, and the old template drawn with the same context: equal."""
    user.language, user.time_zone = language, zone
    user.save(update_fields=["language", "time_zone"])
    response = as_user(user).get(reverse("couple:home"))
    assert response.status_code == 200
    keys = ("active", "me", "view", "talks", "care")
    return same_as_reference(response, REFERENCE, keys, language, zone, TOKEN)


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_page_is_the_one_the_old_template_drew_in_every_state(language: str) -> None:
    kim, lee = _couple()
    zones = ("Pacific/Kiritimati", "Pacific/Pago_Pago")
    pages = []
    for zone in zones:
        pages.append(_same(kim, language, zone))  # nothing finished
    _finish(kim, 40)
    for zone in zones:
        pages.append(_same(kim, language, zone))  # a result to share
    as_user(kim).post(reverse("couple:reveal"), {"password": PASSWORD})
    for zone in zones:
        pages.append(_same(kim, language, zone))  # shared, the view still closed
    _finish(lee, 3)
    as_user(lee).post(reverse("couple:reveal"), {"password": PASSWORD})
    for zone in zones:
        opened = _same(kim, language, zone)  # open
        assert "&lt;script&gt;" in opened and "<bdi>" in opened
        pages.append(opened)
        pages.append(_same(lee, language, zone))
    _finish(kim, 1)
    for zone in zones:
        pages.append(_same(kim, language, zone))  # a newer result than the one shared
    # Each state drew a page of its own, and once a result is dated, each zone too.
    assert len(set(pages)) == len(pages) - 1 and pages[0] == pages[1]
