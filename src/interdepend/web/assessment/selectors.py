"""Reads for assessment: pages of a take and the result of a finished one."""

from __future__ import annotations

import dataclasses
import functools
import math
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.text import get_text_list
from django.utils.translation import get_language, gettext, gettext_lazy, ngettext, override

from interdepend.charts import MapPoint, map_svg
from interdepend.core.content import Suggestions, growth_areas, suggest, suggest_for_areas
from interdepend.core.instrument import Instrument, Item, ScaleKind, load_builtin
from interdepend.core.scoring import UNSCORED, Change, Result, change_since, score_one
from interdepend.web.accounts.models import User
from interdepend.web.assessment.models import Attempt
from interdepend.web.frame.chartwords import chart_words
from interdepend.web.frame.numbers import whole
from interdepend.web.frame.prepared import Prepared

#: New takes use this version; a take keeps the version it was started on.
INVENTORY_ID = "interdependence_inventory_v2"
#: Every version of the inventory whose results count, newest first. Version 1 results stay
#: readable and comparable: the scale ids are the same (docs/inventory.md says how far).
INVENTORY_IDS = ("interdependence_inventory_v2", "interdependence_inventory_v1")
SCREEN_ID = "safety_screen_v1"
PAGE_SIZE = 8
#: Dynamics that describe merging as the person's leaning; reworded when the screen flags.
MERGING_DYNAMICS = frozenset({"enmeshed_leaning", "push_pull"})
#: What a result read in another language than its take says of the statements it quotes, a
#: whole sentence for each language a take can be in (a language's name is worded differently
#: inside each reader's sentence); the last one for any other.
QUOTED_IN = {
    "en": gettext_lazy("The statements are shown as you answered them, in English."),
    "es": gettext_lazy("The statements are shown as you answered them, in Spanish."),
}
QUOTED_IN_ANOTHER = gettext_lazy(
    "The statements are shown as you answered them, in the language you read them in then."
)


def inventory(instrument_id: str = INVENTORY_ID, language: str | None = None) -> Instrument:
    """The inventory new takes use, or the version a given take was started on, in
    ``language`` (the page's when not given)."""
    wanted = instrument_id if instrument_id in INVENTORY_IDS else INVENTORY_ID
    return load_builtin(wanted, language or get_language())


def inventory_of(attempt: Attempt, language: str | None = None) -> Instrument:
    """The version a take was started on, in ``language`` (the page's when not given): for
    what a page says about scales and dynamics, whoever's take it is."""
    return inventory(attempt.instrument_id, language)


def answered_inventory(attempt: Attempt) -> Instrument:
    """The take's inventory in the language its statements were shown in: for the person's own
    pages of a take (its questions, their result, their report and export), never the
    partner's, who must not learn what language the other reads in."""
    return inventory(attempt.instrument_id, attempt.language)


def safety_screen() -> Instrument:
    return load_builtin(SCREEN_ID, get_language())


def statement_text(item_id: str) -> str:
    """The words of an inventory statement of any version (ids differ between versions), in
    the page's language."""
    for instrument_id in INVENTORY_IDS:
        for item in load_builtin(instrument_id, get_language()).items:
            if item.id == item_id:
                return item.text
    return ""


def finished_attempts() -> QuerySet[Attempt]:
    """Everyone's finished takes of the inventory, newest first: what "latest result" means.

    Only the inventory counts (a result is scored against it). Two takes finished at the same
    instant are told apart by the later row. The home page's hand-written read follows the same
    rule (``tests/web/test_hand_written_reads.py`` holds the two equal).
    """
    return Attempt.objects.filter(
        instrument_id__in=INVENTORY_IDS, completed_at__isnull=False
    ).order_by("-completed_at", "-pk")


def latest_finished_attempt(user: User) -> Attempt | None:
    """The person's latest result: every page, report and practitioner shows this one."""
    return _LATEST.first(user_id=user.pk)


_LATEST = Prepared(lambda user_id: finished_attempts().filter(user_id=user_id)[:1])


@dataclass(frozen=True)
class Page:
    number: int  # 1-based
    total: int  # inventory pages plus the safety page
    items: tuple[Item, ...]
    is_screen: bool

    @property
    def item_ids(self) -> list[str]:
        return [item.id for item in self.items]


def page_count(instrument: Instrument) -> int:
    return math.ceil(len(instrument.items) / PAGE_SIZE) + 1


def page_of(attempt: Attempt, instrument: Instrument, number: int) -> Page | None:
    total = page_count(instrument)
    if not 1 <= number <= total:
        return None
    if number == total:
        return Page(number, total, safety_screen().items, is_screen=True)
    ids = attempt.item_order[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]
    return Page(number, total, tuple(instrument.item(i) for i in ids), is_screen=False)


@dataclass(frozen=True)
class SkippedPage:
    number: int
    skipped: int


def skipped_pages(attempt: Attempt, instrument: Instrument) -> list[SkippedPage]:
    """The inventory pages that still hold unanswered statements, with how many each."""
    found = []
    for number in range(1, page_count(instrument)):
        ids = attempt.item_order[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]
        skipped = sum(1 for item_id in ids if item_id not in attempt.answers)
        if skipped:
            found.append(SkippedPage(number, skipped))
    return found


def left_out(attempt: Attempt, instrument: Instrument, result: Result) -> tuple[Item, ...]:
    """The statements a take left out on the scales ``result`` could not score, in the order
    they were shown: answering some of them is what a fuller result needs, and nothing else
    has to be answered again."""
    short = {s.scale_id for s in result.scales if s.score is None}
    if not short:  # every scale scored: nothing left out counts, and no walk of the take's order
        return ()
    found = (instrument.item(i) for i in attempt.item_order if i not in attempt.answers)
    return tuple(item for item in found if item.scale_id in short)


@dataclass(frozen=True)
class ShortScale:
    """A scale without a score yet, and how many more answered statements would give it one."""

    name: str
    more: int


def short_scales(result: Result) -> list[ShortScale]:
    """The scales ``result`` could not score, each with the answers it still needs (the share
    of its statements ``prorate_min_share`` asks for, less those answered): a count a person
    can act on, where a percentage would leave the sum to her."""
    return [ShortScale(s.name, s.needed - s.answered) for s in result.scales if s.score is None]


def enough_for_result(attempt: Attempt) -> bool:
    """Whether the answers so far give at least one scale a score."""
    return attempt_result(attempt).has_scores


@dataclass(frozen=True)
class ResultView:
    attempt: Attempt
    result: Result
    change: Change | None
    previous: Attempt | None
    suggestions: Suggestions | None
    map_alt: str
    #: The safety screen flagged: answers on the Merging scale may be self-protection, and
    #: the result does not call them the person's own pattern (docs/inventory.md).
    self_protection: bool = False
    #: Statements left out on the scales with too few answers: what the result page offers
    #: to go back to (:func:`left_out`).
    left_out: int = 0
    #: The language the quoted statements are in, when it is not the page's: they are worded
    #: as they were answered, and a screen reader should read them in that language.
    quoted_language: str = ""
    #: The take's inventory in the page's language (what :func:`inventory_of` gives).
    instrument: Instrument | None = None

    @property
    def quoted_note(self) -> str:
        """The line saying why the quoted statements are in another language, or ''."""
        if not self.quoted_language:
            return ""
        return str(QUOTED_IN.get(self.quoted_language, QUOTED_IN_ANOTHER))

    @property
    def signs_missing(self) -> bool:
        """A warning sign has too few answers for a score: the map's point rests on Self and
        Bond alone, and its caption says so."""
        return any(s.kind is ScaleKind.POLE and s.score is None for s in self.result.scales)

    @property
    def axes_short(self) -> list[str]:
        """The axes (Self, Bond) without enough answers for a score: the map needs both."""
        return [s.name for s in self.result.scales if s.kind is ScaleKind.AXIS and s.score is None]

    @property
    def reword_dynamic(self) -> bool:
        """A dynamic that would name merging as the person's own leaning is worded anew."""
        return self.self_protection and self.result.dynamic_id in MERGING_DYNAMICS


def worded(result: Result) -> Result:
    """``result`` with a description worded in the page's language when there is none yet:
    the core names only the scales with too few answers. A heading that says so, and a line
    that says which scales fall short while the others (and the map) show what there is."""
    explanation = result.explanation
    if result.dynamic_id != UNSCORED:
        return result
    short = [result.scale(scale_id).name for scale_id in explanation.missing_scales]
    description = explanation.description
    if short and result.has_scores:
        description = ngettext(
            "To describe how things are for you, every scale needs enough answers, and "
            "%(scales)s does not have them yet. What your answers show so far is below.",
            "To describe how things are for you, every scale needs enough answers, and "
            "%(scales)s do not have them yet. What your answers show so far is below.",
            len(short),
        ) % {"scales": get_text_list(short, gettext("and"))}
    heading = gettext("Not enough answers for a description yet")
    return dataclasses.replace(
        result,
        explanation=dataclasses.replace(explanation, dynamic_name=heading, description=description),
    )


def attempt_result(attempt: Attempt, language: str | None = None) -> Result:
    """The take's scores; its words (scale names, statements quoted) in ``language``, the
    page's when not given."""
    return score_one(inventory_of(attempt, language), attempt.answers)


def quoted_as_answered(result: Result, answered: Result) -> Result:
    """``result`` with the statements it quotes (the answers that shaped it) worded as they
    were shown when answered: the scores and the rest of the words stay the reader's."""
    texts = {d.item_id: d.text for d in answered.explanation.drivers}
    drivers = tuple(
        dataclasses.replace(d, text=texts.get(d.item_id, d.text))
        for d in result.explanation.drivers
    )
    return dataclasses.replace(
        result, explanation=dataclasses.replace(result.explanation, drivers=drivers)
    )


def result_view(attempt: Attempt, history: list[Attempt]) -> ResultView:
    """The result of a finished attempt, for its own person, with change since the one before
    it: explained in the language the person reads in now, the statements it quotes worded as
    they were answered (the take keeps that language). ``history``: her takes, newest begun
    first, among them at least the one before ``attempt`` (the result page reads only that one,
    ``access.access_own_result``)."""
    # The take's inventory in the page's language, looked up once for the scoring, the
    # statements left out and the page (``instrument``). The language is asked once for every
    # part below (about 1.4 µs an asking, five a view; issue 15's twenty-second pass).
    language = get_language()
    instrument = inventory_of(attempt, language)
    result = score_one(instrument, attempt.answers)
    quoted_language = ""
    if attempt.language and attempt.language != language:
        result = quoted_as_answered(result, attempt_result(attempt, attempt.language))
        quoted_language = attempt.language
    result = worded(result)
    finished = [a for a in history if a.is_complete]
    earlier = [a for a in finished if a.completed_at and a.completed_at < attempt.completed_at]  # type: ignore[operator]
    previous = earlier[0] if earlier else None
    # The take before is compared, never shown: scored without its explanation.
    change = (
        change_since(inventory_of(previous, language), previous.answers, result)
        if previous
        else None
    )
    return ResultView(
        attempt=attempt,
        result=result,
        change=change,
        previous=previous,
        suggestions=None if attempt.screen_flagged else suggestions_for(result, language),
        map_alt=map_description(result, language),
        self_protection=attempt.screen_flagged and result.score("enmeshment") is not None,
        left_out=len(left_out(attempt, instrument, result)),
        quoted_language=quoted_language,
        instrument=instrument,
    )


#: The library's suggestions for each set of growth areas a result of the inventory can have,
#: by language: what :func:`~interdepend.core.content.suggest` picks for them, which turns on
#: the growth areas and the language alone. The same for everyone, nothing of anyone; filled for
#: every language as a worker starts (``templatetags.resultparts._warm``), never on a view. The
#: page filtered, sorted and walked the whole library on every view (about 50 µs inside a page;
#: issue 15's twentieth pass).
_SUGGESTED: dict[tuple[str, tuple[str, ...]], Suggestions] = {}


def suggestions_for(result: Result, language: str | None) -> Suggestions:
    """``suggest(result, language=language)``: taken from :data:`_SUGGESTED` when its growth
    areas are there (every set the inventory's scales can give, in every language), picked
    afresh otherwise."""
    if language is None:
        return suggest(result)
    kept = _SUGGESTED.get((language, growth_areas(result)))
    return suggest(result, language=language) if kept is None else kept


def keep_suggestions(language: str | None) -> None:
    """Fill :data:`_SUGGESTED` for ``language``: every set of growth areas a result of any
    version of the inventory can have (the lowest axes, then the highest poles: any of its
    kind's scales, ties kept in the inventory's order, or none)."""
    if language is None:
        return
    for instrument_id in INVENTORY_IDS:
        instrument = inventory(instrument_id, language)
        axes = [s.id for s in instrument.scales if s.kind is ScaleKind.AXIS]
        poles = [s.id for s in instrument.scales if s.kind is ScaleKind.POLE]
        for low in _runs(axes):
            for high in _runs(poles):
                areas = low + high
                if (language, areas) not in _SUGGESTED:
                    _SUGGESTED[language, areas] = suggest_for_areas(
                        areas, practices=2, language=language
                    )


def _runs(ids: list[str]) -> list[tuple[str, ...]]:
    """Every choice of ``ids`` in their order, none included (what ``_extremes`` can give)."""
    return [tuple(i for k, i in enumerate(ids) if mask >> k & 1) for mask in range(2 ** len(ids))]


@functools.lru_cache(maxsize=16)
def map_words(language: str | None) -> dict[str, str]:
    """The fixed words of :func:`map_description` in ``language``: the same for everyone,
    nothing of anyone. Looked up once per language and made for every language as a worker
    starts (``templatetags.resultparts._warm``), where each view looked up nine (issue 15's
    eighteenth pass)."""
    with override(language):  # its own words, whichever language is active
        return {
            "none": gettext("not enough answers"),
            "score": gettext("%(score)s of 100"),
            "scale": gettext("%(scale)s: %(score)s"),
            "map": gettext("Map of Self and Bond. %(scores)s."),
        }


def map_description(result: Result, language: str | None = None) -> str:
    """The map in words, for those who cannot see it (its ``alt`` text). Each score rounded
    as the table beside the map rounds it (half up), in the reader's digits. In ``language``,
    by default the active one."""
    language = get_language() if language is None else language
    w = map_words(language)
    parts = [
        w["scale"]
        % {
            "scale": s.name,
            "score": w["none"]
            if s.score is None
            else w["score"] % {"score": whole(s.score, language)},
        }
        for s in result.scales
    ]
    return w["map"] % {"scores": "; ".join(parts)}


def result_map_svg(result: Result, label: str, *, another: bool = False) -> str | None:
    """The map of one result; ``another``: drawn for someone else than its owner (a
    practitioner), with its words about that person rather than to them."""
    point = map_point(result, label)
    return map_svg([point], words=chart_words(another=another)) if point else None


def map_point(result: Result, label: str) -> MapPoint | None:
    self_score, bond = result.score("self"), result.score("bond")
    if self_score is None or bond is None:
        return None
    return MapPoint(label, self_score, bond, result.score("enmeshment"), result.score("distance"))
