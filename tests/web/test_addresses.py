"""One ``reverse`` a list (``frame.addresses.addresser``) writes the same addresses as a
``reverse`` an item did: for fresh ids, ids of every letter the shape allows, under a script
prefix, and ids of another shape refused as ``reverse`` refuses them."""

from __future__ import annotations

import pytest
from django.urls import NoReverseMatch, clear_script_prefix, reverse, set_script_prefix

from interdepend.web.frame.addresses import STAND_IN, addresser
from interdepend.web.frame.publicid import PUBLIC_ID_LENGTH, new_public_id

#: Ids of every letter an id may hold, as production draws them (tests/conftest.py).
pytestmark = pytest.mark.system_ids

ROUTES = ("together:goal", "together:goal_note", "together:commitment_mark")
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"


def _ids() -> list[str]:
    spread = [(LETTERS * 2)[n : n + PUBLIC_ID_LENGTH] for n in range(len(LETTERS))]
    return [STAND_IN, *spread, *(new_public_id() for _ in range(50))]


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize("prefix", ["/", "/sub path/ü/"])
def test_each_address_is_the_one_reverse_writes(route: str, prefix: str) -> None:
    set_script_prefix(prefix)
    try:
        address = addresser(route)
        for public_id in _ids():
            assert address(public_id) == reverse(route, args=[public_id])
    finally:
        clear_script_prefix()


@pytest.mark.parametrize(
    "odd", ["short", "Q" * (PUBLIC_ID_LENGTH + 1), "Q" * 21 + "/", "Q" * 21 + "é", ""]
)
def test_an_id_of_another_shape_is_refused_as_reverse_refuses_it(odd: str) -> None:
    address = addresser("together:goal")
    with pytest.raises(NoReverseMatch):
        reverse("together:goal", args=[odd])
    with pytest.raises(NoReverseMatch):
        address(odd)
