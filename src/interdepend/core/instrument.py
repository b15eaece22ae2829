"""Instruments: versioned TOML files loaded and validated into frozen dataclasses.

An instrument file holds its id and version, a response scale with verbal anchors, scales (each
an axis, a pole or other, with facets), items (id, text, scale, facet, reverse flag), scoring
rules and the ordered rules that name a dynamic. Every rule the file breaks raises
:class:`InstrumentError` with a message naming the file, the item (or scale or rule) and what
is wrong. The built-in instruments live in :mod:`interdepend.content`.
"""

from __future__ import annotations

import math
import operator
import re
import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path
from typing import Any, Protocol, TypeVar

from interdepend.content import CONTENT_DIR
from interdepend.core.errors import ContentError, InstrumentError, UnknownInstrument
from interdepend.core.translation import SOURCE_LANGUAGE, in_language

__all__ = [
    "Anchor",
    "Condition",
    "DynamicRule",
    "Facet",
    "FlagRule",
    "Instrument",
    "InstrumentKind",
    "InstrumentSummary",
    "Item",
    "Op",
    "ResponseScale",
    "Scale",
    "ScaleKind",
    "ScaleSummary",
    "Scoring",
    "Trait",
    "builtin_instruments",
    "check_instruments",
    "instrument_family",
    "load_builtin",
    "load_instrument",
]

#: Files in the content directory that are instruments (the others are prompts, practices ...).
BUILTIN_IDS: tuple[str, ...] = (
    "interdependence_inventory_v2",
    "interdependence_inventory_v1",
    "partner_perception_v1",
    "safety_screen_v1",
)
MAX_ITEM_TEXT = 160
#: When an instrument declares [[traits]], each must be covered by at least this many items.
MIN_ITEMS_PER_TRAIT = 2

Raw = Mapping[str, Any]
E = TypeVar("E", bound=StrEnum)


class InstrumentKind(StrEnum):
    INVENTORY = "inventory"
    PERCEPTION = "perception"
    SCREEN = "screen"


class ScaleKind(StrEnum):
    AXIS = "axis"  # higher is healthier (Self, Bond)
    POLE = "pole"  # a warning sign: higher is a stronger sign (Enmeshment, Distance)
    OTHER = "other"


class Op(StrEnum):
    GE = ">="
    GT = ">"
    LE = "<="
    LT = "<"

    @property
    def compare(self) -> Callable[[Any, Any], Any]:
        """The comparison as a function; works on floats and NumPy arrays alike."""
        return _OPERATORS[self]

    @property
    def wants_high(self) -> bool:
        """True when high scores satisfy the condition."""
        return self in (Op.GE, Op.GT)


_OPERATORS: dict[Op, Callable[[Any, Any], Any]] = {
    Op.GE: operator.ge,
    Op.GT: operator.gt,
    Op.LE: operator.le,
    Op.LT: operator.lt,
}


@dataclass(frozen=True)
class Anchor:
    value: int
    label: str


@dataclass(frozen=True)
class ResponseScale:
    min: int
    max: int
    anchors: tuple[Anchor, ...]

    @property
    def midpoint(self) -> float:
        return (self.min + self.max) / 2

    @property
    def span(self) -> int:
        return self.max - self.min

    def label(self, value: int) -> str:
        return next(a.label for a in self.anchors if a.value == value)


@dataclass(frozen=True)
class Facet:
    id: str
    name: str


@dataclass(frozen=True)
class Scale:
    id: str
    name: str
    kind: ScaleKind
    description: str
    facets: tuple[Facet, ...]


@dataclass(frozen=True)
class Trait:
    """A trait, hallmark or practice named by the source articles, which items speak to."""

    id: str
    source: str
    name: str


@dataclass(frozen=True)
class Item:
    id: str
    text: str
    scale_id: str
    facet_id: str
    reverse: bool
    #: Traits this statement speaks to (the coverage map in docs/inventory.md).
    covers: tuple[str, ...] = ()
    #: The item on another scale asking the same thing from the other side, kept on purpose.
    mirror_of: str | None = None


@dataclass(frozen=True)
class Condition:
    """``score(scale_id) op value``, on the 0-100 scale."""

    scale_id: str
    op: Op
    value: float

    def __str__(self) -> str:
        return f"{self.scale_id} {self.op.value} {self.value:g}"


@dataclass(frozen=True)
class DynamicRule:
    """Names a dynamic when all its conditions hold; a rule without conditions is the fallback."""

    id: str
    name: str
    description: str
    conditions: tuple[Condition, ...]

    @property
    def is_fallback(self) -> bool:
        return not self.conditions


@dataclass(frozen=True)
class Scoring:
    prorate_min_share: float = 0.8
    reverse_share: tuple[float, float] | None = None
    unscored_description: str = ""


@dataclass(frozen=True)
class FlagRule:
    """A screen flags when any answer is at or above ``at_or_above``."""

    at_or_above: int
    message: str
    resources: tuple[str, ...]


@dataclass(frozen=True)
class Instrument:
    id: str
    version: str
    kind: InstrumentKind
    title: str
    intro: str
    not_a_diagnosis: str
    response_scale: ResponseScale
    scales: tuple[Scale, ...]
    items: tuple[Item, ...]
    scoring: Scoring
    dynamics: tuple[DynamicRule, ...]
    flag: FlagRule | None
    source: str
    traits: tuple[Trait, ...] = ()
    #: The language of the words (``en``, the files' own, unless a translation was applied),
    #: and that translation's version and whether it has been validated (docs/translating.md).
    language: str = "en"
    language_version: str = ""
    validated_translation: bool = False

    def item(self, item_id: str) -> Item:
        """The item with this id; ``KeyError`` if there is none."""
        return _find(self.items, item_id, self.id)

    def scale(self, scale_id: str) -> Scale:
        return _find(self.scales, scale_id, self.id)

    def dynamic(self, dynamic_id: str) -> DynamicRule:
        return _find(self.dynamics, dynamic_id, self.id)

    def items_of(self, scale_id: str) -> tuple[Item, ...]:
        return tuple(i for i in self.items if i.scale_id == scale_id)

    @property
    def item_ids(self) -> tuple[str, ...]:
        return tuple(i.id for i in self.items)

    @property
    def scale_ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.scales)

    def scales_of_kind(self, kind: ScaleKind) -> tuple[Scale, ...]:
        return tuple(s for s in self.scales if s.kind is kind)


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


H = TypeVar("H", bound=_HasId)


def _find(entries: Sequence[H], wanted: str, owner: str) -> H:
    for entry in entries:
        if entry.id == wanted:
            return entry
    raise KeyError(f"{owner} has no {wanted!r}")


# --------------------------------------------------------------------------------- loading


def instrument_family(instrument_id: str) -> str:
    """The id without its version: ``interdependence_inventory_v2`` -> ``..._inventory``."""
    return re.sub(r"_v\d+$", "", instrument_id)


def load_instrument(path: str | Path, language: str = SOURCE_LANGUAGE) -> Instrument:
    """Read and validate one instrument file; raise :class:`InstrumentError` if it is bad.

    With a ``language`` that the file has a translation into (``<folder>/<language>/<name>``),
    its words are that translation's; everything else, and so every score, is the same."""
    path = Path(path)
    try:
        raw, used = in_language(path, _read_toml(path), language)
    except ContentError as error:
        raise InstrumentError(str(error)) from None
    found = _Parser(path.name).instrument(raw, str(path))
    if used is None:
        return found
    return replace(
        found,
        language=used.language,
        language_version=used.version,
        validated_translation=used.validated,
    )


def load_builtin(instrument_id: str, language: str = SOURCE_LANGUAGE) -> Instrument:
    """The built-in instrument with this id, in ``language`` where it has been translated
    into it (:attr:`Instrument.language` says); :class:`UnknownInstrument` if there is none."""
    if instrument_id not in BUILTIN_IDS:
        known = ", ".join(BUILTIN_IDS)
        raise UnknownInstrument(f"no instrument {instrument_id!r}; the built-in ones are {known}")
    return _load_builtin_cached(instrument_id, language)


def load_named(name: str, language: str = SOURCE_LANGUAGE) -> Instrument:
    """An instrument as the command line names it: a path to a ``.toml`` file of one's own, or
    a built-in id. Every command that takes ``--instrument`` reads it this way."""
    if name.endswith(".toml"):
        return load_instrument(name, language)
    return load_builtin(name, language)


def builtin_instruments() -> tuple[Instrument, ...]:
    """Every built-in instrument, loaded and validated."""
    return tuple(load_builtin(i) for i in BUILTIN_IDS)


_CACHE: dict[tuple[str, str], Instrument] = {}


def _load_builtin_cached(instrument_id: str, language: str) -> Instrument:
    key = (instrument_id, language)
    if key not in _CACHE:
        _CACHE[key] = load_instrument(CONTENT_DIR / f"{instrument_id}.toml", language)
    return _CACHE[key]


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise InstrumentError(f"{path}: no such file") from None
    except UnicodeDecodeError:
        raise InstrumentError(f"{path.name}: not a UTF-8 text file") from None
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise InstrumentError(f"{path.name}: cannot read it as TOML: {error}") from None


class _Parser:
    """Turns the raw TOML of one file into an :class:`Instrument`, checking every rule."""

    def __init__(self, filename: str) -> None:
        self.filename = filename

    def fail(self, where: str, problem: str) -> InstrumentError:
        return InstrumentError(f"{self.filename}: {where}: {problem}")

    # -- fields

    def text(self, raw: Raw, key: str, where: str, *, required: bool = True) -> str:
        value = raw.get(key, "" if not required else None)
        if value is None:
            raise self.fail(where, f"{key} is missing")
        if not isinstance(value, str):
            raise self.fail(where, f"{key} must be text, not {type(value).__name__}")
        if required and not value.strip():
            raise self.fail(where, f"{key} is empty")
        return value.strip()

    def number(self, raw: Raw, key: str, where: str, default: float | None = None) -> float:
        value = raw.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(where, f"{key} must be a number")
        if not math.isfinite(value):
            raise self.fail(where, f"{key} must be finite")
        return float(value)

    def table_list(self, raw: Raw, key: str, where: str) -> list[Raw]:
        value = raw.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise self.fail(where, f"{key} must be a list of tables")
        return value

    def enum(self, kind: type[E], value: object, where: str, key: str) -> E:
        try:
            return kind(str(value))
        except ValueError:
            allowed = ", ".join(repr(k.value) for k in kind)
            raise self.fail(where, f"{key} {value!r} is not one of {allowed}") from None

    # -- the whole file

    def instrument(self, raw: Raw, source: str) -> Instrument:
        ident = self.text(raw, "id", "header")
        kind = self.enum(InstrumentKind, raw.get("kind"), "header", "kind")
        response = self.response_scale(raw.get("response_scale"))
        scales = self.scales(raw)
        traits = self.traits(raw)
        items = self.items(raw, scales)
        scoring = self.scoring(raw.get("scoring", {}))
        dynamics = self.dynamics(raw, {s.id for s in scales})
        result = Instrument(
            id=ident,
            version=self.text(raw, "version", "header"),
            kind=kind,
            title=self.text(raw, "title", "header"),
            intro=self.text(raw, "intro", "header", required=False),
            not_a_diagnosis=self.text(raw, "not_a_diagnosis", "header", required=False),
            response_scale=response,
            scales=scales,
            items=items,
            scoring=scoring,
            dynamics=dynamics,
            flag=self.flag(raw.get("flag"), response),
            source=source,
            traits=traits,
        )
        self.check_reverse_share(result)
        self.check_coverage(result)
        self.check_mirrors(result)
        self.check_kind(result)
        return result

    # -- response scale

    def response_scale(self, raw: object) -> ResponseScale:
        if not isinstance(raw, dict):
            raise self.fail("response_scale", "the [response_scale] table is missing")
        low = int(self.number(raw, "min", "response_scale"))
        high = int(self.number(raw, "max", "response_scale"))
        if low < 0 or high - low < 1:
            raise self.fail("response_scale", f"need 0 <= min < max; got min {low} and max {high}")
        anchors = tuple(self.anchor(a) for a in self.table_list(raw, "anchors", "response_scale"))
        values = [a.value for a in anchors]
        if values != list(range(low, high + 1)):
            raise self.fail(
                "response_scale",
                f"anchors must label each value {low}..{high} once, in order; got {values}",
            )
        return ResponseScale(min=low, max=high, anchors=anchors)

    def anchor(self, raw: Raw) -> Anchor:
        value = self.number(raw, "value", "response_scale anchor")
        if value != int(value):
            raise self.fail("response_scale anchor", f"value {value:g} is not a whole number")
        label = self.text(raw, "label", f"response_scale anchor {int(value)}")
        return Anchor(value=int(value), label=label)

    # -- scales and items

    def scales(self, raw: Raw) -> tuple[Scale, ...]:
        scales = tuple(self.scale(s) for s in self.table_list(raw, "scales", "scales"))
        if not scales:
            raise self.fail("scales", "the file defines no scales")
        self.unique([s.id for s in scales], "scale", "duplicate scale id")
        return scales

    def scale(self, raw: Raw) -> Scale:
        ident = self.text(raw, "id", "scale")
        where = f"scale {ident!r}"
        facets = tuple(
            Facet(id=self.text(f, "id", where), name=self.text(f, "name", where))
            for f in self.table_list(raw, "facets", where)
        )
        self.unique([f.id for f in facets], f"{where} facet", "duplicate facet id")
        return Scale(
            id=ident,
            name=self.text(raw, "name", where),
            kind=self.enum(ScaleKind, raw.get("kind", "other"), where, "kind"),
            description=self.text(raw, "description", where),
            facets=facets,
        )

    def items(self, raw: Raw, scales: tuple[Scale, ...]) -> tuple[Item, ...]:
        items = tuple(self.item(i, scales) for i in self.table_list(raw, "items", "items"))
        self.unique([i.id for i in items], "item", "duplicate item id")
        self.unique_texts(items)
        for scale in scales:
            if not any(i.scale_id == scale.id for i in items):
                raise self.fail(f"scale {scale.id!r}", "no item belongs to this scale")
        return items

    def item(self, raw: Raw, scales: tuple[Scale, ...]) -> Item:
        ident = self.text(raw, "id", "item")
        where = f"item {ident!r}"
        scale = self.item_scale(raw, scales, where)
        facet = self.text(raw, "facet", where, required=bool(scale.facets))
        if scale.facets and facet not in {f.id for f in scale.facets}:
            raise self.fail(where, f"unknown facet {facet!r} of scale {scale.id!r}")
        reverse = raw.get("reverse", False)
        if not isinstance(reverse, bool):
            raise self.fail(where, f"reverse must be true or false, not {reverse!r}")
        text = self.text(raw, "text", where)
        if len(text) > MAX_ITEM_TEXT:
            raise self.fail(where, f"text is {len(text)} characters; keep it to {MAX_ITEM_TEXT}")
        covers = raw.get("covers", [])
        if not isinstance(covers, list) or not all(isinstance(c, str) for c in covers):
            raise self.fail(where, "covers must be a list of trait ids")
        mirror = raw.get("mirror_of")
        if mirror is not None and not isinstance(mirror, str):
            raise self.fail(where, "mirror_of must be an item id")
        return Item(
            id=ident,
            text=text,
            scale_id=scale.id,
            facet_id=facet,
            reverse=reverse,
            covers=tuple(covers),
            mirror_of=mirror,
        )

    def traits(self, raw: Raw) -> tuple[Trait, ...]:
        traits = tuple(
            Trait(
                id=self.text(t, "id", "traits"),
                source=self.text(t, "source", "traits"),
                name=self.text(t, "name", "traits"),
            )
            for t in self.table_list(raw, "traits", "traits")
        )
        self.unique([t.id for t in traits], "trait", "duplicate trait id")
        return traits

    def item_scale(self, raw: Raw, scales: tuple[Scale, ...], where: str) -> Scale:
        scale_id = self.text(raw, "scale", where)
        found = [s for s in scales if s.id == scale_id]
        if not found:
            known = ", ".join(s.id for s in scales)
            raise self.fail(where, f"unknown scale {scale_id!r} (scales: {known})")
        return found[0]

    def unique(self, values: Sequence[str], what: str, problem: str) -> None:
        seen: set[str] = set()
        for value in values:
            if value in seen:
                raise self.fail(f"{what} {value!r}", problem)
            seen.add(value)

    def unique_texts(self, items: tuple[Item, ...]) -> None:
        first: dict[str, str] = {}
        for item in items:
            other = first.setdefault(item.text.casefold(), item.id)
            if other != item.id:
                raise self.fail(f"item {item.id!r}", f"same text as item {other!r}")

    # -- scoring, dynamics, flag

    def scoring(self, raw: Raw) -> Scoring:
        share = self.number(raw, "prorate_min_share", "scoring", default=0.8)
        if not 0 < share <= 1:
            raise self.fail("scoring", f"prorate_min_share {share:g} must be in (0, 1]")
        return Scoring(
            prorate_min_share=share,
            reverse_share=self.reverse_bounds(raw),
            unscored_description=self.text(raw, "unscored_description", "scoring", required=False),
        )

    def reverse_bounds(self, raw: Raw) -> tuple[float, float] | None:
        if "reverse_share_min" not in raw and "reverse_share_max" not in raw:
            return None
        low = self.number(raw, "reverse_share_min", "scoring", default=0.0)
        high = self.number(raw, "reverse_share_max", "scoring", default=1.0)
        if not 0 <= low <= high <= 1:
            raise self.fail("scoring", f"reverse share bounds {low:g}..{high:g} are not in 0..1")
        return (low, high)

    def dynamics(self, raw: Raw, scale_ids: set[str]) -> tuple[DynamicRule, ...]:
        rules = tuple(self.rule(r, scale_ids) for r in self.table_list(raw, "dynamics", "rules"))
        self.unique([r.id for r in rules], "dynamic", "duplicate dynamic id")
        fallbacks = [i for i, r in enumerate(rules) if r.is_fallback]
        if rules and fallbacks != [len(rules) - 1]:
            raise self.fail("dynamics", "exactly one rule, the last, must have no conditions")
        return rules

    def rule(self, raw: Raw, scale_ids: set[str]) -> DynamicRule:
        ident = self.text(raw, "id", "dynamic")
        where = f"dynamic {ident!r}"
        conditions = tuple(
            self.condition(c, scale_ids, where) for c in self.table_list(raw, "conditions", where)
        )
        return DynamicRule(
            id=ident,
            name=self.text(raw, "name", where),
            description=self.text(raw, "description", where),
            conditions=conditions,
        )

    def condition(self, raw: Raw, scale_ids: set[str], where: str) -> Condition:
        scale_id = self.text(raw, "scale", where)
        if scale_id not in scale_ids:
            raise self.fail(where, f"condition on unknown scale {scale_id!r}")
        value = self.number(raw, "value", where)
        if not 0 <= value <= 100:
            raise self.fail(where, f"threshold {value:g} is outside the 0-100 score range")
        return Condition(scale_id, self.enum(Op, raw.get("op"), where, "op"), value)

    def flag(self, raw: object, response: ResponseScale) -> FlagRule | None:
        if raw is None:
            return None
        if not isinstance(raw, dict):
            raise self.fail("flag", "[flag] must be a table")
        level = self.number(raw, "any_item_at_or_above", "flag")
        if not response.min < level <= response.max:
            raise self.fail("flag", f"threshold {level:g} is not above the lowest answer")
        resources = raw.get("resources", [])
        if not resources or not all(isinstance(r, str) and r.strip() for r in resources):
            raise self.fail("flag", "resources must be a non-empty list of texts")
        message = self.text(raw, "message", "flag")
        return FlagRule(int(level), message, tuple(r.strip() for r in resources))

    # -- whole-instrument rules

    def check_reverse_share(self, instrument: Instrument) -> None:
        bounds = instrument.scoring.reverse_share
        if bounds is None:
            return
        for scale in instrument.scales:
            items = instrument.items_of(scale.id)
            share = sum(i.reverse for i in items) / len(items)
            if not bounds[0] <= share <= bounds[1]:
                raise self.fail(
                    f"scale {scale.id!r}",
                    f"{share:.0%} of its {len(items)} items are reverse-keyed; "
                    f"the file requires {bounds[0]:.0%}-{bounds[1]:.0%}",
                )

    def check_coverage(self, instrument: Instrument) -> None:
        """Every covers entry names a declared trait, and every trait has two items or more."""
        known = {t.id for t in instrument.traits}
        counts = dict.fromkeys(known, 0)
        for item in instrument.items:
            for covered in item.covers:
                if covered not in known:
                    raise self.fail(f"item {item.id!r}", f"covers an unknown trait {covered!r}")
                counts[covered] += 1
        for trait in instrument.traits:
            if counts[trait.id] < MIN_ITEMS_PER_TRAIT:
                raise self.fail(
                    f"trait {trait.id!r}",
                    f"only {counts[trait.id]} item(s) cover it; "
                    f"every trait needs {MIN_ITEMS_PER_TRAIT} or more",
                )

    def check_mirrors(self, instrument: Instrument) -> None:
        """A mirror pair names each other and sits on two different scales."""
        by_id = {i.id: i for i in instrument.items}
        for item in instrument.items:
            if item.mirror_of is None:
                continue
            other = by_id.get(item.mirror_of)
            where = f"item {item.id!r}"
            if other is None:
                raise self.fail(where, f"mirror_of names no item {item.mirror_of!r}")
            if other.mirror_of != item.id:
                raise self.fail(where, f"{other.id!r} must name {item.id!r} as its mirror too")
            if other.scale_id == item.scale_id:
                raise self.fail(where, "a mirror pair sits on two different scales")

    def check_kind(self, instrument: Instrument) -> None:
        if instrument.kind is InstrumentKind.SCREEN and instrument.flag is None:
            raise self.fail("flag", "a screen needs a [flag] table")
        if instrument.kind is not InstrumentKind.SCREEN and instrument.flag is not None:
            raise self.fail("flag", f"a {instrument.kind.value} cannot have a [flag] table")


# --------------------------------------------------------------------------------- summary


@dataclass(frozen=True)
class ScaleSummary:
    scale_id: str
    kind: ScaleKind
    items: int
    reverse: int

    @property
    def reverse_share(self) -> float:
        return self.reverse / self.items


@dataclass(frozen=True)
class InstrumentSummary:
    instrument_id: str
    version: str
    kind: InstrumentKind
    items: int
    scales: tuple[ScaleSummary, ...]
    dynamics: tuple[str, ...]
    traits: int = 0
    mirror_pairs: tuple[tuple[str, str], ...] = ()


def summarize(instrument: Instrument) -> InstrumentSummary:
    scales = tuple(
        ScaleSummary(
            scale_id=s.id,
            kind=s.kind,
            items=len(instrument.items_of(s.id)),
            reverse=sum(i.reverse for i in instrument.items_of(s.id)),
        )
        for s in instrument.scales
    )
    return InstrumentSummary(
        instrument_id=instrument.id,
        version=instrument.version,
        kind=instrument.kind,
        items=len(instrument.items),
        scales=scales,
        dynamics=tuple(d.id for d in instrument.dynamics),
        traits=len(instrument.traits),
        mirror_pairs=tuple(
            (i.id, i.mirror_of) for i in instrument.items if i.mirror_of and i.id < i.mirror_of
        ),
    )


def check_instruments(paths: Sequence[str | Path] = ()) -> tuple[InstrumentSummary, ...]:
    """Validate every built-in instrument (or the given files) and summarize each.

    Raises :class:`InstrumentError` at the first bad file.
    """
    if paths:
        return tuple(summarize(load_instrument(p)) for p in paths)
    return tuple(summarize(i) for i in builtin_instruments())
