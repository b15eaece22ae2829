"""Demo: Maya and Jonah have both shared their results and said how they see each other."""

from __future__ import annotations

from typing import TYPE_CHECKING

from interdepend.web.assessment.demo import profile_answers
from interdepend.web.assessment.selectors import latest_finished_attempt
from interdepend.web.couple import selectors, services
from interdepend.web.couple.models import Reveal
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
