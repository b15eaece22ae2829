"""The together space's part of the personas: private items with markers, shared items without.

alice and bob share a goal, a promise, a bid and a stated boundary; alice keeps a private goal,
a private boundary draft, a private check-in and a support circle; carol (alone) and dave (the
ex) keep their own; one goal was shared by alice and dave before they parted.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.utils import timezone

if TYPE_CHECKING:
    from interdepend.web.accounts.models import User


def build_together(
    alice: User, bob: User, carol: User, dave: User, markers: dict[str, str]
) -> dict[str, str]:
    from interdepend.web.partners.models import Partnership
    from interdepend.web.together import services as s
    from interdepend.web.together.models import Goal
    from interdepend.web.together.selectors import this_week
    from tests.conftest import marker

    current, old = (
        Partnership.objects.filter(members__user=alice).distinct().order_by(order)[0]
        for order in ("-pk", "pk")
    )
    for key in (
        "alice.goal",
        "alice.draft",
        "alice.need",
        "alice.circle",
        "carol.goal",
        "carol.circle",
        "carol.need",
        "dave.goal",
        "dave.oldgoal",
        "bob.need",
    ):
        owner, what = key.split(".")
        markers[key] = marker(owner, what)
    ids: dict[str, str] = {}
    ids["alice_goal"] = s.goal_create(
        owner=alice,
        partnership=None,
        title=markers["alice.goal"],
        detail="",
        idem_key="",
    ).public_id
    shared = s.goal_create(
        owner=alice,
        partnership=current,
        title="Walk by the river on Sundays",
        detail="",
        idem_key="",
    )
    s.goal_note_add(goal=shared, author=bob, text="We went twice this month.", idem_key="")
    ids["shared_goal"] = shared.public_id
    ids["carol_goal"] = s.goal_create(
        owner=carol,
        partnership=None,
        title=markers["carol.goal"],
        detail="",
        idem_key="",
    ).public_id
    s.goal_create(owner=dave, partnership=None, title=markers["dave.goal"], detail="", idem_key="")
    # Made while that partnership lasted (goal_create makes a goal asked for in an ended
    # partnership the owner's own): written as it stands now.
    ids["ex_goal"] = Goal.objects.create(
        owner=dave, partnership=old, title=markers["dave.oldgoal"], detail=""
    ).public_id
    ids["commitment"] = s.commitment_create(
        owner=alice,
        partnership=current,
        text="Cook on Thursday",
        due_on=timezone.localdate() + timedelta(days=3),
        idem_key="",
    ).public_id
    ids["bid"] = s.bid_send(
        owner=bob, partnership=current, text="Tea on the balcony?", idem_key=""
    ).public_id
    s.boundary_draft(owner=alice, text=markers["alice.draft"], idem_key="")
    stated = s.boundary_draft(owner=alice, text="I keep Saturday mornings for my run.", idem_key="")
    ids["boundary"] = s.boundary_state(boundary=stated, partnership=current).public_id
    week = this_week()
    for person, shared_flag, partnership in (
        (alice, False, current),
        (bob, True, current),
        (carol, False, None),
    ):
        name = str(getattr(person, "display_name", "")).lower()
        s.checkin_save(
            owner=person,
            week=week,
            values={"heard": 5, "close": 4},
            need=markers[f"{name}.need"],
            shared=shared_flag,
            partnership=partnership,
        )
    markers.pop("bob.need")  # bob shares his check-in: alice may read what he needs
    ids["circle"] = s.circle_add(
        owner=carol, name=markers["carol.circle"], last_connected=None, idem_key=""
    ).public_id
    s.circle_add(owner=alice, name=markers["alice.circle"], last_connected=None, idem_key="")
    return ids
