"""The ex's download after the end: the same rule as his pages (the export audit, finding 2).

Once a partnership has ended, his pages show nothing his former partner wrote or did in it:
the bids page closes, and a boundary is shown in his own words
(:func:`interdepend.web.together.access.own_words_after_end`). His download follows that rule:
on his bids, her answer, her "when" words and the time she answered are left out; a boundary
he stated carries his own words, never the wording she proposed and he agreed to; his step
agreeing to it no longer quotes her; and the boundary's last change is his own last step on
it, not the moment she acknowledged it. While the partnership lasts, nothing changes. Her
deletion of her account later changes nothing either: it would tell him she did it.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from interdepend.web.accounts.models import User
from interdepend.web.accounts.services import user_create
from interdepend.web.datarights.services import (
    export_archive,
    export_tables,
    safety_reset,
    user_delete,
)
from interdepend.web.frame.exportrows import days_of, json_value, tables_of, with_choice_words
from interdepend.web.partners import services as partners
from interdepend.web.partners.models import Partnership
from interdepend.web.together import services as together
from interdepend.web.together.models import (
    Bid,
    BidAnswer,
    Boundary,
    BoundaryEvent,
    BoundaryEventKind,
)
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

HER_WHEN = "MRKHERWHEN-7731 after my sister's on Tuesday"
HER_WORDING = "MRKHERWORDING-4410 Sunday until noon, phones away"
HIS_WORDS = "I need Sunday mornings to myself."
HIS_BID = "Walk by the canal tonight?"
HIS_OTHER = "I keep Thursday evenings for football."
HER_MARKERS = ("MRKHERWHEN", "MRKHERWORDING")
TOGETHER = ("together_bid", "together_boundary", "together_boundaryevent")


@dataclass
class Couple:
    jonah: User
    maya: User
    bid: Bid
    reworded: Boundary  # his, in the wording she proposed and he agreed to
    acknowledged: Boundary  # his, acknowledged by her


def _person(name: str) -> User:
    return user_create(email=f"{name}@example.test", password=PASSWORD, display_name=name.title())


def _link(inviter: User, joiner: User) -> Partnership:
    invitation = partners.invitation_create(inviter=inviter).invitation
    return partners.invitation_accept(invitation=invitation, user=joiner)


@pytest.fixture
def couple() -> Couple:
    jonah, maya = _person("jonah"), _person("maya")
    partnership = _link(jonah, maya)
    bid = together.bid_send(owner=jonah, partnership=partnership, text=HIS_BID, idem_key="")
    together.bid_answer(bid=bid, answer=BidAnswer.LATER, when=HER_WHEN)
    draft = together.boundary_draft(owner=jonah, text=HIS_WORDS, idem_key="")
    reworded = together.boundary_state(boundary=draft, partnership=partnership)
    together.boundary_propose(boundary=reworded, actor=maya, text=HER_WORDING)
    together.boundary_accept(boundary=Boundary.objects.get(pk=reworded.pk), actor=jonah)
    other = together.boundary_draft(owner=jonah, text=HIS_OTHER, idem_key="")
    acknowledged = together.boundary_state(boundary=other, partnership=partnership)
    together.boundary_acknowledge(boundary=acknowledged, actor=maya)
    return Couple(jonah, maya, bid, reworded, acknowledged)


def _stored(user: User) -> dict[str, list[dict[str, object]]]:
    """The together tables as the rows are stored (but the forms' double-post token, which no
    download holds, and the moments that may be the partner's, which it gives as their days:
    the partner audit of 2026-12-04, M1)."""
    found = tables_of(
        Bid.objects.filter(owner=user),
        Boundary.objects.filter(owner=user),
        BoundaryEvent.objects.filter(actor=user),
        exclude=("idem_key",),
    )
    found["together_bid"] = [days_of(row, "answered_at") for row in found["together_bid"]]
    found["together_boundary"] = [days_of(row, "updated_at") for row in found["together_boundary"]]
    # Beside each code named in words, its words (the bid's answer), as every download has them.
    for model in (Bid, Boundary, BoundaryEvent):
        name = model._meta.db_table
        found[name] = with_choice_words(found[name], model)
    return found


def _together(user: User) -> dict[str, list[dict[str, object]]]:
    tables = export_tables(user)
    return {name: tables[name] for name in TOGETHER}


def _archive_text(user: User) -> str:
    with zipfile.ZipFile(io.BytesIO(export_archive(user))) as opened:
        return "\n".join(opened.read(name).decode() for name in opened.namelist())


def _one(rows: list[dict[str, object]], **match: object) -> dict[str, object]:
    found = [row for row in rows if all(row[k] == v for k, v in match.items())]
    assert len(found) == 1, found
    return found[0]


ENDINGS: dict[str, Callable[[Couple], object]] = {
    "she leaves": lambda c: partners.partnership_leave(user=c.maya),
    "he leaves": lambda c: partners.partnership_leave(user=c.jonah),
    "she resets": lambda c: safety_reset(user=c.maya, keep_session_key=None),
}


def test_while_linked_his_download_holds_the_rows_as_stored(couple: Couple) -> None:
    tables = _together(couple.jonah)
    assert tables == _stored(couple.jonah)
    bid = _one(tables["together_bid"], id=couple.bid.public_id)
    assert (bid["answer"], bid["answer_when"]) == (BidAnswer.LATER, HER_WHEN)
    assert bid["answered_at"] is not None
    assert _one(tables["together_boundary"], id=couple.reworded.public_id)["text"] == HER_WORDING
    assert all(marker in _archive_text(couple.jonah) for marker in HER_MARKERS)


@pytest.mark.parametrize("ending", ENDINGS)
def test_after_the_end_his_download_holds_none_of_her_words(couple: Couple, ending: str) -> None:
    before = _together(couple.jonah)
    ENDINGS[ending](couple)
    after = _together(couple.jonah)

    # The same tables, rows and columns: only what she wrote or did is left out.
    assert [len(after[name]) for name in TOGETHER] == [len(before[name]) for name in TOGETHER]
    for name in TOGETHER:
        assert [list(row) for row in after[name]] == [list(row) for row in before[name]]

    bid = _one(after["together_bid"], id=couple.bid.public_id)
    assert (bid["answer"], bid["answer_when"], bid["answered_at"]) == ("", "", None)
    assert bid["text"] == HIS_BID

    boundaries = after["together_boundary"]
    assert _one(boundaries, id=couple.reworded.public_id)["text"] == HIS_WORDS
    assert _one(boundaries, id=couple.acknowledged.public_id)["state"] == "acknowledged"
    agreed = _one(after["together_boundaryevent"], kind=BoundaryEventKind.ACCEPTED)
    assert agreed["text"] == ""

    text = _archive_text(couple.jonah)
    assert not [marker for marker in HER_MARKERS if marker in text]
    assert HIS_WORDS in text and HIS_BID in text


@pytest.mark.parametrize("ending", ENDINGS)
def test_after_the_end_a_boundary_last_changed_when_he_last_took_a_step(
    couple: Couple, ending: str
) -> None:
    """Her acknowledgement moved the boundary's last change to her moment; his pages show the
    dates of his own steps only, and so does his download."""
    ENDINGS[ending](couple)
    his_step = BoundaryEvent.objects.get(
        boundary=couple.acknowledged, actor=couple.jonah, kind=BoundaryEventKind.STATED
    )
    stored = Boundary.objects.get(pk=couple.acknowledged.pk).updated_at
    assert stored > his_step.at  # her acknowledgement came after he told it
    row = _one(_together(couple.jonah)["together_boundary"], id=couple.acknowledged.public_id)
    assert row["updated_at"] == json_value(his_step.at)


@pytest.mark.parametrize("ending", ENDINGS)
def test_her_deletion_after_the_end_does_not_change_his_download(
    couple: Couple, ending: str
) -> None:
    ENDINGS[ending](couple)
    after_end = _together(couple.jonah)
    user_delete(user=couple.maya)
    assert _together(couple.jonah) == after_end


def test_a_new_partnership_shows_its_own_answers_and_keeps_the_old_ones_left_out(
    couple: Couple,
) -> None:
    partners.partnership_leave(user=couple.maya)
    sam = _person("sam")
    now = _link(couple.jonah, sam)
    new_bid = together.bid_send(owner=couple.jonah, partnership=now, text="Tea?", idem_key="")
    together.bid_answer(bid=new_bid, answer=BidAnswer.LATER, when="after the film")

    tables = _together(couple.jonah)
    old = _one(tables["together_bid"], id=couple.bid.public_id)
    assert (old["answer"], old["answer_when"], old["answered_at"]) == ("", "", None)
    new = _one(tables["together_bid"], id=new_bid.public_id)
    assert (new["answer"], new["answer_when"]) == (BidAnswer.LATER, "after the film")
    assert _one(tables["together_boundary"], id=couple.reworded.public_id)["text"] == HIS_WORDS


def test_the_spreadsheet_files_leave_out_the_same(couple: Couple) -> None:
    partners.partnership_leave(user=couple.maya)
    with zipfile.ZipFile(io.BytesIO(export_archive(couple.jonah))) as opened:
        bids = list(
            csv.DictReader(io.StringIO(opened.read("csv/together_bid.csv").decode("utf-8-sig")))
        )
        told = opened.read("csv/together_boundary.csv").decode()
    [row] = bids  # his one bid (its id may carry the spreadsheet guard's quote)
    assert (row["answer"], row["answer_when"], row["answered_at"]) == ("", "", "")
    assert HIS_WORDS in told and "MRKHERWORDING" not in told


def test_a_decision_of_an_ended_partnership_leaves_his_download_with_his_ratings() -> None:
    """A decision records no author, so its words may be hers (the export audit: "Should I stay
    at my sister's?" stayed in his download for good), and it goes with either one's erasure,
    so keeping it told him of hers (the ex audit of 2026-12-02). While linked, the decision and
    his ratings are there; once the partnership ends, neither is."""
    from interdepend.web.decide import services as decide

    jonah, maya = _person("jonah"), _person("maya")
    partnership = _link(jonah, maya)
    title, options = "MRKHERDEC stay at my sister's?", ["MRKHEROPT one", "MRKHEROPT two"]
    decision = decide.decision_create(
        partnership=partnership, author=maya, title=title, options=options, token="t1"
    )
    for person in (jonah, maya):
        decide.rating_save(decision=decision, user=person, for_self=[6, 2], for_partner=[5, 3])
    linked = export_tables(jonah)
    assert linked["decide_decision"][0]["title"] == title
    assert [r["option"] for r in linked["decide_rating_options"]] == options
    assert len(linked["decide_rating"]) == 1
    partners.partnership_leave(user=maya)
    after = export_tables(jonah)
    assert after["decide_decision"] == after["decide_rating"] == []
    assert after["decide_rating_options"] == []
    user_delete(user=maya)
    assert export_tables(jonah) == after


def _her_things_he_touched(couple: Couple) -> None:
    """Her bid he answered, her boundary he heard and suggested words for, a decision both
    rated: each goes with her erasure."""
    partnership = Partnership.objects.get(members__user=couple.maya, ended_at__isnull=True)
    from interdepend.web.decide import services as decide

    bid = together.bid_send(owner=couple.maya, partnership=partnership, text="Walk?", idem_key="")
    together.bid_answer(bid=bid, answer=BidAnswer.YES_NOW, when="")
    draft = together.boundary_draft(owner=couple.maya, text="Knock first.", idem_key="")
    hers = together.boundary_state(boundary=draft, partnership=partnership)
    together.boundary_acknowledge(boundary=hers, actor=couple.jonah)
    together.boundary_propose(
        boundary=Boundary.objects.get(pk=hers.pk), actor=couple.jonah, text="Knock, please."
    )
    decision = decide.decision_create(
        partnership=partnership,
        author=couple.maya,
        title="Where to?",
        options=["Sea", "Hills"],
        token="t9",
    )
    for person in (couple.jonah, couple.maya):
        decide.rating_save(decision=decision, user=person, for_self=[6, 2], for_partner=[5, 3])


@pytest.mark.parametrize("ending", ENDINGS)
def test_her_later_deletion_changes_nothing_in_his_whole_download(
    couple: Couple, ending: str
) -> None:
    """After she left, his whole download (every table) is the same before and after her
    deletion: his answer to her bid, his steps on her boundary and the decision they rated
    left it at the end, not when her erasure took them (the ex audit of 2026-12-02)."""
    _her_things_he_touched(couple)
    linked = export_tables(couple.jonah)
    assert linked["together_bid_answer"] and linked["decide_decision"]
    assert any(
        r["kind"] == BoundaryEventKind.ACKNOWLEDGED for r in linked["together_boundaryevent"]
    )
    ENDINGS[ending](couple)
    after_end = export_tables(couple.jonah)
    assert after_end["together_bid_answer"] == [] and after_end["decide_decision"] == []
    user_delete(user=couple.maya)
    assert export_tables(couple.jonah) == after_end


@pytest.mark.parametrize("ending", ENDINGS)
def test_shared_goals_close_with_the_partnership_in_his_download(
    couple: Couple, ending: str
) -> None:
    """His goals page stops showing the partnership's shared goals at the end; his download
    kept them until her later deletion took them away, which told him she had deleted. What he
    wrote in them himself stays in his download as his own words (together_keptwords), which
    her deletion does not touch; never her note."""
    assert couple.bid.partnership_id is not None
    partnership = Partnership.objects.get(pk=couple.bid.partnership_id)
    shared = together.goal_create(
        owner=couple.jonah, partnership=partnership, title="Dance class", detail="", idem_key=""
    )
    together.goal_note_add(goal=shared, author=couple.jonah, text="Booked!", idem_key="")
    together.goal_note_add(goal=shared, author=couple.maya, text="MRKHERNOTE", idem_key="")
    own = together.goal_create(
        owner=couple.jonah, partnership=None, title="Run 5 km", detail="", idem_key=""
    )
    goals = ("together_goal", "together_goalnote")

    def his() -> dict[str, list[dict[str, object]]]:
        tables = export_tables(couple.jonah)
        return {name: tables[name] for name in goals}

    linked = his()
    assert {row["title"] for row in linked["together_goal"]} == {"Dance class", "Run 5 km"}
    assert [row["text"] for row in linked["together_goalnote"]] == ["Booked!"]
    ENDINGS[ending](couple)
    after_end = his()
    assert [row["id"] for row in after_end["together_goal"]] == [own.public_id]
    assert after_end["together_goalnote"] == []
    kept = export_tables(couple.jonah)["together_keptwords"]
    assert {(row["kind"], row["text"]) for row in kept} >= {
        ("shared_goal", "Dance class"),
        ("goal_note", "Booked!"),
    }
    user_delete(user=couple.maya)
    assert his() == after_end
    assert export_tables(couple.jonah)["together_keptwords"] == kept
    assert "MRKHERNOTE" not in _archive_text(couple.jonah)
