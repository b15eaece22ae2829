"""The keying check looks at every item, forward-keyed ones included (issue 17)."""

from __future__ import annotations

import numpy as np
import pytest

from interdepend.core.psychometrics import (
    KEYING_THRESHOLD,
    ItemStatistics,
    keying_problems,
    reliability,
)

IDS = ["a", "b", "c", "d", "e", "f"]
KEYS = [False, False, True, False, True, False]  # c and e are worded the other way


def scale(seed: int = 5, n: int = 300) -> np.ndarray:
    """Answers 1–5 to six items of one trait; c and e are written reversed, as keyed."""
    rng = np.random.default_rng(seed)
    trait = rng.normal(size=(n, 1))
    latent = 0.7 * trait + 0.7 * rng.normal(size=(n, 6))
    answers = np.clip(np.round(3 + 1.1 * latent), 1, 5)
    answers[:, [2, 4]] = 6 - answers[:, [2, 4]]
    return answers


def test_a_well_keyed_scale_passes() -> None:
    report = reliability(scale(), IDS, KEYS, 1, 5)
    assert report.keying_problems == ()
    assert report.keying_ok
    assert min(item.item_rest_r for item in report.items) > 0.3


def test_a_mis_keyed_forward_item_is_flagged() -> None:
    answers = scale()
    answers[:, 1] = 6 - answers[:, 1]  # b is written reversed but keyed forward
    report = reliability(answers, IDS, KEYS, 1, 5)
    assert report.reverse_keys_ok  # the old check, reverse items only, misses it
    assert [p.item_id for p in report.keying_problems] == ["b"]
    problem = report.keying_problems[0]
    assert not problem.reverse
    assert problem.item_rest_r < -0.3
    assert "move against the rest of its scale" in problem.explanation
    assert not report.keying_ok


def test_a_mis_keyed_reverse_item_is_flagged() -> None:
    keys = [*KEYS]
    keys[3] = True  # d is written forward but keyed reverse
    report = reliability(scale(), IDS, keys, 1, 5)
    assert [p.item_id for p in report.keying_problems] == ["d"]
    assert report.keying_problems[0].reverse
    assert report.reverse_problems == ("d",)


def test_both_mistakes_in_one_scale_are_both_flagged() -> None:
    answers = scale()
    answers[:, 0] = 6 - answers[:, 0]
    keys = [*KEYS]
    keys[4] = False
    report = reliability(answers, IDS, keys, 1, 5)
    assert sorted(p.item_id for p in report.keying_problems) == ["a", "e"]


def test_an_item_unrelated_to_its_scale_is_flagged_as_apart() -> None:
    answers = scale()
    answers[:, 5] = np.random.default_rng(9).integers(1, 6, size=answers.shape[0])
    report = reliability(answers, IDS, KEYS, 1, 5)
    assert [p.item_id for p in report.keying_problems] == ["f"]
    problem = report.keying_problems[0]
    assert problem.item_rest_r < KEYING_THRESHOLD
    assert "hardly move with the rest" in problem.explanation


def item(r: float, *, reverse: bool = False) -> ItemStatistics:
    return ItemStatistics("x", reverse, 100, 3.0, 1.0, r, 0.8, 0.5)


@pytest.mark.parametrize(
    ("r", "flagged", "words"),
    [
        (-0.42, True, "against"),
        (-0.11, True, "against"),
        (-0.10, True, "hardly"),
        (-0.01, True, "hardly"),
        (0.0, True, "hardly"),
        (0.099, True, "hardly"),
        (0.10, False, ""),
        (0.25, False, ""),
        (float("nan"), True, "hardly"),
    ],
)
def test_the_threshold_and_its_words(r: float, flagged: bool, words: str) -> None:
    for reverse in (False, True):
        problems = keying_problems([item(r, reverse=reverse)])
        assert bool(problems) is flagged
        if flagged:
            assert words in problems[0].explanation
            assert problems[0].reverse is reverse


def test_a_stricter_threshold_can_be_asked_for() -> None:
    assert keying_problems([item(0.25)], threshold=0.3)
