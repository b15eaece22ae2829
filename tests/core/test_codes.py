"""Invitation codes: read aloud, typed in any case, with or without dashes, still the same code."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from interdepend.core import codes
from interdepend.core.codes import ALPHABET, LENGTH, NotACode, grouped, new_code, normalise

plain_codes = st.text(alphabet=ALPHABET, min_size=LENGTH, max_size=LENGTH)
#: How a person might type each character: either case, and the usual look-alikes for 1 and 0.
TYPED = {"1": "1iIlL", "0": "0oO"}


@st.composite
def typed_versions(draw: st.DrawFn) -> tuple[str, str]:
    code = draw(plain_codes)
    out = []
    for n, char in enumerate(code):
        options = TYPED.get(char, char + char.lower())
        out.append(draw(st.sampled_from(options)))
        if draw(st.booleans()) and n < LENGTH - 1:
            out.append(draw(st.sampled_from([" ", "-", "–", "  ", "\u00a0"])))
    padding = draw(st.sampled_from(["", " ", "\n"]))
    return code, padding + "".join(out) + padding


@given(typed_versions())
def test_any_way_of_typing_a_code_gives_the_same_code(case: tuple[str, str]) -> None:
    code, typed = case
    assert normalise(typed) == code


@given(plain_codes)
def test_the_grouped_form_reads_back_as_the_code(code: str) -> None:
    shown = grouped(code)
    assert shown.count("-") == 4 and all(len(g) == 4 for g in shown.split("-"))
    assert normalise(shown) == code == normalise(shown.lower())


@given(st.text(max_size=40))
def test_anything_else_is_refused_or_a_code_of_the_scheme(text: str) -> None:
    try:
        result = normalise(text)
    except NotACode:
        return
    assert len(result) == LENGTH and set(result) <= set(ALPHABET)


def test_new_codes_carry_at_least_96_random_bits_and_differ() -> None:
    assert LENGTH * math.log2(len(ALPHABET)) == codes.BITS >= 96
    made = {new_code() for _ in range(200)}
    assert len(made) == 200 and all(normalise(c) == c for c in made)


@pytest.mark.parametrize(
    "text",
    ["", "ABCD-EFGH", "U" * LENGTH, "0123456789ABCDEFGHJKM", "Zq3kP-oR9_xLm2Nv8YtW"[:15]],
)
def test_wrong_lengths_and_letters_outside_the_alphabet_are_not_codes(text: str) -> None:
    with pytest.raises(NotACode):
        normalise(text)


def test_a_code_read_aloud_in_lower_case_with_spaces_matches() -> None:
    assert normalise("7k2m q9xd 0ab1 ilo0 zzzz") == "7K2MQ9XD0AB11100ZZZZ"
