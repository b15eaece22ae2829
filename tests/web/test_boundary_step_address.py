"""A boundary's step forms' address, put together from the text kept around the id
(``freshforms.step_address``, ``boundaryitems.step_address``), is the one the page wrote with
``escape(reverse("together:boundary_act", ...))``: for ids of every letter the shape allows,
under any script prefix (markup in it too), kept as a worker starts or made on first use;
ids of another shape refused as ``reverse`` refuses them (issue 15's twenty-third pass)."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import NoReverseMatch, clear_script_prefix, reverse, set_script_prefix
from django.utils.html import escape
from hypothesis import given, settings
from hypothesis import strategies as st

from interdepend.web.frame.addresses import STAND_IN, url_map
from interdepend.web.frame.publicid import PUBLIC_ID_LENGTH, new_public_id
from interdepend.web.together import freshforms
from interdepend.web.together.templatetags import boundaryitems

#: Ids of every letter an id may hold, as production draws them (tests/conftest.py).
pytestmark = pytest.mark.system_ids

ROUTE = "together:boundary_act"
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"
PREFIXES = ["/", "/interdepend/", "/sub path/ü/", '/a&b"<c>/', "/Q/"]


def _old(public_id: object) -> str:
    """What the page wrote before."""
    return escape(reverse(ROUTE, args=[public_id]))


def _ids() -> list[str]:
    spread = [(LETTERS * 2)[n : n + PUBLIC_ID_LENGTH] for n in range(len(LETTERS))]
    return [STAND_IN, *spread, *(new_public_id() for _ in range(50))]


@pytest.mark.parametrize("prefix", PREFIXES)
@pytest.mark.parametrize("kept", [True, False])
def test_the_address_is_the_one_reverse_writes(prefix: str, kept: bool) -> None:
    if not kept:
        freshforms.step_address.cache_clear()
    set_script_prefix(prefix)
    try:
        if kept:
            assert freshforms.step_address(prefix, url_map()) is not None
        for public_id in _ids():
            assert boundaryitems.step_address(public_id) == _old(public_id)
    finally:
        clear_script_prefix()


@settings(max_examples=300, deadline=None)
@given(
    public_id=st.text(alphabet=LETTERS, min_size=PUBLIC_ID_LENGTH, max_size=PUBLIC_ID_LENGTH),
    prefix=st.sampled_from(PREFIXES)
    | st.text(
        alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="/"), max_size=8
    ).map(lambda word: f"/{word}/"),
)
def test_any_id_under_any_prefix_is_written_as_before(public_id: str, prefix: str) -> None:
    set_script_prefix(prefix)
    try:
        assert boundaryitems.step_address(public_id) == _old(public_id)
    finally:
        clear_script_prefix()


@pytest.mark.parametrize(
    "odd",
    ["short", "Q" * (PUBLIC_ID_LENGTH + 1), "Q" * 21 + "/", "Q" * 21 + "é", "", "Q" * 21 + "\n"],
)
def test_an_id_of_another_shape_is_refused_as_reverse_refuses_it(odd: str) -> None:
    with pytest.raises(NoReverseMatch):
        _old(odd)
    with pytest.raises(NoReverseMatch):
        boundaryitems.step_address(odd)


def test_an_id_that_is_no_text_goes_through_reverse(monkeypatch: pytest.MonkeyPatch) -> None:
    """Not a plain text (a safe one, say): as before, through ``reverse``."""
    from django.utils.safestring import mark_safe

    safe = mark_safe(new_public_id())
    called: list[object] = []

    def counting(*args: object, **kwargs: object) -> str:
        called.append(args)
        return reverse(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("interdepend.web.together.templatetags.boundaryitems.reverse", counting)
    assert boundaryitems.step_address(safe) == _old(safe)
    assert called


def test_a_route_that_does_not_hold_the_id_once_goes_through_reverse(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    freshforms.step_address.cache_clear()
    monkeypatch.setattr("interdepend.web.frame.addresses.around", lambda route: None)
    try:
        assert freshforms.step_address("/", url_map()) is None
        for public_id in _ids()[:10]:
            assert boundaryitems.step_address(public_id) == _old(public_id)
    finally:
        freshforms.step_address.cache_clear()


def test_it_is_kept_as_a_worker_starts_and_made_again_when_a_setting_changes() -> None:
    freshforms.forget()
    assert freshforms.step_address.cache_info().currsize == 0
    freshforms.make()
    assert freshforms.step_address.cache_info().currsize == 1
    with override_settings(FORCE_SCRIPT_NAME="/elsewhere/"):
        assert freshforms.step_address.cache_info().currsize == 0
    freshforms.make()
