"""Two sweeps over every page of the access policy, from the security audit of 2026-12-04 (II).

- T04, widened: his every page (and its htmx part) and his whole export stay byte-identical
  while she changes what only she sees: her settings (time zone, language, look, quick-exit
  keys, notifications), a second step, a new sign-in, a take of the inventory, a private
  check-in, and her practitioners (a scope ended and given back, a connection ended, a new one
  made). The earlier T04 tests cover the together space, the journal and the question for today.
- Item 8, as a crawl: with her private window closed (a sign-in, then a while away), no page of
  the policy table shows anything of hers that carries a marker, whoever she is.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from interdepend.web.accounts.models import (
    AuthenticatorApp,
    HomeScreenLook,
    PushChoice,
    QuickExitKeys,
    User,
)
from interdepend.web.accounts.services import user_create
from interdepend.web.practice import services as practice_services
from interdepend.web.practice.models import ClientLink
from interdepend.web.together import selectors as together_selectors
from interdepend.web.together import services as together_services
from tests.conftest import PASSWORD, Personas
from tests.helpers import HTMX, as_user, password_confirmed
from tests.security.policy import POLICY

pytestmark = pytest.mark.django_db

#: What a page draws fresh each time, or what moves with his own clock: set aside.
VOLATILE = (
    (re.compile(r'(name="(?:csrfmiddlewaretoken|idem|token)" value=")[^"]*"'), r'\1-"'),
    (re.compile(r'(data-label="Last active">)[^<]*'), r"\1-"),
    (re.compile(r'"(exported_at|last_seen_at)": "[^"]*"'), r'"\1": "-"'),
)
LEFT_OUT_HEADERS = {"Date", "Expires", "Set-Cookie"}


def _steady(text: str) -> str:
    for pattern, replacement in VOLATILE:
        text = pattern.sub(replacement, text)
    return text


def _his_view(client: Client, personas: Personas) -> dict[str, tuple[int, str, str]]:
    """Every page the partner gets (whole and as htmx asks for it) and his export, file by
    file: status, headers and text."""
    seen: dict[str, tuple[int, str, str]] = {}
    for name, row in POLICY.items():
        if row.get["partner-b"] != "ok":
            continue
        path = reverse(name, kwargs=row.kwargs(personas))
        for label, headers in (("", {}), (" htmx", HTMX)):
            response = client.get(path, headers=headers)
            kept = sorted((k, v) for k, v in response.items() if k not in LEFT_OUT_HEADERS)
            body = response.content.decode("utf-8", "replace")
            seen[path + label] = (response.status_code, repr(kept), _steady(body))
    export = client.post(reverse("datarights:export"), {"password": PASSWORD})
    assert export.status_code == 200
    with zipfile.ZipFile(io.BytesIO(export.content)) as archive:
        for member in archive.namelist():
            seen[f"export {member}"] = (200, "", _steady(archive.read(member).decode()))
    return seen


def _her_private_changes(personas: Personas) -> list[tuple[str, Callable[[], None]]]:
    alice = personas.alice
    pat_link = ClientLink.objects.get(public_id=personas.practice.ids["alice_link"])
    quinn_link = ClientLink.objects.get(public_id=personas.practice.ids["quinn_link"])

    def settings_changed() -> None:
        alice.time_zone = "Pacific/Kiritimati"
        alice.language = "es"
        alice.home_screen_look = next(
            v for v in HomeScreenLook.values if v != alice.home_screen_look
        )
        alice.quick_exit_keys = next(v for v in QuickExitKeys.values if v != alice.quick_exit_keys)
        alice.save()
        PushChoice.objects.update_or_create(
            user=alice, defaults={"today": True, "waiting": True, "checkin": True}
        )

    def second_step() -> None:
        AuthenticatorApp.objects.create(
            user=alice, secret="JBSWY3DPEHPK3PXP", confirmed_at=timezone.now()
        )

    def new_sign_in() -> None:
        her_other_phone = as_user(alice)
        her_other_phone.get(reverse("home:home"))

    def inventory_begun() -> None:
        password_confirmed(as_user(alice)).post(reverse("assessment:start"))

    def private_checkin() -> None:
        together_services.checkin_save(
            owner=alice,
            week=together_selectors.this_week(),
            values={"close": 2},
            need="kept to herself",
            shared=False,
            partnership=None,
        )

    def practitioners_changed() -> None:
        practice_services.consent_set(link=pat_link, scopes=[])
        practice_services.consent_set(link=pat_link, scopes=["results", "couple", "journal"])
        practice_services.link_end(link=quinn_link)
        zed_user = user_create(
            email="zed@practice.example.test", password=PASSWORD, display_name="Zed"
        )
        zed = practice_services.practitioner_enable(
            user=zed_user, kind="coach", practice_name="Zed"
        )
        new = practice_services.client_invitation_create(practitioner=zed)
        practice_services.client_invitation_redeem(invitation=new.invitation, user=alice)

    return [
        ("her settings", settings_changed),
        ("a second step", second_step),
        ("a new sign-in", new_sign_in),
        ("a take begun", inventory_begun),
        ("a private check-in", private_checkin),
        ("her practitioners", practitioners_changed),
    ]


def test_his_pages_and_export_stay_the_same_whatever_she_does_for_herself(
    personas: Personas,
) -> None:
    his_phone = password_confirmed(as_user(personas.bob))
    his_phone.get(reverse("home:home"))
    before = _his_view(his_phone, personas)
    assert _his_view(his_phone, personas) == before, "his own view moves by itself"
    moved: list[str] = []
    changes = _her_private_changes(personas)
    for what, change in changes:
        change()
        after = _his_view(his_phone, personas)
        moved += [f"{what}: {key}" for key in before if after[key] != before[key]]
        before = after
    print(
        f"\nT04 (her own things): {len(before)} of his, {len(changes)} changes, {len(moved)} moved"
    )
    assert not moved


def _markers_of(personas: Personas, name: str) -> dict[str, str]:
    return {key: value for key, value in personas.markers.items() if key.startswith(f"{name}.")}


@pytest.mark.parametrize("name", ["alice", "bob", "carol"])
def test_no_page_shows_her_own_words_once_her_private_window_has_closed(
    personas: Personas, name: str
) -> None:
    person: User = getattr(personas, name)
    phone = password_confirmed(as_user(person), seconds_ago=24 * 3600)
    markers = _markers_of(personas, name)
    assert markers
    shown: list[str] = []
    asked = 0
    for url_name, row in POLICY.items():
        path = reverse(url_name, kwargs=row.kwargs(personas))
        for headers in ({}, HTMX):
            asked += 1
            body = phone.get(path, headers=headers).content.decode("utf-8", "replace")
            shown += [f"{url_name}: {key}" for key, value in markers.items() if value in body]
    print(f"\nitem 8 crawl ({name}): {asked} requests, {len(markers)} markers, {len(shown)} shown")
    assert not shown


def test_her_own_promises_need_her_password_after_a_while_away(personas: Personas) -> None:
    """Promises she made for herself (alone, or kept as hers when a partnership ended) are hers
    as her own goals are: after a while away, no page shows them until her password."""
    from datetime import timedelta

    words = {"carol": "MRKCAROLPROMISEX", "alice": "MRKALICEPROMISEX"}
    for name, text in words.items():
        together_services.commitment_create(
            owner=getattr(personas, name),
            partnership=None,
            text=text,
            due_on=timezone.localdate() - timedelta(days=1),
            idem_key="",
        )
    shown: list[str] = []
    for name, text in words.items():
        phone = password_confirmed(as_user(getattr(personas, name)), seconds_ago=24 * 3600)
        for url_name, row in POLICY.items():
            path = reverse(url_name, kwargs=row.kwargs(personas))
            for headers in ({}, HTMX):
                if text in phone.get(path, headers=headers).content.decode("utf-8", "replace"):
                    shown.append(f"{name}: {url_name}")
        fresh = password_confirmed(as_user(getattr(personas, name)))
        assert text in fresh.get(reverse("together:commitments")).content.decode()
    assert not shown
