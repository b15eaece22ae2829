"""The goals' lists and a goal's steps, drawn in Python (``together/templatetags/goalitems.py``),
against the loops they replaced (kept in ``tests/web/reference/``): byte for byte, in English and
Spanish, in two time zones (a step noted near midnight falls on another day in each), for an
empty list, a short and a long one, goals reached and not, steps of the reader and of her
partner, and titles, words and names full of markup, ampersands, quotes, line breaks and
right-to-left text."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from interdepend.web.accounts.models import User
from interdepend.web.accounts.services import user_create
from interdepend.web.frame.addresses import addresser
from interdepend.web.partners import services as partners
from interdepend.web.partners.access import access_active_partnership
from interdepend.web.together import access, services
from interdepend.web.together.models import Goal, GoalNote
from interdepend.web.together.templatetags.goalitems import goal_links, goal_steps
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

HERE = Path(__file__).parent / "reference"
#: The loops of ``together/goals.html`` (her own list, and the shared one, two spaces further
#: in) and of ``together/goal.html`` as they were before they were drawn in Python.
LINKS = Template(HERE.joinpath("goal_links.html").read_text().rstrip("\n"))
LINKS_SHARED = Template(HERE.joinpath("goal_links_shared.html").read_text().rstrip("\n"))
STEPS = Template(HERE.joinpath("goal_steps.html").read_text().rstrip("\n"))
ODD = "<script>alert(\"x\")</script> & 'tea'\n\u05e9\u05dc\u05d5\u05dd\r\nend \u202e"
ODD_NAME = 'Jo<b>"nah"</b> & \u0645\u0631\u062d\u0628\u0627'


@pytest.fixture(
    params=[("en", "UTC"), ("es", "UTC"), ("en", "Pacific/Kiritimati"), ("es", "Pacific/Pago_Pago")]
)
def where(request: pytest.FixtureRequest) -> Iterator[str]:
    language, zone = request.param
    with translation.override(language), timezone.override(zone):
        yield language


@pytest.fixture
def couple() -> tuple[User, User]:
    maya = user_create(email="maya@example.test", password=PASSWORD, display_name="Maya")
    jonah = user_create(email="jonah@example.test", password=PASSWORD, display_name=ODD_NAME)
    invitation = partners.invitation_create(inviter=maya).invitation
    partners.invitation_accept(invitation=invitation, user=jonah)
    return maya, jonah


def _goals(maya: User, jonah: User, count: int) -> list[access.GoalLink]:
    active = access_active_partnership(maya)
    assert active is not None
    for n in range(count):
        goal = services.goal_create(
            owner=[maya, jonah][n % 2],
            partnership=active.partnership if n % 3 else None,
            title=f"{ODD} {n}",
            detail="",
            idem_key=f"g{n}",
        )
        Goal.objects.filter(pk=goal.pk).update(done=n % 4 == 1)
    return access.goal_list(maya, active)


@pytest.mark.parametrize("count", [0, 1, 5, 40])
def test_the_goal_links_are_the_loops_they_replaced(
    couple: tuple[User, User], where: str, count: int
) -> None:
    maya, jonah = couple
    goals = _goals(maya, jonah, count)
    # One address maker for both lists, as the goals page makes it (issue 15's 24th pass).
    address_of = addresser("together:goal")
    for template, indent in ((LINKS, 6), (LINKS_SHARED, 8)):
        reference = template.render(Context({"goals": goals}))
        assert goal_links(goals, indent) == reference
        assert goal_links(goals, indent, address_of=address_of) == reference


@pytest.mark.parametrize("count", [0, 1, access.NOTES_SHOWN, 30])
def test_a_goals_steps_are_the_loop_they_replaced(
    couple: tuple[User, User], where: str, count: int
) -> None:
    maya, jonah = couple
    active = access_active_partnership(maya)
    assert active is not None
    goal = services.goal_create(
        owner=maya, partnership=active.partnership, title="Walk", detail="", idem_key="g"
    )
    midnight = datetime(2026, 3, 1, tzinfo=UTC)
    for n in range(count):
        note = services.goal_note_add(
            goal=goal, author=[maya, jonah][n % 2], text=f"{ODD} {n}", idem_key=f"n{n}"
        )
        moment = midnight - timedelta(days=40 * n, hours=11 - n % 23)
        GoalNote.objects.filter(pk=note.pk).update(created_at=moment)
    for reader in (maya, jonah):
        seen = access.access_goal(reader, goal.public_id)
        notes, _ = access.goal_notes(seen, reader, every=True)
        context = Context({"notes": notes, "user": reader})
        assert goal_steps(context, notes) == STEPS.render(context)


def test_titles_words_and_names_are_escaped_and_isolated(couple: tuple[User, User]) -> None:
    maya, jonah = couple
    links = goal_links(_goals(maya, jonah, 3), 6)
    assert "<script>" not in links and "\u202e" not in links
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;tea&#x27;" in links
    goal = services.goal_create(owner=maya, partnership=None, title="t", detail="", idem_key="x")
    services.goal_note_add(goal=goal, author=maya, text=ODD, idem_key="y")
    seen = access.access_goal(maya, goal.public_id)
    notes, _ = access.goal_notes(seen, maya, every=True)
    steps = goal_steps(Context({"user": maya}), notes)
    assert "<script>" not in steps and "&#x27;tea&#x27;<br>" in steps


@pytest.mark.parametrize("prefix", ["/", "/sub path/", "/a&b/"])
def test_the_goals_page_s_kept_addresses_are_what_reverse_writes(prefix: str) -> None:
    """The goals page's two addresses, kept per map of addresses as a worker starts
    (``freshforms.goals_addresses``, issue 15's twenty-fourth pass), are the text around a
    goal's id and the chart's address, escaped, as ``reverse`` writes them under any script
    prefix; a goal's address made from them is ``reverse``'s, and an id of another shape is
    reversed as before."""
    from django.urls import get_script_prefix, reverse, set_script_prefix
    from django.utils.html import escape

    from interdepend.web.frame.addresses import addresser_of, around, url_map
    from interdepend.web.together import freshforms

    before = get_script_prefix()
    set_script_prefix(prefix)
    try:
        kept = freshforms.goals_addresses(get_script_prefix(), url_map())
        assert kept == (around("together:goal"), escape(reverse("together:balance_svg")))
        address_of = addresser_of("together:goal", kept[0])
        for public_id in ("A" * 22, "abc_DEF-123456789012_x"):
            assert address_of(public_id) == reverse("together:goal", args=[public_id])
    finally:
        set_script_prefix(before)
