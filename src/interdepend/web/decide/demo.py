"""Demo: Maya and Jonah's holiday, with both of them having rated every option."""

from __future__ import annotations

from typing import TYPE_CHECKING

from interdepend.web.decide import services
from interdepend.web.decide.models import Decision
from interdepend.web.partners.access import access_active_partnership

if TYPE_CHECKING:
    from interdepend.web.accounts.demo import DemoPeople

HOLIDAY = "Our summer holiday"
OPTIONS = ["A solo hike", "A book by the pool", "Dinner together each night", "A mix"]
#: (for themself, for the other), option by option.
MAYA = ([3, 7, 6, 6], [6, 2, 5, 5])
JONAH = ([7, 2, 5, 6], [4, 6, 5, 6])


def demo_decision(people: DemoPeople) -> None:
    maya, jonah = people.maya, people.jonah
    active = access_active_partnership(maya)
    if active is None or active.partner != jonah:
        return  # someone changed the demo by hand: leave their choice alone
    if Decision.objects.filter(partnership=active.partnership, form_token="demo-holiday").exists():
        return
    decision = services.decision_create(
        partnership=active.partnership,
        author=maya,
        title=HOLIDAY,
        options=OPTIONS,
        token="demo-holiday",
    )
    for person, (own, other) in ((maya, MAYA), (jonah, JONAH)):
        services.rating_save(decision=decision, user=person, for_self=own, for_partner=other)
