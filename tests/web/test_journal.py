"""The reflection journal: private by default, shared one entry at a time, encrypted at rest."""

from __future__ import annotations

import html
import re
import threading
import time

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from pytest_django import Settings

from interdepend.core.content import load_prompts, suggest
from interdepend.web.accounts import reauth
from interdepend.web.assessment.models import Attempt
from interdepend.web.assessment.selectors import attempt_result
from interdepend.web.journal import idle, keys, personal, selectors, services
from interdepend.web.journal.models import DataKey, Entry
from interdepend.web.partners import services as partner_services
from tests.conftest import PASSWORD, Personas
from tests.helpers import HTMX, Response, active_partnership, as_user
from tests.journal_fixtures import SHARED_WITH_BOB, SHARED_WITH_PAT, entry_id
from tests.security.policy import POLICY

pytestmark = pytest.mark.django_db


def url(name: str, *args: object) -> str:
    return reverse(f"journal:{name}", args=args)


def prompt(key: str) -> str:
    """The text of a prompt in the library."""
    found = selectors.prompt_text(key)
    assert found is not None, key
    return found


def text(response: Response) -> str:
    return response.content.decode()


# Writing, reading, editing, deleting ---------------------------------------------------------


def seen_on(client: Client, entry: str) -> str:
    """The mark the entry's edit page carries of the text it shows (journal.services.text_mark)."""
    found = re.search(r'name="seen" value="([0-9a-f]+)"', text(client.get(url("edit", entry))))
    assert found is not None
    return found.group(1)


def test_a_person_writes_reads_edits_and_deletes_an_entry(personas: Personas) -> None:
    carol = as_user(personas.carol)
    response = carol.post(url("write"), {"body": "A long walk helped.", "prompt": "p05"})
    entry = Entry.objects.filter(owner=personas.carol).latest("pk")
    assert response.status_code == 302 and response["Location"] == url("entry", entry.public_id)
    assert b"A long walk helped." not in bytes(entry.body)
    assert not entry.shared_with_partner and not entry.practitioner_shares.exists()
    page = text(carol.get(url("entry", entry.public_id)))
    assert "A long walk helped." in page and "Only you. It is private." in page
    assert "Last changed" not in page
    assert prompt("p05") in page
    assert "A long walk helped." in text(carol.get(url("home")))
    assert "A long walk helped." in text(carol.get(url("edit", entry.public_id)))
    seen = seen_on(carol, entry.public_id)
    carol.post(
        url("edit", entry.public_id),
        {"body": "A long walk helped, and a nap.", "seen": seen, "password": PASSWORD},
    )
    entry.refresh_from_db()
    assert keys.open_(personas.carol, entry.body) == "A long walk helped, and a nap."
    # Deleting cannot be undone: her password is asked for it each time (the partner audit).
    asked = carol.post(url("delete", entry.public_id))
    assert asked.status_code == 200 and "delete your journal entry of" in text(asked)
    assert Entry.objects.filter(pk=entry.pk).exists()
    assert carol.post(url("delete", entry.public_id), {"password": PASSWORD}).status_code == 302
    assert not Entry.objects.filter(pk=entry.pk).exists()


def test_a_change_to_an_entry_deleted_meanwhile_gives_her_words_back(personas: Personas) -> None:
    """The forms audit of 2026-12-03 (L5): a change sent after the entry was deleted in another
    tab met a bare "not found", and her words were gone. They come back in a new entry's box,
    nothing is changed, and an address that was never hers gets the same page."""
    carol = as_user(personas.carol)
    carol.post(url("write"), {"body": "Words to be deleted.", "prompt": ""})
    entry = Entry.objects.filter(owner=personas.carol).latest("pk")
    seen = seen_on(carol, entry.public_id)
    assert carol.post(url("delete", entry.public_id), {"password": PASSWORD}).status_code == 302
    count = Entry.objects.count()
    change = {"body": "MRK words typed meanwhile", "seen": seen, "password": PASSWORD}
    gone = carol.post(url("edit", entry.public_id), change)
    page = text(gone)
    assert gone.status_code == 404
    assert "no longer there" in page and "MRK words typed meanwhile" in page
    assert Entry.objects.count() == count
    made_up = carol.post(url("edit", "x" * 22), change)
    assert made_up.status_code == 404
    assert "no longer there" in text(made_up) and "MRK words typed meanwhile" in text(made_up)
    assert carol.get(url("edit", entry.public_id)).status_code == 404
    # Saved from the box, they are a new entry of hers.
    assert carol.post(url("write"), {"body": "MRK words typed meanwhile"}).status_code == 302


def test_an_empty_entry_is_shown_again_with_a_note(personas: Personas) -> None:
    carol = as_user(personas.carol)
    response = carol.post(url("write"), {"body": "", "prompt": "p05"})
    assert response.status_code == 400 and 'role="alert"' in text(response)
    assert "There is nothing written yet." in text(response)  # not a bare "Please fill this in."
    assert carol.post(url("write"), {"body": "x", "prompt": "nope"}).status_code == 400
    assert carol.post(url("edit", entry_id("carol-private")), {"body": ""}).status_code == 400


def test_the_journal_lists_newest_first_twenty_a_page(personas: Personas) -> None:
    for n in range(22):
        services.entry_create(owner=personas.erin, body=f"day {n:02d}", prompt_key="", idem_key="")
    erin = as_user(personas.erin)
    first = text(erin.get(url("home")))
    assert first.index("day 21") < first.index("day 20") and "day 01" not in first
    second = text(erin.get(url("home") + "?page=2"))
    assert "day 01" in second and "day 00" in second and "day 21" not in second
    assert "Page 2 of 2" in second


def test_the_journal_opens_every_entry_with_one_key_look_up(personas: Personas) -> None:
    from django.test.utils import CaptureQueriesContext

    erin = as_user(personas.erin)
    erin.get(url("home"))

    def queries() -> int:
        with CaptureQueriesContext(connection) as seen:
            assert erin.get(url("home")).status_code == 200
        return len(seen)

    services.entry_create(owner=personas.erin, body="one", prompt_key="", idem_key="")
    few = queries()
    for n in range(15):
        services.entry_create(owner=personas.erin, body=f"{n}", prompt_key="p01", idem_key="")
    assert queries() == few


def test_a_journal_that_cannot_be_opened_is_logged_without_whose_it_is(
    personas: Personas, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    """The line named the person's account number, beside the access log's time of her
    opening her journal (the operator audit); the master key's id stays for the operator."""
    services.entry_create(owner=personas.erin, body="one", prompt_key="", idem_key="")
    held = DataKey.objects.get(user=personas.erin).master_key_id
    settings.MASTER_KEY = keys.new_key_text()  # the key it was locked with is gone
    views = selectors.entry_views(personas.erin, Entry.objects.filter(owner=personas.erin), None)
    assert [view.body for view in views] == [None]
    said = [r.getMessage() for r in caplog.records if r.name.startswith("interdepend.")]
    assert said == [
        f"journal entries cannot be opened: master key {held} is not in the keyring "
        "(INTERDEPEND_MASTER_KEY); add it back (after the newest key) to read what it protects"
    ], said
    error = keys.CannotOpen(f"a journal text of person {personas.erin.pk} does not open")
    assert selectors._for_the_log(error) == "a journal text of a person does not open"


# Prompts ------------------------------------------------------------------------------------


def test_prompts_are_drawn_from_the_growth_areas_of_the_latest_result(personas: Personas) -> None:
    latest = Attempt.objects.filter(user=personas.alice, completed_at__isnull=False).latest(
        "completed_at"
    )
    expected = suggest(attempt_result(latest), prompts=3, practices=0, exclude={"p01", "p13"})
    offered = selectors.offered_prompts(personas.alice)
    assert offered == expected.prompts and len(offered) == 3
    page = text(as_user(personas.alice).get(url("write")))
    assert all(p.text in page for p in offered)


def test_without_a_result_general_prompts_are_offered(personas: Personas) -> None:
    offered = selectors.offered_prompts(personas.carol)
    assert len(offered) == 3 and set(offered) <= set(load_prompts())
    page = text(as_user(personas.carol).get(url("write") + "?prompt=p20"))
    assert "No question: I will just write" in page
    assert prompt("p20") in page
    assert re.search(r'value="p20"[^>]*checked', page)


# Idempotency --------------------------------------------------------------------------------


def test_the_same_form_posted_twice_makes_one_entry(personas: Personas) -> None:
    carol = as_user(personas.carol)
    before = Entry.objects.count()
    posted = {"body": "Once only", "prompt": "", "idem": "same-key-0001"}
    first, second = carol.post(url("write"), posted), carol.post(url("write"), posted)
    assert first["Location"] == second["Location"]
    assert Entry.objects.count() == before + 1
    carol.post(url("write"), {**posted, "idem": "another-key"})
    assert Entry.objects.count() == before + 2


@pytest.mark.django_db(transaction=True)
def test_racing_posts_of_one_form_make_one_entry(personas: Personas) -> None:
    erin_id = personas.erin.pk
    statuses: list[int] = []

    def post() -> None:
        client = as_user(personas.erin)
        data = {"body": "Racing", "idem": "race-key-1"}
        statuses.append(client.post(url("write"), data).status_code)
        connection.close()

    threads = [threading.Thread(target=post) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [302] * 4
    assert Entry.objects.filter(owner_id=erin_id, idem_key="race-key-1").count() == 1
    assert DataKey.objects.filter(user_id=erin_id).count() == 1


# Sharing with the partner -------------------------------------------------------------------


def _journal_pages(personas: Personas) -> list[str]:
    """Every GET URL of the policy table (the pages a role can reach)."""
    return [reverse(name, kwargs=row.kwargs(personas)) for name, row in POLICY.items()]


def test_an_entry_shared_with_the_partner_is_seen_by_the_partner_and_nobody_else(
    personas: Personas,
) -> None:
    assert SHARED_WITH_BOB in text(as_user(personas.bob).get(url("shared")))
    assert SHARED_WITH_BOB in text(as_user(personas.alice).get(url("home")))
    pages = _journal_pages(personas)
    seen = []
    for name in ("carol", "dave", "erin", "staff"):
        client = as_user(getattr(personas, name))
        seen += [f"{page} as {name}" for page in pages if SHARED_WITH_BOB in text(client.get(page))]
    assert not seen
    assert (
        as_user(personas.bob).get(url("entry", entry_id("alice-for-bob"))).status_code == 404
    )  # bob reads it on "Shared with you" only; the entry page is the owner's


def test_what_an_ex_shared_stays_hidden_after_they_parted(personas: Personas) -> None:
    secret = personas.markers["dave.journalshared"]
    assert secret not in text(as_user(personas.alice).get(url("shared")))
    assert secret in text(as_user(personas.dave).get(url("home")))
    dave_page = text(as_user(personas.dave).get(url("entry", entry_id("dave-for-alice"))))
    assert "You shared this entry with a former partner. They no longer see it." in dave_page


def test_unlinking_ends_the_partners_view_at_once(personas: Personas) -> None:
    bob = as_user(personas.bob)
    assert SHARED_WITH_BOB in text(bob.get(url("shared")))
    partner_services.partnership_leave(user=personas.alice)
    page = text(bob.get(url("shared")))
    assert SHARED_WITH_BOB not in page and "When you are linked with a partner" in page


def test_sharing_and_unsharing_one_entry(personas: Personas) -> None:
    alice, bob = as_user(personas.alice), as_user(personas.bob)
    private = entry_id("alice-private")
    secret = personas.markers["alice.journal"]
    assert secret not in text(bob.get(url("shared")))
    alice.post(url("share", private), {"with": "partner", "share": "on", "password": PASSWORD})
    assert secret in text(bob.get(url("shared")))
    response = alice.post(url("share", private), {"with": "partner", "share": "off"}, headers=HTMX)
    assert response.status_code == 200 and text(response).startswith('<section class="card"')
    assert "Share with my partner" in text(response)
    assert secret not in text(bob.get(url("shared")))
    assert SHARED_WITH_BOB in text(bob.get(url("shared")))  # the other one stays shared


def test_sharing_with_a_partner_needs_a_partner(personas: Personas) -> None:
    carol = as_user(personas.carol)
    mine = entry_id("carol-private")
    page = text(carol.get(url("entry", mine)))
    assert "Share with my partner" not in page and "Once you link with a partner" in page
    carol.post(url("share", mine), {"with": "partner", "share": "on", "password": PASSWORD})
    assert not Entry.objects.get(public_id=mine).shared_with_partner
    carol.post(url("share", mine), {"with": "someone", "share": "on"})
    assert not Entry.objects.get(public_id=mine).shared_with_partner


# T04: the partner's pages do not change with the other's private writing ----------------------

VOLATILE = re.compile(r'(name="(?:csrfmiddlewaretoken|idem)" value=")[^"]*"')


def _snapshot(client: Client) -> dict[str, bytes]:
    names = {"shared": url("shared"), "home": url("home"), "write": url("write"), "me": "/"}
    pages = {name: client.get(path).content for name, path in names.items()}
    return {k: VOLATILE.sub(r'\1-"', v.decode()).encode() for k, v in pages.items()}


def test_partner_pages_are_byte_identical_whatever_private_entries_exist(
    personas: Personas,
) -> None:
    Entry.objects.filter(owner=personas.alice).exclude(idem_key="fixture-alice-for-bob").delete()
    bob = as_user(personas.bob)
    before = _snapshot(bob)
    alice = as_user(personas.alice)
    alice.post(url("write"), {"body": "private one", "prompt": "p02", "idem": "t04-1"})
    alice.post(url("write"), {"body": "private two", "idem": "t04-2"})
    two = Entry.objects.get(owner=personas.alice, idem_key="t04-2")
    seen = seen_on(alice, two.public_id)
    alice.post(
        url("edit", two.public_id),
        {"body": "private two, longer now", "seen": seen, "password": PASSWORD},
    )
    pat = personas.practice.ids["alice_link"]
    alice.post(url("share", two.public_id), {"with": "practitioner", "link": pat, "share": "on"})
    alice.post(
        url("share", two.public_id), {"with": "partner", "share": "on", "password": PASSWORD}
    )
    alice.post(url("share", two.public_id), {"with": "partner", "share": "off"})
    alice.post(
        url("delete", Entry.objects.get(owner=personas.alice, idem_key="t04-1").public_id),
        {"password": PASSWORD},
    )
    after = _snapshot(bob)
    diffs = [name for name in before if before[name] != after[name]]
    print(f"\nT04 journal: {len(before)} partner pages, {len(diffs)} diffs")
    assert not diffs


# The practitioner side ----------------------------------------------------------------------


def test_practitioner_reads_go_through_the_named_share_rule_only(personas: Personas) -> None:
    from interdepend.web.practice.models import ClientLink

    links = {
        k: ClientLink.objects.get(public_id=v)
        for k, v in personas.practice.ids.items()
        if "link" in k
    }
    reads = {k: [s.body for s in selectors.practitioner_reads(link)] for k, link in links.items()}
    assert [SHARED_WITH_PAT in body for body in reads["alice_link"]] == [True]
    assert reads["quinn_link"] == reads["rory_link"] == reads["bob_link"] == []
    assert selectors.practitioner_share_counts(list(links.values())) == {links["alice_link"].pk: 1}


# Asking for the password again after a while away --------------------------------------------


def _age(client: Client, **stamps: float) -> None:
    session = client.session
    for key, seconds_ago in stamps.items():
        session[key] = time.time() - seconds_ago
    session.save()


@pytest.mark.parametrize(("window", "every"), [(900, 60.0), (100, 10.0)])
def test_reading_renews_the_stamp_at_most_once_a_minute_so_the_lock_is_never_late(
    personas: Personas, settings: Settings, window: int, every: float
) -> None:
    settings.JOURNAL_IDLE_SECONDS = window
    client = as_user(personas.alice)
    assert client.get(url("home")).status_code == 200
    _age(client, **{idle.JOURNAL_SEEN_KEY: every - 5})
    kept = client.session[idle.JOURNAL_SEEN_KEY]
    assert client.get(url("home")).status_code == 200
    assert client.session[idle.JOURNAL_SEEN_KEY] == kept  # not written again so soon
    _age(client, **{idle.JOURNAL_SEEN_KEY: every + 5})
    assert client.get(url("home")).status_code == 200
    assert time.time() - client.session[idle.JOURNAL_SEEN_KEY] < 5  # renewed
    # The stamp is never newer than the last page: the lock can only come early.
    assert client.session[idle.JOURNAL_SEEN_KEY] <= time.time()


def test_the_journal_asks_for_the_password_after_a_while_away(
    personas: Personas, settings: Settings
) -> None:
    settings.JOURNAL_IDLE_SECONDS = 900
    client = as_user(personas.alice)
    assert client.get(url("home")).status_code == 200  # just signed in
    _age(client, **{reauth.REAUTH_AT_KEY: 3600, idle.JOURNAL_SEEN_KEY: 600})
    assert client.get(url("home")).status_code == 200  # in use: the window slides
    _age(client, **{idle.JOURNAL_SEEN_KEY: 1000})
    for path in (url("home"), url("shared"), url("entry", entry_id("alice-private"))):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"] == reauth.confirm_url(path)
    response = client.post(
        url("share", entry_id("alice-private")),
        {"with": "partner", "share": "on", "password": PASSWORD},
        headers=HTMX,
    )
    assert (
        response.status_code == 204
        and not Entry.objects.get(public_id=entry_id("alice-private")).shared_with_partner
    )
    back = client.post(reauth.confirm_url(url("home")), {"password": PASSWORD})
    assert back["Location"] == url("home")
    assert client.get(url("home")).status_code == 200


HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)">')


def _hidden(page: str) -> list[tuple[str, str]]:
    return [(html.unescape(n), html.unescape(v)) for n, v in HIDDEN.findall(page)]


def test_words_written_during_a_long_pause_are_kept_through_the_password(
    personas: Personas, settings: Settings
) -> None:
    """An entry saved after the page sat untouched past the window meets the password page, which
    carries what she wrote (nothing is saved before). Once it is her, she sees her words and
    what they are, and her own press saves them, once, line breaks, quotes and all."""
    settings.JOURNAL_IDLE_SECONDS = 900
    client = as_user(personas.alice)
    _age(client, **{reauth.REAUTH_AT_KEY: 3600, idle.JOURNAL_SEEN_KEY: 1000})
    body = 'Long day.\r\nI said "no" to <the> trip & felt ok.'
    before = Entry.objects.filter(owner=personas.alice).count()
    stopped = client.post(url("write"), {"body": body, "prompt": "", "idem": "k-1"})
    page = stopped.content.decode()
    assert stopped.status_code == 200 and "Confirm it is you" in page
    assert "a new journal entry, is kept on this page" in page
    assert "Nothing has been saved yet" in page
    assert Entry.objects.filter(owner=personas.alice).count() == before
    carried = dict(_hidden(page))
    assert set(carried) == {"csrfmiddlewaretoken", "next", "kept"}
    # Signed and sealed: the page's source does not give her words to whoever opens it (a
    # signed field alone decoded to her draft: the phone re-audit).
    import base64
    import zlib

    raw = base64.urlsafe_b64decode(carried["kept"] + "=" * (-len(carried["kept"]) % 4))
    assert b"Long day" not in raw
    with pytest.raises(zlib.error):
        zlib.decompress(raw)
    form = carried | {"password": "not the password"}
    again = client.post(reauth.confirm_url(url("write")), form)
    assert dict(_hidden(again.content.decode()))["kept"] == carried["kept"]  # a slip loses nothing
    form["password"] = PASSWORD
    onward = client.post(reauth.confirm_url(url("write")), form, follow=True)
    shown = onward.content.decode()
    assert onward.redirect_chain == [(reverse("accounts:carry_on"), 302)]
    assert onward.status_code == 200 and "a new journal entry" in shown
    assert "data-send-now" not in shown  # nothing goes on without her own press
    assert "Long day.<br>I said &quot;no&quot; to &lt;the&gt; trip &amp; felt ok." in shown
    assert f'action="{url("write")}"' in shown
    fields = [(n, v) for n, v in _hidden(shown) if n != "csrfmiddlewaretoken"]
    assert ("body", body) in fields and ("idem", "k-1") in fields
    assert Entry.objects.filter(owner=personas.alice).count() == before
    saved = client.post(url("write"), dict(fields))
    assert saved.status_code == 302
    assert client.post(url("write"), dict(fields)).status_code == 302  # a second press: once
    assert Entry.objects.filter(owner=personas.alice).count() == before + 1
    entry_page = client.get(saved["Location"]).content.decode()
    assert "Long day." in entry_page and "&lt;the&gt; trip &amp; felt ok." in entry_page


@pytest.mark.parametrize("step", ["delete", "share"])
def test_a_delete_or_share_pressed_after_a_long_pause_is_never_carried_by_her_password(
    personas: Personas, settings: Settings, step: str
) -> None:
    """Someone presses Delete or Share (sent without scripts) on the entry she left open; the
    password page keeps nothing, and her password alone does neither: the step waits for a
    press of her own on its page."""
    settings.JOURNAL_IDLE_SECONDS = 900
    client = as_user(personas.alice)
    _age(client, **{reauth.REAUTH_AT_KEY: 3600, idle.JOURNAL_SEEN_KEY: 1000})
    found = entry_id("alice-private")
    posted = {"with": "partner", "share": "on", "password": PASSWORD} if step == "share" else {}
    stopped = client.post(url(step, found), posted)
    assert stopped.status_code == 302 and "again=1" in stopped["Location"]
    confirmed = client.post(stopped["Location"], {"password": PASSWORD})
    assert confirmed.status_code == 302 and "carry_on" not in confirmed.content.decode()
    entry = Entry.objects.get(public_id=found)
    assert not entry.shared_with_partner


@pytest.mark.parametrize(
    "tampered",
    [
        {"kept": "x"},
        {"kept": "forged:token"},
        {"kept_to": "/me/data/reset/", "kept:choice": "x"},
    ],
)
def test_the_password_page_carries_only_what_it_signed(
    personas: Personas, settings: Settings, tampered: dict[str, str]
) -> None:
    """A made-up, altered or old-style carried form is dropped: the password page goes back to
    the page it names and sends nothing anywhere."""
    client = as_user(personas.alice)
    _age(client, **{reauth.REAUTH_AT_KEY: 3600, idle.JOURNAL_SEEN_KEY: 3600})
    form = {"password": PASSWORD, "next": url("home"), **tampered}
    response = client.post(reauth.confirm_url(url("home")), form)
    assert response.status_code == 302 and response["Location"] == url("home")


def test_a_carried_form_is_nothing_in_another_persons_session(
    personas: Personas, settings: Settings
) -> None:
    settings.JOURNAL_IDLE_SECONDS = 900
    alice = as_user(personas.alice)
    _age(alice, **{reauth.REAUTH_AT_KEY: 3600, idle.JOURNAL_SEEN_KEY: 1000})
    page = alice.post(url("write"), {"body": "Mine.", "prompt": "", "idem": "k-2"})
    token = dict(_hidden(page.content.decode()))["kept"]
    bob = as_user(personas.bob)
    _age(bob, **{reauth.REAUTH_AT_KEY: 3600, idle.JOURNAL_SEEN_KEY: 1000})
    form = {"password": PASSWORD, "next": url("home"), "kept": token}
    response = bob.post(reauth.confirm_url(url("home")), form)
    assert response.status_code == 302 and response["Location"] == url("home")


def test_a_first_visit_long_after_signing_in_asks_too(personas: Personas) -> None:
    client = as_user(personas.carol)
    _age(client, **{reauth.REAUTH_AT_KEY: 10_000})
    assert client.get(url("write")).status_code == 302
    response = client.get(url("write"), headers=HTMX)
    assert response["HX-Redirect"] == reauth.confirm_url(url("write"))


# Data rights ----------------------------------------------------------------------------------


def test_export_holds_the_persons_entries_decrypted_with_their_flags(personas: Personas) -> None:
    tables = personal.export(personas.alice)
    rows = tables["journal_entry"]
    assert {r["id"] for r in rows} == set(
        Entry.objects.filter(owner=personas.alice).values_list("public_id", flat=True)
    )
    assert len(rows) == 6  # private, for bob, for pat, for quinn, for rory, marked unnamed
    shares = {(s["entry_id"], s["practitioner_name"]) for s in tables["journal_practitionershare"]}
    pat, quinn = (p.practitioner.named for p in (personas.practice.pat, personas.practice.quinn))
    assert shares == {(entry_id("alice-for-pat"), pat), (entry_id("alice-for-quinn"), quinn)}
    by_id = {r["id"]: r for r in rows}
    assert personas.markers["alice.journal"] in str(by_id[entry_id("alice-private")]["body"])
    shared = by_id[entry_id("alice-for-bob")]
    assert shared["shared_with_partner"] is True and SHARED_WITH_BOB in str(shared["body"])
    assert personas.markers["bob.journal"] not in str(tables)
    assert personas.markers["dave.journalshared"] not in str(tables)
    # Once the partnership has ended nobody reads it, and her download says so (it said True:
    # the data-rights audit of 2026-12-03).
    partner_services.partnership_leave(user=personas.bob)
    after = {r["id"]: r for r in personal.export(personas.alice)["journal_entry"]}
    assert after[entry_id("alice-for-bob")]["shared_with_partner"] is False


def test_unshare_all_clears_every_share(personas: Personas) -> None:
    from interdepend.web.journal.models import PractitionerShare

    # for bob, for pat (named), for quinn (a row with no consent), the one marked unnamed
    assert personal.unshare_all(personas.alice) == 4
    assert not Entry.objects.filter(owner=personas.alice, shared_with_partner=True).exists()
    assert not Entry.objects.filter(owner=personas.alice, unnamed_practitioner_share=True).exists()
    assert not PractitionerShare.objects.filter(entry__owner=personas.alice).exists()
    assert SHARED_WITH_BOB not in text(as_user(personas.bob).get(url("shared")))
    assert personal.unshare_all(personas.alice) == 0


def test_erase_removes_the_entries_and_destroys_the_data_key(personas: Personas) -> None:
    personal.erase(personas.alice)
    assert not Entry.objects.filter(owner=personas.alice).exists()
    assert not DataKey.objects.filter(user=personas.alice).exists()
    assert Entry.objects.filter(owner=personas.bob).exists()
    assert SHARED_WITH_BOB not in text(as_user(personas.bob).get(url("shared")))


# The frame and the demo ------------------------------------------------------------------------


def test_reflect_is_in_the_main_navigation(personas: Personas) -> None:
    page = text(as_user(personas.carol).get(url("home")))
    assert f'<a href="{url("home")}" aria-current="true">Reflect</a>' in page


def test_the_demo_gives_maya_a_journal_with_one_entry_shared_with_jonah() -> None:
    from interdepend.web.accounts.models import User
    from interdepend.web.demo import demo_load

    demo_load()
    demo_load()
    maya, jonah = (User.objects.get(email=f"{n}@demo.interdepend.test") for n in ("maya", "jonah"))
    entries = Entry.objects.filter(owner=maya)
    assert entries.count() == 3 and entries.filter(shared_with_partner=True).count() == 1
    shared = text(as_user(jonah).get(url("shared")))
    assert "Jonah hums" in shared and "pottery" not in shared


# Odd input --------------------------------------------------------------------------------------


@pytest.mark.parametrize("target", ["write", "edit", "share", "delete"])
def test_odd_input_never_breaks_a_journal_form(personas: Personas, target: str) -> None:
    """T15 for the journal forms: odd values get an answer below 500."""
    from hypothesis import HealthCheck, given
    from hypothesis import settings as hsettings
    from hypothesis import strategies as st

    mine = entry_id("alice-for-bob")
    path = url(target) if target == "write" else url(target, mine)
    values = st.one_of(
        st.text(max_size=300),
        st.sampled_from(["", "on", "off", "partner", "practitioner", "p01", "p99", "x" * 30_000]),
    )
    client = as_user(personas.alice)

    @hsettings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.dictionaries(st.sampled_from(["body", "prompt", "idem", "with", "share"]), values))
    def post(data: dict[str, str]) -> None:
        clean = {k: v.replace("\x00", "") for k, v in data.items()}
        assert client.post(path, clean).status_code < 500

    post()


def test_the_question_an_entry_was_written_from_stays_with_its_author(personas: Personas) -> None:
    """Which questions a person is offered follows her results, or a general set when her
    safety answers worried us; shown with a shared entry to someone who sees her scores, the
    question told him her safety answers (the practitioner audit; SECURITY rule 18). The
    partner and a practitioner read the entry without it; she sees it on her own pages."""
    from interdepend.web.journal import services as journal_services

    alice = personas.alice
    entry = journal_services.entry_create(
        owner=alice, body="MRKSHAREDWORDS", prompt_key="p05", idem_key=""
    )
    journal_services.entry_share_with_partner(entry=entry, active=active_partnership(alice))
    question = prompt("p05")
    shown = text(as_user(personas.bob).get(url("shared")))
    assert "MRKSHAREDWORDS" in shown and question not in shown
    assert question in text(as_user(alice).get(url("entry", entry.public_id)))
    opened = selectors.entry_views(alice, [entry], None, for_owner=False)
    assert [view.prompt for view in opened] == [None]


def test_what_she_shared_is_read_without_passing_over_her_private_entries(
    personas: Personas,
) -> None:
    """The journal audit of 2026-12-03 (L1): his "Shared with you" page was read through her
    owner index, so its time grew with every private entry she wrote (0.8 ms with 5 entries,
    2.6 ms with 5,005). The read now goes by the shared partnership, the flag and the owner, in
    order, on SQLite as on PostgreSQL."""
    from interdepend.web.journal.access import shared_with_me

    active = active_partnership(personas.bob)
    query = shared_with_me(active)
    if connection.vendor == "sqlite":
        sql, params = query.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            plan = " ".join(str(row[-1]) for row in cursor.fetchall())
        assert "journal_ent_shared__f51836_idx" in plan, plan
        # Only the shared entries are sorted (by the id that breaks a tie), none of hers else.
        assert "(shared_partnership_id=? AND owner_id=?)" in plan, plan
    assert [e.pk for e in query] == [e.pk for e in query.order_by("-created_at", "-pk")]
