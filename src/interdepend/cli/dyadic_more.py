"""Commands for dyadic researchers beyond the APIM: ``apim-mediation`` and ``apim-power``."""

from __future__ import annotations

import argparse
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from interdepend.cli.output import (
    DATA_FILES,
    ROLE_HELP,
    add_na,
    code_notes,
    collinear_note,
    figure,
    json_text,
    read_table,
    rho_edge_note,
    rough_interval_note,
    seed,
)
from interdepend.core.errors import InterdependError
from interdepend.core.plural import counted

if TYPE_CHECKING:  # the statistics modules import SciPy: load them only when a command runs
    from interdepend.core.apim_mediation import MediationResult
    from interdepend.core.apim_power import PowerResult, SampleSizeResult


def register(subparsers: Any) -> None:
    """Add ``apim-mediation`` and ``apim-power`` to the ``interdepend`` command."""
    _register_mediation(subparsers)
    _register_power(subparsers)


def _register_mediation(subparsers: Any) -> None:
    med = subparsers.add_parser(
        "apim-mediation",
        help="dyadic mediation X -> M -> Y (APIMeM) with bootstrap intervals",
        description="The Actor-Partner Interdependence Mediation Model (Ledermann, Macho & "
        "Kenny 2011): two APIMs fitted by GLS, the four indirect effects and the direct "
        "effects, with bootstrap percentile intervals from resampled dyads. DATA.csv has one "
        "row per person and a column that identifies the couple.",
        epilog=DATA_FILES,
    )
    med.add_argument(
        "data", metavar="DATA.csv", help="The file to read: one row per person, with a header."
    )
    med.add_argument(
        "--dyad",
        required=True,
        metavar="COL",
        help="The column that says which couple each row belongs to.",
    )
    med.add_argument("--x", required=True, metavar="COL", help="The column of the predictor (X).")
    med.add_argument("--m", required=True, metavar="COL", help="The column of the mediator (M).")
    med.add_argument("--y", required=True, metavar="COL", help="The column of the outcome (Y).")
    med.add_argument(
        "--role",
        metavar="COL",
        help=ROLE_HELP,
    )
    med.add_argument(
        "--bootstrap",
        type=int,
        default=2000,
        metavar="N",
        help="How many resamples of couples the intervals rest on. The default is %(default)s.",
    )
    med.add_argument(
        "--seed",
        type=seed,
        default=1,
        metavar="S",
        help="The seed of the resampling, so a run can be repeated. The default is %(default)s.",
    )
    med.add_argument("--json", action="store_true", help="Print JSON instead of tables.")
    add_na(med)
    med.set_defaults(func=cmd_mediation)


def _register_power(subparsers: Any) -> None:
    power = subparsers.add_parser(
        "apim-power",
        help="power of the APIM's actor and partner effects by simulation",
        description="Simulate a planned dyadic study many times, fit the APIM to each data "
        "set and report how often the actor and partner effects are detected. Effects are in "
        "standardized units. With --target, also search for the smallest number of dyads "
        "that reaches that power.",
    )
    power.add_argument(
        "--dyads",
        required=True,
        metavar="N[,N...]",
        help="The numbers of couples to simulate, separated by commas.",
    )
    power.add_argument(
        "--actor",
        required=True,
        type=float,
        metavar="B",
        help="The actor effect to detect (standardized).",
    )
    power.add_argument(
        "--partner",
        required=True,
        type=float,
        metavar="B",
        help="The partner effect to detect (standardized).",
    )
    power.add_argument(
        "--role",
        action="store_true",
        help="Simulate dyads whose partners can be told apart, with effects fitted per role.",
    )
    power.add_argument(
        "--rho-x",
        type=float,
        default=0.0,
        metavar="R",
        help="How alike the partners' predictors are (a correlation). The default is %(default)s.",
    )
    power.add_argument(
        "--rho-e",
        type=float,
        default=0.0,
        metavar="R",
        help="How alike the partners' residuals are (a correlation). The default is %(default)s.",
    )
    power.add_argument(
        "--alpha",
        type=float,
        default=0.05,
        metavar="A",
        help="The significance level of each test. The default is %(default)s.",
    )
    power.add_argument(
        "--target",
        type=float,
        metavar="P",
        help="Also find the fewest couples that reach this power (between 0 and 1).",
    )
    power.add_argument(
        "--replications",
        type=int,
        default=1000,
        metavar="R",
        help="How many data sets are simulated for each number of couples. The default is "
        "%(default)s.",
    )
    power.add_argument(
        "--seed",
        type=seed,
        default=1,
        metavar="S",
        help="The seed of the simulation, so a run can be repeated. The default is %(default)s.",
    )
    power.add_argument("--json", action="store_true", help="Print JSON instead of tables.")
    power.set_defaults(func=cmd_power)


# --- apim-mediation -------------------------------------------------------------------------


#: What to do when a couple is not complete: unlike ``apim``, mediation takes whole couples only.
COMPLETE_COUPLES = (
    ". Mediation uses only couples with both partners and every value present (unlike "
    "`apim`, which uses everyone it can): fill in the value, or remove that couple's rows"
)


def cmd_mediation(args: argparse.Namespace) -> int:
    """Fit the APIMeM and print tables or JSON."""
    from interdepend.cli import CommandError
    from interdepend.core.apim_mediation import fit_apim_mediation
    from interdepend.core.dyadic import (
        DyadSizeError,
        MissingValueError,
        one_row_per_person_hint,
    )

    table = read_table(args.data, args.na)
    try:
        result = fit_apim_mediation(
            table,
            dyad=args.dyad,
            x=args.x,
            m=args.m,
            y=args.y,
            role=args.role,
            bootstrap=args.bootstrap,
            seed=args.seed,
        )
    except DyadSizeError as error:
        alone = len(error.sizes) == table.n_rows  # no row shares its couple's id with another
        what = f"; {one_row_per_person_hint(args.dyad)}" if alone else COMPLETE_COUPLES
        raise CommandError(f"{args.data}: {error}{what}") from None
    except MissingValueError as error:
        raise CommandError(f"{args.data}: {error}{COMPLETE_COUPLES}") from None
    except InterdependError as error:
        raise CommandError(f"{args.data}: {error}") from None
    print(json_text(result.to_dict()) if args.json else format_mediation(result))
    code_notes(table, [args.x, args.m, args.y])
    return 0


def format_mediation(result: MediationResult) -> str:
    """APA-style tables of the paths and of the indirect and total effects."""
    kind = f"dyads distinguishable by {result.role}" if result.role else "indistinguishable dyads"
    level = f"{round(100 * result.confidence)}%"
    lines = [
        f"APIM mediation of {result.y} by {result.m} from {result.x}: {kind}, GLS (REML)",
        f"{result.n_dyads} dyads",
        "",
        "Paths (a: X -> M; b: M -> Y; c': X -> Y, direct)",
        *_rows(
            ("path", "estimate", "SE", f"{level} CI", "p"),
            [
                (
                    p.name,
                    figure(p.estimate, 3),
                    figure(p.se, 3),
                    _ci(p.ci_low, p.ci_high),
                    _p(p.p_value),
                )
                for p in result.paths
            ],
        ),
        *_collinear_lines(result),
        "",
        f"Indirect and total effects ({level} bootstrap percentile CI, SE from the bootstrap; "
        "p from the Sobel test)",
        *_rows(
            ("effect", "route", "estimate", "SE", f"{level} CI", "p"),
            [
                (
                    e.label,
                    e.route,
                    figure(e.estimate, 3),
                    _num(e.se),
                    _ci(e.ci_low, e.ci_high),
                    _p(e.p_value),
                )
                for e in result.effects
            ],
            left=2,
        ),
        "",
        _bootstrap_line(result),
    ]
    return "\n".join(lines)


def _collinear_lines(result: MediationResult) -> list[str]:
    """A note for each of the two models whose effects nearly repeat one another, or whose
    partners' residuals correlate at the edge of what is possible (as ``apim`` says it)."""
    lines = []
    for model, actor, which, in_r in (
        (result.mediator_model, result.x, "in the model of M", "lm(m ~ x_1 + x_2)"),
        (
            result.outcome_model,
            result.m,
            "in the model of Y",
            "lm(y ~ m_1 + m_2 + x_1 + x_2)",
        ),
    ):
        if model.ill_conditioned:
            note = collinear_note(result.collinear_effects(model, actor), model.condition_number)
            lines.append(f"note ({which}):{note.removeprefix('note:')}")
        if model.rho_at_bound:
            note = rho_edge_note(
                model.rho,
                unreliable="this model's paths, and the indirect and total effects built on them,",
                in_r=in_r,
            )
            lines.append(f"note ({which}):{note.removeprefix('note:')}")
    return lines


def _bootstrap_line(result: MediationResult) -> str:
    if result.n_bootstrap == 0:
        return "no bootstrap asked for (--bootstrap 0): no intervals"
    seed = "no seed" if result.seed is None else f"seed {result.seed}"
    used = result.n_bootstrap - result.n_failed
    failed = (
        "none failed"
        if result.n_failed == 0
        else f"{result.n_failed} could not be fitted and were left out"
    )
    line = f"bootstrap: {result.n_bootstrap} resamples of dyads ({seed}); {used} used, {failed}"
    if result.unreliable:
        line += (
            f"; note: {result.failed_share:.0%} of the resamples could not be fitted, so the "
            "intervals rest only on the ones that could be, which are not a fair sample of all "
            "the draws, and may not be reliable"
        )
    if used < 2:
        line += "; no intervals: they need at least two resamples that could be fitted"
    elif result.rough:
        line += "; " + rough_interval_note(used)
    return line


# --- apim-power -----------------------------------------------------------------------------


def cmd_power(args: argparse.Namespace) -> int:
    """Simulated power at each number of dyads, and the search for a target power."""
    from interdepend.cli import CommandError
    from interdepend.core.apim_power import PowerDesign, dyads_for_power, simulate_power

    sizes = _sizes(args.dyads)
    try:
        designs = [
            PowerDesign(
                n,
                args.actor,
                args.partner,
                rho_x=args.rho_x,
                rho_e=args.rho_e,
                distinguishable=args.role,
                alpha=args.alpha,
            )
            for n in sizes
        ]
        results = [
            simulate_power(d, replications=args.replications, seed=args.seed) for d in designs
        ]
        search = None
        if args.target is not None:
            search = dyads_for_power(
                designs[0], target=args.target, replications=args.replications, seed=args.seed
            )
    except InterdependError as error:
        raise CommandError(str(error)) from None
    if args.json:
        searched = None if search is None else search.to_dict()
        print(json_text({"results": [r.to_dict() for r in results], "search": searched}))
    else:
        print(format_power(results, search))
    return 0


def _sizes(text: str) -> list[int]:
    from interdepend.cli import CommandError

    try:
        sizes = [int(part) for part in text.split(",")]
    except ValueError:
        raise CommandError(
            f"--dyads takes whole numbers separated by commas (like 50,100), not {text!r}"
        ) from None
    if not sizes:
        raise CommandError("--dyads needs at least one number of dyads")
    if repeated := sorted({n for n in sizes if sizes.count(n) > 1}):
        named = ", ".join(str(n) for n in repeated)
        raise CommandError(
            f"--dyads names {named} more than once; give each number of dyads once (like 50,100)"
        )
    return sizes


def format_power(results: list[PowerResult], search: SampleSizeResult | None) -> str:
    """A table of simulated and analytic power per design and effect, then the search."""
    from interdepend.core.apim_power import DEFAULT_REPLICATIONS

    design = results[0].design
    kind = "distinguishable dyads" if design.distinguishable else "indistinguishable dyads"
    lines = [
        f"APIM power by simulation: actor {design.actor:g}, partner {design.partner:g} "
        f"(standardized), rho_x {design.rho_x:g}, rho_e {design.rho_e:g}, {kind}, "
        f"alpha {design.alpha:g}",
        f"{results[0].replications} simulated data sets per number of dyads"
        + ("" if results[0].seed is None else f" (seed {results[0].seed})"),
        "",
    ]
    rows = [
        (
            str(r.design.n_dyads),
            e.effect,
            f"{e.true_value:g}",
            f"{e.power:.3f}",
            f"{e.mc_se:.3f}",
            f"{e.analytic:.3f}",
            str(r.failed),
        )
        for r in results
        for e in r.effects
    ]
    lines += _rows(("dyads", "effect", "true", "power", "MC SE", "analytic", "failed"), rows)
    fitted = min(r.replications - r.failed for r in results)
    rough = any(r.rough for r in results)
    if rough:
        certain = any(e.mc_se == 0.0 for r in results for e in r.effects)
        zero = (
            ", and an MC SE of 0.000 means only that every data set gave the same answer, not "
            "that the power is certain"
            if certain
            else ""
        )
        lines.append(
            f"note: each power here is a count out of only "
            f"{counted(fitted, 'fitted data set', 'fitted data sets')}, so it is rough: it can "
            f"land far from the analytic value{zero}; {DEFAULT_REPLICATIONS} (the default) "
            "gives each power to within about 0.03"
        )
    if search is not None:
        lines += ["", *_search_lines(search)]
        if rough:
            lines.append(
                "  each step of this search simulated as few data sets, so these numbers of "
                "dyads are rough too"
            )
    return "\n".join(lines)


def _search_lines(search: SampleSizeResult) -> list[str]:
    lines = [f"Smallest number of dyads for power {search.target:g}:"]
    for kind, n in search.dyads.items():
        analytic = search.analytic[kind]
        if analytic is None:
            lines.append(
                f"  {kind}: not reached (a zero effect is found only at the rate alpha, "
                "or it needs more dyads than the search allows)"
            )
        elif n is None:
            lines.append(f"  {kind}: not reached near the large-sample answer of {analytic}")
        else:
            lines.append(
                f"  {kind}: {n} dyads by simulation (to within about 5 %); "
                f"large-sample answer {analytic}"
            )
    return lines


# --- shared helpers -------------------------------------------------------------------------


def _rows(head: tuple[str, ...], rows: Sequence[tuple[str, ...]], *, left: int = 1) -> list[str]:
    """Columns padded to their widest cell: the first ``left`` left-aligned, the rest right."""
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]

    def line(cells: tuple[str, ...]) -> str:
        padded = [
            f"{c:<{w}}" if i < left else f"{c:>{w}}"
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ]
        return "  ".join(padded).rstrip()

    return [line(head), *(line(r) for r in rows)]


def _num(value: float) -> str:
    return figure(value, 3) if math.isfinite(value) else "-"


def _ci(low: float, high: float) -> str:
    if not (math.isfinite(low) and math.isfinite(high)):
        return "-"
    return f"[{figure(low, 3)}, {figure(high, 3)}]"


def _p(value: float) -> str:
    if not math.isfinite(value):
        return "-"
    return "<.001" if value < 0.001 else f"{value:.3f}".replace("0.", ".", 1)
