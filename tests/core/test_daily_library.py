"""The built-in library of questions for today: big and balanced, well formed, safe to share.

These tests read the real file through :func:`load_questions`, so a change to the library that
thins out a habit or a scale, repeats a question, or lets the daily pick stop leaning towards
the growth areas fails here.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections import Counter
from collections.abc import Sequence
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from interdepend.core import daily
from interdepend.core.daily import DailyQuestion, Habit, load_questions, question_for

SCALES = ("self", "bond", "enmeshment", "distance")
START = date(2026, 1, 5)
SEEDS = ("a3f9c2e1", "couple-17", "7d41e0b8c9")
#: Growth areas as :func:`interdepend.core.content.growth_areas` gives them: none, one, or the
#: lowest axis with the highest pole.
AREAS: tuple[tuple[str, ...], ...] = (
    (),
    ("self",),
    ("bond",),
    ("enmeshment",),
    ("distance",),
    ("self", "enmeshment"),
    ("self", "distance"),
    ("bond", "enmeshment"),
    ("bond", "distance"),
)

FIRST_PERSON = frozenset({"i", "me", "my", "mine", "we", "us", "our", "ours"})
SECOND_PERSON = frozenset({"you", "your", "yours", "yourself"})
WE = frozenset({"we", "us", "our", "ours"})
#: A question for one may be answered by someone single, and nobody else sees the answer.
PRESUMES_SOMEONE = frozenset(
    {"partner", "partners", "spouse", "husband", "wife", "boyfriend", "girlfriend"}
)
#: Topics a shared question must not press on: a controlling partner reads the answers.
NOT_FOR_SHARING = frozenset(
    {
        "money",
        "spend",
        "spent",
        "spending",
        "salary",
        "debt",
        "secret",
        "secrets",
        "hide",
        "hiding",
        "hidden",
        "phone",
        "password",
        "passwords",
        "messages",
        "whereabouts",
        "justify",
    }
)


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower().replace("\u2019", "'"))


def _for(for_two: bool) -> list[DailyQuestion]:
    return [q for q in load_questions() if q.for_two is for_two]


def _days(count: int) -> list[date]:
    return [START + timedelta(days=n) for n in range(count)]


# ------------------------------------------------------------------------------------ size


def test_library_is_large_enough_for_two_and_for_one() -> None:
    questions = load_questions()
    assert len(questions) >= 160
    assert len(_for(True)) >= 120
    assert len(_for(False)) >= 40


@pytest.mark.parametrize("habit", list(Habit))
def test_every_habit_has_thirty_questions(habit: Habit) -> None:
    assert sum(q.habit is habit for q in load_questions()) >= 30


@pytest.mark.parametrize("scale", SCALES)
def test_every_scale_is_served_by_thirty_five_questions(scale: str) -> None:
    assert sum(scale in q.scales for q in load_questions()) >= 35


@pytest.mark.parametrize("scale", SCALES)
def test_every_scale_is_served_by_sixty_shared_questions(scale: str) -> None:
    # With at least sixty to lean on, a couple with any growth area meets a question from the
    # leaning part of the pick at most once in sixty days.
    assert sum(scale in q.scales for q in _for(True)) >= 60


@pytest.mark.parametrize("scale", SCALES)
def test_every_scale_is_served_by_thirty_questions_for_one(scale: str) -> None:
    # With sixty questions for one and thirty per scale, someone answering one every day meets
    # none more than three times in sixty days, whatever their growth areas.
    assert len(_for(False)) >= 60
    assert sum(scale in q.scales for q in _for(False)) >= 30


@pytest.mark.parametrize("for_two", [True, False])
def test_both_audiences_meet_every_habit_and_scale(for_two: bool) -> None:
    questions = _for(for_two)
    assert {q.habit for q in questions} == set(Habit)
    assert {s for q in questions for s in q.scales} == set(SCALES)


# ------------------------------------------------------------------------------------ form


def test_ids_are_unique_and_name_the_audience() -> None:
    ids = [q.id for q in load_questions()]
    assert len(ids) == len(set(ids))
    for q in load_questions():
        assert re.fullmatch(r"t\d{3}" if q.for_two else r"o\d{3}", q.id), q.id


def test_texts_are_unique_ignoring_case_punctuation_and_word_order() -> None:
    texts = [q.text for q in load_questions()]
    assert len(texts) == len(set(texts))
    flat = Counter(" ".join(_words(t)) for t in texts)
    assert [t for t, n in flat.items() if n > 1] == []
    shuffled = Counter(tuple(sorted(_words(t))) for t in texts)
    assert [t for t, n in shuffled.items() if n > 1] == []


def test_texts_are_one_short_question_each() -> None:
    for q in load_questions():
        assert len(q.text) <= 140, q.id
        assert q.text == q.text.strip() and "\n" not in q.text, q.id
        assert q.text.endswith("?") and q.text.count("?") == 1, q.id
        assert q.text[0].isupper(), q.id


def test_scales_are_known_and_not_repeated() -> None:
    for q in load_questions():
        assert q.scales and set(q.scales) <= set(SCALES), q.id
        assert len(q.scales) == len(set(q.scales)), q.id


def test_questions_for_one_presume_nobody_else() -> None:
    # Someone single can answer them, and no "me" or "us" stands in them: nobody asks but the
    # person themself.
    for q in _for(False):
        words = set(_words(q.text))
        assert not words & PRESUMES_SOMEONE, q.id
        assert not words & (FIRST_PERSON - {"i"}), q.id
        assert words & SECOND_PERSON, q.id


def test_questions_for_two_speak_to_each_other() -> None:
    # Each partner reads the question as coming from the other: to "you" or to "us", with "me"
    # or "us" in it, never "your partner".
    for q in _for(True):
        words = set(_words(q.text))
        assert words & (SECOND_PERSON | WE), q.id
        assert words & FIRST_PERSON, q.id
        assert not words & PRESUMES_SOMEONE, q.id


def test_shared_questions_do_not_press_on_private_matters() -> None:
    for q in _for(True):
        text = " ".join(_words(q.text))
        assert not set(text.split()) & NOT_FOR_SHARING, q.id
        for phrase in ("where were you", "who were you with", "who did you see", "why did you"):
            assert phrase not in text, q.id


# ------------------------------------------------------------------------------------ pick


def _served_share(
    seed: str, areas: Sequence[str], served: frozenset[str], days: Sequence[date]
) -> float:
    picks = [question_for(seed, day, areas, for_two=True) for day in days]
    assert all(q.for_two for q in picks)
    return sum(bool(served & set(q.scales)) for q in picks) / len(picks)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize(
    ("areas", "served"),
    [
        (("distance",), frozenset({"bond", "distance"})),
        (("enmeshment",), frozenset({"self", "enmeshment"})),
    ],
)
def test_the_pick_leans_towards_the_growth_areas(
    seed: str, areas: tuple[str, ...], served: frozenset[str]
) -> None:
    assert _served_share(seed, areas, served, _days(365)) >= 0.55


@pytest.mark.parametrize("seed", SEEDS)
def test_the_lean_goes_the_way_of_the_growth_areas(seed: str) -> None:
    # The same couple meets more about a life of one's own when that is where they can grow.
    days = _days(365)
    own = frozenset({"self", "enmeshment"})
    assert _served_share(seed, ("enmeshment",), own, days) > _served_share(
        seed, ("distance",), own, days
    )


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("areas", AREAS)
def test_no_shared_question_comes_more_than_twice_in_sixty_days(
    seed: str, areas: tuple[str, ...]
) -> None:
    counts = Counter(question_for(seed, day, areas, for_two=True).id for day in _days(60))
    assert max(counts.values()) <= 2, counts.most_common(3)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("areas", AREAS)
def test_no_question_for_one_comes_more_than_three_times_in_sixty_days(
    seed: str, areas: tuple[str, ...]
) -> None:
    counts = Counter(question_for(seed, day, areas, for_two=False).id for day in _days(60))
    assert max(counts.values()) <= 3, counts.most_common(3)


def test_the_pick_is_the_same_all_day_for_both_partners() -> None:
    day = START + timedelta(days=40)
    first = question_for(SEEDS[0], day, ("bond", "distance"), for_two=True)
    assert question_for(SEEDS[0], day, ["bond", "distance"], for_two=True) == first


def _pick_as_written_before(
    seed: str, day: date, areas: Sequence[str], *, for_two: bool, language: str
) -> DailyQuestion:
    """The pick as it was written before issue 15's eleventh pass: a digest of the whole seed,
    "order" and each id for each question, and a set of each question's scales."""

    def cycle(pool: Sequence[DailyQuestion], seed: str) -> DailyQuestion:
        order = sorted(pool, key=lambda q: daily._digest(seed, "order", q.id))
        return order[day.toordinal() % len(order)]

    pool = [q for q in load_questions(language=language) if q.for_two is for_two]
    preferred = [q for q in pool if set(areas) & set(q.scales)]
    roll = random.Random(daily._digest(seed, "roll", day.isoformat())).random()
    if preferred and roll < daily.PREFERRED_SHARE:
        return cycle(preferred, seed + "|preferred")
    return cycle(pool, seed)


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("for_two", [True, False])
@pytest.mark.parametrize("areas", AREAS)
def test_the_pick_is_the_one_written_before(
    areas: tuple[str, ...], for_two: bool, language: str
) -> None:
    seeds = [*SEEDS, "x" * 64, "día|ñ"]
    for seed in seeds:
        for day in _days(120):
            found = question_for(seed, day, areas, for_two=for_two, language=language)
            assert found == _pick_as_written_before(
                seed, day, areas, for_two=for_two, language=language
            ), (seed, day)


def test_the_pick_hashes_the_seed_once_not_once_a_question(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only the day's roll goes through ``_digest``: ordering the library hashes the seed's
    part once and adds each id to a copy (it hashed the whole text once a question: 0.2 ms of
    the page of today's question)."""
    calls: list[tuple[str, ...]] = []
    real = daily._digest

    def counted(*parts: str) -> int:
        calls.append(parts)
        return real(*parts)

    monkeypatch.setattr(daily, "_digest", counted)
    for day in _days(20):
        question_for(SEEDS[0], day, ("self",), for_two=True)
    assert calls and all(parts[1] == "roll" for parts in calls)


def _place_as_written_before(ids: Sequence[bytes], seed: str, day: date) -> int:
    """The day's place as the eleventh pass wrote it: each id's key the eight bytes of a copy of
    the seed's part with the id added, hashlib's SHA-256, sorted with the ids' places."""
    head = hashlib.sha256(f"{seed}|order|".encode())

    def key(place: int) -> bytes:
        digest = head.copy()
        digest.update(ids[place])
        return digest.digest()[:8]

    order = sorted(range(len(ids)), key=key)
    return order[day.toordinal() % len(order)]


@settings(max_examples=300, deadline=None)
@given(
    ids=st.lists(
        st.one_of(st.sampled_from([b"a", b"b", b"two-01"]), st.binary(max_size=70)),
        min_size=1,
        max_size=40,
    ),
    seed=st.text(max_size=90),
    day=st.dates(),
)
def test_the_days_place_is_the_one_written_before(ids: list[bytes], seed: str, day: date) -> None:
    """Any ids (the same id more than once too, where two keys tie and the ids' order decides,
    the slower way), any seed (a long one fills SHA-256's first block), any day."""
    assert daily._place(ids, seed, day) == _place_as_written_before(ids, seed, day)


def test_a_tie_at_the_days_place_goes_the_ids_order() -> None:
    """Three of the same id, each the day's place once: they come in the ids' order."""
    ids = [b"one", b"x", b"two", b"x", b"x", b"three"]
    places = {daily._place(ids, "seed", START + timedelta(days=n)) for n in range(len(ids))}
    assert places == set(range(len(ids)))
    for n in range(len(ids)):
        day = START + timedelta(days=n)
        assert daily._place(ids, "seed", day) == _place_as_written_before(ids, "seed", day)


def test_the_pools_are_made_again_for_another_library(monkeypatch: pytest.MonkeyPatch) -> None:
    """A pool is kept per language and audience, and made again when the library is another."""
    first = daily._pool(True, "en")
    assert daily._pool(True, "en") is first
    assert first.questions == tuple(_for(True))
    assert first.ids == tuple(q.id.encode() for q in _for(True))
    fewer = load_questions(language="en")[:40]
    monkeypatch.setattr(daily, "load_questions", lambda language="en": fewer)
    again = daily._pool(True, "en")
    assert again.library is fewer
    assert again.questions == tuple(q for q in fewer if q.for_two)


class _CountedScales(tuple[str, ...]):
    """A question's scales that count how often they are looked through."""

    looked: list[int] = []

    def __iter__(self):  # type: ignore[no-untyped-def]
        _CountedScales.looked.append(1)
        return super().__iter__()


def test_the_areas_questions_are_picked_out_only_on_a_day_that_leans_on_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """On a day whose question does not serve a growth area, which questions serve one is not
    worked out (it was, for every question of the library, and never used: issue 15's
    fourteenth pass); on a day that does, it is, and the pick is the one written before."""
    library = tuple(
        DailyQuestion(**{**vars(q), "scales": _CountedScales(q.scales)})
        for q in load_questions(language="en")
    )
    monkeypatch.setattr(daily, "load_questions", lambda language="en": library)
    leaning = [day for day in _days(60) if daily.leans_on_areas(SEEDS[0], day)]
    other = [day for day in _days(60) if not daily.leans_on_areas(SEEDS[0], day)]
    assert leaning and other
    for day in other:
        _CountedScales.looked.clear()
        question_for(SEEDS[0], day, ("self", "bond"), for_two=True, language="en")
        assert _CountedScales.looked == [], day
    for day in leaning:
        _CountedScales.looked.clear()
        found = question_for(SEEDS[0], day, ("self", "bond"), for_two=True, language="en")
        assert _CountedScales.looked, day
        assert "self" in found.scales or "bond" in found.scales
