"""Demo: Maya and Jonah have both shared their results and said how they see each other."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from interdepend.web.assessment.demo import profile_answers, sample_attempt, sample_person
from interdepend.web.assessment.selectors import latest_finished_attempt
from interdepend.web.couple import selectors, services
from interdepend.web.couple.models import Perception, Reveal
from interdepend.web.partners.access import access_active_partnership

if TYPE_CHECKING:
    from interdepend.web.accounts.demo import DemoPeople


def demo_couple(people: DemoPeople) -> None:
    maya, jonah = people.maya, people.jonah
    form = selectors.perception_form()
    for person, levels in (
        (maya, {"self": 5, "bond": 4, "enmeshment": 2, "distance": 5}),  # how Maya sees Jonah
        (jonah, {"self": 6, "bond": 6, "enmeshment": 3, "distance": 2}),  # how Jonah sees Maya
    ):
        active = access_active_partnership(person)
        if (
            active is None
            or Reveal.objects.filter(partnership=active.partnership, user=person).exists()
        ):
            continue
        latest = latest_finished_attempt(person)
        if latest is None:
            raise RuntimeError("the couple demo runs after the assessment demo's results")
        services.reveal_create(user=person, active=active, attempt=latest)
        services.perception_save(
            user=person, active=active, form=form, answers=profile_answers(form, levels)
        )


def sample_couple_view() -> selectors.CoupleView:
    """The couple view of a made-up couple, held in memory only (nothing is read or saved), with
    every part a couple report can show: her two takes (so "Since last time"), his one, and how
    each sees the other. For the worker's warm-up report (``couple.report``)."""
    ana, ben = sample_person(-2, "Ana"), sample_person(-1, "Ben")
    form = selectors.perception_form()
    earlier = sample_attempt(
        ana, {"self": 4, "bond": 6, "enmeshment": 5, "distance": 2}, finished=dt.date(2025, 10, 6)
    )
    hers = sample_attempt(
        ana,
        {"self": 6, "bond": 6, "enmeshment": 3, "distance": 2},
        {"boundaries": 5},
        finished=dt.date(2026, 1, 12),
    )
    his = sample_attempt(
        ben,
        {"self": 6, "bond": 4, "enmeshment": 2, "distance": 5},
        {"hidden_inner_world": 6},
        finished=dt.date(2026, 1, 14),
    )
    pair = [[hers, earlier], [his]]
    ana_sees_ben = {"self": 5, "bond": 4, "enmeshment": 2, "distance": 5}
    ben_sees_ana = {"self": 6, "bond": 6, "enmeshment": 3, "distance": 2}
    seen = {
        rater.pk: Perception(answers=profile_answers(form, levels))
        for rater, levels in ((ana, ana_sees_ben), (ben, ben_sees_ana))
    }
    return selectors.couple_view_of(ana, ben, pair, seen)
