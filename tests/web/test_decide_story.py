"""The story of a decision names the options that matter, in the words their authors typed."""

from __future__ import annotations

import re

from interdepend.web.decide.selectors import Band, band, view_of_bands

HOLIDAY = ["A solo hike", "A book by the pool", "Dinner together"]
G, M, P = Band.GOOD, Band.MIDDLE, Band.POOR


def plain(html: str) -> str:
    return re.sub(r"</?bdi>", "", html)


def story(own: list[int], guess: list[int], theirs: list[int], their_guess: list[int]) -> list[str]:
    rows = [[band(r) for r in row] for row in (own, guess, theirs, their_guess)]
    return [str(note) for note in view_of_bands(rows, HOLIDAY, "Ben").notes]


def test_the_option_closest_to_suiting_both_is_named_first_when_none_suits_both() -> None:
    # Ana: hike 7, pool 2, dinner 6; Ben: hike 2, pool 6, dinner 4 (dinner: highest average).
    notes = story([7, 2, 6], [2, 6, 5], [2, 6, 4], [6, 2, 6])
    assert plain(notes[0]).startswith("No option looks good for both of you yet.")
    assert plain(notes[1]) == (
        "Closest to suiting you both: “Dinner together”, good for you and in between for Ben."
    )
    assert any("“A solo hike” looks good for you" in plain(n) for n in notes)
    assert any("“A book by the pool” looks good for Ben" in plain(n) for n in notes)


def test_option_names_keep_their_case_and_are_isolated_as_the_persons_words() -> None:
    notes = " ".join(story([7, 2, 6], [2, 6, 5], [2, 6, 4], [6, 2, 6]))
    assert "“<bdi>A solo hike</bdi>”" in notes and "“<bdi>Dinner together</bdi>”" in notes
    assert "a solo hike" not in notes and "<bdi>Ben</bdi>" in notes


def test_options_good_for_both_are_listed_and_nothing_is_called_closest() -> None:
    notes = story([6, 2, 7], [2, 6, 6], [6, 6, 7], [6, 2, 6])
    assert plain(notes[0]) == "Good for both of you: “A solo hike” and “Dinner together”."
    assert not any("Closest" in n for n in notes)


def test_no_closest_option_when_none_is_good_for_either() -> None:
    notes = story([4, 2, 3], [4, 4, 4], [3, 4, 2], [4, 4, 4])
    assert [plain(n) for n in notes] == [
        "No option looks good for both of you yet. A new one you make up together may."
    ]


def test_two_options_tied_for_closest_are_both_named_in_one_sentence() -> None:
    notes = story([7, 4, 2], [4, 4, 4], [4, 7, 2], [4, 4, 4])
    closest = [plain(n) for n in notes if "Closest" in n]
    assert closest == [
        "Closest to suiting you both, with nothing in your ratings to choose between them: "
        "“A solo hike” (good for you, in between for Ben) and “A book by the pool” (in between "
        "for you, good for Ben)."
    ]


def test_what_the_closest_sentence_placed_is_not_said_again() -> None:
    """Hike good for Ana and not for Ben, pool the other way round, level: the sentence that
    names them says so; no second line repeats it. What each guessed still has its line."""
    notes = [plain(n) for n in story([6, 2, 4], [3, 6, 5], [3, 6, 2], [6, 5, 6])]
    assert notes[1] == (
        "Closest to suiting you both, with nothing in your ratings to choose between them: "
        "“A solo hike” (good for you, not good for Ben) and “A book by the pool” (not good for "
        "you, good for Ben)."
    )
    assert not any("ask more of" in n for n in notes), notes
    assert "You see “A book by the pool” as good for Ben but not for yourself." in " ".join(notes)
    assert any(
        n.startswith("Ben rated “A solo hike” good for you and not good for themselves.")
        for n in notes
    ), notes
    assert not any("themself" in n for n in notes)


def test_when_every_option_is_level_none_is_called_closest_and_the_talk_is_named() -> None:
    """The walk audit's decision: two options good for one partner, one for the other, each
    not good for the one it does not suit. Listing all three as "closest" said nothing."""
    notes = [plain(n) for n in story([6, 6, 2], [3, 3, 6], [2, 2, 6], [6, 6, 3])]
    assert not any("Closest" in n for n in notes), notes
    assert notes[1] == (
        "Your ratings do not set any option apart: each one is good for one of you and not good "
        "for the other."
    )
    assert notes[2].startswith("So the ratings cannot choose for you.")
    # Who each option suits better is still said, once per option.
    assert any(n.startswith("“A solo hike” looks good for you and less so for Ben") for n in notes)
    assert any(n.startswith("“Dinner together” looks good for Ben and less so") for n in notes)


def test_level_options_good_for_one_and_in_between_for_the_other_say_so() -> None:
    rows = [[G, M], [M, M], [M, G], [M, M]]
    notes = [plain(str(n)) for n in view_of_bands(rows, ["Sea", "Hills"], "Ben").notes]
    assert notes[1] == (
        "Your ratings do not set any option apart: each one is good for one of you and in "
        "between for the other."
    )


def test_markup_in_an_option_name_is_shown_as_text() -> None:
    rows = [[G, P], [P, G], [P, G], [G, P]]
    notes = " ".join(str(n) for n in view_of_bands(rows, ["<b>Sea</b>", "Hills"], "Ben").notes)
    assert "<b>" not in notes and "&lt;b&gt;Sea&lt;/b&gt;" in notes


def test_what_asks_more_of_someone_comes_in_order_of_how_well_it_suits_the_two() -> None:
    rows = [[G, G, G], [M, M, M], [P, M, P], [M, M, M]]
    names = ["Stay home", "Visit Mum", "Go camping"]
    notes = [plain(str(n)) for n in view_of_bands(rows, names, "Ben").notes]
    assert notes[1].startswith("Closest to suiting you both: “Visit Mum”")
    asks = [n for n in notes if "ask more of Ben" in n]
    assert [n.split("”")[0] for n in asks] == ["“Stay home", "“Go camping"]


def test_each_persons_guesses_are_read_in_their_own_sentence_in_both_languages() -> None:
    """ "You" and a name take different verbs in Spanish: each reading has its own sentence."""
    from django.utils import translation

    own, guess = [6, 4, 1], [1, 2, 4]  # my own; my guesses for Ben: two of his three right
    theirs, their_guess = [2, 2, 6], [6, 4, 1]  # Ben's own; his guesses for me: all right

    def readings(language: str) -> tuple[str, str]:
        rows = [[band(r) for r in row] for row in (own, guess, theirs, their_guess)]
        with translation.override(language):
            view = view_of_bands(rows, HOLIDAY, "Ben")
            return plain(str(view.yours.sentence)), plain(str(view.theirs.sentence))

    assert readings("en") == (
        "For 2 of the 3 options, your guess of how good it would be for Ben matched the rating "
        "Ben gave it.",
        "For every option, what Ben guessed it would be for you matched the rating you gave it.",
    )
    assert readings("es") == (
        "En 2 de las 3 opciones, lo que imaginaste para Ben coincidió con la valoración que dio "
        "Ben.",
        "En todas las opciones, lo que Ben imaginó para ti coincidió con la valoración que diste "
        "tú.",
    )
