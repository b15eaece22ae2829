"""The phone audit of 2026-12-04 (VI): what she picked and never saved stays off the device.

Chromium keeps the state of a page's form controls with its entry in the tab's history (and
with a closed tab, to reopen it) and puts it back when the page is opened again by Back or
*Reopen closed tab*, even though the page itself is fetched afresh (``no-store``). Words typed
into boxes were already left out (``autocomplete="off"``); the radio buttons, ticks and lists
were not: she chose an answer to a question of the inventory (its safety questions among them),
a point of her week's check-in or a rating, thought better of it and went on without saving,
and whoever pressed Back in her tab found her choice ticked again, though it was never sent.
A control with ``autocomplete="off"`` (on itself or on its form) is neither kept nor put back.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import Personas
from tests.helpers import HTMX, as_user, password_confirmed
from tests.security.policy import POLICY

pytestmark = pytest.mark.django_db

#: Controls whose state the browser keeps; a hidden input, a button or a file is not one.
NOT_KEPT = {"hidden", "submit", "button", "reset", "image", "file"}


class _Controls(HTMLParser):
    """Every form control of a page whose state the browser may keep and put back: those with
    no ``autocomplete`` of their own or of their form."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: dict[str, bool] = {}  # a form's id: whether it says autocomplete
        self.open_form: list[bool] = []
        self.controls: list[tuple[dict[str, str | None], bool]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "form":
            says = "autocomplete" in found
            self.open_form.append(says)
            self.forms[found.get("id") or ""] = says
        elif tag in ("input", "select", "textarea"):
            if tag == "input" and (found.get("type") or "text") in NOT_KEPT:
                return
            inside = bool(self.open_form) and self.open_form[-1]
            self.controls.append((found, inside))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self.open_form:
            self.open_form.pop()

    def kept(self) -> list[str]:
        left = []
        for found, inside in self.controls:
            owner = found.get("form")
            covered = self.forms.get(owner, False) if owner else inside
            if "autocomplete" not in found and not covered:
                left.append(f"{found.get('type') or 'select/textarea'} {found.get('name')}")
        return left


def _kept_controls(html: str) -> list[str]:
    parser = _Controls()
    parser.feed(html)
    return parser.kept()


@pytest.mark.parametrize("name", ["anonymous", "alice", "bob", "carol", "pat"])
def test_no_control_on_any_page_is_kept_by_the_browser_to_be_put_back(
    personas: Personas, name: str
) -> None:
    """Every page of the access policy, whole and as htmx asks for it, signed out and as
    each of four people with her private pages open (so their forms are drawn)."""
    phone = (
        Client() if name == "anonymous" else password_confirmed(as_user(getattr(personas, name)))
    )
    kept: set[str] = set()
    pages = controls = 0
    for url_name, row in POLICY.items():
        path = reverse(url_name, kwargs=row.kwargs(personas))
        for headers in ({}, HTMX):
            response = phone.get(path, headers=headers)
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            pages += 1
            html = response.content.decode()
            parser = _Controls()
            parser.feed(html)
            controls += len(parser.controls)
            kept |= {f"{url_name}: {control}" for control in parser.kept()}
    print(f"\n{name}: {pages} pages, {controls} controls, {len(kept)} kept by the browser")
    assert controls > 20
    assert not sorted(kept)


def test_the_check_finds_a_control_left_to_the_browser() -> None:
    assert _kept_controls('<form><input type="radio" name="a" value="1"></form>') == ["radio a"]
    assert _kept_controls('<form autocomplete="off"><select name="b"></select></form>') == []
    assert (
        _kept_controls(
            '<form id="f" autocomplete="off"></form><input type="checkbox" name="c" form="f">'
        )
        == []
    )
    assert _kept_controls('<input type="hidden" name="d"><textarea name="e"></textarea>') == [
        "select/textarea e"
    ]
