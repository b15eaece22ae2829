"""What each person keeps in their download after a partnership ends (the download audit of
2026-12-05).

The rule: everything a person wrote or did themselves is in their own download, before and
after the end, whoever ended it and however; never the other's private words, and never
anything that tells one how the other left. A couple with a whole shared history (decisions
named by each and rated by both, promises, bids both ways, boundaries with steps and wording,
shared goals with notes, check-ins, answers to the question for today, a journal entry shared)
ends it each way, and each one's download is read against the rule.

Found: the ratings each had given the other's decisions, and the steps each had taken on the
other's boundaries other than suggesting words (acknowledging them, say), left their download
at the end, in every way alike (they go with the other's erasure, so the download dropped them
at the end). They are now kept at the end as rows of his own (``together_keptwords``, kinds
``rating`` and ``step``: the numbers, or which step and when, never her words). Her erasure
while linked deleted her decisions, his ratings with them, before the end was recorded, so it
is held to give him the same download as a leave.
"""

from __future__ import annotations

import datetime
import importlib
import itertools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from unittest import mock

import pytest
from django.apps import apps
from django.db import transaction
from django.utils import timezone, translation

from interdepend.web.accounts.models import User
from interdepend.web.accounts.services import user_create
from interdepend.web.daily.models import DailyAnswer, TalkItem
from interdepend.web.datarights.services import export_tables, safety_reset, user_delete
from interdepend.web.decide import services as decide
from interdepend.web.decide.models import Decision, Rating
from interdepend.web.frame import publicid
from interdepend.web.partners import services as partners
from interdepend.web.partners.models import Partnership
from interdepend.web.together import services as together
from interdepend.web.together.models import Bid, Boundary, Goal, KeptWords
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

#: What each wrote, each word marked with whose it is ("HIS…", "HER…").
WRITTEN = (
    "DECISION",
    "UNRATED",
    "OPTION",
    "PROMISE",
    "OWNPROMISE",
    "BID",
    "SHAREDGOAL",
    "GOALDETAIL",
    "OWNGOAL",
    "OWNNOTE",
    "BOUNDARY",
    "DRAFT",
    "NEED",
    "CIRCLE",
    "DAILYSHARED",
    "DAILYOWN",
    "WHEN",
    "NOTEONTHEIRS",
    "NOTEONMINE",
    "WORDING",
)
#: Each one's ratings of every decision: (for themself, for the other).
RATINGS = {"HIS": ([6, 2], [3, 4]), "HER": ([1, 7], [5, 5])}


@dataclass
class Couple:
    him: User
    her: User
    partnership: Partnership


def _person(name: str) -> User:
    return user_create(email=f"{name}@example.test", password=PASSWORD, display_name=name.title())


def _own_things(who: User, partnership: Partnership, tag: str) -> None:
    today = timezone.localdate()
    for title, token in ((f"{tag}DECISION", "a"), (f"{tag}UNRATED", "b")):
        decide.decision_create(
            partnership=partnership,
            author=who,
            title=title,
            options=[f"{tag}OPTION-1", f"{tag}OPTION-2"],
            token=f"{tag}{token}",
        )
    for shared, text in ((partnership, f"{tag}PROMISE"), (None, f"{tag}OWNPROMISE")):
        together.commitment_create(
            owner=who, partnership=shared, text=text, due_on=today, idem_key=""
        )
    together.bid_send(owner=who, partnership=partnership, text=f"{tag}BID", idem_key="")
    together.goal_create(
        owner=who,
        partnership=partnership,
        title=f"{tag}SHAREDGOAL",
        detail=f"{tag}GOALDETAIL",
        idem_key="",
    )
    own = together.goal_create(
        owner=who, partnership=None, title=f"{tag}OWNGOAL", detail="", idem_key=""
    )
    together.goal_note_add(goal=own, author=who, text=f"{tag}OWNNOTE", idem_key="")
    told = together.boundary_draft(owner=who, text=f"{tag}BOUNDARY", idem_key="")
    together.boundary_state(boundary=told, partnership=partnership)
    together.boundary_draft(owner=who, text=f"{tag}DRAFT", idem_key="")
    together.checkin_save(
        owner=who,
        week=today - datetime.timedelta(days=today.weekday()),
        values={"heard": 5},
        need=f"{tag}NEED",
        shared=True,
        partnership=partnership,
    )
    together.circle_add(owner=who, name=f"{tag}CIRCLE", last_connected=None, idem_key="")
    day = today - datetime.timedelta(days=3)
    DailyAnswer.objects.create(
        owner=who, partnership=partnership, day=day, question_id="t002", text=f"{tag}DAILYSHARED"
    )
    DailyAnswer.objects.create(
        owner=who, day=day + datetime.timedelta(days=1), question_id="o001", text=f"{tag}DAILYOWN"
    )


def _on_the_others(who: User, partnership: Partnership, tag: str) -> None:
    for_self, for_other = RATINGS[tag]
    for decision in Decision.objects.filter(title__endswith="DECISION"):
        decide.rating_save(decision=decision, user=who, for_self=for_self, for_partner=for_other)
    for bid in Bid.objects.exclude(owner=who):
        together.bid_answer(bid=bid, answer="later", when=f"{tag}WHEN")
    for goal in Goal.objects.filter(partnership=partnership):
        mine = "NOTEONMINE" if goal.owner_id == who.pk else "NOTEONTHEIRS"
        together.goal_note_add(goal=goal, author=who, text=f"{tag}{mine}", idem_key="")
    for boundary in Boundary.objects.filter(partnership=partnership).exclude(owner=who):
        together.boundary_acknowledge(boundary=boundary, actor=who)
        together.boundary_propose(boundary=boundary, actor=who, text=f"{tag}WORDING")


@pytest.fixture
def couple() -> Couple:
    him, her = _person("ravi"), _person("noa")
    partnership = partners.invitation_accept(
        invitation=partners.invitation_create(inviter=him).invitation, user=her
    )
    for who, tag in ((him, "HIS"), (her, "HER")):
        _own_things(who, partnership, tag)
    for who, tag in ((him, "HIS"), (her, "HER")):
        _on_the_others(who, partnership, tag)
    TalkItem.objects.create(
        partnership=partnership,
        day=timezone.localdate() - datetime.timedelta(days=3),
        question_id="t002",
    )
    return Couple(him=him, her=her, partnership=partnership)


def _ways(couple: Couple) -> dict[str, Callable[[], None]]:
    her_pk, him_pk = couple.her.pk, couple.him.pk

    def her() -> User:
        return User.objects.get(pk=her_pk)  # fresh: a deletion leaves the object keyless

    def she_leaves() -> None:
        assert partners.partnership_leave(user=her())

    def her_reset() -> None:
        assert safety_reset(user=her(), keep_session_key=None).left_partnership

    def she_deletes() -> None:
        user_delete(user=her())

    def she_leaves_then_deletes() -> None:
        she_leaves()
        she_deletes()

    def he_leaves() -> None:
        assert partners.partnership_leave(user=User.objects.get(pk=him_pk))

    return {
        "she leaves": she_leaves,
        "her safety reset": her_reset,
        "she deletes her account while linked": she_deletes,
        "she leaves, then deletes her account": she_leaves_then_deletes,
        "he leaves": he_leaves,
    }


def _text(user: User) -> str:
    return json.dumps(export_tables(user), ensure_ascii=False, default=str)


def _kept_ratings(user: User) -> list[tuple[str, str]]:
    found = export_tables(user)["together_keptwords"]
    return [(str(row["text"]), str(row["detail"])) for row in found if row["kind"] == "rating"]


def _kept_steps(user: User) -> list[str]:
    found = export_tables(user)["together_keptwords"]
    return [str(row["text"]) for row in found if row["kind"] == "step"]


def _numbers(values: list[int]) -> str:
    return ", ".join(map(str, values))


def _missing_and_foreign(user: User, tag: str) -> tuple[list[str], list[str]]:
    other = "HER" if tag == "HIS" else "HIS"
    text = _text(user)
    return (
        [word for word in WRITTEN if f"{tag}{word}" not in text],
        [word for word in WRITTEN if f"{other}{word}" in text],
    )


def test_while_together_each_download_holds_all_they_wrote_and_rated(couple: Couple) -> None:
    for who, tag in ((couple.him, "HIS"), (couple.her, "HER")):
        missing, _theirs = _missing_and_foreign(who, tag)
        assert missing == [], (tag, missing)
        assert len(export_tables(who)["decide_rating"]) == 2  # his own decision's and hers


@pytest.mark.parametrize(
    "way",
    [
        "she leaves",
        "her safety reset",
        "she deletes her account while linked",
        "she leaves, then deletes her account",
        "he leaves",
    ],
)
def test_after_the_end_each_download_holds_all_they_wrote_and_did_and_none_of_the_other(
    couple: Couple, way: str
) -> None:
    _ways(couple)[way]()
    people = [(couple.him, "HIS")]
    if User.objects.filter(pk=couple.her.pk).exists():
        people.append((User.objects.get(pk=couple.her.pk), "HER"))
    for who, tag in people:
        missing, theirs = _missing_and_foreign(who, tag)
        for_self, for_other = RATINGS[tag]
        ratings = export_tables(who)["decide_rating"]
        print(f"\n{way}, {tag}: {len(WRITTEN) - len(missing)} of {len(WRITTEN)} kinds of words")
        assert missing == [], (tag, missing)
        assert theirs == [], (tag, theirs)
        # His rating of his own decision, as stored; his rating of hers, kept as his numbers.
        assert [(row["for_self"], row["for_partner"]) for row in ratings] == [(for_self, for_other)]
        assert _kept_ratings(who) == [(_numbers(for_self), _numbers(for_other))]
        # His acknowledgement of her boundary: the step and when, without her words.
        assert _kept_steps(who) == ["acknowledged"]


def test_his_kept_ratings_hold_nothing_of_her_decision_and_stay_after_her_erasure(
    couple: Couple,
) -> None:
    partners.partnership_leave(user=couple.her)
    (kept,) = KeptWords.objects.filter(owner=couple.him, kind="rating")
    assert "HER" not in f"{kept.text} {kept.detail}"
    before = _text(couple.him)
    user_delete(user=User.objects.get(pk=couple.her.pk))
    assert not Rating.objects.filter(user=couple.him).exclude(decision__author=couple.him)
    assert _text(couple.him) == before


def test_a_decision_with_no_author_goes_with_her_erasure_once_his_ratings_are_kept(
    couple: Couple,
) -> None:
    Decision.objects.filter(title="HERDECISION").update(author=None)
    user_delete(user=User.objects.get(pk=couple.her.pk))
    assert not Decision.objects.filter(title="HERDECISION").exists()
    assert _kept_ratings(couple.him) == [(_numbers(RATINGS["HIS"][0]), _numbers(RATINGS["HIS"][1]))]


#: The new rows' ids, drawn in order in every world: an erasure draws one of its own first (the
#: record a restore replays).
DRAWN_ID = re.compile(r"\b\d{22}\b")


def _in_order() -> Callable[[int], str]:
    """New rows' ids drawn in order (random in life), the same in every world."""
    drawn = itertools.count()
    return lambda _size: f"{next(drawn):022d}"


def test_the_three_ways_she_can_end_it_give_him_the_same_download(couple: Couple) -> None:
    moment = timezone.now()
    ways = _ways(couple)
    seen: dict[str, str] = {}
    for what in ("she leaves", "her safety reset", "she deletes her account while linked"):
        with (
            mock.patch("django.utils.timezone.now", return_value=moment),
            mock.patch.object(publicid, "source", _in_order()),
            transaction.atomic(),
        ):
            ways[what]()
            seen[what] = DRAWN_ID.sub("<new id>", _text(couple.him))
            transaction.set_rollback(True)
    first = seen["she leaves"]
    print(f"\n{len(seen)} ways, {sum(text != first for text in seen.values())} downloads apart")
    assert '"kind": "rating"' in first  # his ratings of her decision, kept
    for what, text in seen.items():
        assert text == first, what


def _kept_rows(user: User) -> list[str]:
    """The kept rows, each without its id and the moment of the end, in one order."""
    found = export_tables(user)["together_keptwords"]
    strip = ("id", "partnership_ended_at")
    return sorted(json.dumps({k: v for k, v in row.items() if k not in strip}) for row in found)


def test_the_upgrade_keeps_ratings_and_steps_of_partnerships_that_ended_before_it(
    couple: Couple,
) -> None:
    partners.partnership_leave(user=couple.her)
    made = {who.pk: _kept_rows(who) for who in (couple.him, couple.her)}
    KeptWords.objects.filter(kind__in=("rating", "step")).delete()
    assert not _kept_steps(couple.him)
    assert not _kept_ratings(couple.him)
    fill = importlib.import_module("interdepend.web.together.migrations.0011_kept_words_rating")
    fill._fill(apps, None)
    for who in (couple.him, couple.her):
        assert _kept_rows(who) == made[who.pk]
        assert len(made[who.pk]) == 7  # an answer, a wording, a step, a rating, a goal, 2 notes


def test_the_download_names_each_kept_row_in_her_language(couple: Couple) -> None:
    """The ``what`` column said what each kept row is in English only, in a Spanish download
    too."""
    partners.partnership_leave(user=couple.her)
    with translation.override("es"):
        found = export_tables(couple.him)["together_keptwords"]
    said = {str(row["kind"]): str(row["what"]) for row in found}
    assert said["rating"] == "tus valoraciones de una decisión que nombró tu pareja"
    assert said["step"] == "un paso que diste en el límite de tu pareja"
    assert said["bid_answer"] == "tu respuesta cuando tu pareja se acercó"
