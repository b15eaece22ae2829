"""The validity kit: ``interdepend validate RESPONSES.csv``.

Fits the instrument's intended structure (one factor per scale) and two alternatives (one
factor; groups of scales, by default Self with Enmeshment and Bond with Distance) by
confirmatory factor analysis, tests measurement invariance across a ``role`` column when the
file has one, and reports each scale's reliability. See docs/validity.md.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from interdepend.cli import CommandError
from interdepend.cli.output import (
    add_na,
    finite,
    item_answers,
    off_the_scale,
    p_cell,
    read_table,
    repeated_respondent,
)
from interdepend.core.errors import InterdependError
from interdepend.core.plural import counted, listed

if TYPE_CHECKING:  # the statistics modules import SciPy: load them only when the command runs
    from interdepend.core.cfa import CfaFit, InvarianceResult, Structure
    from interdepend.core.dyadic import Table
    from interdepend.core.instrument import Instrument
    from interdepend.core.norms import Norms
    from interdepend.core.psychometrics import Omega, ReliabilityReport

ROLE = "role"
#: psych::omega's default number of group factors, and the fewest items a scale needs for it.
OMEGA_FACTORS = 3
OMEGA_MIN_ITEMS = 6
DEFAULT_PAIRS = "self+enmeshment,bond+distance"


def register(subparsers: Any) -> None:
    """Add ``validate`` to the ``interdepend`` command."""
    validate = subparsers.add_parser(
        "validate",
        help="check an instrument's structure on a CSV of responses (factor analysis)",
        description="Fit the instrument's intended structure (one factor per scale) and two "
        "alternatives (one factor for everything; scales grouped as --pairs says) by "
        "confirmatory factor analysis, as R's lavaan does; test measurement invariance across "
        "the 'role' column when there is one; report each scale's reliability. RESPONSES.csv "
        "is the file 'interdepend score' reads: one row per respondent, one column per item.",
    )
    validate.add_argument(
        "responses", metavar="RESPONSES.csv", help="The file to read: one row per respondent."
    )
    validate.add_argument(
        "--instrument",
        metavar="ID|FILE.toml",
        help="A built-in instrument id, or the path to an instrument file of your own. The "
        "default is the newest built-in inventory.",
    )
    validate.add_argument(
        "--pairs",
        metavar="A+B,C+D",
        help="The scales the alternative model puts on one factor, scales joined by + and "
        f"groups by commas. The default is {DEFAULT_PAIRS} for the inventories; for an "
        "instrument of your own there is no such model unless you give one.",
    )
    validate.add_argument("--json", metavar="OUT", help="Also write every figure to OUT as JSON.")
    add_na(validate)
    validate.set_defaults(func=cmd_validate)


@dataclass(frozen=True)
class Report:
    """Everything ``validate`` found, ready to print or to write as JSON."""

    instrument: Instrument
    source: str
    models: tuple[CfaFit, ...]  # the intended model first
    invariance: InvarianceResult | None
    reliability: dict[str, ReliabilityReport]
    omegas: dict[str, Omega | str] = field(default_factory=dict)  # a note when it cannot fit
    norms: Norms | None = None
    invariance_note: str | None = None  # why invariance was not tested, when it was not


#: How to go on when the role column does not hold two roles (the statistics audit of
#: 2026-12-04: a file of one partner's answers, still carrying its role column, was refused
#: with nothing said of how to have the rest).
OTHER_ROLES = (
    "; only the invariance step needs two roles: to have everything else, rename or remove "
    f"the {ROLE!r} column"
)


def _stray_roles(table: Table) -> str:
    """Where each role beyond the two given most often is written, so that a stray value (a
    typing slip on one row) can be found and put right; empty when there are not three."""
    from collections import Counter

    from interdepend.core.textdata import is_missing

    labels = [str(v) for v in table.labels(ROLE)]
    counts = Counter(v for v in labels if not is_missing(v))
    said = []
    for value, n in counts.most_common()[2:5]:
        rows = [table.where(k) for k, v in enumerate(labels) if v == value][:3]
        if n > 3:
            rows.append(counted(n - 3, "other row", "other rows"))
        said.append(f"{value!r} is on {listed(rows)}")
    return "".join(f"; {words}" for words in said)


#: How to go on when an item or a combination of items has no spread of its own among the
#: complete respondents (the statistics audit of 2026-12-04: the refusal said only what).
NO_SPREAD = (
    "; a factor model needs every item to vary, and not only as other items do, among the "
    "respondents who answered them all: more respondents, or an instrument file of your own "
    "without that item "
    "(--instrument mine.toml), lets the models be fitted"
)


def cmd_validate(args: argparse.Namespace) -> int:
    from interdepend.core.cfa import (
        DegenerateItem,
        GroupError,
        example_pairs,
        paired_structure,
        parse_pairs,
    )

    instrument = _instrument(args.instrument)
    table = read_table(args.responses, args.na)
    if args.instrument is None and (other := _other_inventory(instrument, table)) is not None:
        raise CommandError(
            f"{args.responses}: the columns are the statements of {other.id}, not of "
            f"{instrument.id} (the newest inventory, used when none is named): add "
            f"--instrument {other.id}"
        )
    if repeated := repeated_respondent(table):
        raise CommandError(f"{args.responses}: {repeated}")
    if not table.n_rows:
        raise CommandError(f"{args.responses}: the file has a header but no rows of answers")
    try:
        pairs = args.pairs if args.pairs is not None else _default_pairs(instrument)
        example = example_pairs(instrument)
        grouped = (
            paired_structure(instrument, parse_pairs(pairs, example=example)) if pairs else None
        )
        report = build_report(instrument, table, args.responses, grouped)
    except GroupError as error:
        raise CommandError(f"{args.responses}: {error}{_stray_roles(table)}{OTHER_ROLES}") from None
    except DegenerateItem as error:
        raise CommandError(f"{args.responses}: {error}{NO_SPREAD}") from None
    except InterdependError as error:
        raise CommandError(f"{args.responses}: {error}") from None
    if args.json:
        _write_json(args.json, report_dict(report))
    print(format_report(report))
    return 0


def _default_pairs(instrument: Instrument) -> str | None:
    """The grouping fitted when ``--pairs`` is not given: the inventories' scales in their two
    pairs; none for an instrument with other scales (which the default does not name, and with
    two scales or fewer no grouping differs from the other two models)."""
    defaults = sorted(s for pair in DEFAULT_PAIRS.split(",") for s in pair.split("+"))
    return DEFAULT_PAIRS if sorted(instrument.scale_ids) == defaults else None


def _instrument(name: str | None) -> Instrument:
    from interdepend.core.instrument import InstrumentKind, builtin_instruments, load_named

    try:
        if name:
            return load_named(name)
    except InterdependError as error:
        raise CommandError(str(error)) from None
    inventories = [i for i in builtin_instruments() if i.kind is InstrumentKind.INVENTORY]
    return max(inventories, key=lambda i: _version_key(i.version))


def _other_inventory(instrument: Instrument, table: Table) -> Instrument | None:
    """Another built-in inventory whose statements the file has, when it lacks some of
    ``instrument``'s: version-1 answers run without ``--instrument`` (the statistics audit)."""
    from interdepend.core.instrument import InstrumentKind, builtin_instruments

    names = set(table.names)
    if set(instrument.item_ids) <= names:
        return None
    for other in builtin_instruments():
        if other.kind is InstrumentKind.INVENTORY and set(other.item_ids) <= names:
            return other
    return None


def _version_key(version: str) -> tuple[int, ...]:
    """``"2.0.1"`` as ``(2, 0, 1)``; a part that is not a number counts as 0."""
    return tuple(int(part) if part.isdigit() else 0 for part in version.split("."))


def answers(instrument: Instrument, table: Table) -> NDArray[np.float64]:
    """The answers in the instrument's item order, reverse-keyed items recoded; NaN if missing."""
    from interdepend.core.cfa import CfaError
    from interdepend.core.psychometrics import recode_reverse

    absent = [i for i in instrument.item_ids if i not in table.names]
    if absent:
        listed = ", ".join(absent[:5]) + (f" and {len(absent) - 5} more" if len(absent) > 5 else "")
        raise CfaError(f"the file has no column for item(s) {listed}")
    scale = instrument.response_scale
    x = item_answers(table, instrument.item_ids, scale.min, scale.max)
    if x.shape[0] and (
        empty := [i for i, col in zip(instrument.item_ids, x.T, strict=True) if np.isnan(col).all()]
    ):
        raise CfaError(
            f"no one answered item(s) {', '.join(empty[:5])}"
            + (f" and {len(empty) - 5} more" if len(empty) > 5 else "")
            + ": every cell of the column is empty or marks a missing value, so no respondent "
            "answered every item; check that it is the column you meant"
        )
    low, high = instrument.response_scale.min, instrument.response_scale.max
    if off := off_the_scale(table, x, instrument.item_ids, low, high):
        raise CfaError(off)
    return recode_reverse(x, [i.reverse for i in instrument.items], low, high)


def build_report(
    instrument: Instrument, table: Table, source: str, alternative: Structure | None
) -> Report:
    """Fit every model and compute every figure ``validate`` shows: the intended model, the
    ``alternative`` grouping when there is one, and one factor for all items when the
    instrument has more than one scale (with one, that is the intended model)."""
    from interdepend.core.cfa import (
        InvarianceNotTestable,
        fit_cfa,
        fit_invariance,
        intended_structure,
        one_factor_structure,
    )

    x = answers(instrument, table)
    order = list(instrument.item_ids)
    structures = [intended_structure(instrument)]
    structures += [alternative] if alternative is not None else []
    structures += [one_factor_structure(instrument)] if len(instrument.scales) > 1 else []
    columns = [x[:, [order.index(i) for i in s.items]] for s in structures]
    invariance, note = None, None
    if ROLE in table.names:  # first: a bad role column is refused before the long fits
        labels = table.labels(ROLE)
        try:
            invariance = fit_invariance(columns[0], labels, structures[0], column=ROLE)
        except InvarianceNotTestable as error:
            note = _not_tested(str(error), labels)
    models = tuple(fit_cfa(c, s) for c, s in zip(columns, structures, strict=True))
    return Report(
        instrument,
        source,
        models,
        invariance,
        _reliability(instrument, x),
        _omegas(instrument, x),
        _norms(instrument, x),
        invariance_note=note,
    )


def _not_tested(reason: str, labels: NDArray[np.str_]) -> str:
    """Why invariance across the roles was not tested, with the rows that had no role."""
    from interdepend.core.textdata import is_missing

    note = (
        f"not tested: {reason}. The factor models above use every complete respondent, "
        f"whatever their {ROLE}."
    )
    missing = sum(is_missing(str(v)) for v in labels)
    return note + (f" {_no_role(missing)}" if missing else "")


def _no_role(count: int) -> str:
    return f"{count} row(s) with a blank or NA {ROLE} are not in either group."


def _omegas(instrument: Instrument, x: NDArray[np.float64]) -> dict[str, Omega | str]:
    """Omega hierarchical and total per scale, as ``psych::omega`` gives them by default."""
    from interdepend.core.psychometrics import omega_from_answers

    order = list(instrument.item_ids)
    found: dict[str, Omega | str] = {}
    for scale in instrument.scales:
        items = [order.index(i.id) for i in instrument.items_of(scale.id)]
        if len(items) < OMEGA_MIN_ITEMS:
            found[scale.id] = (
                f"{len(items)} items, too few for {OMEGA_FACTORS} group factors "
                f"(at least {OMEGA_MIN_ITEMS})"
            )
            continue
        try:
            found[scale.id] = omega_from_answers(x[:, items], nfactors=OMEGA_FACTORS)
        except InterdependError as error:
            found[scale.id] = str(error)
    return found


def _norms(instrument: Instrument, x: NDArray[np.float64]) -> Norms | None:
    """Percentile norms of the 0-100 scale scores (provisional below the documented minimum).

    ``x`` holds recoded answers; scoring wants them as given, so they are recoded back."""
    from interdepend.core.norms import build_norms
    from interdepend.core.psychometrics import recode_reverse
    from interdepend.core.scoring import score_matrix

    low, high = instrument.response_scale.min, instrument.response_scale.max
    raw = recode_reverse(x, [i.reverse for i in instrument.items], low, high)
    scores = score_matrix(instrument, raw).scores
    try:
        return build_norms(scores, list(instrument.scale_ids))
    except InterdependError:
        return None


def _reliability(instrument: Instrument, x: NDArray[np.float64]) -> dict[str, ReliabilityReport]:
    """Alpha, omega total, item-rest correlations and the keying check per scale.

    ``x`` holds recoded answers; they go back to the answers as given so that the keying check
    knows which items are reverse-keyed (it recodes them again itself)."""
    from interdepend.core.psychometrics import recode_reverse, reliability

    low, high = instrument.response_scale.min, instrument.response_scale.max
    order = list(instrument.item_ids)
    raw = recode_reverse(x, [i.reverse for i in instrument.items], low, high)
    reports = {}
    for scale in instrument.scales:
        items = instrument.items_of(scale.id)
        if len(items) < 2:
            continue
        columns = raw[:, [order.index(i.id) for i in items]]
        reports[scale.id] = reliability(
            columns, [i.id for i in items], [i.reverse for i in items], low, high
        )
    return reports


# --- text ---------------------------------------------------------------------------------


def format_report(report: Report) -> str:
    """The whole report as plain text, one section after another."""
    sections = [
        _heading(report),
        _models_table(report.models),
        *([_differences(report.models)] if len(report.models) > 1 else []),
        _loadings(report.models[0]),
        *([_correlations(report.models[0])] if report.models[0].factor_correlations else []),
    ]
    if report.invariance is not None:
        sections.append(_invariance(report.invariance))
    elif report.invariance_note is not None:
        sections.append(f"Measurement invariance across {ROLE}: {report.invariance_note}")
    sections.append(_reliability_text(report.reliability))
    sections += _later_sections(report)
    return "\n\n".join(sections)


def _heading(report: Report) -> str:
    intended = report.models[0]
    lines = [
        f"Validity of {report.instrument.id} ({len(report.instrument.items)} items) "
        f"on {report.source}",
        f"Factor models use the {counted(intended.n_used, 'respondent', 'respondents')} who "
        f"answered every item; {intended.n_dropped} with a missing answer "
        f"{'is' if intended.n_dropped == 1 else 'are'} left out (listwise). "
        "Reverse-keyed items are recoded first.",
    ]
    steps = report.invariance.steps if report.invariance is not None else ()
    if not all(m.converged for m in report.models) or not all(s.converged for s in steps):
        lines.append("note: a model did not settle on a solution; read its figures with care")
    for model in report.models:
        if model.improper:
            lines.append(
                f"note: model {model.structure.name} has an improper solution (a Heywood case: "
                f"{'; '.join(model.improper)}); its fit and loadings cannot be read as they "
                "stand, which usually means too few respondents for the model"
            )
    return "\n".join(lines)


def _models_table(models: tuple[CfaFit, ...]) -> str:
    w = max(len(m.structure.name) for m in models)
    head = (
        f"{'model':<{w}}  {'CFI':>6}  {'TLI':>6}  {'RMSEA [90% CI]':<22}  {'SRMR':>6}  "
        f"{'chi-square (df)':>17}  {'p':>7}"
    )
    rows = [f"{m.structure.name:<{w}}  {_fit_cells(m)}" for m in models]
    return "\n".join(["Factor models (maximum likelihood)", head, *rows])


def _fit_cells(model: CfaFit) -> str:
    f = model.fit
    rmsea = f"{f.rmsea:.3f} [{f.rmsea_low:.3f}, {f.rmsea_high:.3f}]"
    chi = f"{f.chi_square:.2f} ({f.df})"
    p = p_cell(f.p_value) if f.df > 0 else "–"  # an exact fit: nothing to test (lavaan: NA)
    return f"{f.cfi:>6.3f}  {f.tli:>6.3f}  {rmsea:<22}  {f.srmr:>6.3f}  {chi:>17}  {p:>7}"


def _differences(models: tuple[CfaFit, ...]) -> str:
    from interdepend.core.cfa import chi_square_difference

    lines = ["Chi-square difference tests (each model against the more general one)"]
    for restricted, general in _nested(models):
        test = chi_square_difference(restricted.fit, general.fit)
        lines.append(
            f"  {restricted.structure.name} vs {general.structure.name}: "
            f"chi2({test.df}) = {test.chi_square:.2f}, p {_p_words(test.p_value)}"
        )
    return "\n".join(lines)


def _nested(models: tuple[CfaFit, ...]) -> list[tuple[CfaFit, CfaFit]]:
    """Each (restricted, general) pair of models, the more general first in ``models``."""
    return [(models[i], models[j]) for i in range(1, len(models)) for j in range(i)]


def _loadings(model: CfaFit) -> str:
    w = max(len(f) for f in model.structure.factors)
    lines = [
        f"Standardized loadings, {model.structure.name}",
        f"  {'item':<6} {'factor':<{w}} {'loading':>8}",
    ]
    lines += [f"  {x.item:<6} {x.factor:<{w}} {x.standardized:>8.3f}" for x in model.loadings]
    return "\n".join(lines)


def _correlations(model: CfaFit) -> str:
    lines = [f"Factor correlations, {model.structure.name}"]
    lines += [f"  {a} with {b}: {r:.3f}" for a, b, r in model.factor_correlations]
    return "\n".join(lines)


def _invariance(result: InvarianceResult) -> str:
    groups = ", ".join(f"{g}: {n}" for g, n in zip(result.groups, result.n_per_group, strict=True))
    lines = [
        f"Measurement invariance across {ROLE} ({groups} complete respondents)",
        f"  {'step':<10}  {'chi-square (df)':>17}  {'CFI':>6}  {'RMSEA':>6}  {'SRMR':>6}  "
        f"{'change CFI':>10}  {'change RMSEA':>12}  chi2 difference (df), p",
    ]
    for step in result.steps:
        f = step.fit
        chi = f"{f.chi_square:.2f} ({f.df})"
        diff = (
            ""
            if step.difference is None
            else (
                f"{step.difference.chi_square:.2f} ({step.difference.df}), "
                f"{p_cell(step.difference.p_value)}"
            )
        )
        lines.append(
            f"  {step.name:<10}  {chi:>17}  {f.cfi:>6.3f}  {f.rmsea:>6.3f}  {f.srmr:>6.3f}  "
            f"{_signed(step.delta_cfi):>10}  {_signed(step.delta_rmsea):>12}  {diff:<26}".rstrip()
        )
    lines.append("  metric: loadings held equal across the groups; scalar: loadings and intercepts")
    if result.n_without_group:
        lines.append(f"  {_no_role(result.n_without_group)}")
    return "\n".join(lines)


def _reliability_text(reports: dict[str, ReliabilityReport]) -> str:
    lines = ["Reliability per scale (pairwise, recoded answers; omega from one factor)"]
    for scale, r in reports.items():
        lines.append(
            f"  {scale}: alpha {r.alpha:.3f}, omega total (one factor) {r.omega_total:.3f} "
            f"({r.n_respondents} respondents)"
        )
        rest = ", ".join(f"{i.item_id} {i.item_rest_r:.2f}" for i in r.items)
        lines.append(f"    item-rest r: {rest}")
        if r.left_out:
            lines.append(f"    left out (everyone gave the same answer): {', '.join(r.left_out)}")
        if r.unanswered:
            lines.append(f"    left out (fewer than two answered): {', '.join(r.unanswered)}")
    return "\n".join(lines)


# --- for the lead: omega hierarchical, the keying check and norms go here ------------------
#
# Each later section is computed from the Report: its text joins the printed report after
# reliability (``_later_sections``) and its figures join --json under their own keys
# (``_later_json``). Nothing else in this module needs to change.


def _later_sections(report: Report) -> list[str]:
    """Omega hierarchical, the keying check and the norms."""
    return [_omega_text(report.omegas), _keying_text(report.reliability), _norms_text(report.norms)]


def _omega_text(omegas: dict[str, Omega | str]) -> str:
    lines = [f"Omega per scale (as psych::omega gives it: {OMEGA_FACTORS} group factors, minres)"]
    for scale, found in omegas.items():
        if isinstance(found, str):
            lines.append(f"  {scale}: not estimated ({found})")
            continue
        notes = [n for n, flag in (("Heywood case", found.heywood),) if flag]
        if not found.rotation_converged:
            notes.append("rotation did not settle")
        extra = f" [{'; '.join(notes)}]" if notes else ""
        lines.append(
            f"  {scale}: omega hierarchical {found.hierarchical:.3f}, "
            f"omega total {found.total:.3f}{extra}"
        )
    return "\n".join(lines)


def _keying_text(reports: dict[str, ReliabilityReport]) -> str:
    problems = [(scale, p) for scale, r in reports.items() for p in r.keying_problems]
    if not problems:
        return "Keying check: every item rises with the rest of its scale (after recoding)."
    lines = [f"Keying check: {len(problems)} item(s) to look at"]
    for scale, problem in problems:
        keyed = "reverse-keyed" if problem.reverse else "forward-keyed"
        lines.append(
            f"  {scale} {problem.item_id} ({keyed}, item-rest r {problem.item_rest_r:.2f}): "
            f"{problem.explanation}"
        )
    return "\n".join(lines)


def _norms_text(norms: Norms | None) -> str:
    if norms is None:
        return "Norms: no scale has scores to build them from."
    head = "  scale            n   " + "  ".join(
        f"{p:>4}th" for p, _ in norms.scales[0].percentiles
    )
    lines = ["Norms: percentiles of the 0-100 scale scores", head]
    for scale in norms.scales:
        cells = "  ".join(f"{v:>6.1f}" for _, v in scale.percentiles)
        lines.append(f"  {scale.scale_id:<12} {scale.n:>5}   {cells}")
        if scale.provisional:
            lines.append(f"    {scale.label}")
    return "\n".join(lines)


def _later_json(report: Report) -> dict[str, Any]:
    """The JSON of the later sections, keyed as their text titles."""
    omegas: dict[str, Any] = {}
    for scale, found in report.omegas.items():
        omegas[scale] = (
            {"error": found}
            if isinstance(found, str)
            else {
                "hierarchical": found.hierarchical,
                "total": found.total,
                "n_factors": found.n_factors,
                "heywood": found.heywood,
                "rotation_converged": found.rotation_converged,
            }
        )
    keying = {
        scale: [
            {"item": p.item_id, "reverse": p.reverse, "item_rest_r": p.item_rest_r}
            for p in r.keying_problems
        ]
        for scale, r in report.reliability.items()
    }
    norms = None
    if report.norms is not None:
        norms = {
            s.scale_id: {
                "n": s.n,
                "provisional": s.provisional,
                "percentiles": {str(p): v for p, v in s.percentiles},
            }
            for s in report.norms.scales
        }
    return {"omega": omegas, "keying_problems": keying, "norms": norms}


# --- JSON ---------------------------------------------------------------------------------


def report_dict(report: Report) -> dict[str, Any]:
    """Every figure of the report, as JSON-ready data."""
    from interdepend.core.cfa import chi_square_difference

    tests = _nested(report.models)
    return {
        "instrument": report.instrument.id,
        "source": report.source,
        "models": [m.to_dict() for m in report.models],
        "differences": [
            {
                "restricted": r.structure.name,
                "general": g.structure.name,
                **vars(chi_square_difference(r.fit, g.fit)),
            }
            for r, g in tests
        ],
        "invariance": None if report.invariance is None else report.invariance.to_dict(),
        "invariance_not_tested": report.invariance_note,
        "reliability": {s: _reliability_dict(r) for s, r in report.reliability.items()},
        **_later_json(report),
    }


def _reliability_dict(report: ReliabilityReport) -> dict[str, Any]:
    return {
        "n_respondents": report.n_respondents,
        "missing": report.missing,
        "alpha": report.alpha,
        "omega_total": report.omega_total,
        "item_rest_r": {i.item_id: i.item_rest_r for i in report.items},
        "left_out": list(report.left_out),
        "unanswered": list(report.unanswered),
    }


def _write_json(name: str, data: dict[str, Any]) -> None:
    target = Path(name)
    partial = target.with_name(target.name + ".part")
    try:
        partial.write_text(json.dumps(finite(data), indent=2) + "\n", encoding="utf-8")
        partial.replace(target)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise CommandError(f"cannot write {name}: {error.strerror}") from None


def _p_words(value: float) -> str:
    return "< 0.0001" if value < 1e-4 else f"= {value:.4f}"


def _signed(value: float | None) -> str:
    return "" if value is None else f"{value:+.3f}"
