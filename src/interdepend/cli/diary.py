"""The ``diary`` command: the dyadic multilevel model for daily diaries of couples."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from interdepend.cli.output import (
    DATA_FILES,
    ROLE_HELP,
    add_na,
    code_notes,
    collinear_note,
    effects_table,
    figure,
    json_text,
    read_table,
)
from interdepend.core.errors import InterdependError
from interdepend.core.plural import counted

if TYPE_CHECKING:  # the model imports SciPy: load it only when the command runs
    from interdepend.core.diary import DiaryResult

_NAMED = 5  # dyads named by id in the note on those left out


def register(subparsers: Any) -> None:
    """Add ``diary`` to the ``interdepend`` command."""
    diary = subparsers.add_parser(
        "diary",
        help="fit the dyadic multilevel model to daily diaries (one row per person per day)",
        description="Fit the dyadic multilevel model for diary data (Kenny, Kashy & Cook 2006, "
        "ch. 13): actor and partner effects of a daily predictor, random intercepts for both "
        "partners and AR(1) residuals over days. DATA.csv has one row per person per day.",
        epilog=DATA_FILES,
    )
    diary.add_argument(
        "data",
        metavar="DATA.csv",
        help="The file to read: one row per person per day, with a header.",
    )
    diary.add_argument(
        "--dyad",
        required=True,
        metavar="COL",
        help="The column that says which couple each row belongs to.",
    )
    diary.add_argument(
        "--person",
        required=True,
        metavar="COL",
        help="The column that says which person each row is about.",
    )
    diary.add_argument(
        "--day",
        required=True,
        metavar="COL",
        help="The column of the day's number (a whole number, not a date).",
    )
    diary.add_argument(
        "--outcome", required=True, metavar="COL", help="The column of the daily outcome."
    )
    diary.add_argument(
        "--actor", required=True, metavar="COL", help="The column of the daily predictor."
    )
    diary.add_argument(
        "--role",
        metavar="COL",
        help=ROLE_HELP,
    )
    diary.add_argument(
        "--method",
        choices=("reml", "ml"),
        default="reml",
        help="How the model is fitted. The default is %(default)s.",
    )
    diary.add_argument("--json", action="store_true", help="Print JSON instead of a table.")
    add_na(diary)
    diary.set_defaults(func=cmd_diary)


def cmd_diary(args: argparse.Namespace) -> int:
    """Fit the diary model and print a table or JSON."""
    from interdepend.cli import CommandError
    from interdepend.core.diary import fit_diary

    table = read_table(args.data, args.na)
    try:
        result = fit_diary(
            table,
            dyad=args.dyad,
            person=args.person,
            day=args.day,
            outcome=args.outcome,
            actor=args.actor,
            role=args.role,
            method=args.method,
        )
    except InterdependError as error:
        raise CommandError(f"{args.data}: {error}") from None
    print(json_text(result.to_dict()) if args.json else format_diary(result))
    code_notes(table, [args.outcome, args.actor])
    return 0


def _dyads_left_out(result: DiaryResult) -> list[str]:
    """A line naming the couples none of whose rows could be used, when there are any."""
    ids = result.dyads_left_out
    if not ids:
        return []
    named = ", ".join(ids[:_NAMED]) + (
        f" and {len(ids) - _NAMED} more" if len(ids) > _NAMED else ""
    )
    return [
        f"note: {counted(len(ids), 'dyad', 'dyads')} left out entirely, with no day on which "
        f"the person's outcome and both partners' {result.actor} were there (one partner kept no "
        f"diary, say); {'its id' if len(ids) == 1 else 'their ids'}: {named}"
    ]


def format_diary(result: DiaryResult) -> str:
    """A readable, APA-style report of a fitted diary model."""
    kind = f"dyads distinguishable by {result.role}" if result.role else "indistinguishable dyads"
    left = (
        f"; {result.n_left_out} rows left out (a missing value, or no partner report that day)"
        if result.n_left_out
        else ""
    )
    lines = [
        f"Dyadic multilevel model of daily {result.outcome} on own and partner "
        f"{result.actor}: {kind}, {result.method.upper()}",
        f"{result.n_dyads} dyads, {result.n_people} people, {result.days_said()}, "
        f"{result.n_obs} person-days{left}",
        *_dyads_left_out(result),
        "",
        *effects_table(result.fixed),
        *(
            [collinear_note(result.nearly_collinear, result.condition_number)]
            if result.ill_conditioned
            else []
        ),
        "",
        *_variance_lines(result),
        f"log-likelihood {result.loglik:.4f} ({result.method.upper()}), AIC {result.aic:.4f}, "
        f"BIC {result.bic:.4f} ({result.n_params} parameters)",
    ]
    return "\n".join(lines)


def _variance_lines(result: DiaryResult) -> list[str]:
    def by_role(values: dict[str, float]) -> str:
        if not result.role:
            return figure(values["all"])
        return ", ".join(f"{result.role}={key} {figure(value)}" for key, value in values.items())

    variance = result.variance
    lines = [
        f"random intercept SD {by_role(dict(variance.intercept_sd))}; correlation of the "
        f"partners' intercepts {variance.intercept_corr:.4f}",
        f"residual SD {by_role(dict(variance.residual_sd))}; day-to-day autocorrelation "
        f"within a person (AR(1) phi) {variance.phi:.4f}",
    ]
    if not result.phi_sign_known:
        lines.append(
            "note: every two reports of a person lie an even number of days apart (2, 4, ...), "
            "so phi and -phi fit these data equally well: only the size of phi is known, and "
            "it is given as positive; if the reports were meant to be one step apart, number "
            "them 1, 2, 3 instead"
        )
    apart = result.days_apart
    if apart >= 2 and abs(variance.phi) ** apart < CARRY_OVER_SEEN:
        lines.append(
            f"note: a person's reports lie at least {apart} days apart, and over {apart} days "
            f"the carry-over, phi to the power {apart}, is {abs(variance.phi) ** apart:.4f}: "
            "these data hardly bear on phi itself, so read its value as unknown"
        )
    if abs(variance.intercept_corr) >= BOUNDARY:
        lines.append(
            "note: the partners' intercepts correlate at the edge of what is possible, so the "
            "search stopped at a boundary; with so few couples the model cannot tell the two "
            "partners' levels apart, and its standard errors are less trustworthy (nlme often "
            "does not converge on such data)"
        )
    return lines


#: A correlation this close to ±1 is the search resting on its boundary.
BOUNDARY = 0.9999
#: Below this carry-over between a person's nearest reports (φ to the power of the days between
#: them), the likelihood is flat in φ: the search ended where it began (φ = 0.0997 on reports
#: 1000 days apart), and the value says nothing.
CARRY_OVER_SEEN = 0.01
