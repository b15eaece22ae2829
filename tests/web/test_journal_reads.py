"""The journal's pages read through prepared statements (``frame.prepared``): on a warm view
no read of theirs is built by the ORM (issue 15's tenth pass), and each prepared read gives
what the ORM rule it replaced gives, for every persona."""

from __future__ import annotations

import random
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, time, timedelta
from typing import Any

import pytest
from django.db import connection
from django.db.models import Count, Max, Min
from django.db.models.sql.compiler import SQLCompiler
from django.http import Http404
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from interdepend.core.content import load_prompts, suggest
from interdepend.web.accounts.models import User
from interdepend.web.assessment import selectors as assessment_selectors
from interdepend.web.assessment.demo import complete_attempt
from interdepend.web.assessment.models import Attempt
from interdepend.web.assessment.selectors import attempt_result
from interdepend.web.journal import access, keys, selectors
from interdepend.web.journal.models import DataKey, Entry, PractitionerShare
from interdepend.web.partners.access import access_active_partnership
from tests.conftest import Personas
from tests.helpers import as_user
from tests.journal_fixtures import entry_id
from tests.web.test_prepared import _same

pytestmark = pytest.mark.django_db


@contextmanager
def _journal_builds(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Each statement the ORM builds while the journal's own code is on the stack, named by
    the journal's frame nearest to it."""
    built: list[str] = []
    real = SQLCompiler.as_sql

    def spy(self: SQLCompiler, *args: Any, **kwargs: Any) -> Any:
        ours = [
            f"{frame.filename.rsplit('/', 1)[-1]}:{frame.lineno} {frame.name}"
            for frame in traceback.extract_stack()
            if "/interdepend/web/journal/" in frame.filename
        ]
        if ours:
            built.append(ours[-1])
        return real(self, *args, **kwargs)

    with monkeypatch.context() as patched:
        patched.setattr(SQLCompiler, "as_sql", spy)
        yield built


def _pages(user: User) -> list[str]:
    """Every journal page the person can open, with an entry's pages and a month's list."""
    pages = [reverse("journal:home"), reverse("journal:write"), reverse("journal:shared")]
    newest = Entry.objects.filter(owner=user).order_by("-created_at").first()
    if newest is not None:
        month = timezone.localtime(newest.created_at).strftime("%Y-%m")
        pages += [
            f"{reverse('journal:home')}?month={month}",
            reverse("journal:entry", args=[newest.public_id]),
            reverse("journal:edit", args=[newest.public_id]),
        ]
    return pages


@pytest.mark.parametrize("who", ["alice", "bob", "carol", "erin"])
def test_a_warm_journal_page_builds_no_read_with_the_orm(
    personas: Personas, monkeypatch: pytest.MonkeyPatch, who: str
) -> None:
    """Alice (a partner, a practitioner allowed to read, entries of hers and shared by her),
    Bob (who reads what she shared), Carol (entries, nobody to share with) and Erin (no entry):
    each page viewed once, then again with every ORM build of the journal's code counted."""
    user = getattr(personas, who)
    client: Client = as_user(user)
    pages = _pages(user)
    for page in pages:
        assert client.get(page).status_code == 200, page
    with _journal_builds(monkeypatch) as built:
        for page in pages:
            assert client.get(page).status_code == 200, page
    assert built == []


def test_later_pages_and_an_empty_month_still_read_through_the_orm(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only the first page of a list is prepared; a later page is sliced by the ORM, and shows
    the entries after the first twenty, as before."""
    carol = personas.carol
    for n in range(access.PER_PAGE + 2):
        Entry.objects.create(owner=carol, body=b"", idem_key=f"later-{n}")
    client = as_user(carol)
    later = client.get(reverse("journal:home") + "?page=2").content.decode()
    assert "Page 2 of 2" in later
    assert later.count('<a class="tap" href="/me/journal/') == 3  # 23 entries: 20, then 3
    empty = client.get(reverse("journal:home") + "?month=2001-01").content.decode()
    assert "Nothing written that month." in empty


@pytest.mark.parametrize("who", ["alice", "bob", "carol", "erin"])
def test_a_first_page_builds_no_queryset_for_its_list(
    personas: Personas, monkeypatch: pytest.MonkeyPatch, who: str
) -> None:
    """The first page of *My journal*, of a month and of *Shared with you* takes its rows from
    the prepared read alone: the list's queryset, which only a later page slices, is not built
    to be thrown away (it was, on every view: issue 15's eleventh pass). A later page still
    builds it, and shows what it gives."""
    user = getattr(personas, who)
    built: list[str] = []
    for name in ("own_entries", "own_entries_in", "shared_with_me"):
        real = getattr(access, name)

        def counted(*args: Any, _real: Any = real, _name: str = name, **kwargs: Any) -> Any:
            built.append(_name)
            return _real(*args, **kwargs)

        monkeypatch.setattr(access, name, counted)
    client = as_user(user)
    pages = [p for p in _pages(user) if "/write/" not in p and "/edit/" not in p]
    for page in pages:
        assert client.get(page).status_code == 200, page
    assert built == []
    for n in range(access.PER_PAGE + 2):
        Entry.objects.create(owner=user, body=b"", idem_key=f"first-{n}")
    first = client.get(reverse("journal:home")).content.decode()
    assert built == []
    assert first.count('<a class="tap" href="/me/journal/') == access.PER_PAGE
    later = client.get(reverse("journal:home") + "?page=2").content.decode()
    assert built == ["own_entries"]
    assert '<a class="tap" href="/me/journal/' in later


def test_an_entry_s_page_asks_who_reads_it_only_when_a_practitioner_may(
    personas: Personas,
) -> None:
    """A share is readable only through one of her links allowed to read her journal, so with
    none (Bob, Carol, Dave) an entry's page does not ask which practitioners read the entry
    (it did, on every view: issue 15's eleventh pass); with one (Alice), it still does, and
    names them. The rule is held over every person's entries."""
    share_table = PractitionerShare._meta.db_table
    for user in User.objects.order_by("pk"):
        links = access.journal_links(user)
        for entry in Entry.objects.filter(owner=user):
            readable = access.readable_shares().filter(entry=entry).exists()
            assert not readable or links, (user.email, entry.pk)
    asked = {}
    for who in ("alice", "bob", "carol", "dave"):
        user = getattr(personas, who)
        newest = Entry.objects.filter(owner=user).order_by("-created_at").first()
        assert newest is not None, who
        client = as_user(user)
        page = reverse("journal:entry", args=[newest.public_id])
        client.get(page)
        with CaptureQueriesContext(connection) as ran:
            assert client.get(page).status_code == 200
        asked[who] = any(share_table in query["sql"] for query in ran.captured_queries)
    assert asked == {"alice": True, "bob": False, "carol": False, "dave": False}


def test_the_prepared_journal_reads_agree_with_their_querysets(personas: Personas) -> None:
    for user in User.objects.order_by("pk"):
        own = access.own_entries(user)
        marked = own.annotate(read=access.readable_mark(), **access.owner_key())
        newest = _same(access.OWN_NEWEST, marked[: access.PER_PAGE + 1], owner_id=user.pk)
        readers = selectors._readers([row.pk for row in newest])
        assert all(vars(row)["read"] is (row.pk in readers) for row in newest)
        found = Entry.objects.filter(owner=user).aggregate(
            n=Count("pk"), first=Min("created_at"), last=Max("created_at")
        )
        span = access._SPAN.first(owner_id=user.pk)
        assert (span is None) == (found["n"] == 0)
        if span is not None:
            assert span == (found["n"], found["first"], found["last"])
        for entry in own:
            month = timezone.localtime(entry.created_at).date().replace(day=1)
            start, end = access.month_bounds(month)
            values = {"owner_id": user.pk, "start": start, "end": end}
            in_month = access.own_entries_in(user, month)
            _same(access.OWN_IN_NEWEST, in_month[: access.PER_PAGE], **values)
            assert access.OWN_IN_COUNT(**values) == {"n": in_month.count()}
            day = timezone.localtime(entry.created_at).date()
            others = own.filter(
                created_at__gte=datetime.combine(
                    day, time.min, tzinfo=timezone.get_current_timezone()
                ),
                created_at__lt=datetime.combine(
                    day + timedelta(days=1), time.min, tzinfo=timezone.get_current_timezone()
                ),
            ).exclude(pk=entry.pk)
            assert selectors.shares_its_day(user, entry) == others.exists()
        active = access_active_partnership(user)
        if active is not None:
            values = {"owner_id": active.partner.pk, "partnership_id": active.partnership.pk}
            shared = access.shared_with_me(active)
            _same(access.SHARED_NEWEST, shared[: access.PER_PAGE], **values)
            assert access.SHARED_COUNT(**values) == {"n": shared.count()}
        row = DataKey.objects.filter(user_id=user.pk).first()
        kept = keys._DATA_KEY.first(user_id=user.pk)
        assert (kept is None) == (row is None)
        if row is not None and kept is not None:
            assert (bytes(kept[0]), kept[1]) == (bytes(row.wrapped), row.master_key_id)
    assert access.OWN_NEWEST.prepared(owner_id=1)
    assert keys._DATA_KEY.prepared(user_id=1)


def test_a_day_shared_with_another_entry_is_found_in_her_time_zone(personas: Personas) -> None:
    """Two of Carol's entries an hour apart around midnight in UTC share a day in New York and
    not in UTC; her entry's page writes the time only where they share it."""
    carol = personas.carol
    midnight = datetime(2026, 3, 10, tzinfo=UTC)
    first = Entry.objects.create(owner=carol, body=b"", idem_key="day-1")
    second = Entry.objects.create(owner=carol, body=b"", idem_key="day-2")
    Entry.objects.filter(pk=first.pk).update(created_at=midnight - timedelta(minutes=30))
    Entry.objects.filter(pk=second.pk).update(created_at=midnight + timedelta(minutes=30))
    first.refresh_from_db()
    with timezone.override("UTC"):
        assert not selectors.shares_its_day(carol, first)
    with timezone.override("America/New_York"):
        assert selectors.shares_its_day(carol, first)


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_questions_offered_are_those_of_her_whole_result(
    personas: Personas, language: str
) -> None:
    """The write page's questions come from her growth areas alone, read from her latest take
    as the whole result read them (with the questions of her recent entries left out), for
    takes of every shape: the same questions, in the same order."""
    carol = personas.carol
    inventory = assessment_selectors.inventory()
    rng = random.Random(15)
    compared = 0
    for seed in range(6):
        answers = {item.id: rng.choice([None, 1, 2, 3, 4, 5, 6, 7]) for item in inventory.items}
        complete_attempt(carol, answers, days_ago=0, seed=seed)
        latest = assessment_selectors.latest_finished_attempt(carol)
        assert latest is not None
        if seed % 2:
            picked = suggest(attempt_result(latest), prompts=1, practices=0).prompts
            Entry.objects.create(owner=carol, body=b"", prompt_key=picked[0].id if picked else "")
        recent = set(selectors._recent_prompts_rule(carol.pk))
        with translation.override(language):
            expected = suggest(
                attempt_result(latest),
                prompts=selectors.OFFERED,
                practices=0,
                exclude=recent,
                language=language,
            ).prompts
            if latest.screen_flagged or not expected:
                continue
            assert selectors.offered_prompts(carol) == expected
            compared += 1
    assert compared >= 3


def test_her_entry_is_read_without_her_own_row_again(personas: Personas) -> None:
    """The entry's page and its edit page read the entry alone: its owner is the person
    signed in, read already, and the edit page reads nothing of who may read the entry,
    which it never shows."""
    alice = personas.alice
    found = access.access_own_entry(alice, entry_id("alice-for-pat"))
    assert found.owner is alice
    client = as_user(alice)
    for name in ("entry", "edit"):
        page = reverse(f"journal:{name}", args=[entry_id("alice-for-pat")])
        client.get(page)
        with CaptureQueriesContext(connection) as seen:
            assert client.get(page).status_code == 200
        entry_reads = [q["sql"] for q in seen if 'FROM "journal_entry"' in q["sql"]]
        assert entry_reads and all("accounts_user" not in sql for sql in entry_reads), name
        readers = [q["sql"] for q in seen if "journal_practitionershare" in q["sql"]]
        assert bool(readers) == (name == "entry"), name
    assert (
        "Pat"
        in client.get(reverse("journal:entry", args=[entry_id("alice-for-pat")])).content.decode()
    )


def test_an_edit_page_whose_text_cannot_be_opened_says_so_in_the_log(
    personas: Personas, settings: Any, caplog: pytest.LogCaptureFixture
) -> None:
    carol = personas.carol
    found = access.access_own_entry(carol, entry_id("carol-private"))
    assert (
        selectors.entry_text(carol, found)
        == f"Today I noticed {personas.markers['carol.journal']} and sat with it."
    )
    settings.MASTER_KEY = keys.new_key_text()  # the key it was locked with is gone
    assert selectors.entry_text(carol, found) is None
    said = [r.getMessage() for r in caplog.records if r.name.startswith("interdepend.")]
    assert len(said) == 1 and said[0].startswith("journal entries cannot be opened: master key")


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("zone", ["UTC", "Pacific/Auckland", "America/Santiago", "Asia/Kolkata"])
def test_an_entry_and_whether_another_shares_its_day_are_one_read(
    personas: Personas, seed: int, zone: str
) -> None:
    """Random histories (entries minutes to days apart, some at the very same moment, across
    changes of the clocks): for every entry, the entry read with its nearest neighbours finds
    another entry on its day exactly when the read of its day does (``shares_its_day``), in
    each time zone; and it is the entry the plain read gives, with nothing of anyone else's."""
    rng = random.Random(seed)
    carol, alice = personas.carol, personas.alice
    Entry.objects.filter(owner=carol).delete()
    moment = datetime(2026, 4, 4, 9, tzinfo=UTC)  # Santiago and Auckland change their clocks
    for n in range(rng.choice([1, 2, 12, 30])):
        made = Entry.objects.create(owner=carol, body=b"", idem_key=f"beside-{seed}-{n}")
        step = rng.choice(
            [timedelta(0), timedelta(minutes=20), timedelta(hours=7), timedelta(days=1)]
        )
        moment += step
        Entry.objects.filter(pk=made.pk).update(created_at=moment)
    with timezone.override(zone):
        for entry in Entry.objects.filter(owner=carol):
            found, nearest, _key = access.access_own_entry_beside(carol, entry.public_id)
            assert (found.pk, found.created_at, found.owner) == (entry.pk, entry.created_at, carol)
            assert len(nearest) <= 2
            assert selectors.on_its_day(found, nearest) == selectors.shares_its_day(carol, entry)
    mine = Entry.objects.filter(owner=carol).first()
    assert mine is not None
    with pytest.raises(Http404):
        access.access_own_entry_beside(alice, mine.public_id)
    assert access._OWN_ENTRY_BESIDE.prepared(owner_id=carol.pk, entry_id=mine.public_id)


def test_an_entry_s_page_reads_its_day_with_the_entry(personas: Personas) -> None:
    """The entry's page reads the entry and whether another shares its day in one statement
    (it read the day in a second one); the heading still writes the time where two share it."""
    carol = personas.carol
    newest = Entry.objects.filter(owner=carol).order_by("-created_at").first()
    assert newest is not None
    twin = Entry.objects.create(owner=carol, body=b"", idem_key="twin")
    Entry.objects.filter(pk=twin.pk).update(created_at=newest.created_at)
    client = as_user(carol)
    page = reverse("journal:entry", args=[newest.public_id])
    client.get(page)
    table = Entry._meta.db_table
    with CaptureQueriesContext(connection) as ran:
        body = client.get(page).content.decode()
    entry_reads = [q["sql"] for q in ran.captured_queries if f'FROM "{table}"' in q["sql"]]
    assert len(entry_reads) == 1, entry_reads
    day = date_format(timezone.localtime(newest.created_at), "DATETIME_FORMAT")
    assert f"Entry of {day}" in body


@pytest.mark.parametrize("seed", range(3))
def test_her_data_key_read_with_her_entry_is_the_key_read_alone(
    personas: Personas, settings: Any, seed: int
) -> None:
    """An entry's page reads her wrapped data key with the entry (issue 15's seventeenth
    pass), where it read it in a statement of its own (``keys._DATA_KEY``). Held to that read
    over random histories of several people: keys made, rotated under a new master key, erased
    and made again, people who never had one; each entry read with its owner's key as stored,
    never another person's, and opened by it as the key read alone opens it."""
    rng = random.Random(1764 + seed)
    people = [personas.alice, personas.carol, personas.erin] + [
        User.objects.create_user(email=f"writer{n}@example.test", password="x" * 16)
        for n in range(3)
    ]
    seen_none = seen_some = 0
    for step in range(10):
        for person in rng.sample(people, rng.randint(1, len(people))):
            action = rng.choice(["write", "write", "erase", "none"])
            if action == "write":
                sealed = keys.seal(person, f"words {step} of {person.pk}")
                Entry.objects.create(owner=person, body=sealed, idem_key=f"k{seed}-{step}")
            elif action == "erase":
                keys.destroy_data_key(person)
        if rng.random() < 0.3:  # a new master key, the older kept behind it, keys rewrapped
            ring = keys.keyring()
            settings.MASTER_KEY = ",".join(
                [keys.new_key_text(), *(keys.encode_key(k.secret) for k in ring.keys)]
            )
            keys.rewrap_all()
        entries = list(Entry.objects.order_by("pk"))  # drawn by the seeded rng, not the database
        for entry in rng.sample(entries, min(12, len(entries))):
            owner = User.objects.get(pk=entry.owner_id)
            found, _nearest, key = access.access_own_entry_beside(owner, entry.public_id)
            alone = keys._DATA_KEY.first(user_id=owner.pk)
            assert found.pk == entry.pk
            if alone is None:
                assert key is None
                seen_none += 1
                with pytest.raises(keys.MissingDataKey):
                    keys.unwrapped(owner, key)
                continue
            seen_some += 1
            assert key is not None
            assert (bytes(key[0]), key[1]) == (bytes(alone[0]), alone[1])
            assert keys.unwrapped(owner, key) == keys.person_key(owner)
            found_view = selectors.entry_views(
                owner, [found], None, found_key=selectors.FoundKey(key)
            )
            assert found_view == selectors.entry_views(owner, [found], None)
        for person in people:  # *My journal*'s first page carries it on every row
            newest = access.OWN_NEWEST(owner_id=person.pk)
            alone = keys._DATA_KEY.first(user_id=person.pk)
            for row in newest:
                read, stored = access.key_read_with(row)
                assert read and (stored is None) == (alone is None)
                if stored is not None and alone is not None:
                    assert (bytes(stored[0]), stored[1]) == (bytes(alone[0]), alone[1])
            if newest:
                found_key = selectors.FoundKey(access.key_read_with(newest[0])[1])
                views = selectors.entry_views(person, newest, None, found_key=found_key)
                assert views == selectors.entry_views(person, newest, None)
    assert seen_none and seen_some  # both cases came up
    assert access._OWN_ENTRY_BESIDE.prepared(owner_id=people[0].pk, entry_id="x" * 22)


def test_an_entry_s_page_reads_her_data_key_with_the_entry(
    personas: Personas, settings: Any
) -> None:
    """A warm view of an entry's page reads her data key only within the entry's read (it
    read it in a second statement), and the master keys still count at once: with the key it
    was locked under gone, the same page says it cannot be opened."""
    carol = personas.carol
    page = reverse("journal:entry", args=[entry_id("carol-private")])
    client = as_user(carol)
    client.get(page)
    table = DataKey._meta.db_table
    with CaptureQueriesContext(connection) as ran:
        body = client.get(page).content.decode()
    key_reads = [q["sql"] for q in ran.captured_queries if f'"{table}"' in q["sql"]]
    assert len(key_reads) == 1 and key_reads[0].startswith('SELECT "journal_entry"'), key_reads
    assert personas.markers["carol.journal"] in body
    settings.MASTER_KEY = keys.new_key_text()  # the key it was locked with is gone
    body = client.get(page).content.decode()
    assert personas.markers["carol.journal"] not in body
    assert "cannot be opened with the keys this server holds" in body


def test_my_journal_reads_her_data_key_with_her_first_page(personas: Personas) -> None:
    """*My journal* reads her data key within its read of her newest entries (it read it in a
    second statement), which a later page reads too; a month, read otherwise, reads it on its
    own; every page still opens her entries."""
    carol = personas.carol
    for n in range(access.PER_PAGE + 3):
        sealed = keys.seal(carol, f"page words {n}")
        Entry.objects.create(owner=carol, body=sealed, idem_key=f"pages-{n}")
    client = as_user(carol)
    table = DataKey._meta.db_table
    month = timezone.localdate().strftime("%Y-%m")
    home = reverse("journal:home")
    for query, alone in (("", False), ("?page=2", False), (f"?month={month}", True)):
        client.get(home + query)
        with CaptureQueriesContext(connection) as ran:
            body = client.get(home + query).content.decode()
        key_reads = [q["sql"] for q in ran.captured_queries if f'"{table}"' in q["sql"]]
        assert len(key_reads) == 1, (query, key_reads)
        assert key_reads[0].startswith(f'SELECT "{table}"') is alone, query
        assert "page words" in body and "cannot be opened" not in body, query


@pytest.mark.parametrize("written", [0, 1, access.PER_PAGE, access.PER_PAGE + 1, 45])
def test_her_count_and_months_are_read_only_past_a_page(personas: Personas, written: int) -> None:
    """*My journal* with no more than a page of entries shows them all on one page and no
    months to choose, so it no longer reads her count and months (the first page's read of a
    page and one more says there is no more); past a page it reads them and shows the pages
    and the months, as before. Each page's pages and months are those of the ORM's count."""
    carol = personas.carol
    Entry.objects.filter(owner=carol).delete()
    start = datetime(2026, 1, 15, 12, tzinfo=UTC)
    for n in range(written):
        made = Entry.objects.create(owner=carol, body=b"", idem_key=f"past-a-page-{n}")
        Entry.objects.filter(pk=made.pk).update(created_at=start + timedelta(days=9 * n))
    client = as_user(carol)
    home = reverse("journal:home")
    client.get(home)
    count = Entry.objects.filter(owner=carol).count()
    pages = max(1, -(-count // access.PER_PAGE))
    for asked in ("", "?page=2"):
        with CaptureQueriesContext(connection) as ran:
            body = client.get(home + asked).content.decode()
        spans = [q["sql"] for q in ran.captured_queries if "MIN(" in q["sql"]]
        assert len(spans) == (1 if count > access.PER_PAGE else 0), spans
        assert ('name="month"' in body) is (count > access.PER_PAGE)
        shown = min(access.PER_PAGE, count - access.PER_PAGE) if asked and pages > 1 else None
        if count == 0:
            assert "Nothing written yet." in body
        elif pages > 1:
            number = 2 if asked else 1
            assert f"Page {number} of {pages}" in body
            assert body.count('<a class="tap" href="/me/journal/') == (
                shown if shown is not None else access.PER_PAGE
            )
        else:
            assert "Page 1 of" not in body
            assert body.count('<a class="tap" href="/me/journal/') == count


def test_the_questions_are_found_without_reading_the_whole_take(personas: Personas) -> None:
    """The write page reads of her latest take only its answers, version and whether her
    safety answers worried us: its order of statements, safety answers and kept result were
    read and decoded for nothing (issue 15's thirteenth pass). A take whose safety answers
    worried us still gives the general questions, and none gives them too."""
    alice, carol = personas.alice, personas.carol
    table = Attempt._meta.db_table
    selectors.offered_prompts(alice)  # prepared on this connection
    with CaptureQueriesContext(connection) as ran:
        offered = selectors.offered_prompts(alice)
    takes = [q["sql"] for q in ran.captured_queries if f'FROM "{table}"' in q["sql"]]
    assert len(takes) == 1
    for column in ("snapshot", "item_order", "screen_answers", "skipped"):
        assert f'"{column}"' not in takes[0], column
    assert offered
    inventory = assessment_selectors.inventory()
    complete_attempt(carol, dict.fromkeys(inventory.item_ids, 2), days_ago=0, seed=3)
    latest = assessment_selectors.latest_finished_attempt(carol)
    assert latest is not None
    assert selectors.offered_prompts(carol) != selectors.general_prompts(timezone.localdate())
    general = selectors.general_prompts(timezone.localdate(), exclude=set())
    Attempt.objects.filter(pk=latest.pk).update(screen_flagged=True)
    Entry.objects.filter(owner=carol).update(prompt_key="")
    assert selectors.offered_prompts(carol) == general
    Attempt.objects.filter(user=carol).delete()
    assert selectors.offered_prompts(carol) == general


def _by_the_rules(user_id: int) -> tuple[Any, ...]:
    """What the two reads the write page's questions came from gave (the rules the one
    statement replaced)."""
    latest = list(selectors._latest_answers_rule(user_id))
    answers, instrument_id, flagged = latest[0] if latest else ({}, "", True)
    return answers, instrument_id, flagged, set(selectors._recent_prompts_rule(user_id))


def test_the_questions_facts_are_one_statement_equal_to_the_two_reads(
    personas: Personas,
) -> None:
    """Her latest take's answers, its version, whether her safety answers worried us and her
    recent entries' questions are read in one statement (issue 15's sixteenth pass), and give
    what the two reads gave, for every persona and over random histories: takes of either
    version, unfinished, of another instrument, worried or not, finished at the same moment;
    entries with and without a question, more than ten, a question repeated."""
    rng = random.Random(63)
    inventory = assessment_selectors.inventory()
    keys_ = [prompt.id for prompt in load_prompts(language="en")]
    people = list(User.objects.order_by("pk"))
    for user in people:
        selectors._questions_facts(user.pk)  # its converters worked out on this connection
        with CaptureQueriesContext(connection) as ran:
            got = selectors._questions_facts(user.pk)
        assert len(ran.captured_queries) == 1
        assert got == _by_the_rules(user.pk)
    base = timezone.now() - timedelta(days=400)
    for step in range(40):
        user = rng.choice(people)
        move = rng.randrange(5)
        if move == 0:
            answers = {item.id: rng.choice([None, 1, 4, 7]) for item in inventory.items}
            complete_attempt(user, answers, days_ago=rng.randrange(0, 300), seed=step)
        elif move == 1:  # a take finished at the same moment as her latest: the later row wins
            latest = assessment_selectors.latest_finished_attempt(user)
            take = complete_attempt(user, {}, days_ago=0, seed=step)
            if latest is not None:
                Attempt.objects.filter(pk=take.pk).update(completed_at=latest.completed_at)
        elif move == 2:  # worried or not, unfinished, or of another instrument
            takes = list(Attempt.objects.filter(user=user).order_by("pk"))
            choice = rng.choice(takes) if takes else None  # the seeded rng's, not the database's
            if choice is not None:
                change: dict[str, Any] = rng.choice(
                    [
                        {"screen_flagged": not choice.screen_flagged},
                        {"completed_at": None},
                        {"instrument_id": "another_instrument"},
                        {"instrument_id": "interdependence_inventory_v1"},
                    ]
                )
                Attempt.objects.filter(pk=choice.pk).update(**change)
        else:
            for _ in range(rng.randrange(1, 8)):
                row = Entry.objects.create(
                    owner=user,
                    body=b"",
                    prompt_key=rng.choice(["", "", *keys_[:6]]),
                    idem_key=f"questions-{step}-{rng.random()}",
                )
                moment = base + timedelta(minutes=rng.randrange(0, 500_000))
                Entry.objects.filter(pk=row.pk).update(created_at=moment)
        for person in people:
            assert selectors._questions_facts(person.pk) == _by_the_rules(person.pk), step
    assert any(_by_the_rules(person.pk)[2] is False for person in people)
    assert any(len(_by_the_rules(person.pk)[3]) >= 5 for person in people)


def test_the_write_page_reads_her_take_and_her_questions_in_one_statement(
    personas: Personas,
) -> None:
    """A warm view of the write page reads her latest take and her recent entries' questions
    in one statement, where it made two reads (the start of issue 15's sixteenth pass)."""
    client = as_user(personas.alice)
    client.get(reverse("journal:write"))
    with CaptureQueriesContext(connection) as ran:
        assert client.get(reverse("journal:write")).status_code == 200
    takes = Attempt._meta.db_table
    entries = Entry._meta.db_table
    reading = [q["sql"] for q in ran.captured_queries if f'"{takes}"' in q["sql"]]
    assert len(reading) == 1
    assert f'"{entries}"' in reading[0]
    assert not [
        q["sql"]
        for q in ran.captured_queries
        if f'FROM "{entries}"' in q["sql"] and '"prompt_key"' in q["sql"] and q["sql"] != reading[0]
    ]


def test_her_journal_links_and_whether_she_has_any_are_one_read_as_in_two() -> None:
    """An entry's page reads her active practitioner links, each marked with whether her live
    journal consent is on it, in one statement (issue 15's fourteenth pass), where it read the
    links holding her journal consent and then, with none, whether she had any link at all.
    Held to the two reads over random histories: links active and ended, consents to the
    journal and to other scopes, live and revoked, granted again after a revocation."""
    from interdepend.web.practice.models import ClientLink, Consent, Practitioner, Scope
    from interdepend.web.practice.selectors import client_has_practitioner

    rng = random.Random(61)
    clients = [
        User.objects.create_user(email=f"client{n}@example.test", password="x" * 16)
        for n in range(6)
    ]
    practitioners = [
        Practitioner.objects.create(
            user=User.objects.create_user(email=f"pro{n}@example.test", password="x" * 16),
            kind="coach",
        )
        for n in range(5)
    ]
    start = datetime(2026, 1, 1, tzinfo=UTC)
    seen_none = seen_some = seen_only_other = 0
    for round_ in range(8):
        for client in clients:
            for practitioner in rng.sample(practitioners, rng.randint(0, 3)):
                active = (
                    rng.random() < 0.7
                    and not ClientLink.objects.filter(
                        practitioner=practitioner, client=client, is_active=True
                    ).exists()
                )
                link = ClientLink.objects.create(
                    practitioner=practitioner,
                    client=client,
                    is_active=active,
                    # Some at the same moment, so the order falls to the id.
                    started_at=start + timedelta(days=rng.choice([0, 1, round_])),
                )
                for scope in rng.sample(list(Scope), rng.randint(0, len(Scope))):
                    for _ in range(rng.randint(1, 2)):
                        live = Consent.objects.filter(link=link, scope=scope, revoked_at=None)
                        live.update(revoked_at=start)
                        revoked = start if rng.random() < 0.3 else None
                        Consent.objects.create(link=link, scope=scope, revoked_at=revoked)
            links, any_link = access.journal_links_and_any(client)
            expected = access.journal_links(client)
            assert links == [
                access.JournalLink(link.pk, link.public_id, link.by.named) for link in expected
            ]
            assert any_link == (bool(expected) or client_has_practitioner(client))
            seen_none += not any_link
            seen_some += bool(links)
            seen_only_other += any_link and not links
    assert seen_none and seen_some and seen_only_other  # every case came up


def test_an_entry_s_page_asks_once_whether_she_has_a_practitioner(personas: Personas) -> None:
    """With no practitioner allowed to read her journal, her entry's page read whether she had
    any in a statement of its own; it is read with her links now."""
    from interdepend.web.practice.models import Consent, Scope
    from interdepend.web.practice.selectors import client_has_practitioner

    alice = personas.alice
    entry = Entry.objects.filter(owner=alice).order_by("-created_at").first()
    assert entry is not None
    live = Consent.objects.filter(link__client=alice, scope=Scope.JOURNAL, revoked_at=None)
    live.update(revoked_at=timezone.now())
    assert access.journal_links(alice) == [] and client_has_practitioner(alice)
    client = as_user(alice)
    page = reverse("journal:entry", args=[entry.public_id])
    client.get(page)
    with CaptureQueriesContext(connection) as seen:
        client.get(page)
    link_reads = [q["sql"] for q in seen.captured_queries if "practice_clientlink" in q["sql"]]
    assert len(link_reads) == 1, link_reads
    # The card still says that none of her practitioners may read journal entries.
    assert (
        "None of your practitioners may read journal entries" in client.get(page).content.decode()
    )


def test_each_entry_of_her_first_page_is_marked_as_who_may_read_it_says() -> None:
    """*My journal*'s first read marks each entry a practitioner may read now (issue 15's
    fourteenth pass), and who may read each is asked only when one is marked. Held to the
    names :func:`selectors._readers` finds, over random histories: shares with links active
    and ended, journal consent live, revoked, or granted only after the share, and other
    scopes."""
    from interdepend.web.practice.models import ClientLink, Consent, Practitioner, Scope

    rng = random.Random(1461)
    owner = User.objects.create_user(email="owner@example.test", password="x" * 16)
    pros = [
        Practitioner.objects.create(
            user=User.objects.create_user(email=f"p{n}@example.test", password="x" * 16),
            kind="coach",
        )
        for n in range(4)
    ]
    start = datetime(2026, 3, 1, tzinfo=UTC)
    entries = [
        Entry.objects.create(owner=owner, body=b"sealed", created_at=start + timedelta(hours=n))
        for n in range(25)
    ]
    marked_some = marked_none = 0
    for _round in range(12):
        PractitionerShare.objects.all().delete()
        ClientLink.objects.all().delete()
        for pro in rng.sample(pros, rng.randint(0, 3)):
            link = ClientLink.objects.create(practitioner=pro, client=owner, is_active=True)
            scope = rng.choice([Scope.JOURNAL, Scope.JOURNAL, next(iter(Scope))])
            when = rng.choice([start - timedelta(days=1), start + timedelta(days=9)])
            revoked = start if rng.random() < 0.25 else None
            Consent.objects.create(link=link, scope=scope, granted_at=when, revoked_at=revoked)
            for entry in rng.sample(entries, rng.randint(0, 4)):
                PractitionerShare.objects.create(entry=entry, link=link, shared_at=start)
            if rng.random() < 0.2:
                ClientLink.objects.filter(pk=link.pk).update(is_active=False)
        newest = access.OWN_NEWEST(owner_id=owner.pk)
        readers = selectors._readers([row.pk for row in newest])
        assert [vars(row)["read"] for row in newest] == [row.pk in readers for row in newest]
        with CaptureQueriesContext(connection) as ran:
            views = selectors.entry_views(
                owner, newest, None, may_read=any(vars(row)["read"] for row in newest)
            )
        assert views == selectors.entry_views(owner, newest, None)
        asked = any("journal_practitionershare" in q["sql"] for q in ran.captured_queries)
        assert asked is bool(readers)
        marked_some += bool(readers)
        marked_none += not readers
    assert marked_some and marked_none


def test_my_journal_asks_who_reads_her_entries_only_when_one_of_them_may_be_read(
    personas: Personas,
) -> None:
    """*My journal* asked which practitioners read each entry of the page on every view; with
    no entry of the first page readable by one (Bob, Carol, Dave) it asks no more, and with one
    (Alice) it still asks and names them; a later page, read by the paginator, still asks."""
    share_table = PractitionerShare._meta.db_table
    asked = {}
    for who in ("alice", "bob", "carol", "dave"):
        client = as_user(getattr(personas, who))
        client.get(reverse("journal:home"))
        with CaptureQueriesContext(connection) as ran:
            page = client.get(reverse("journal:home")).content.decode()
        asked[who] = [q["sql"] for q in ran.captured_queries if share_table in q["sql"]]
        if who == "alice":
            assert "shared with " in page
    # Each page's read of its entries names the shares in its mark; only Alice's asks again.
    assert [len(asked[who]) for who in ("alice", "bob", "carol", "dave")] == [2, 1, 1, 1]
    assert all(reads[0].startswith('SELECT "journal_entry"') for reads in asked.values())
