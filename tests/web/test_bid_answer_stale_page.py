"""An answer sent from a page drawn a while ago brings the waiting list and Recent as a reload
draws them now, not as that page showed them.

Why the answer draws both lists whole (issue 15's twentieth pass, docs/performance-passes.md): an
answer that sent only the answered bid's card, taken out of the waiting list and put into
Recent, would leave the page as the browser last drew it: a bid the partner sent since would
not show, her own bid he answered since would still say it waits, and the oldest of the twelve
answered bids would stay although a reload no longer shows it. These tests hold that.
"""

from __future__ import annotations

import re
import uuid

import pytest
from django.urls import reverse

from interdepend.web.accounts.models import User
from interdepend.web.together import services
from interdepend.web.together.models import Bid
from tests.conftest import Personas
from tests.helpers import HTMX, active_partnership, as_user

pytestmark = pytest.mark.django_db

WAITING = re.compile(r'<div id="bids-waiting">(?:\n<section.*?</section>\n)?</div>\n', re.S)
RECENT = re.compile(r'<section id="bids-recent"[^>]*>(.*?)</section>', re.S)


def _send(owner: User, text: str) -> Bid:
    partnership = active_partnership(owner).partnership
    return services.bid_send(
        owner=owner, partnership=partnership, text=text, idem_key=uuid.uuid4().hex
    )


def _section(pattern: re.Pattern[str], page: str) -> str:
    found = pattern.search(page)
    assert found is not None, page[:300]
    # The form's key and each form's mark are made anew for every response.
    return re.sub(r'(name="(?:csrfmiddlewaretoken|within)" value=")[^"]*"', r"\1", found.group(0))


def test_an_answer_from_a_stale_page_shows_what_a_reload_shows(personas: Personas) -> None:
    alice, bob = personas.alice, personas.bob
    answered = []
    for number in range(12):
        bid = _send(bob, f"Old walk {number} <script>")
        services.bid_answer(bid=bid, answer="not_now")
        answered.append(bid)
    hers = _send(alice, "Tea on the balcony?")
    his = _send(bob, "Call me at lunch?")
    client = as_user(alice)
    stale = client.get(reverse("together:bids")).content.decode()
    assert f'id="bid-{answered[0].public_id}"' in _section(RECENT, stale)

    # After her page was drawn: he sends another bid and answers hers.
    newer = _send(bob, "Dinner out \u202eevil\u202c?")
    services.bid_answer(bid=Bid.objects.get(pk=hers.pk), answer="later", when="after six")
    assert "Dinner out" not in stale

    response = client.post(
        reverse("together:bid_answer", args=[his.public_id]), {"answer": "yes_now"}, headers=HTMX
    )
    assert response.status_code == 200
    sent = response.content.decode()
    fresh = client.get(reverse("together:bids")).content.decode()

    waiting, recent = _section(WAITING, sent), _section(RECENT, sent)
    # The waiting list as a reload draws it, with the bid he sent after her page was drawn
    # (its focus mark apart: after an answer, focus goes on to the next bid).
    assert f'id="bid-{newer.public_id}"' in waiting
    assert f'id="bid-{his.public_id}"' not in waiting
    assert waiting.replace(' tabindex="-1" data-focus-next', "") == _section(WAITING, fresh)
    # Recent as a reload draws it: the answered bid in, her own bid with his answer, and the
    # two oldest of the answered ones out (twelve answered at most: his, hers and ten old).
    assert recent.replace(' hx-swap-oob="true"', "") == _section(RECENT, fresh)
    assert f'id="bid-{his.public_id}"' in recent
    assert "later: after six" in recent
    assert "later: after six" not in _section(RECENT, stale)
    kept = [bid for bid in answered if f'id="bid-{bid.public_id}"' in recent]
    assert kept == answered[2:]
