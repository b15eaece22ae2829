"""Her own words from an ended partnership stay in her download (the data-rights audit of
2026-12-03, M3), never his, and his later erasure changes nothing there.

At the end, her shared goal (one nobody changed), her notes, her answers to his bids and the
wording she suggested for his boundary are copied into rows of her own (together.kept), as the
shared space leaves her pages and download. L3: the download's columns say what they mean.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

import pytest
from django.apps import apps

from interdepend.web.accounts.models import User
from interdepend.web.accounts.services import user_create
from interdepend.web.datarights.services import export_tables, safety_reset, user_delete
from interdepend.web.partners import services as partners
from interdepend.web.partners.models import Partnership
from interdepend.web.together import services as together
from interdepend.web.together.models import BidAnswer, Goal, KeptWords
from tests.conftest import PASSWORD
from tests.security.datarights_support import database_text

pytestmark = pytest.mark.django_db

HERS = {
    "goal": "MRKANAGOAL-1101 Cook together on Sundays",
    "detail": "MRKANADETAIL-1102 something new each week",
    "note": "MRKANANOTE-1103 bought the pasta machine",
    "noteonhis": "MRKANAHISNOTE-1104 I can drive",
    "when": "MRKANAWHEN-1105 after the match",
    "wording": "MRKANAWORDING-1106 Saturday mornings are mine",
    "edited": "MRKANAEDITED-1107 Paint the hall",
}
HIS = {
    "goal": "MRKBENGOAL-2201 Visit my parents",
    "note": "MRKBENNOTE-2202 booked the train",
    "bid": "MRKBENBID-2203 Film tonight?",
    "boundary": "MRKBENBOUND-2204 I need quiet after work",
    "edit": "MRKBENEDIT-2205 Paint the hall blue",
}


def _person(name: str) -> User:
    return user_create(email=f"{name}@example.test", password=PASSWORD, display_name=name.title())


def _couple() -> tuple[User, User]:
    """Ana and Ben, each with their words in the shared space."""
    ben, ana = _person("ben"), _person("ana")
    invitation = partners.invitation_create(inviter=ben).invitation
    partnership = partners.invitation_accept(invitation=invitation, user=ana)
    goal = together.goal_create(
        owner=ana, partnership=partnership, title=HERS["goal"], detail=HERS["detail"], idem_key=""
    )
    together.goal_note_add(goal=goal, author=ana, text=HERS["note"], idem_key="")
    together.goal_note_add(goal=goal, author=ben, text=HIS["note"], idem_key="")
    his = together.goal_create(
        owner=ben, partnership=partnership, title=HIS["goal"], detail="", idem_key=""
    )
    together.goal_note_add(goal=his, author=ana, text=HERS["noteonhis"], idem_key="")
    edited = together.goal_create(
        owner=ana, partnership=partnership, title=HERS["edited"], detail="", idem_key=""
    )
    together.goal_update(
        goal=edited,
        expected_version=edited.version,
        title=HIS["edit"],
        detail="",
        done=False,
        editor=ben,
    )
    bid = together.bid_send(owner=ben, partnership=partnership, text=HIS["bid"], idem_key="")
    together.bid_answer(bid=bid, answer=BidAnswer.LATER, when=HERS["when"])
    draft = together.boundary_draft(owner=ben, text=HIS["boundary"], idem_key="")
    boundary = together.boundary_state(boundary=draft, partnership=partnership)
    together.boundary_propose(boundary=boundary, actor=ana, text=HERS["wording"])
    return ana, ben


ENDINGS: dict[str, Callable[[User, User], object]] = {
    "she leaves": lambda ana, ben: partners.partnership_leave(user=ana),
    "he leaves": lambda ana, ben: partners.partnership_leave(user=ben),
    "she resets": lambda ana, ben: safety_reset(user=ana, keep_session_key=None),
}


def _text(tables: dict[str, list[dict[str, object]]]) -> str:
    return repr(tables)


@pytest.mark.parametrize("ending", ENDINGS)
def test_her_own_words_stay_in_her_download_after_the_end(ending: str) -> None:
    ana, ben = _couple()
    ENDINGS[ending](ana, ben)
    tables = export_tables(ana)
    kept = {(row["kind"], row["text"], row["detail"]) for row in tables["together_keptwords"]}
    assert kept == {
        ("shared_goal", HERS["goal"], HERS["detail"]),
        ("goal_note", HERS["note"], HERS["goal"]),
        ("goal_note", HERS["noteonhis"], ""),  # on his goal: its title is his
        ("bid_answer", "later", HERS["when"]),
        ("wording", HERS["wording"], ""),
    }
    everything = _text(tables)
    assert not [name for name, words in HIS.items() if words in everything]
    assert HERS["edited"] not in everything  # a goal he changed may hold his words


@pytest.mark.parametrize("ending", ENDINGS)
def test_his_later_erasure_changes_nothing_in_her_download(ending: str) -> None:
    ana, ben = _couple()
    ENDINGS[ending](ana, ben)
    after_end = export_tables(ana)
    user_delete(user=ben)
    assert export_tables(ana) == after_end


def test_her_erasure_takes_her_kept_words_and_his_stay_his() -> None:
    ana, ben = _couple()
    partners.partnership_leave(user=ben)
    his_after_end = export_tables(ben)
    kept = {(row["kind"], row["text"]) for row in his_after_end["together_keptwords"]}
    assert kept == {("shared_goal", HIS["goal"]), ("goal_note", HIS["note"])}
    user_delete(user=ana)
    assert not any(words in database_text() for words in HERS.values())
    assert export_tables(ben) == his_after_end


def test_when_her_erasure_ends_it_he_keeps_what_a_leave_would_have_kept_him() -> None:
    ana, ben = _person("ana"), _person("ben")
    invitation = partners.invitation_create(inviter=ana).invitation
    partnership = partners.invitation_accept(invitation=invitation, user=ben)
    bid = together.bid_send(owner=ana, partnership=partnership, text="MRKANABID", idem_key="")
    together.bid_answer(bid=bid, answer=BidAnswer.NOT_NOW, when="")
    goal = together.goal_create(
        owner=ben, partnership=partnership, title="Run twice a week", detail="", idem_key=""
    )
    together.goal_note_add(goal=goal, author=ben, text="Ran on Monday", idem_key="")
    user_delete(user=ana)
    tables = export_tables(ben)
    assert [(r["kind"], r["text"]) for r in tables["together_keptwords"]] == [
        ("bid_answer", "not now"),
        ("shared_goal", "Run twice a week"),
        ("goal_note", "Ran on Monday"),
    ]
    assert tables["together_goal"] == []
    assert "MRKANABID" not in _text(tables)


def test_the_migration_keeps_the_words_of_partnerships_that_ended_before_it() -> None:
    ana, ben = _couple()
    partners.partnership_leave(user=ana)
    made = export_tables(ana)["together_keptwords"]
    KeptWords.objects.all().delete()
    fill = importlib.import_module("interdepend.web.together.migrations.0009_kept_words_fill")
    fill._fill(apps, None)
    again = export_tables(ana)["together_keptwords"]
    strip = ("id", "partnership_ended_at")

    def same(rows: list[dict[str, object]]) -> list[dict[str, object]]:
        return sorted(({k: v for k, v in r.items() if k not in strip} for r in rows), key=repr)

    assert same(again) == same(made)
    ended = Partnership.objects.get(members__user=ana).ended_at
    assert {r["partnership_ended_at"] for r in again} == {ended.isoformat() if ended else None}


def test_the_download_says_which_goals_are_shared_and_gives_her_answers_context() -> None:
    ana, ben = _couple()
    together.goal_create(owner=ana, partnership=None, title="Read more", detail="", idem_key="")
    tables = export_tables(ana)
    shared = {row["title"]: row["shared"] for row in tables["together_goal"]}
    assert shared == {HERS["goal"]: True, HIS["edit"]: True, "Read more": False}
    [answer] = tables["together_bid_answer"]
    assert answer["answer_words"] == "later" and answer["reached_out_at"]
    assert HIS["bid"] not in _text(tables)


def test_no_table_of_the_download_carries_a_forms_double_post_token() -> None:
    ana, _ben = _couple()
    for name, found in export_tables(ana).items():
        assert "idem_key" not in getattr(found, "columns", ()), name
        assert not any("idem_key" in row for row in found), name


@pytest.mark.parametrize("ending", ENDINGS)
def test_his_save_that_changes_no_words_leaves_her_goal_hers(ending: str) -> None:
    """The partner audit of 2026-12-04 (M2): every save counted as a change, so his press of
    "Save changes" on her goal with nothing changed, or a tick of "reached", then leaving, took
    her goal's words out of her download for good. Only different words from him count; her
    own edits never do."""
    ana, ben = _couple()
    goal = Goal.objects.get(owner=ana, title=HERS["goal"])
    goal = together.goal_update(
        goal=goal,
        expected_version=goal.version,
        title=HERS["goal"],
        detail=HERS["detail"],
        done=True,
        editor=ben,
    )
    mine = HERS["goal"] + " (mine, again)"
    together.goal_update(
        goal=goal,
        expected_version=goal.version,
        title=mine,
        detail=HERS["detail"],
        done=True,
        editor=ana,
    )
    ENDINGS[ending](ana, ben)
    kept = {(row["kind"], row["text"]) for row in export_tables(ana)["together_keptwords"]}
    assert ("shared_goal", mine) in kept
    assert ("goal_note", HERS["note"]) in kept
    assert HERS["edited"] not in _text(export_tables(ana))  # he did change that one's words


def test_her_kept_answer_is_in_her_language_whoever_ended_it() -> None:
    """Her answer to his bid was kept in English in her Spanish download; now in the language
    she reads, even when he ends the partnership from pages in English."""
    from django.utils import translation

    ana, ben = _couple()
    User.objects.filter(pk=ana.pk).update(language="es")
    with translation.override("en"):
        partners.partnership_leave(user=ben)
    with translation.override("es"):
        tables = export_tables(ana)
    kept = [row["text"] for row in tables["together_keptwords"] if row["kind"] == "bid_answer"]
    assert kept == ["más tarde"]
