"""T09: every sensitive action needs a fresh password proof, and without one changes nothing.

Each action in :data:`SENSITIVE` is tried twice by the person it belongs to, inside a rolled-back
transaction: first without a fresh proof (the confirm-it-is-you stamp aged past its window, and
no password in the form), which must change no row anywhere and show nothing private; then with
a fresh proof (and the password where the form asks for it), which must work, so the gate, and
nothing else, is what stopped the first try. A last check walks the URL map: every view that
carries the gate must be listed here.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from types import FunctionType

import pytest
from django.apps import apps
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from interdepend.web.accounts.models import UserSession
from interdepend.web.journal.idle import JOURNAL_SEEN_KEY
from tests.conftest import PASSWORD, Personas
from tests.helpers import Response, as_user, password_confirmed
from tests.journal_fixtures import SHARED_WITH_PAT

pytestmark = pytest.mark.django_db

#: Tables every request may touch (sessions, login records); the gate is about everything else.
VOLATILE_TABLES = {UserSession._meta.db_table, "axes_accessattempt", "axes_accesslog"}


@dataclass(frozen=True)
class Action:
    """One sensitive step: who does it, how, and what it posts (without the password)."""

    name: str
    actor: str
    method: str = "POST"
    kwargs: Callable[[Personas], dict[str, object]] = field(default=lambda p: {})
    data: Callable[[Personas], dict[str, object]] = field(default=lambda p: {})
    #: "write" changes rows; "read" shows the person's private text; "file" is a download.
    kind: str = "write"
    #: The password is a field of the form itself (not the confirm step).
    in_form: bool = False
    #: The name of that password field, when the form has a prefix.
    password_field: Callable[[Personas], str] = field(default=lambda p: "password")
    #: For a read: the private text it shows.
    shows: Callable[[Personas], str] = field(default=lambda p: "")
    #: For a file: the content type it is served as.
    content_type: str = "application/zip"
    #: Makes the action possible first (inside the same rolled-back transaction).
    setup: Callable[[Personas], None] = field(default=lambda p: None)
    #: The person was in their journal a moment ago (its idle gate is open): only the
    #: confirm-it-is-you gate of the action itself can stop it.
    in_journal: bool = False
    #: It lets someone see more of her: the password typed for it each time, which a proof a
    #: moment ago (her sign-in) does not replace (the phone audit of 2026-12-02).
    each_time: bool = False
    #: Keys to put in the person's session first (a form carried through the password page).
    session: Callable[[Personas], dict[str, object]] = field(default=lambda p: {})


def _practice(key: str) -> Callable[[Personas], dict[str, object]]:
    def kwargs(p: Personas) -> dict[str, object]:
        return {"link_id": p.practice.ids[key]}

    return kwargs


def _consent(p: Personas) -> dict[str, object]:
    return {f"link{p.practice.ids['alice_link']}-scopes": ["trends"]}


def _no_talk_items(p: Personas) -> None:
    from interdepend.web.daily.models import TalkItem

    TalkItem.objects.all().delete()


def _answered_today(p: Personas) -> None:
    from interdepend.web.daily import access, services

    services.answer_save(user=p.alice, today=access.today_for(p.alice), text="Her first words.")


def _marker(key: str) -> Callable[[Personas], str]:
    return lambda p: p.markers[key]


def _shared_with_bob(p: Personas) -> str:
    from tests.journal_fixtures import SHARED_WITH_BOB

    return SHARED_WITH_BOB


def _entry(p: Personas) -> dict[str, object]:
    from tests.journal_fixtures import entry_id

    return {"entry_id": entry_id("alice-private")}


def _edited(p: Personas) -> dict[str, object]:
    """New words for alice's private entry, with the mark of the text the page showed."""
    from interdepend.web.journal.services import text_mark

    shown = f"Today I noticed {p.markers['alice.journal']} and sat with it."
    return {"body": "changed words", "seen": text_mark(shown)}


def _app_begun(p: Personas) -> None:
    from interdepend.web.accounts.twostep import app_begin

    app_begin(p.alice)


def _pending_secret(p: Personas) -> str:
    from interdepend.web.accounts.models import AuthenticatorApp

    return AuthenticatorApp.objects.get(user=p.alice, confirmed_at__isnull=True).secret


def _pending_code(p: Personas) -> dict[str, object]:
    import pyotp

    return {"code": pyotp.TOTP(_pending_secret(p)).now()}


def _goal(p: Personas) -> dict[str, object]:
    return {"goal_id": p.together["alice_goal"]}


def _goal_edit(p: Personas) -> dict[str, object]:
    from interdepend.web.together.models import Goal

    goal = Goal.objects.get(public_id=p.together["alice_goal"])
    return {"title": "Renamed", "detail": "", "version": goal.version}


def _pat_read(p: Personas) -> None:
    from interdepend.web.accounts.models import User
    from interdepend.web.practice.accesslog import record_reads
    from interdepend.web.practice.models import AccessKind

    pat = User.objects.get(display_name="Pat")
    record_reads(subjects=[p.alice], reader=pat, kind=AccessKind.RESULTS)


def _pat_shown(p: Personas) -> str:
    """How pat is named on a client's pages: his name and practitioner number."""
    return f"<bdi>{p.practice.pat.practitioner.named}</bdi>"


def _read_by_pat(p: Personas) -> str:
    return "Pat"


def _carol_answered(p: Personas) -> None:
    from interdepend.web.assessment import selectors, services
    from interdepend.web.assessment.models import Attempt

    attempt = Attempt.objects.get(public_id=p.unfinished_attempt_id)
    inventory = selectors.answered_inventory(attempt)
    first = selectors.page_of(attempt, inventory, 1)
    assert first is not None
    services.attempt_save_answers(
        attempt=attempt,
        instrument=inventory,
        page_items=first.item_ids,
        answers=dict.fromkeys(first.item_ids, 4),
    )


def _scale_left_out(p: Personas) -> None:
    """Her finished take without any answer on its first scale: the left-out page has them."""
    from interdepend.web.assessment import selectors
    from interdepend.web.assessment.models import Attempt

    attempt = Attempt.objects.get(public_id=p.finished_attempt_id)
    inventory = selectors.answered_inventory(attempt)
    first = inventory.scales[0].id
    kept = {k: v for k, v in attempt.answers.items() if inventory.item(k).scale_id != first}
    Attempt.objects.filter(pk=attempt.pk).update(answers=kept)


def _draft(p: Personas) -> dict[str, object]:
    from interdepend.web.together.models import Boundary

    draft = Boundary.objects.get(owner=p.alice, text=p.markers["alice.draft"])
    return {"boundary_id": draft.public_id}


def _his_wording_waits(p: Personas) -> None:
    """bob suggests other words for the boundary alice told him."""
    from interdepend.web.together import services
    from interdepend.web.together.models import Boundary

    told = Boundary.objects.get(public_id=p.together["boundary"])
    services.boundary_propose(boundary=told, actor=p.bob, text="Saturday mornings, after ten.")


def _perception_saved(p: Personas) -> None:
    from interdepend.web.couple import selectors, services
    from interdepend.web.partners.access import access_active_partnership

    form = selectors.perception_form()
    active = access_active_partnership(p.alice)
    assert active is not None
    answers: dict[str, int | None] = dict.fromkeys(form.item_ids, 4)
    services.perception_save(user=p.alice, active=active, form=form, answers=answers)


def _perceived(p: Personas) -> dict[str, object]:
    from interdepend.web.couple import selectors

    first = selectors.perception_form().item_ids[0]
    return {f"item-{first}": "4"}


def _perceived_otherwise(p: Personas) -> dict[str, object]:
    """Every statement answered, one of them otherwise than ``_perception_saved`` has it."""
    from interdepend.web.couple import selectors

    items = selectors.perception_form().item_ids
    return {f"item-{item}": "2" if n == 0 else "4" for n, item in enumerate(items)}


def _subscription(p: Personas) -> dict[str, object]:
    import base64

    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    point = ec.generate_private_key(ec.SECP256R1()).public_key()
    raw = point.public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)

    def b64(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).decode().rstrip("=")

    return {
        "endpoint": "https://fcm.googleapis.com/fcm/send/his",
        "p256dh": b64(raw),
        "auth": b64(b"x" * 16),
    }


#: Her authenticator app's key, for the steps that turn it off or make new recovery codes.
APP_KEY = "JBSWY3DPEHPK3PXP"


def _app_on(p: Personas) -> None:
    from django.utils import timezone

    from interdepend.web.accounts.models import AuthenticatorApp

    AuthenticatorApp.objects.create(user=p.alice, secret=APP_KEY, confirmed_at=timezone.now())


def _app_code(p: Personas) -> dict[str, object]:
    import pyotp

    return {"code": pyotp.TOTP(APP_KEY).now()}


def _her_passkey(p: Personas) -> None:
    from interdepend.web.accounts.models import Passkey

    Passkey.objects.create(
        user=p.alice, name="Her phone", credential_id="her-key", public_key=b"k", user_handle="h"
    )


def _passkey(p: Personas) -> dict[str, object]:
    from interdepend.web.accounts.models import Passkey

    return {"public_id": Passkey.objects.get(user=p.alice, credential_id="her-key").public_id}


def _factor_just_now(p: Personas) -> dict[str, object]:
    """A passkey or code proved it is her a moment ago: only the password typed is missing."""
    from interdepend.web.accounts.reauth import REAUTH_FACTOR_AT_KEY

    return {REAUTH_FACTOR_AT_KEY: time.time()}


def _plain_look(p: Personas) -> None:
    from interdepend.web.accounts.models import HomeScreenLook

    p.alice.home_screen_look = HomeScreenLook.NEUTRAL
    p.alice.save(update_fields=["home_screen_look"])


def _notifications_on(p: Personas) -> None:
    from interdepend.web.accounts.models import PushChoice

    PushChoice.objects.update_or_create(user=p.alice, defaults={"today": True})


#: Her account's steps whose gate is in the view's own body (the password asked only for the
#: press that would hurt her, or beside a code from her app): the two-minute audit of
#: 2026-12-04 found them held by tests of their own and missing here, where the walk below
#: could not see them.
ACCOUNT_STEPS: list[Action] = [
    Action(
        "accounts:home_screen",
        "alice",
        data=lambda p: {"home_screen_look": "interdepend"},
        setup=_plain_look,
        each_time=True,
    ),
    Action(
        "accounts:quick_exit_keys",
        "alice",
        data=lambda p: {"quick_exit_keys": "none"},
        each_time=True,
    ),
    Action(
        "accounts:time_zone",
        "alice",
        data=lambda p: {"time_zone": "Pacific/Kiritimati"},
        setup=_notifications_on,
        each_time=True,
    ),
    Action(
        "accounts:push_choices",
        "alice",
        data=lambda p: {"kinds": ["today", "waiting"], "quiet_from": "22", "quiet_until": "7"},
        each_time=True,
    ),
    Action("together:reminder", "alice", data=lambda p: {"weekly_checkin": "on"}, each_time=True),
    Action(
        "accounts:passkey_remove",
        "alice",
        kwargs=_passkey,
        setup=_her_passkey,
        session=_factor_just_now,
        each_time=True,
    ),
    Action("accounts:two_step_off", "alice", data=_app_code, setup=_app_on, in_form=True),
    Action(
        "accounts:two_step_codes",
        "alice",
        data=_app_code,
        setup=_app_on,
        in_form=True,
        kind="read",
        shows=lambda p: "Earlier recovery codes no longer work",
    ),
]

SENSITIVE: list[Action] = [
    Action("datarights:export", "alice", in_form=True, kind="file"),
    Action("datarights:reset", "alice", data=lambda p: {"confirm": "yes"}),
    Action("partners:leave", "alice", in_form=True),
    Action(
        "accounts:password_change",
        "alice",
        in_form=True,
        data=lambda p: {"new_password": "a quite different passphrase", "end_other_sessions": ""},
    ),
    Action("datarights:delete", "alice", in_form=True, data=lambda p: {"confirm": "on"}),
    Action("accounts:details", "alice", data=lambda p: {"change": "name", "display_name": "X"}),
    # Starting two-step sign-in makes a key: someone at an unlocked device must not tie the
    # account to their own phone.
    Action("accounts:two_step_start", "alice"),
    # Options for adding a passkey: a challenge only after a fresh password (the same reason).
    Action(
        "accounts:passkey_add_options",
        "alice",
        in_form=True,
        kind="read",
        shows=lambda p: '"challenge"',
    ),
    # An app she began to set up and left: its first code cannot turn it on for someone who
    # picks up her signed-in phone (its key is never shown again to anyone:
    # tests/security/test_phone_in_his_hands.py).
    Action(
        "accounts:two_step_confirm", "alice", in_form=True, data=_pending_code, setup=_app_begun
    ),
    # A code to link with, made on her phone after she left him, and accepted from his own.
    Action("partners:invite", "erin", each_time=True),
    # Her notifications sent to a device of his.
    Action("accounts:push_subscribe", "alice", data=_subscription, each_time=True),
    # What she keeps for herself, read after a while away, as her journal: earlier answers to
    # the question for today, whom she sees in a practice, where she signed in.
    Action("daily:past", "alice", "GET", kind="read", shows=_marker("alice.daily")),
    Action("practice:mine", "alice", "GET", kind="read", shows=lambda p: _pat_shown(p)),
    Action("safetycheck:index", "alice", "GET", kind="read", shows=lambda p: _pat_shown(p)),
    Action("accounts:sessions", "alice", "GET", kind="read", shows=lambda p: "(this one)"),
    # Her account page: the address she signs in with and the time zone she lives in.
    Action("accounts:settings", "alice", "GET", kind="read", shows=lambda p: p.alice.email),
    # Whether she has a second step, with her passkeys' names (the phone audit of 2026-12-04).
    Action("accounts:two_step", "alice", "GET", kind="read", shows=lambda p: "Two-step"),
    # Her together space's private side, as her journal: the people she turns to, her week's
    # check-in and what she needs, goals only she sees, her ratings before both have rated,
    # who read her data and when, and her answers so far.
    Action("together:circle", "alice", "GET", kind="read", shows=_marker("alice.circle")),
    Action("together:circle_seen", "carol", kwargs=lambda p: {"person_id": p.together["circle"]}),
    # Removing someone from it, as deleting a journal entry, asks each time (the partner audit).
    Action(
        "together:circle_remove",
        "carol",
        kwargs=lambda p: {"person_id": p.together["circle"]},
        each_time=True,
    ),
    Action("together:checkin", "alice", "GET", kind="read", shows=_marker("alice.need")),
    # Showing her week to the partner (with the private pages' idle gate open, so only the
    # share's own password can stop it); the password is a field of the check-in form itself.
    Action(
        "together:checkin",
        "alice",
        data=lambda p: {"heard": "5", "close": "4", "need": "Some quiet.", "shared": "on"},
        in_form=True,
        in_journal=True,
    ),
    # A boundary only she has seen (a draft), and telling it to him; how she sees him, before
    # she shows it; today's answer before he has answered; her takes and starting a new one.
    Action("together:boundaries", "alice", "GET", kind="read", shows=_marker("alice.draft")),
    Action("together:boundary", "alice", "GET", _draft, kind="read", shows=_marker("alice.draft")),
    Action(
        "together:boundary_act",
        "alice",
        kwargs=_draft,
        data=lambda p: {"action": "tell"},
        each_time=True,
    ),
    Action(
        "together:boundary_act",
        "alice",
        kwargs=_draft,
        data=lambda p: {"action": "tell"},
        in_journal=True,
        each_time=True,
    ),
    # His wording for a boundary of hers, taken in her name: hers to say only with her password
    # typed for it, each time, as new words for a goal (the security audit of 2026-12-04, III:
    # one press at her open phone, and her words could come back only if he agreed).
    Action(
        "together:boundary_act",
        "alice",
        kwargs=lambda p: {"boundary_id": p.together["boundary"]},
        data=lambda p: {"action": "accept"},
        setup=_his_wording_waits,
        in_journal=True,
        each_time=True,
    ),
    # New words for her draft replace the old ones, which nothing keeps: each time, as new
    # words for a goal (the security audit of 2026-12-04, III).
    Action(
        "together:boundary_act",
        "alice",
        kwargs=_draft,
        data=lambda p: {"action": "propose", "text": "Other words."},
        in_journal=True,
        each_time=True,
    ),
    Action(
        "couple:perception",
        "alice",
        "GET",
        kind="read",
        shows=lambda p: " checked",
        setup=_perception_saved,
    ),
    Action("couple:perception", "alice", data=_perceived),
    # Other answers over those she saved: each time, as a saved check-in's (the security audit
    # of 2026-12-04, III: one press at her open phone replaced how she sees him).
    Action(
        "couple:perception",
        "alice",
        data=_perceived_otherwise,
        setup=_perception_saved,
        in_journal=True,
        each_time=True,
    ),
    Action("daily:today", "alice", data=lambda p: {"text": "Some words for today."}),
    # Adding to the couple's list of questions to talk about, and marking one talked about:
    # behind the idle lock, as the page they are on (the journal audit of 2026-12-03, L3).
    Action(
        "daily:talk",
        "alice",
        kwargs=lambda p: {"answer_id": p.daily["opened"]},
        setup=_no_talk_items,
    ),
    Action("daily:talked", "alice", kwargs=lambda p: {"item_id": p.daily["talk"]}),
    # Changing an answer she gave: someone at her phone could rewrite it, then open both from
    # his own account (the journal audit of 2026-12-03). Asked each time.
    Action(
        "daily:today",
        "alice",
        data=lambda p: {"text": "Other words for today."},
        setup=_answered_today,
        each_time=True,
    ),
    Action(
        "assessment:overview",
        "alice",
        "GET",
        kind="read",
        shows=lambda p: reverse("assessment:results", args=[p.finished_attempt_id]),
    ),
    Action("assessment:start", "alice"),
    Action(
        "assessment:left_out",
        "alice",
        "GET",
        lambda p: {"attempt_id": p.finished_attempt_id},
        kind="read",
        shows=lambda p: 'type="radio"',
        setup=_scale_left_out,
    ),
    Action("together:goals", "alice", "GET", kind="read", shows=_marker("alice.goal")),
    Action("together:goal", "alice", "GET", _goal, kind="read", shows=_marker("alice.goal")),
    # New words for a goal: each time (the phone audit of 2026-12-04, M2).
    Action("together:goal_edit", "alice", kwargs=_goal, data=_goal_edit, each_time=True),
    Action("together:goal_note", "alice", kwargs=_goal, data=lambda p: {"text": "A step."}),
    # Her promises, those she made for herself among them, and how she kept them (the
    # security audit of 2026-12-04, II: they showed after a while away, her own goals did not).
    Action("together:commitments", "alice", "GET", kind="read", shows=lambda p: "Cook on"),
    Action(
        "together:commitment_mark",
        "alice",
        kwargs=lambda p: {"commitment_id": p.together["commitment"]},
        data=lambda p: {"state": "kept"},
    ),
    Action(
        "together:trends",
        "alice",
        "GET",
        kind="read",
        shows=lambda p: 'aria-describedby="mine-numbers-latest mine-numbers"',
    ),
    Action("together:mine_svg", "alice", "GET", kind="file", content_type="image/svg+xml"),
    Action("together:balance_svg", "alice", "GET", kind="file", content_type="image/svg+xml"),
    Action(
        "decide:detail",
        "alice",
        "GET",
        lambda p: {"decision_id": p.decision_id},
        kind="read",
        shows=lambda p: "only you see these",
    ),
    Action("practice:log", "alice", "GET", kind="read", shows=_read_by_pat, setup=_pat_read),
    Action(
        "assessment:page",
        "carol",
        "GET",
        lambda p: {"attempt_id": p.unfinished_attempt_id, "number": 1},
        kind="read",
        shows=lambda p: " checked",
        setup=_carol_answered,
    ),
]

#: The practice's sensitive steps: consent changes, ending a link, the practitioner role.
PRACTICE_ACTIONS: list[Action] = [
    # Letting a practitioner see more: the password typed with the choice, or whoever picks up
    # her phone just after she signed in could open her data to a practitioner account of his.
    Action(
        "practice:consent",
        "alice",
        kwargs=_practice("alice_link"),
        data=_consent,
        in_form=True,
        password_field=lambda p: f"link{p.practice.ids['alice_link']}-password",
    ),
    # Ending a connection: someone holding her phone just after she signed in could cut her off
    # from her practitioner (the phone audit of 2026-12-02). The password box is on its page.
    Action("practice:end", "alice", kwargs=_practice("quinn_link"), each_time=True),
    Action(
        "practice:start",
        "carol",
        data=lambda p: {"kind": "coach", "practice_name": "Carol's coaching"},
    ),
]


def _pats_file(name: str, link: str, content_type: str = "image/svg+xml") -> Action:
    """A file pat reads of a client (a chart, a report) through her link."""
    return Action(name, "pat", "GET", _practice(link), kind="file", content_type=content_type)


def _pats_table(name: str, link: str) -> Action:
    """A chart's numbers as a table, which pat reads through her link."""
    return Action(name, "pat", "GET", _practice(link), kind="read", shows=lambda p: "<table")


#: What a practitioner reads of his clients: after a while away it asks for his password, as
#: her own private pages do, or whoever is at his unlocked device reads every client's shared
#: entries and results (the practitioner audit of 2026-12-03).
PRACTITIONER_READS: list[Action] = [
    Action("practice:dashboard", "pat", "GET", kind="read", shows=lambda p: "<bdi>Alice</bdi>"),
    Action(
        "practice:client",
        "pat",
        "GET",
        _practice("alice_link"),
        kind="read",
        shows=lambda p: SHARED_WITH_PAT,
    ),
    _pats_file("practice:client_map", "alice_link"),
    _pats_file("practice:client_trends", "bob_link"),
    _pats_table("practice:client_trends_numbers", "bob_link"),
    _pats_file("practice:couple_map", "alice_link"),
    _pats_table("practice:couple_numbers", "alice_link"),
    _pats_file("practice:couple_report", "alice_link", "application/pdf"),
]

#: Opening the journal after a while away, and every step on an entry.
JOURNAL_ACTIONS: list[Action] = [
    Action("journal:home", "alice", "GET", kind="read", shows=_marker("alice.journal")),
    Action("journal:entry", "alice", "GET", _entry, kind="read", shows=_marker("alice.journal")),
    Action("journal:shared", "bob", "GET", kind="read", shows=_shared_with_bob),
    # A change can empty an entry or put other words in it: asked each time, as deleting is.
    Action("journal:edit", "alice", kwargs=_entry, data=_edited, each_time=True),
    Action(
        "journal:share",
        "alice",
        kwargs=_entry,
        data=lambda p: {"with": "partner", "share": "on"},
        each_time=True,
    ),
    Action("journal:delete", "alice", kwargs=_entry, each_time=True),
    Action("journal:write", "alice", data=lambda p: {"body": "new words", "idem": "k1"}),
]


def _code(key: str) -> Callable[[Personas], dict[str, object]]:
    """A code to redeem: carol's partner invitation or pat's open client invitation."""

    def data(p: Personas) -> dict[str, object]:
        return {"code": p.invitation_code if key == "partner" else p.practice.open_code}

    return data


def _link(key: str) -> Callable[[Personas], dict[str, object]]:
    def data(p: Personas) -> dict[str, object]:
        return {"link": p.practice.ids[key], "scope": "results"}

    return data


def _withdraw_reveal(p: Personas) -> None:
    from interdepend.web.couple.services import reveal_withdraw
    from interdepend.web.partners.access import access_active_partnership

    active = access_active_partnership(p.alice)
    assert active is not None
    reveal_withdraw(user=p.alice, active=active)


def _flag_result(p: Personas) -> None:
    from interdepend.web.assessment.models import Attempt

    Attempt.objects.filter(public_id=p.finished_attempt_id).update(screen_flagged=True)


def _share_with_pat(p: Personas) -> dict[str, object]:
    return {"with": "practitioner", "link": p.practice.ids["alice_link"], "share": "on"}


def _flag_message(p: Personas) -> str:
    from django.utils.html import escape

    from interdepend.web.assessment.selectors import safety_screen

    flag = safety_screen().flag
    assert flag is not None
    return escape(flag.message)


def _attempt(p: Personas) -> dict[str, object]:
    return {"attempt_id": p.finished_attempt_id}


#: Redeeming any code, research consent, sharing or revealing results, a flagged result.
CONSENT_ACTIONS: list[Action] = [
    Action(
        "partners:join",
        "erin",
        data=_code("partner"),
        kind="read",
        shows=lambda p: "<bdi>Carol</bdi> invites you",
    ),
    Action(
        "partners:join_link",
        "erin",
        "GET",
        kwargs=lambda p: {"code": p.invitation_code},
        kind="read",
        shows=lambda p: "<bdi>Carol</bdi> invites you",
    ),
    Action(
        "partners:respond",
        "erin",
        data=lambda p: {**_code("partner")(p), "answer": "accept"},
        each_time=True,
    ),
    Action(
        "practice:join",
        "carol",
        data=_code("client"),
        kind="read",
        shows=lambda p: f"{_pat_shown(p)} invites",
    ),
    Action(
        "practice:join_link",
        "carol",
        "GET",
        kwargs=lambda p: _code("client")(p),
        kind="read",
        shows=lambda p: f"{_pat_shown(p)} invites",
    ),
    Action("practice:accept", "carol", data=_code("client"), each_time=True),
    Action("research:consent", "alice", data=lambda p: {"choice": "give"}, each_time=True),
    Action("couple:reveal", "alice", setup=_withdraw_reveal, each_time=True),
    Action(
        "journal:share",
        "alice",
        kwargs=_entry,
        data=lambda p: {"with": "partner", "share": "on"},
        in_journal=True,
        each_time=True,
    ),
    Action(
        "journal:share",
        "alice",
        kwargs=_entry,
        data=_share_with_pat,
        in_journal=True,
        each_time=True,
    ),
    Action(
        "assessment:results",
        "alice",
        "GET",
        _attempt,
        kind="read",
        shows=_flag_message,
        setup=_flag_result,
    ),
    Action(
        "assessment:map",
        "alice",
        "GET",
        _attempt,
        kind="file",
        content_type="image/svg+xml",
        setup=_flag_result,
    ),
    Action(
        "assessment:report",
        "alice",
        "GET",
        _attempt,
        kind="file",
        content_type="application/pdf",
        setup=_flag_result,
    ),
]


def _shared_entry(p: Personas) -> dict[str, object]:
    from tests.journal_fixtures import entry_id

    return {"entry": entry_id("alice-for-bob"), "with": "partner"}


CARRIED_WORDS = "Words carried through the password page"


def _carried(p: Personas) -> dict[str, object]:
    """A journal entry the password page stopped, waiting on its own page (sealed for Alice)."""
    from django.test import RequestFactory

    from interdepend.web.accounts import kept

    request = RequestFactory().post(reverse("journal:write"), {"body": CARRIED_WORDS})
    request.user = p.alice
    return {kept.CARRY_ON: [kept.keep(request, kept.CARRIED["journal:write"]).token, time.time()]}


#: The page a carried form waits on shows her words: it is a private page.
JOURNAL_ACTIONS.append(
    Action(
        "accounts:carry_on",
        "alice",
        "GET",
        kind="read",
        shows=lambda p: CARRIED_WORDS,
        session=_carried,
    )
)


#: The same steps from "Who can see what" (tests/web/test_safetycheck.py) keep their gates.
SAFETYCHECK_ACTIONS: list[Action] = [
    Action("safetycheck:unlink", "alice"),
    Action("safetycheck:scope", "alice", data=_link("alice_link")),
    Action("safetycheck:practitioner", "alice", data=_link("quinn_link"), each_time=True),
    Action("safetycheck:reset", "alice", data=lambda p: {"confirm": "yes"}),
    Action("safetycheck:entry", "alice", data=_shared_entry),
]


def _landed(actions: list[Action]) -> list[Action]:
    names = set(_url_names())
    return [a for a in actions if a.name in names]


def _url_names() -> list[str]:
    from tests.security.urlwalk import url_names

    return url_names()


#: Columns any request may write: the language her pages were shown in, kept for her e-mails.
VOLATILE_COLUMNS = {"language_seen"}


def _state() -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table but the volatile ones, without the volatile columns."""
    found = {}
    for model in apps.get_models(include_auto_created=True):
        table = model._meta.db_table
        if table not in VOLATILE_TABLES:
            names = [
                f.attname for f in model._meta.concrete_fields if f.name not in VOLATILE_COLUMNS
            ]
            found[table] = list(model._default_manager.order_by("pk").values_list(*names))
    return found


def _client(personas: Personas, action: Action, fresh: bool) -> Client:
    person = getattr(personas, action.actor)
    client = password_confirmed(as_user(person), seconds_ago=0 if fresh else 100_000)
    session = client.session
    session.update(action.session(personas))
    if action.in_journal:
        session[JOURNAL_SEEN_KEY] = time.time()
    session.save()
    return client


def _send(client: Client, action: Action, personas: Personas, password: bool) -> Response:
    url = reverse(action.name, kwargs=action.kwargs(personas))
    if action.method == "GET":
        return client.get(url)
    data = dict(action.data(personas))
    if password and (action.in_form or action.each_time):
        data[action.password_field(personas)] = PASSWORD
    return client.post(url, data)


def _shown(response: Response, action: Action, personas: Personas) -> bool:
    if action.kind == "file":
        got = str(response.get("Content-Type", ""))
        return got.split(";")[0] == action.content_type
    if action.kind == "read":
        body = response.content.decode(errors="replace")
        return action.shows(personas) in body
    return False


def _try(personas: Personas, action: Action) -> tuple[bool, bool]:
    """(gated: nothing changed or shown without a fresh proof, works: it does with one)."""
    with transaction.atomic():
        action.setup(personas)
        stale, fresh = (_client(personas, action, recent) for recent in (False, True))
        before = _state()
        response = _send(stale, action, personas, False)
        gated = _state() == before and not _shown(response, action, personas)
        response = _send(fresh, action, personas, True)
        works = _shown(response, action, personas) or (
            action.kind == "write" and _state() != before
        )
        transaction.set_rollback(True)
    return gated, works


def test_t09_every_sensitive_action_needs_a_fresh_password(personas: Personas) -> None:
    actions = SENSITIVE + _landed(PRACTICE_ACTIONS) + _landed(JOURNAL_ACTIONS) + CONSENT_ACTIONS
    actions += _landed(SAFETYCHECK_ACTIONS) + PRACTITIONER_READS + ACCOUNT_STEPS
    ungated, inert = [], []
    for action in actions:
        gated, works = _try(personas, action)
        if not gated:
            ungated.append(action.name)
        if not works:
            inert.append(action.name)
    share = 100 * (len(actions) - len(ungated)) // len(actions)
    print(f"\nT09: {len(actions)} sensitive actions, {share} % gated")
    assert not ungated, f"changed or shown without a fresh password: {ungated}"
    assert not inert, f"the test did not manage the action even with the password: {inert}"


def test_widening_steps_ask_for_the_password_even_just_after_sign_in(personas: Personas) -> None:
    """The phone audit: in the minutes after she signed in (a proof as fresh as it gets), he
    shared her journal with himself, sent her notifications to a device of his and connected
    a practitioner account of his, with no password asked. Each step that lets someone see
    more of her now asks for it typed, every time: with a fresh proof and no password, none
    changes anything, and the page asking carries what was sent."""
    actions = SENSITIVE + _landed(JOURNAL_ACTIONS) + CONSENT_ACTIONS + _landed(PRACTICE_ACTIONS)
    actions += ACCOUNT_STEPS
    widening = [a for a in actions if a.each_time or a.name == "together:checkin"]
    assert len(widening) >= 11
    opened = []
    for action in widening:
        if action.method != "POST":
            continue
        with transaction.atomic():
            action.setup(personas)
            fresh = _client(personas, action, True)
            before = _state()
            response = _send(fresh, action, personas, False)
            if _state() != before:
                opened.append(action.name)
            elif action.name != "accounts:push_subscribe":
                body = response.content.decode()
                assert 'name="password"' in body, action.name
            transaction.set_rollback(True)
    print(f"\nwidening steps just after sign-in, no password: {len(widening)} tried, 0 open")
    assert not opened, f"opened with a fresh sign-in and no password typed: {opened}"


def _gated_views() -> set[str]:
    """URL names whose view is wrapped by the confirm-it-is-you gate (found in its code)."""
    names: set[str] = set()

    def walk(patterns: list[URLPattern | URLResolver], prefix: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
                walk(pattern.url_patterns, inner)
            elif pattern.name and _has_gate(pattern.callback):
                names.add(f"{prefix}{pattern.name}")

    walk(get_resolver().url_patterns, "")
    return names


#: What a view's own body calls to ask for her password for one press (or beside a code).
ASKS_INSIDE = frozenset(
    {"asked_each_time", "typed_proof", "password_each_time", "PasswordConfirmForm", "wrong_in_form"}
)
#: Views that ask for the password as what they are, not before a step: the password pages
#: themselves, and the page that shows the export's box (the export is listed).
ASKING_PAGES = {"accounts:confirm", "accounts:email_confirm", "frame:unlock", "datarights:index"}


def _has_gate(view: object, depth: int = 0) -> bool:
    """Wrapped by a gate, or asking inside: in its own body or in a helper of its module that
    it calls (``_password_too``), one level down."""
    while view is not None:
        code = getattr(view, "__code__", None)
        if code is not None:
            gates = ("password_recent", "idle_gate", "password_each_time")
            if any(word in code.co_qualname for word in gates):
                return True
            if ASKS_INSIDE & set(code.co_names):
                return True
            if depth == 0 and any(_has_gate(f, 1) for f in _helpers(view, code.co_names)):
                return True
        view = getattr(view, "__wrapped__", None)
    return False


def _helpers(view: object, names: tuple[str, ...]) -> list[object]:
    """The functions of the view's own module that its body names."""
    found = getattr(view, "__globals__", {})
    module = getattr(view, "__module__", None)
    return [
        found[name]
        for name in names
        if isinstance(found.get(name), FunctionType) and found[name].__module__ == module
    ]


def test_every_gated_view_is_in_the_t09_list() -> None:
    listed = {a.name for a in SENSITIVE + PRACTICE_ACTIONS + JOURNAL_ACTIONS + CONSENT_ACTIONS}
    listed |= {a.name for a in SAFETYCHECK_ACTIONS + PRACTITIONER_READS + ACCOUNT_STEPS}
    unlisted = sorted(_gated_views() - listed - ASKING_PAGES)
    assert not unlisted, f"add these gated views to tests/security/test_reauth_gates.py: {unlisted}"
