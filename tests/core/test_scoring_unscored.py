"""Too few answers for a description: the core says which scales fall short, never in words of
its own that a Spanish page would show in English (the walk audit, finding 3)."""

from __future__ import annotations

from interdepend.core.scoring import UNSCORED, score_one
from tests.core.assessment_personas import CURRENT


def test_an_unscored_description_carries_no_english_heading_only_what_is_missing() -> None:
    instrument = CURRENT.instrument
    answers = dict(CURRENT.alex)
    for item in instrument.items_of("distance")[:4]:  # too few left on Distance for a score
        answers[item.id] = None
    result = score_one(instrument, answers)
    assert result.dynamic_id == UNSCORED
    assert result.score("self") is not None and result.score("distance") is None
    assert result.explanation.dynamic_name == ""
    assert result.explanation.missing_scales == ("distance",)
