"""Hostile words through every page, now that many pages' lists are written in Python.

The tenth pass of issue 15 moved the repeated parts of many pages (promises, goals and their
steps, boundaries and their history, the circle, decisions, the couple view, results, earlier
questions, the journal's card, *Your practitioners*, the leave page; in the eleventh, *Choose
what to stop sharing* and *Who can see what*'s cards on her partner and her practitioners; in
the thirteenth, the check-in page's card of her partner's week; in the fourteenth, Trends' whole
content block around its tables and the bids page's three sections around its bids; in the
fifteenth, the check-in page and the page of today's question under their headings, the couple
view's whole content block and the card for sharing a result; in the sixteenth, the page to
write an entry below its title)
from templates into strings built in Python, each escaping its values itself. Each tag's own
tests hold it to its template; this one goes the way an attacker does: every name and every
text a person typed is made hostile in the database (markup, an attribute breaking out, ``&``,
quotes, a right-to-left override), then every page of the access policy is drawn through the
test client as each person who can see those words, and none of the markup may reach a page
unescaped.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from interdepend.web.accounts.models import User
from interdepend.web.daily import access as daily_access
from interdepend.web.daily.models import DailyAnswer
from interdepend.web.decide.models import Decision
from interdepend.web.frame.templatetags.usertext import isolate
from interdepend.web.partners.access import access_active_partnership
from interdepend.web.practice.models import ClientLink, Practitioner
from interdepend.web.together.models import (
    Bid,
    Boundary,
    BoundaryEvent,
    CheckIn,
    CirclePerson,
    Commitment,
    Goal,
    GoalNote,
)
from interdepend.web.together.selectors import this_week
from interdepend.web.together.services import checkin_save
from tests.conftest import Personas
from tests.security.policy import POLICY
from tests.web.test_formrender import _client, _page

pytestmark = pytest.mark.django_db

#: What a hostile person types: a script, an attribute broken out of into an image that runs
#: script, an ampersand, both quotes and a right-to-left override.
HOSTILE = "<script>alert(1)</script>\"><img src=x onerror=alert(1)>&'\u202e"
#: What must never be on a page: the markup as markup.
UNESCAPED = ("<script>alert", "<img src=x", "onerror=alert(1)>")
#: The people who see one another's words: the couple, their practitioner, her ex.
VIEWERS = ("partner", "partner-b", "practitioner", "ex-partner")


def _make_everything_hostile() -> None:
    User.objects.update(display_name=HOSTILE)
    Goal.objects.update(title=HOSTILE, detail=HOSTILE)
    GoalNote.objects.update(text=HOSTILE)
    Commitment.objects.update(text=HOSTILE)
    Bid.objects.update(text=HOSTILE, answer_when=HOSTILE)
    Boundary.objects.update(text=HOSTILE)
    BoundaryEvent.objects.update(text=HOSTILE)
    CirclePerson.objects.update(name=HOSTILE)
    Decision.objects.update(title=HOSTILE, options=[HOSTILE, f"{HOSTILE} 2"])
    DailyAnswer.objects.update(text=HOSTILE)
    CheckIn.objects.update(need=HOSTILE)
    Practitioner.objects.update(practice_name=HOSTILE)
    ClientLink.objects.update(practitioner_label=HOSTILE, label_at_start=f"{HOSTILE} then")


def test_hostile_names_and_words_are_escaped_on_every_page(personas: Personas) -> None:
    _make_everything_hostile()
    found: list[str] = []
    drawn = 0
    for role in VIEWERS:
        client = _client(personas, role)
        for name, row in POLICY.items():
            url = reverse(name, kwargs=row.kwargs(personas))
            _status, html = _page(client, "get", url)
            drawn += bool(html)
            found += [f"{name} as {role}: {bad!r}" for bad in UNESCAPED if bad in html]
    assert drawn > 100  # pages were drawn, not refused
    assert not found, found


def test_the_hostile_words_reach_the_pages_drawn_in_python(personas: Personas) -> None:
    """The test above means something only if the words are on those pages: escaped."""
    # Her partner's week shared with her, for the check-in page's card of it.
    partner = personas.by_role()["partner-b"]
    active = access_active_partnership(partner)
    assert active is not None
    checkin_save(
        owner=partner,
        week=this_week(),
        values={"own_time": 4},
        need="",
        shared=True,
        partnership=active.partnership,
    )
    # Her answer to today's question, for that page's own part.
    viewer = personas.by_role()["partner"]
    today = daily_access.today_for(viewer)
    if today.mine is None:
        DailyAnswer.objects.create(
            owner=viewer,
            partnership=today.active.partnership if today.shared and today.active else None,
            day=today.day,
            question_id=today.question.id,
            text="mine",
        )
    _make_everything_hostile()
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x"
    seen = {
        "together:commitments": "partner",
        "together:goals": "partner",
        "together:boundaries": "partner",
        "together:circle": "partner",
        "decide:index": "partner",
        "couple:home": "partner",
        "together:goal": "partner",
        "together:boundary": "partner",
        "journal:entry": "partner",
        "partners:leave": "partner",
        "couple:stop_sharing": "partner",
        "practice:mine": "partner",
        "daily:past": "partner",
        "safetycheck:index": "partner",
        "together:checkin": "partner",
        "daily:today": "partner",
        "together:trends": "partner",
        "together:bids": "partner",
    }
    missing = []
    for name, role in seen.items():
        url = reverse(name, kwargs=POLICY[name].kwargs(personas))
        _status, html = _page(_client(personas, role), "get", url)
        if escaped not in html:
            missing.append(name)
    assert not missing, missing


def test_the_sentences_that_name_the_partner_carry_the_name_escaped(personas: Personas) -> None:
    """The promises and goals pages' sentences that name her partner are written with
    ``gettext`` in Python (issue 15's thirteenth pass): the hostile name is in each, isolated
    and escaped."""
    _make_everything_hostile()
    name = str(isolate(HOSTILE))
    assert "&lt;script&gt;" in name and "\u202e" not in name
    client = _client(personas, "partner")
    for route, sentence in (
        ("together:commitments", f"{name} sees every promise you write here."),
        ("together:goals", f"Goals you and {name} share."),
    ):
        _status, html = _page(client, "get", reverse(route))
        assert sentence in html, route


def test_a_boundarys_page_names_its_author_to_the_other_escaped(personas: Personas) -> None:
    """A boundary's page is drawn in Python under its links (issue 15's fourteenth pass): its
    heading names the author to the partner, the hostile name isolated and escaped, and its
    words are escaped as they were."""
    _make_everything_hostile()
    name = str(isolate(HOSTILE))
    url = reverse("together:boundary", kwargs=POLICY["together:boundary"].kwargs(personas))
    headings = []
    for role in ("partner", "partner-b"):
        _status, html = _page(_client(personas, role), "get", url)
        assert f'<blockquote class="boundary">{name}</blockquote>' in html
        headings.append(html.split("<h1>", 1)[1].split("</h1>", 1)[0])
    assert sorted(headings) == sorted(["My boundary", f"{name}'s boundary"])


def test_a_hostile_code_typed_back_into_its_box_is_escaped(personas: Personas) -> None:
    """*Your practitioners*' code box is written in Python (issue 15's fourteenth pass): what she
    typed, back in the box after the password page, is there escaped, never as markup."""
    from django.utils.html import escape

    from tests.conftest import PASSWORD
    from tests.web.test_refill import _send_code, _stale

    phone = _stale(personas.carol)
    confirm = _send_code(phone, HOSTILE)
    assert phone.post(confirm, {"password": PASSWORD}).status_code == 302
    page = phone.get(reverse("practice:mine")).content.decode()
    assert f'name="code" value="{escape(HOSTILE)}"' in page
    assert not any(markup in page for markup in UNESCAPED)


def test_her_hostile_words_are_escaped_on_her_entry_s_page(personas: Personas) -> None:
    """An entry's page and *My journal* below their titles are drawn in Python (issue 15's
    fourteenth pass): her
    own text, sealed in the database so not made hostile above, is written escaped, each
    paragraph its own."""
    from interdepend.web.journal.services import entry_create
    from tests.helpers import as_user

    owner = personas.by_role()["partner"]
    entry = entry_create(owner=owner, body=f"{HOSTILE}\n\n{HOSTILE}", prompt_key="", idem_key="")
    _make_everything_hostile()
    html = as_user(owner).get(reverse("journal:entry", args=[entry.public_id])).content.decode()
    assert html.count("<p>&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x") == 2
    assert not [bad for bad in UNESCAPED if bad in html]
    # And on My journal, whose content below its title is drawn in Python too.
    html = as_user(owner).get(reverse("journal:home")).content.decode()
    assert "<bdi>&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x" in html
    assert not [bad for bad in UNESCAPED if bad in html]


def test_her_hostile_words_of_a_gone_entry_are_escaped_on_the_write_page(
    personas: Personas,
) -> None:
    """The page to write an entry is drawn in Python below its title (issue 15's sixteenth
    pass). Her words sent as a change to an entry that is gone come back in a new entry's box
    (404): written escaped, never as markup; the page's fresh form holds no words of hers."""
    from tests.helpers import as_user

    owner = personas.by_role()["partner"]
    _make_everything_hostile()
    client = as_user(owner)
    gone = reverse("journal:edit", args=["A" * 22])
    answer = client.post(gone, {"body": HOSTILE, "seen": ""})
    assert answer.status_code == 404
    html = answer.content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x" in html
    assert not [bad for bad in UNESCAPED if bad in html]
    html = client.get(reverse("journal:write")).content.decode()
    assert not [bad for bad in UNESCAPED if bad in html]


def test_her_hostile_name_and_address_are_escaped_on_her_account_page(
    personas: Personas,
) -> None:
    """The account page below its title is drawn in Python (issue 15's fifteenth pass): her name
    and her address, each typed hostile, are written escaped inside ``<bdi>``, never as markup."""
    from tests.helpers import as_user

    owner = personas.by_role()["partner"]
    _make_everything_hostile()
    User.objects.filter(pk=owner.pk).update(email=f"a{HOSTILE}@example.test")
    html = as_user(owner).get(reverse("accounts:settings")).content.decode()
    name = str(isolate(HOSTILE))
    assert f"<dd>{name}</dd>" in html
    assert f"<dd>{isolate(f'a{HOSTILE}@example.test')}</dd>" in html
    assert not [bad for bad in UNESCAPED if bad in html]
