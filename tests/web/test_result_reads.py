"""The result page's reads and scoring (issue 15's thirteenth pass): it reads only the take
before the one shown, not every take with its answers, and it scores that take without
explaining it. Each is held equal to the rule it replaced."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from interdepend.core.errors import AnswerError
from interdepend.core.instrument import load_builtin
from interdepend.core.scoring import change_since, compare, score_one
from interdepend.web.accounts.models import User
from interdepend.web.assessment import access, selectors
from interdepend.web.assessment.access import PREVIOUS_FIELDS, access_own_result, own_attempts
from interdepend.web.assessment.demo import complete_attempt, profile_answers
from interdepend.web.assessment.models import Attempt
from interdepend.web.frame.sqlite3.base import is_kept
from tests.conftest import Personas
from tests.helpers import as_user

pytestmark = pytest.mark.django_db

IDS = selectors.INVENTORY_IDS


def _old_previous(user: User, attempt: Attempt) -> Attempt | None:
    """The rule the page had: every take, newest begun first; of those finished before this
    one was, the first."""
    finished = [a for a in own_attempts(user, IDS) if a.is_complete]
    earlier = [a for a in finished if a.completed_at and a.completed_at < attempt.completed_at]  # type: ignore[operator]
    return earlier[0] if earlier else None


def previous_take(user: User, attempt: Attempt) -> list[Attempt]:
    """The take before ``attempt`` as the result page reads it now, with her take and her
    partnership in one statement (``access.access_own_result``; issue 15's twenty-fifth pass)."""
    return access_own_result(user, attempt.public_id)[2]


def _random_takes(user: User, rng: random.Random, n: int) -> None:
    start = timezone.now() - timedelta(days=400)
    for _ in range(n):
        began = start + timedelta(days=rng.randint(0, 380), seconds=rng.randint(0, 86_399))
        finished = (
            None if rng.random() < 0.25 else began + timedelta(minutes=rng.randint(1, 60 * 24 * 20))
        )
        Attempt.objects.create(
            user=user,
            instrument_id=rng.choice((*IDS, selectors.SCREEN_ID, "another_instrument")),
            instrument_version="1",
            started_at=began,
            completed_at=finished,
        )


@pytest.mark.parametrize("seed", range(6))
def test_the_take_before_is_the_one_every_take_gave(personas: Personas, seed: int) -> None:
    rng = random.Random(seed)
    alice, bob = personas.alice, personas.bob
    _random_takes(alice, rng, rng.randint(0, 25))
    _random_takes(bob, rng, 10)  # someone else's takes are never hers
    for attempt in Attempt.objects.filter(user=alice):
        found = previous_take(alice, attempt)
        if attempt.completed_at is None:  # the page redirects an unfinished take
            assert found == []
            continue
        old = _old_previous(alice, attempt)
        assert [a.pk for a in found] == ([old.pk] if old else [])
        if found:  # what the page uses of it, as the list of every take had it
            for field in PREVIOUS_FIELDS:
                assert getattr(found[0], field) == getattr(old, field), field


def test_a_take_finished_later_but_begun_earlier_is_the_one_before(personas: Personas) -> None:
    """Begun first, finished after another: of the takes finished before, the last begun."""
    now = timezone.now()
    user = personas.alice
    Attempt.objects.filter(user=user).delete()
    made = [
        Attempt.objects.create(
            user=user,
            instrument_id=IDS[0],
            started_at=now - timedelta(days=d),
            completed_at=now - timedelta(days=f),
        )
        for d, f in ((30, 2), (20, 10), (25, 5), (3, 1))
    ]
    shown = made[3]  # finished a day ago
    assert _old_previous(user, shown) == made[1]  # begun 20 days ago, the last begun of three
    assert previous_take(user, shown) == [made[1]]
    assert previous_take(user, made[1]) == []  # nothing finished before day 10
    assert is_kept(access._own_result_statement())


def _answers(rng: random.Random, instrument_id: str, share: float) -> dict[str, int | None]:
    instrument = load_builtin(instrument_id, "en")
    return {
        item.id: rng.randint(1, 7) if rng.random() < share else None
        for item in instrument.items
        if rng.random() < 0.9
    }


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_change_since_is_the_comparison_of_two_whole_results(language: str) -> None:
    rng = random.Random(15)
    with translation.override(language):
        for n in range(120):
            earlier_id, later_id = rng.choice(IDS), rng.choice(IDS)
            earlier = load_builtin(earlier_id, language)
            later = load_builtin(later_id, language)
            before = _answers(rng, earlier_id, rng.choice((0.05, 0.4, 0.8, 1.0)))
            current = score_one(later, _answers(rng, later_id, rng.choice((0.3, 0.8, 1.0))))
            expected = compare(score_one(earlier, before), current)
            assert change_since(earlier, before, current) == expected, n
            assert change_since(earlier, before, current, steady_within=0.0) == compare(
                score_one(earlier, before), current, steady_within=0.0
            )


def test_the_change_since_refuses_what_scoring_refuses() -> None:
    instrument = load_builtin(IDS[0], "en")
    current = score_one(instrument, {})
    with pytest.raises(AnswerError):
        change_since(instrument, {"no such statement": 4}, current)
    with pytest.raises(AnswerError):
        change_since(instrument, {instrument.items[0].id: 9}, current)


def test_the_result_page_reads_her_take_and_the_one_before_it_only(personas: Personas) -> None:
    """The page reads this take and the one before it, and shows the same view as one made
    from every take she has."""
    user = personas.carol
    for n, level in enumerate((2, 5, 6)):
        levels = {"self": level, "bond": level, "enmeshment": 8 - level, "distance": 8 - level}
        complete_attempt(
            user, profile_answers(selectors.inventory(), levels), days_ago=30 * (3 - n), seed=n
        )
    takes = list(Attempt.objects.filter(user=user).order_by("-started_at"))
    with CaptureQueriesContext(connection) as captured:
        page = as_user(user).get(f"/me/assessment/{takes[0].public_id}/results/")
    assert page.status_code == 200
    reads = [q["sql"] for q in captured if "assessment_attempt" in q["sql"]]
    # This take, and the one before it: one row of each, not every take with its answers (one
    # statement since issue 15's twenty-fifth pass, with her partnership's, two before).
    assert len(reads) == 1 and all(sql.count("LIMIT 1") == 3 for sql in reads), reads
    assert 'id="change-heading"' in page.content.decode()
    for shown in takes:
        whole = selectors.result_view(shown, takes)
        assert whole.previous == (takes[takes.index(shown) + 1] if shown != takes[-1] else None)
        assert selectors.result_view(shown, [shown, *previous_take(user, shown)]) == whole


def test_the_take_before_is_read_with_only_what_the_page_uses(personas: Personas) -> None:
    """The take before the one shown is compared, never shown: the page reads its instrument,
    version, answers and when it was finished, not the order its statements were shown in,
    those skipped, its safety answers or its kept scores (decoded on every view and never
    used: issue 15's sixteenth pass); and the page, drawn, asks for nothing more of it."""
    user = personas.carol
    for n, level in enumerate((2, 5)):
        levels = {"self": level, "bond": level, "enmeshment": 8 - level, "distance": 8 - level}
        complete_attempt(
            user, profile_answers(selectors.inventory(), levels), days_ago=30 * (2 - n), seed=n
        )
    shown, before = Attempt.objects.filter(user=user).order_by("-started_at")
    with CaptureQueriesContext(connection) as captured:
        (found,) = previous_take(user, shown)
    assert found.pk == before.pk
    (sql,) = [q["sql"] for q in captured]
    for unused in ("item_order", "skipped", "screen_answers", "snapshot", "updated_at"):
        assert f"p.{connection.ops.quote_name(unused)}" not in sql  # the take before's columns
        assert f"a.{connection.ops.quote_name(unused)}" in sql  # the take shown has every one
        assert unused in found.get_deferred_fields()
    for field in PREVIOUS_FIELDS:
        assert getattr(found, field) == getattr(before, field)
    with CaptureQueriesContext(connection) as captured:
        page = as_user(user).get(f"/me/assessment/{shown.public_id}/results/")
    assert 'id="change-heading"' in page.content.decode()
    reads = [q["sql"] for q in captured if "assessment_attempt" in q["sql"]]
    assert len(reads) == 1, reads  # no field of the take before read afterwards
