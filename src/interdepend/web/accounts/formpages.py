"""The page a form lives on, for the addresses that answer only its button.

A form sent while a password is due (``reauth.password_recent``, the idle gate, a page that
locked itself, the quick exit's lock) waits for the password, then for a second press of hers
on its page. Some addresses answer only a button (POST): opened after the password, they gave
the 405 page, "This page opens from a button", with no button on it and what she typed gone
(the forms audit of 2026-12-04, M2). So after a password ``next`` is never one of them:

* A form sent to an address of :data:`FORM_PAGES` comes back to the page declared for it, with
  the arguments that page takes (the same boundary, the same goal). The declared page wins over
  the Referer: a browser or an add-on may leave the Referer out, and a page shown in answer to
  a POST (a form sent back with what is wrong) stands at the POST's own address.
* Any other address named as ``next`` (a Referer, the form's own address, the ``next`` of the
  confirm or lock page) is looked up the same way, so an address of :data:`FORM_PAGES` is
  turned into its page wherever it comes from.

``tests/web/test_form_pages.py`` sends every button behind a password to its page and holds
that the page it comes back to opens (200) for its owner.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.urls import Resolver404, resolve, reverse


@dataclass(frozen=True)
class FormPage:
    """The page (its URL name) a button's form is on, and which of the button's arguments the
    page takes."""

    name: str
    args: tuple[str, ...] = ()


#: Every address that answers only a button and may meet a password page, by URL name: the
#: page its form lives on.
FORM_PAGES: dict[str, FormPage] = {
    "assessment:start": FormPage("assessment:overview"),
    "together:goal_edit": FormPage("together:goal", ("goal_id",)),
    "together:goal_note": FormPage("together:goal", ("goal_id",)),
    "together:boundary_act": FormPage("together:boundary", ("boundary_id",)),
    "together:circle_seen": FormPage("together:circle"),
    "together:circle_remove": FormPage("together:circle"),
    "together:commitment_mark": FormPage("together:commitments"),
    "daily:talk": FormPage("daily:today"),
    "daily:talked": FormPage("daily:today"),
    "journal:delete": FormPage("journal:entry", ("entry_id",)),
    "journal:share": FormPage("journal:entry", ("entry_id",)),
    "safetycheck:entry": FormPage("safetycheck:index"),
    "safetycheck:unlink": FormPage("safetycheck:index"),
    "safetycheck:scope": FormPage("safetycheck:index"),
    # After her password, the reset's question (datarights.resetask): one more press does it.
    "safetycheck:reset": FormPage("safetycheck:reset_ask"),
    "datarights:reset": FormPage("datarights:reset_ask"),
    "practice:consent": FormPage("practice:mine"),
    "accounts:two_step_start": FormPage("accounts:two_step"),
    "accounts:two_step_confirm": FormPage("accounts:two_step"),
    "accounts:passkey_add_options": FormPage("accounts:two_step"),
}


def form_page(view: str, kwargs: Mapping[str, Any]) -> str | None:
    """The page of the form that ``view`` (a URL name) answers, with ``kwargs`` (the address's
    own arguments); None when ``view`` is not one of :data:`FORM_PAGES`."""
    page = FORM_PAGES.get(view)
    if page is None:
        return None
    return reverse(page.name, kwargs={name: kwargs[name] for name in page.args})


def page_for(address: str) -> str:
    """``address`` as it is, or the page its form lives on when it is an address of this site
    that answers only a button."""
    try:
        match = resolve(urlsplit(address).path)
    except Resolver404:
        return address
    return form_page(match.view_name, match.kwargs) or address
