"""``interdepend nonindependence``: how alike the partners' scores are, before any model."""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from interdepend.cli.output import (
    DATA_FILES,
    ROLE_HELP,
    add_na,
    code_notes,
    figure,
    json_text,
    p_cell,
    read_table,
)
from interdepend.core.errors import InterdependError

if TYPE_CHECKING:  # the statistics module imports SciPy: load it only when the command runs
    from interdepend.core.nonindependence import Nonindependence


def register(subparsers: Any) -> None:
    """Add ``nonindependence`` to the ``interdepend`` command."""
    alike = subparsers.add_parser(
        "nonindependence",
        help="how alike partners' scores are (intraclass or Pearson correlation), with tests",
        description="Test whether the two members of a couple score more alike (or less "
        "alike) than two people picked at random (Kenny, Kashy & Cook 2006, ch. 2). Without "
        "--role: the intraclass correlation with its F test and interval, and the pairwise "
        "correlation with its z test. With --role: Pearson's correlation between the two "
        "roles with its t test and interval. DATA.csv has one row per person and a column "
        "that identifies the couple.",
        epilog=DATA_FILES,
    )
    alike.add_argument(
        "data", metavar="DATA.csv", help="The file to read: one row per person, with a header."
    )
    alike.add_argument(
        "--dyad",
        required=True,
        metavar="COL",
        help="The column that says which couple each row belongs to.",
    )
    alike.add_argument(
        "--variable",
        required=True,
        action="append",
        metavar="COL",
        help="A column to test; give it again for each column.",
    )
    alike.add_argument(
        "--role",
        metavar="COL",
        help=ROLE_HELP,
    )
    alike.add_argument("--json", action="store_true", help="Print JSON instead of a table.")
    add_na(alike)
    alike.set_defaults(func=cmd_nonindependence)


def cmd_nonindependence(args: argparse.Namespace) -> int:
    """Work out each variable's likeness between partners and print a table or JSON."""
    from interdepend.cli import CommandError
    from interdepend.core.dyadic import lone_ids_hint
    from interdepend.core.nonindependence import NonindependenceError, nonindependence

    variables = list(dict.fromkeys(args.variable))  # a column named twice is tested once
    table = read_table(args.data, args.na)
    results: list[Nonindependence] = []
    unworkable: list[tuple[str, str]] = []
    for name in variables:
        try:
            results.append(nonindependence(table, dyad=args.dyad, variable=name, role=args.role))
        except NonindependenceError as error:
            # One column without spread, or with too few couples, leaves the others to report
            # (the statistics audit of 2026-12-05: it stopped the command for every column).
            unworkable.append((name, str(error)))
        except InterdependError as error:
            raise CommandError(f"{args.data}: {error}") from None
    if not results:
        raise CommandError(f"{args.data}: {'; '.join(reason for _, reason in unworkable)}")
    if args.json:
        print(json_text({r.variable: r.to_dict() for r in results}))
    else:
        lone = any(r.n_lone_members for r in results)
        hint = lone_ids_hint(table, args.dyad) if lone else ""
        print(format_nonindependence(results, ids_hint=hint))
    code_notes(table, variables)
    for name, reason in unworkable:
        print(
            f"interdepend: {args.data}: {reason}; {name!r} is left out, and the other columns "
            "are reported",
            file=sys.stderr,
        )
    return 1 if unworkable else 0


def format_nonindependence(results: Sequence[Nonindependence], *, ids_hint: str = "") -> str:
    """A readable report: one line per variable, then the second test or the role figures.

    ``ids_hint`` is :func:`~interdepend.core.dyadic.lone_ids_hint`'s sentence, shown as a note
    after the counts of dyads left out.
    """
    first = results[0]
    width = max(len("variable"), *(len(r.variable) for r in results))
    if first.role is None:
        lines = [
            "How alike partners are: indistinguishable dyads (Kenny, Kashy & Cook 2006, ch. 2)",
            "",
            "intraclass correlation (one-way ANOVA), two-sided F test, 95% CI as psych's ICC1",
            f"{'variable':<{width}}  {'dyads':>5}  {'ICC':>7}  {'F':>8}  {'df':>9}  "
            f"{'p':>7}  95% CI",
        ]
        for r in results:
            df = f"{r.df[0]}, {r.df[1]}"
            lines.append(
                f"{r.variable:<{width}}  {r.n_dyads:>5}  {r.estimate:>7.4f}  "
                f"{_number(r.statistic, 3):>8}  {df:>9}  {p_cell(r.p_value):>7}  "
                f"{_interval(r)}"
            )
        lines += [
            "",
            "pairwise (double-entry) correlation, z = r * sqrt(dyads)",
            f"{'variable':<{width}}  {'r':>7}  {'z':>7}  {'p':>7}",
        ]
        for r in results:
            lines.append(
                f"{r.variable:<{width}}  {r.pairwise_r:>7.4f}  {r.pairwise_z:>7.3f}  "
                f"{p_cell(r.pairwise_p or 0.0):>7}"
            )
    else:
        lines = [
            f"How alike partners are: dyads distinguishable by {first.role} "
            "(Kenny, Kashy & Cook 2006, ch. 2)",
            "",
            "Pearson correlation between the two roles, two-sided t test, 95% CI (Fisher's z)",
            f"{'variable':<{width}}  {'dyads':>5}  {'r':>7}  {'t':>8}  {'df':>5}  {'p':>7}  95% CI",
        ]
        for r in results:
            lines.append(
                f"{r.variable:<{width}}  {r.n_dyads:>5}  {r.estimate:>7.4f}  "
                f"{_number(r.statistic, 3):>8}  {r.df[0]:>5}  {_p(r.p_value):>7}  "
                f"{_interval(r)}"
            )
        lines += ["", f"mean (SD) by {first.role}, over the dyads that entered"]
        for r in results:
            parts = [f"{first.role}={k} {figure(r.means[k])} ({figure(r.sds[k])})" for k in r.means]
            lines.append(f"{r.variable:<{width}}  {'; '.join(parts)}")
    lines += _left_out(results)
    if ids_hint and any(r.n_lone_members for r in results):
        lines.append(f"note: {ids_hint}")
    return "\n".join(lines)


def _left_out(results: Sequence[Nonindependence]) -> list[str]:
    lines = []
    for r in results:
        if r.n_dyads_left_out:
            reasons = []
            if missing := r.n_dyads_left_out - r.n_lone_members:
                reasons.append(f"{missing} with a score missing")
            if r.n_lone_members:
                reasons.append(f"{r.n_lone_members} with no partner row in the file")
            dyads = "dyad" if r.n_dyads_left_out == 1 else "dyads"
            lines.append(
                f"{r.variable}: {r.n_dyads_left_out} {dyads} left out ({', '.join(reasons)})"
            )
    return ["", *lines] if lines else []


def _number(value: float, places: int) -> str:
    """A test statistic for its column: fixed decimals, or three significant figures and a
    short exponent once it would be too wide (partners all but exactly alike give F in the
    trillions): ``9.54e13``."""
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    if abs(value) >= 1e6:
        mantissa, exponent = f"{value:.2e}".split("e")
        return f"{mantissa}e{int(exponent)}"
    return f"{value:.{places}f}"


def _p(value: float) -> str:
    return "–" if math.isnan(value) else p_cell(value)


def _interval(result: Nonindependence) -> str:
    if math.isnan(result.ci_low):
        return "– (needs 4 dyads)"
    return f"[{result.ci_low:.4f}, {result.ci_high:.4f}]"
