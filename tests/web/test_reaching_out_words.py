"""Reaching out says what it is in everyday words: "bid" is a researcher's word for it (the
walk of 2026-12-04 read "A bid is a small reach toward each other", a table's column "Bids",
"10 of your bids are waiting" and "This bid has an answer already" on a page called Reaching
out)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from interdepend.web.together import services
from interdepend.web.together.models import Bid
from tests.conftest import Personas
from tests.helpers import as_user

pytestmark = pytest.mark.django_db

BID = re.compile(r"\bbids?\b", re.IGNORECASE)


def read(page: str) -> str:
    """The words of a page a person reads: no tags, scripts or styles."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.DOTALL)
    return re.sub(r"<[^>]+>", " ", page)


def test_reaching_out_never_says_bid(personas: Personas) -> None:
    alice, bob = personas.alice, personas.bob
    her = as_user(alice)
    url = reverse("together:bid_answer", args=[personas.together["bid"]])
    assert her.post(url, {"answer": "yes_now"}).status_code == 302
    stale = her.post(url, {"answer": "not_now"}, follow=True)
    words = read(stale.content.decode())
    assert "This already has an answer, so it stays as it was." in words
    assert "Month" in words and "Sent" in words  # the table of months, answered once
    found = BID.findall(words)
    # Ten of his waiting: the page says why he cannot reach out again yet.
    him = as_user(bob)
    for n in range(services.BIDS_WAITING_MAX):
        him.post(reverse("together:bids"), {"text": f"walk {n}", "idem": f"w{n}"})
    assert Bid.objects.filter(owner=bob, answer="").count() == services.BIDS_WAITING_MAX
    words = read(him.get(reverse("together:bids")).content.decode())
    assert "10 times you reached out are waiting for Alice" in words
    assert "Reaching out is a small step toward each other." in words
    found += BID.findall(words)
    assert not found, found
