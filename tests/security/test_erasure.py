"""T17, erasure (issue 13 item 5): nothing of an erased person's words stays with anyone but a
*current* partner who co-wrote it.

alice writes a marker into every kind of place a person's words can go, in her current
partnership with bob and in her ended one with dave (her ex); then her account is erased. Every
value of every row of every table is searched (raw SQL over every column; journal text is
encrypted, so every remaining entry is also opened through the app). Her markers may remain only
where docs/data-rights.md ("What stays with whom") says bob keeps them: what they wrote together.
"""

from __future__ import annotations

from datetime import date

import pytest

from interdepend.web.accounts.models import User
from interdepend.web.datarights.services import user_delete
from interdepend.web.decide import services as decide
from interdepend.web.journal import selectors as journal_selectors
from interdepend.web.journal import services as journal
from interdepend.web.journal.models import Entry
from interdepend.web.partners.access import access_active_partnership
from interdepend.web.partners.models import Partnership
from interdepend.web.practice.models import Practitioner
from interdepend.web.practice.services import client_invitation_create, practitioner_enable
from interdepend.web.together import services as together
from interdepend.web.together.models import Boundary, Goal
from tests.conftest import Personas, marker
from tests.security.datarights_support import database_text

pytestmark = pytest.mark.django_db

#: What bob, her current partner, keeps because he co-wrote it (docs/data-rights.md).
KEPT_BY_CURRENT_PARTNER = (
    "hisgoaledited",
    "wordinghetook",
)


def _m(what: str) -> str:
    return marker("alice", f"erase{what}")


def _shared_goal(owner: User, partnership: Partnership, title: str) -> Goal:
    return together.goal_create(
        owner=owner,
        partnership=partnership,
        title=title,
        detail=title,
        idem_key="",
    )


def _edit_title(goal: Goal, title: str) -> None:
    together.goal_update(
        goal=goal, expected_version=goal.version, title=title, detail="", done=False
    )


def _boundary_she_rewords(owner: User, her: User, partnership: Partnership, text: str) -> int:
    """A boundary ``owner`` states; she proposes ``text``; ``owner`` accepts it."""
    boundary = together.boundary_draft(owner=owner, text="Knock before coming in.", idem_key="")
    together.boundary_state(boundary=boundary, partnership=partnership)
    together.boundary_propose(boundary=boundary, actor=her, text=text)
    together.boundary_accept(boundary=boundary, actor=owner)
    return boundary.pk


def _write_with_bob(alice: User, bob: User, current: Partnership) -> None:
    kept = _shared_goal(alice, current, _m("goalwithhisnotes"))
    together.goal_note_add(goal=kept, author=bob, text="Count me in.", idem_key="")
    his = _shared_goal(bob, current, "Cook on Fridays")
    _edit_title(his, _m("hisgoaledited"))
    together.goal_note_add(goal=his, author=alice, text=_m("noteonhisgoal"), idem_key="")
    _shared_goal(alice, current, _m("goalalone"))
    _boundary_she_rewords(bob, alice, current, _m("wordinghetook"))
    open_one = together.boundary_draft(owner=bob, text="Ask first.", idem_key="")
    together.boundary_state(boundary=open_one, partnership=current)
    together.boundary_propose(boundary=open_one, actor=alice, text=_m("proposalwaiting"))
    rated = decide.decision_create(
        partnership=current,
        author=alice,
        title=_m("decisionherated"),
        options=[_m("optionkept"), "B"],
        token="e1",
    )
    decide.rating_save(decision=rated, user=bob, for_self=[3, 4], for_partner=[4, 3])
    decide.decision_create(
        partnership=current,
        author=alice,
        title=_m("decisionalone"),
        options=["A", "B"],
        token="e2",
    )
    his_decision = decide.decision_create(
        partnership=current, author=bob, title="Where to?", options=["Sea", "Hills"], token="e4"
    )
    decide.rating_save(decision=his_decision, user=alice, for_self=[5, 2], for_partner=[2, 5])
    bid = together.bid_send(owner=bob, partnership=current, text="Tea?", idem_key="")
    together.bid_answer(bid=bid, answer="later", when=_m("answerwhen"))
    together.bid_send(owner=alice, partnership=current, text=_m("bid"), idem_key="")


def _write_alone(alice: User, current: Partnership) -> None:
    together.commitment_create(
        owner=alice, partnership=current, text=_m("promise"), due_on=date(2026, 12, 1), idem_key=""
    )
    own = together.boundary_draft(owner=alice, text=_m("ownboundary"), idem_key="")
    together.boundary_state(boundary=own, partnership=current)
    together.checkin_save(
        owner=alice,
        week=date(2026, 11, 23),
        values={"close": 5},
        need=_m("need"),
        shared=True,
        partnership=current,
    )
    together.circle_add(owner=alice, name=_m("circle"), last_connected=None, idem_key="")
    entry = journal.entry_create(owner=alice, body=_m("journalshared"), prompt_key="", idem_key="")
    journal.entry_share_with_partner(entry=entry, active=access_active_partnership(alice))
    profile = practitioner_enable(user=alice, kind="coach", practice_name=_m("practice"))
    client_invitation_create(practitioner=profile)
    User.objects.filter(pk=alice.pk).update(display_name=_m("name"))


def _write_with_dave(alice: User, dave: User, old: Partnership) -> int:
    """What alice and dave wrote together while they were a couple: the partnership is live
    again for the writing (a write into an ended one is refused), then ends as it did."""
    ended = Partnership.objects.get(pk=old.pk).ended_at
    Partnership.objects.filter(pk=old.pk).update(ended_at=None)
    try:
        return _written_with_dave(alice, dave, old)
    finally:
        Partnership.objects.filter(pk=old.pk).update(ended_at=ended)


def _written_with_dave(alice: User, dave: User, old: Partnership) -> int:
    mine = _shared_goal(alice, old, _m("exgoal"))
    together.goal_note_add(goal=mine, author=dave, text="I liked this one.", idem_key="")
    his = _shared_goal(dave, old, "Run on Saturdays")
    _edit_title(his, _m("exgoaledited"))
    together.goal_note_add(goal=his, author=alice, text=_m("exnote"), idem_key="")
    boundary = _boundary_she_rewords(dave, alice, old, _m("exwording"))
    bid = together.bid_send(owner=dave, partnership=old, text="Call me?", idem_key="")
    together.bid_answer(bid=bid, answer="later", when=_m("exanswerwhen"))
    rated = decide.decision_create(
        partnership=old, author=alice, title=_m("exdecision"), options=["A", "B"], token="e3"
    )
    decide.rating_save(decision=rated, user=dave, for_self=[3, 4], for_partner=[4, 3])
    return boundary


def _journal_text() -> str:
    """Every remaining journal entry, opened through the app."""
    opened: list[str] = []
    for owner_id in Entry.objects.values_list("owner_id", flat=True).distinct():
        rows = list(Entry.objects.filter(owner_id=owner_id))
        owner = rows[0].owner
        for view in journal_selectors.entry_views(owner, rows, None):
            assert view.body is not None, f"entry {view.public_id} could not be opened"
            opened.append(view.body)
    return "\n".join(opened)


def test_erasure_leaves_her_words_with_nobody_but_the_current_partner_who_co_wrote_them(
    personas: Personas,
) -> None:
    alice, bob, dave = personas.alice, personas.bob, personas.dave
    active = access_active_partnership(alice)
    assert active is not None
    old = Partnership.objects.filter(members__user=dave).get()
    _write_with_bob(alice, bob, active.partnership)
    _write_alone(alice, active.partnership)
    ex_boundary = _write_with_dave(alice, dave, old)
    hers = {k: v for k, v in personas.markers.items() if k.startswith("alice.")}
    written = (database_text() + _journal_text()).lower()
    hers.update({what: _m(what) for what in _all_markers(written)})
    assert len(hers) >= 25, sorted(hers)

    user_delete(user=alice)

    everything = (database_text() + "\n" + _journal_text()).lower()
    found = sorted(key for key, value in hers.items() if value.lower() in everything)
    left = [key for key in found if key not in KEPT_BY_CURRENT_PARTNER]
    kept = [key for key in found if key in KEPT_BY_CURRENT_PARTNER]
    print(
        f"\nT17 erasure: {len(hers)} texts of hers written (current partnership, ended one, "
        f"alone, practitioner); after erasure {len(left)} found anywhere but the {len(kept)} "
        "the current partner co-wrote and keeps"
    )
    assert not left, left
    assert sorted(kept) == sorted(KEPT_BY_CURRENT_PARTNER), "bob keeps what they wrote together"
    assert Boundary.objects.get(pk=ex_boundary).text == "Knock before coming in."
    assert not Practitioner.objects.filter(practice_name=_m("practice")).exists()


def _all_markers(text: str) -> list[str]:
    """The names of every ``_m`` marker present in ``text``."""
    import re

    prefix = marker("alice", "erase")[:-1].lower()
    return sorted({m.group(1) for m in re.finditer(rf"{prefix}([a-z]+)x", text)})


def test_an_erasure_empties_sqlites_write_ahead_log(tmp_path: object) -> None:
    """The data audit found her address and her circle's names in the live ``-wal`` file after
    her account was deleted (the database file itself was clean). After each erasure the log
    is checkpointed and cut to nothing; SQLite is told to cut it back after every checkpoint
    too. Shown on a database file of its own, as the server keeps it."""
    import sqlite3
    from pathlib import Path

    from interdepend.web.env import JOURNAL_SIZE_LIMIT, sqlite_database

    path = Path(str(tmp_path)) / "db.sqlite3"
    options = sqlite_database(path)["OPTIONS"]
    assert isinstance(options, dict)
    db = sqlite3.connect(path, isolation_level=None)
    db.executescript(str(options["init_command"]))
    assert db.execute("PRAGMA journal_size_limit").fetchone() == (JOURNAL_SIZE_LIMIT,)
    reader = sqlite3.connect(path, isolation_level=None)  # another worker, mid-read
    db.execute("CREATE TABLE person (email TEXT)")
    db.execute("INSERT INTO person VALUES ('ottilie@example.test')")
    reader.execute("BEGIN")
    assert reader.execute("SELECT count(*) FROM person").fetchone() == (1,)
    db.execute("DELETE FROM person")  # the erasure, while the reader holds the old snapshot
    reader.execute("COMMIT")
    wal = path.with_name(path.name + "-wal")
    db.execute("PRAGMA wal_checkpoint(PASSIVE)")  # what SQLite does by itself
    assert b"ottilie" in wal.read_bytes(), "the log keeps what was erased"
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # what journal_scrub runs
    assert wal.read_bytes() == b""
    assert b"ottilie" not in path.read_bytes()
    reader.close()
    db.close()


@pytest.mark.django_db
def test_deleting_an_account_and_the_safety_reset_scrub_the_log(
    personas: Personas, django_capture_on_commit_callbacks: object
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from interdepend.web.datarights.services import journal_scrub, safety_reset

    capture = django_capture_on_commit_callbacks
    with capture(execute=False) as callbacks:  # type: ignore[operator]
        safety_reset(user=personas.carol, keep_session_key=None)
    assert journal_scrub in callbacks
    with capture(execute=False) as callbacks:  # type: ignore[operator]
        user_delete(user=personas.carol)
    assert journal_scrub in callbacks
    with CaptureQueriesContext(connection) as seen:
        journal_scrub()  # inside the test's transaction: nothing to do, and nothing raised
    assert seen.captured_queries == []
