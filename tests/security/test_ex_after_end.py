"""The ex audit: what a former partner sees must not change when the other, after the end,
deletes her account. Her deletion is hers; a page of his that moved with it would tell him."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from interdepend.web.datarights.services import user_delete
from interdepend.web.partners import services as partners
from interdepend.web.together import services as together
from interdepend.web.together.models import Boundary
from tests.conftest import Personas
from tests.helpers import active_partnership, as_user

pytestmark = pytest.mark.django_db

TOKENS = re.compile(r'(name="(?:csrfmiddlewaretoken|idem)" value=")[^"]*"')


def _pages(client: object, boundary: Boundary) -> list[str]:
    urls = [reverse("together:boundaries"), reverse("together:boundary", args=[boundary.public_id])]
    return [TOKENS.sub(r"\1", client.get(url).content.decode()) for url in urls]  # type: ignore[attr-defined]


@pytest.mark.parametrize("ending", ["she leaves", "he leaves"])
def test_his_boundary_shows_his_own_words_after_the_end_and_her_deletion_changes_nothing(
    personas: Personas, ending: str
) -> None:
    """He stated a boundary, she suggested new wording and he agreed to it. While linked both
    see the agreed wording. After the end his pages show his own words; before, they showed
    hers until she deleted her account, when they went back to his: a signal of her deletion."""
    alice, bob = personas.alice, personas.bob
    active = active_partnership(bob)
    draft = together.boundary_draft(
        owner=bob, text="I need Sunday mornings to myself.", idem_key=""
    )
    told = together.boundary_state(boundary=draft, partnership=active.partnership)
    together.boundary_propose(boundary=told, actor=alice, text="MRKHERWORDING Sunday till noon.")
    together.boundary_accept(boundary=Boundary.objects.get(pk=told.pk), actor=bob)
    him = as_user(bob)
    linked = _pages(him, told)
    assert all("MRKHERWORDING" in page for page in linked)

    partners.partnership_leave(user=alice if ending == "she leaves" else bob)
    after_end = _pages(him, told)
    assert not any("MRKHERWORDING" in page for page in after_end)
    assert all("I need Sunday mornings to myself." in page for page in after_end)
    user_delete(user=alice)
    assert _pages(him, told) == after_end


def test_the_leave_and_delete_pages_say_what_his_download_keeps_and_it_does(
    personas: Personas,
) -> None:
    """She is told, before she leaves or deletes, that his download keeps his answers to her
    reaching out, with their days, and his words for her boundaries (the ex audit, L1); and
    it does, after she is gone."""
    from interdepend.web.datarights.services import export_tables

    alice, bob = personas.alice, personas.bob
    active = active_partnership(alice)
    hers = as_user(alice)
    leave = hers.get(reverse("partners:leave")).content.decode()
    assert "own download keeps their words the same way" in leave
    assert f"{bob.display_name}" in leave
    delete = hers.get(reverse("datarights:delete")).content.decode()
    assert "A partner's own download, now or from before, keeps their own words" in delete
    bid = together.bid_send(
        owner=alice, partnership=active.partnership, text="MRKHERBID walk?", idem_key=""
    )
    together.bid_answer(bid=bid, answer="later", when="after dinner")
    partners.partnership_leave(user=alice)
    user_delete(user=alice)
    kept = str(export_tables(bob))
    assert "after dinner" in kept and "MRKHERBID" not in kept
