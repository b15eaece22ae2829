"""The results list's table of earlier takes, drawn in Python
(``assessment/templatetags/takes.py``), against the template it replaced (issue 15's ninth
pass): byte for byte, in English and Spanish and in two time zones, with a take of the first
version, two takes on one day, a scale with no score, and names that need escaping."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from interdepend.core.instrument import Instrument, load_builtin
from interdepend.web.accounts.models import User
from interdepend.web.assessment import selectors
from interdepend.web.assessment.access import own_attempt_dates
from interdepend.web.assessment.demo import complete_attempt, profile_answers
from interdepend.web.assessment.models import Attempt
from interdepend.web.assessment.templatetags.takes import takes_table
from interdepend.web.assessment.views import _taken
from tests.conftest import Personas

pytestmark = pytest.mark.django_db

#: ``assessment/overview.html``'s table as it was before it was drawn in Python: the reference.
REFERENCE = (Path(__file__).parent / "reference" / "takes.html").read_text().rstrip("\n")
LEVELS = {"self": 5, "bond": 4, "enmeshment": 3, "distance": 2}


@pytest.fixture(params=[("en", "UTC"), ("es", "Pacific/Auckland")])
def where(request: pytest.FixtureRequest) -> Iterator[str]:
    language, zone = request.param
    with translation.override(language), timezone.override(zone):
        yield language


def _takes(user: User) -> list[Attempt]:
    """Three finished takes and one begun: one of the first version, two on one day (the second
    with a scale left without a score), and a take not finished, which the table leaves out."""
    first = load_builtin("interdependence_inventory_v1")
    complete_attempt(user, profile_answers(first, LEVELS), days_ago=90, seed=5, instrument=first)
    answers = profile_answers(selectors.inventory(), LEVELS)
    one = complete_attempt(user, answers, days_ago=3, seed=6)
    two = complete_attempt(user, answers, days_ago=3, seed=7)
    assert one.completed_at is not None
    Attempt.objects.filter(pk=two.pk).update(completed_at=one.completed_at + timedelta(hours=2))
    snapshot = dict(two.snapshot)
    snapshot["scores"] = {k: v for k, v in snapshot["scores"].items() if k != "distance"}
    Attempt.objects.filter(pk=two.pk).update(snapshot=snapshot)
    from interdepend.web.assessment import services

    services.attempt_start(user=user, instrument=selectors.inventory())
    return own_attempt_dates(user, selectors.INVENTORY_IDS)


def _both(instrument: Instrument, attempts: list[Attempt]) -> tuple[str, str]:
    taken = _taken(attempts, instrument)
    here = sum(a.is_complete and a.instrument_id == instrument.id for a in attempts)
    context = {"instrument": instrument, "taken": taken, "finished_here": here}
    reference = Template("{% load i18n %}" + REFERENCE).render(Context(context))
    return str(takes_table(instrument, taken, here)), reference


def test_the_table_is_the_template_it_replaced(personas: Personas, where: str) -> None:
    attempts = _takes(personas.carol)
    instrument = selectors.inventory()
    drawn, reference = _both(instrument, attempts)
    assert drawn == reference
    assert drawn.count('<tr><th scope="row">') == 3
    assert drawn.count('<span class="hint"> *</span>') == 1  # the first version's take
    assert "<td>—</td>" in drawn  # the scale left without a score
    days = re.findall(r'class="tap" href="[^"]+">([^<]+)</a>', drawn)
    assert len(set(days)) == 3, days  # the two takes of one day carry their times


def test_only_takes_of_this_version_have_no_note(personas: Personas, where: str) -> None:
    answers = profile_answers(selectors.inventory(), LEVELS)
    complete_attempt(personas.carol, answers, days_ago=1, seed=8)
    attempts = own_attempt_dates(personas.carol, selectors.INVENTORY_IDS)
    drawn, reference = _both(selectors.inventory(), attempts)
    assert drawn == reference
    assert " * " not in drawn


def test_names_are_escaped_as_the_template_escaped_them(personas: Personas, where: str) -> None:
    instrument = selectors.inventory()
    odd = tuple(
        dataclasses.replace(scale, name=f"<b>\"{scale.name}\" & '{n}'</b>")
        for n, scale in enumerate(instrument.scales)
    )
    drawn, reference = _both(dataclasses.replace(instrument, scales=odd), _takes(personas.carol))
    assert drawn == reference
    assert "&lt;b&gt;&quot;" in drawn and "<b>" not in drawn
