"""score_one remembers results by a digest of a scope, the instrument and the exact answers.

Nothing here is timed: the tests hold the remembered result equal to a fresh scoring, show that
any change of answers, instrument or scope is a different entry, that nothing is kept outside a
scope, and that the memo keeps no name.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from typing import Any

import pytest

from interdepend.content import CONTENT_DIR
from interdepend.core import scoring
from interdepend.core.errors import AnswerError
from interdepend.core.instrument import load_instrument
from interdepend.core.scoring import _score_one, score_one
from tests.core.assessment_personas import ALEX, INVENTORY, LOST_SELF


@pytest.fixture(autouse=True)
def empty_memo() -> Iterator[None]:
    """An empty memo, and every test inside one scope unless it says otherwise."""
    with scoring._scored_lock:
        scoring._scored.clear()
    with scoring.remembered("tests"):
        yield


def random_answers(rng: random.Random) -> dict[str, int | None]:
    return {
        item.id: rng.choice([None, 1, 2, 3, 4, 5, 6, 7])
        for item in INVENTORY.items
        if rng.random() < 0.9
    }


def test_a_remembered_result_equals_a_fresh_one() -> None:
    rng = random.Random(15)
    for _ in range(40):
        answers = random_answers(rng)
        first = score_one(INVENTORY, answers)
        assert first == _score_one(INVENTORY, answers)
        assert score_one(INVENTORY, dict(reversed(list(answers.items())))) is first


def test_any_changed_answer_is_scored_afresh() -> None:
    first = score_one(INVENTORY, ALEX)
    for item_id in list(ALEX)[:10]:
        changed = {**ALEX, item_id: 8 - (ALEX[item_id] or 4)}
        assert score_one(INVENTORY, changed) == _score_one(INVENTORY, changed)
    assert score_one(INVENTORY, LOST_SELF) != first
    assert score_one(INVENTORY, ALEX) is first


def test_another_instrument_with_the_same_id_has_its_own_entry() -> None:
    twin = load_instrument(CONTENT_DIR / f"{INVENTORY.id}.toml")
    assert twin is not INVENTORY and twin.id == INVENTORY.id
    mine = score_one(INVENTORY, ALEX)
    theirs = score_one(twin, ALEX)
    assert theirs is not mine and theirs == mine


def test_bad_answers_raise_every_time_and_are_not_kept() -> None:
    for _ in range(2):
        with pytest.raises(AnswerError):
            score_one(INVENTORY, {**ALEX, "zz": 3})
    assert not scoring._scored


class ItemId(str):
    """A string of its own kind: its text alone might not say everything about it."""


def test_answers_that_are_not_plain_item_ids_and_numbers_are_scored_but_not_kept() -> None:
    odd: dict[str, int | None] = {ItemId(k): v for k, v in ALEX.items()}
    assert score_one(INVENTORY, odd) == _score_one(INVENTORY, ALEX)
    assert not scoring._scored


def test_the_memo_is_bounded_and_keyed_by_digests_only() -> None:
    rng = random.Random(7)
    for _ in range(scoring.SCORED_REMEMBERED + 20):
        score_one(INVENTORY, random_answers(rng))
    assert len(scoring._scored) <= scoring.SCORED_REMEMBERED
    for key in scoring._scored:
        assert len(key) == 64 and set(key) <= set("0123456789abcdef")


def test_nothing_is_kept_outside_a_scope_and_scopes_are_kept_apart() -> None:
    token = scoring._scope.set(None)
    try:
        assert score_one(INVENTORY, ALEX) == _score_one(INVENTORY, ALEX)
        assert not scoring._scored
    finally:
        scoring._scope.reset(token)
    with scoring.remembered("one view"):
        first = score_one(INVENTORY, ALEX)
        assert score_one(INVENTORY, ALEX) is first
    with scoring.remembered("another view"):
        other = score_one(INVENTORY, ALEX)
    assert other is not first and other == first
    assert len(scoring._scored) == 2


def test_the_scoring_model_is_found_by_identity_without_hashing_the_instrument(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Hashing a frozen instrument walks every item; once its model is made, scoring finds it
    by the object itself. An equal copy (another object) still scores the same."""
    import dataclasses

    _score_one(INVENTORY, ALEX)
    hashed: list[int] = []

    def counted(self: object) -> int:
        hashed.append(1)
        return 0

    monkeypatch.setattr(type(INVENTORY), "__hash__", counted)
    again = _score_one(INVENTORY, ALEX)
    assert hashed == []
    copy = dataclasses.replace(INVENTORY)
    assert copy is not INVENTORY
    assert _score_one(copy, ALEX) == again
    assert hashed  # a new object goes through the cache keyed by value


def test_two_plain_sets_of_answers_share_a_key_exactly_when_they_are_equal_item_for_item() -> None:
    """The key is the answers' JSON (their ids sorted) after the scope and the instrument: equal
    answers in any order, or in another kind of mapping, find one entry; any changed, added or
    dropped answer, a number of the other type, an id that would read the same if its quotes
    were not escaped, another scope or another instrument is another entry."""
    from types import MappingProxyType

    digest = scoring._answers_digest
    rng = random.Random(16)
    for _ in range(200):
        answers = random_answers(rng)
        key = digest(INVENTORY, answers)
        assert key is not None
        shuffled = list(answers.items())
        rng.shuffle(shuffled)
        assert digest(INVENTORY, dict(shuffled)) == key
        assert digest(INVENTORY, MappingProxyType(answers)) == key
        other = dict(answers)
        item_id = rng.choice(list(other))
        changed: list[dict[str, Any]] = [
            {**other, item_id: None if other[item_id] else 3},
            {k: v for k, v in other.items() if k != item_id},
            {**other, "extra": 1},
        ]
        value = other[item_id]
        if value is not None:
            changed.append({**other, item_id: float(value)})  # a float where an int was
        assert all(digest(INVENTORY, c) != key for c in changed)
    quoted: dict[str, int | None] = {'a":1,"b': 2}
    assert digest(INVENTORY, quoted) != digest(INVENTORY, {"a": 1, "b": 2})
    twin = load_instrument(CONTENT_DIR / f"{INVENTORY.id}.toml")
    assert digest(twin, ALEX) != digest(INVENTORY, ALEX)
    inside = digest(INVENTORY, ALEX)
    with scoring.remembered("another view"):
        assert digest(INVENTORY, ALEX) != inside
    odds: list[dict[Any, Any]] = [{**ALEX, "x": True}, {**ALEX, "x": "3"}, {**ALEX, 7: 3}]
    for odd in odds:
        assert digest(INVENTORY, odd) is None  # not plain: scored afresh


def test_answers_written_by_the_caller_give_the_key_they_would_have_given() -> None:
    """Answers the caller wrote already (``remembered(scope, written)``) are not written again:
    the very object written takes that writing, so its key is the one it had without it, and
    its result the remembered one; another object of equal answers, or an object whose id is
    given with another object's writing, is written afresh; outside the block nothing given
    is used (issue 15's twentieth pass)."""
    digest = scoring._answers_digest
    rng = random.Random(20)
    for _ in range(50):
        answers = random_answers(rng)
        plain = digest(INVENTORY, answers)
        written = {id(answers): (answers, scoring.written_answers(answers))}
        with scoring.remembered("tests", written):
            assert digest(INVENTORY, answers) == plain
            assert score_one(INVENTORY, answers) == _score_one(INVENTORY, answers)
        # The writing given is the one taken: a wrong one (never given by the couple view)
        # shows it, and only for that very object.
        wrong = {id(answers): (answers, "{}")}
        with scoring.remembered("tests", wrong):
            assert digest(INVENTORY, answers) == digest(INVENTORY, {})
            assert digest(INVENTORY, dict(answers)) == plain
        stranger: dict[str, int | None] = {}
        mistaken = {id(answers): (stranger, "{}")}
        with scoring.remembered("tests", mistaken):
            assert digest(INVENTORY, answers) == plain
        assert digest(INVENTORY, answers) == plain


def test_the_caller_s_writing_is_the_key_s() -> None:
    """``written_answers`` writes answers as a key writes them: their ids sorted, no spaces, any
    mapping as its plain dict."""
    from types import MappingProxyType

    answers: dict[str, int | None] = {"b": 2, "a": None, 'q"': 1}
    assert scoring.written_answers(answers) == '{"a":null,"b":2,"q\\"":1}'
    assert scoring.written_answers(MappingProxyType(answers)) == scoring.written_answers(answers)


def _outcome(scorer: Any, answers: dict[str, Any]) -> object:
    """The result, or the kind of error refusing the answers (a number not whole)."""
    try:
        return scorer(INVENTORY, answers)
    except AnswerError as error:
        return type(error)


def test_answers_given_with_the_json_text_they_came_from_are_scored_soundly() -> None:
    """The couple view hands each take's answers with the JSON text the database gave (any
    order, spaces or none): inside the block each scores as afresh; two sets share a key only
    when they are equal, each number of its type (a text decodes to one value only); and the
    same text found again gives the same key, so the next view finds the result
    (issue 15's twenty-first pass)."""
    digest = scoring._answers_digest
    rng = random.Random(21)
    keys: dict[str, dict[str, Any]] = {}
    for _ in range(60):
        answers: dict[str, Any] = dict(random_answers(rng))
        if rng.random() < 0.3:  # the same numbers as floats: apart from the ints
            answers = {k: float(v) if v is not None else None for k, v in answers.items()}
        order = list(answers)
        rng.shuffle(order)
        text = json.dumps(
            {k: answers[k] for k in order},
            separators=rng.choice([None, (",", ":")]),
        )
        decoded = json.loads(text)
        assert decoded == answers
        with scoring.remembered("tests", {id(decoded): (decoded, text)}):
            key = digest(INVENTORY, decoded)
            assert key is not None
            assert _outcome(score_one, decoded) == _outcome(_score_one, answers)
            again = json.loads(text)
        with scoring.remembered("tests", {id(again): (again, text)}):
            assert digest(INVENTORY, again) == key
        same = keys.setdefault(key, decoded)
        assert same == decoded and all(type(same[k]) is type(decoded[k]) for k in decoded), (
            "a key shared by answers not equal, each number of its type"
        )
