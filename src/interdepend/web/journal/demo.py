"""Demo: Maya keeps a journal: two private entries, and one she shared with Jonah."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.utils import timezone

from interdepend.web.journal import services
from interdepend.web.journal.models import Entry
from interdepend.web.partners.access import access_active_partnership

if TYPE_CHECKING:
    from interdepend.web.accounts.demo import DemoPeople

#: (days ago, prompt id or "", text, shared with the partner). Written for this demo.
ENTRIES = (
    (
        24,
        "p06",
        "A free afternoon only for me: the pottery class I keep postponing, then tea by "
        "myself at the corner café. Writing it down makes it feel less selfish and more "
        "like something I could simply book.",
        False,
    ),
    (
        11,
        "",
        "Tense evening. I agreed to the weekend at his parents' before I had even checked "
        "how tired I was. Next time I want to pause and say 'let me think until tomorrow'.",
        False,
    ),
    (
        3,
        "p14",
        "Jonah hums when he wants me to come and look at something. I used to wave it off "
        "while reading. This week I put the book down twice, and both times it was worth it.",
        True,
    ),
)


def demo_journal(people: DemoPeople) -> None:
    maya = people.maya
    if Entry.objects.filter(owner=maya).exists():
        return
    active = access_active_partnership(maya)
    now = timezone.now()
    for days_ago, prompt, text, shared in ENTRIES:
        entry = services.entry_create(owner=maya, body=text, prompt_key=prompt, idem_key="")
        written = now - timedelta(days=days_ago, hours=2)
        Entry.objects.filter(pk=entry.pk).update(created_at=written, updated_at=written)
        if shared and active is not None and active.partner == people.jonah:
            services.entry_share_with_partner(entry=entry, active=active)
