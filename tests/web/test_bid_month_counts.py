"""The bids page's months counted in one pass (``together.selectors._counted_months``, issue
15's twenty-eighth pass) against the two passes it replaced: each month's answers put through
the column's converters and counted anew (``_answers_of``), then each month's row made of
those counts (``_month_rows``); and a moment's month (``_month``) against Django's
``localtime``."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date, datetime, tzinfo
from typing import Any

from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from interdepend.web.together.selectors import _counted_months, _month, _month_rows
from tests.helpers import ZONES, refused_as_localtime_refuses, zoned_moments

#: Answers as a database may hand them over: the three counted, none yet, one no form offers,
#: a null, and one of the counted in capitals (a converter below makes it the counted one).
ANSWERS = st.sampled_from(["", "yes_now", "later", "not_now", "maybe", None, "LATER"])

#: Converters of the answer's column: none, one that writes every answer in small letters, one
#: that takes an unknown answer for "later", and one that makes every answer none.
CONVERTERS: list[Callable[[Any], Any]] = [
    lambda answer: answer,
    lambda answer: answer.lower() if answer else answer,
    lambda answer: "later" if answer == "maybe" else answer,
    lambda answer: "",
]


def _answers_of(
    buckets: dict[date, Counter[Any]], answer_of: Callable[[Any], Any]
) -> dict[date, Counter[str]]:
    """The first of the two passes ``_counted_months`` replaced: ``buckets`` with each month's
    answers as the database handed them over put through the column's converters
    (``answer_of``), none yet counted as "open", as if each bid's answer had been converted and
    counted one by one."""
    converted: dict[date, Counter[str]] = {}
    for month, counted in buckets.items():
        each = converted[month] = Counter()
        for answer, count in counted.items():
            each[answer_of(answer) or "open"] += count
    return converted


BUCKETS = st.dictionaries(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 1)).map(
        lambda day: day.replace(day=1)
    ),
    st.lists(ANSWERS, min_size=1, max_size=40).map(Counter),
    max_size=10,
)


@settings(max_examples=400, deadline=None)
@given(buckets=BUCKETS, months=st.integers(1, 12), convert=st.sampled_from(range(len(CONVERTERS))))
def test_the_months_counted_in_one_pass_are_the_two_passes_rows(
    buckets: dict[date, Counter[Any]], months: int, convert: int
) -> None:
    answer_of = CONVERTERS[convert]
    assert _counted_months(buckets, answer_of, months) == _month_rows(
        _answers_of(buckets, answer_of), months
    )


def test_each_answer_is_converted_once_a_read() -> None:
    """Each answer as handed over is converted once for the whole read, not once a month."""
    seen: list[Any] = []

    def answer_of(answer: Any) -> Any:
        seen.append(answer)
        return answer

    buckets = {
        date(2026, month, 1): Counter(["yes_now", "", "later", "yes_now"]) for month in (1, 2, 3)
    }
    rows = _counted_months(buckets, answer_of, 6)
    assert sorted(seen) == ["", "later", "yes_now"]
    assert [(r.sent, r.yes_now, r.later, r.not_now) for r in rows] == [(4, 2, 1, 0)] * 3


@settings(max_examples=400, deadline=None)
@given(
    moment=zoned_moments,
    zone=st.sampled_from(ZONES),
)
def test_a_moments_month_is_the_month_localtime_puts_it_in(moment: datetime, zone: tzinfo) -> None:
    """``selectors._month`` (``timezone.localtime`` written out for a moment with a zone) is the
    first day of the month Django's ``localtime`` puts the moment in, and refuses a moment
    without a zone as Django does."""
    if refused_as_localtime_refuses(_month, moment, zone):
        return
    assert _month(moment, zone) == timezone.localtime(moment, zone).date().replace(day=1)
