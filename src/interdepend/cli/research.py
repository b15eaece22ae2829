"""Commands for researchers: ``apim`` (dyadic regression) and ``psychometrics`` (reliability)."""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from interdepend.cli.output import (
    DATA_FILES,
    ROLE_HELP,
    add_na,
    code_notes,
    collinear_note,
    effects_table,
    figure,
    item_answers,
    json_text,
    off_the_scale,
    p_cell,
    read_table,
    repeated_respondent,
    rho_edge_note,
    rough_interval_note,
    seed,
)
from interdepend.core.dyadic import lone_ids_hint
from interdepend.core.errors import InterdependError
from interdepend.core.plural import counted

if TYPE_CHECKING:  # the statistics modules import SciPy: load them only when a command runs
    from interdepend.core.apim import ApimResult, KBootstrap
    from interdepend.core.psychometrics import ReliabilityReport


def register(subparsers: Any) -> None:
    """Add ``apim`` and ``psychometrics`` to the ``interdepend`` command."""
    apim = subparsers.add_parser(
        "apim",
        help="fit the Actor-Partner Interdependence Model to a CSV (one row per person)",
        description="Fit the Actor-Partner Interdependence Model by GLS (Kenny, Kashy & Cook "
        "2006). DATA.csv has one row per person and a column that identifies the couple.",
        epilog=DATA_FILES,
    )
    apim.add_argument(
        "data", metavar="DATA.csv", help="The file to read: one row per person, with a header."
    )
    apim.add_argument(
        "--dyad",
        required=True,
        metavar="COL",
        help="The column that says which couple each row belongs to.",
    )
    apim.add_argument("--outcome", required=True, metavar="COL", help="The column of the outcome.")
    apim.add_argument(
        "--actor",
        required=True,
        metavar="COL",
        help="The column of the predictor; the partner's value is found through the couple.",
    )
    apim.add_argument(
        "--role",
        metavar="COL",
        help=ROLE_HELP,
    )
    apim.add_argument(
        "--covariate",
        action="append",
        default=[],
        metavar="COL",
        help="A column to hold constant; give it again for each covariate.",
    )
    apim.add_argument(
        "--moderator",
        metavar="COL",
        help="A person-level column that may change the effects: adds it and its products with "
        "the actor and partner predictors.",
    )
    apim.add_argument(
        "--method",
        choices=("reml", "ml"),
        default="reml",
        help="How the model is fitted. The default is %(default)s.",
    )
    apim.add_argument(
        "--k-interval",
        action="store_true",
        help="Add Kenny's k (the partner effect over the actor effect) with a bootstrap "
        "interval over couples.",
    )
    apim.add_argument(
        "--bootstrap",
        type=int,
        default=2000,
        metavar="N",
        help="How many resamples --k-interval draws. The default is %(default)s.",
    )
    apim.add_argument(
        "--seed",
        type=seed,
        default=1,
        metavar="N",
        help="The seed of the resampling, so a run can be repeated. The default is %(default)s.",
    )
    add_na(apim)
    apim.add_argument("--json", action="store_true", help="Print JSON instead of a table.")
    apim.set_defaults(func=cmd_apim)

    psych = subparsers.add_parser(
        "psychometrics",
        help="reliability of each scale of an instrument from a responses CSV",
        description="Cronbach's alpha, McDonald's omega, item-rest correlations and the "
        "reverse-key check for every scale of an instrument. RESPONSES.csv has one row per "
        "respondent and one column per item id (other columns are ignored).",
    )
    psych.add_argument(
        "responses", metavar="RESPONSES.csv", help="The file to read: one row per respondent."
    )
    psych.add_argument(
        "--instrument",
        required=True,
        metavar="ID|FILE.toml",
        help="A built-in instrument id, or the path to an instrument file of your own.",
    )
    psych.add_argument(
        "--missing",
        choices=("pairwise", "listwise"),
        default="pairwise",
        help="Which answers each correlation uses: those of everyone who answered both items "
        "(pairwise), or only those of everyone who answered every item (listwise). The "
        "default is %(default)s.",
    )
    add_na(psych)
    psych.add_argument("--json", action="store_true", help="Print JSON instead of a table.")
    psych.set_defaults(func=cmd_psychometrics)


# --- apim -----------------------------------------------------------------------------------


def cmd_apim(args: argparse.Namespace) -> int:
    """Fit the APIM and print a table or JSON."""
    from interdepend.cli import CommandError
    from interdepend.core.apim import MAX_RESAMPLES, fit_apim, k_ratio

    if args.k_interval and args.bootstrap < 1:
        raise CommandError("--bootstrap needs at least one resample")
    if args.k_interval and args.bootstrap > MAX_RESAMPLES:
        raise CommandError(
            f"--bootstrap takes at most {MAX_RESAMPLES:,} resamples, not {args.bootstrap:,}"
        )
    table = read_table(args.data, args.na)
    options = {
        "dyad": args.dyad,
        "outcome": args.outcome,
        "actor": args.actor,
        "role": args.role,
        "covariates": args.covariate,
        "moderator": args.moderator,
        "method": args.method,
    }
    try:
        result = fit_apim(table, **options)
        k = None
        if args.k_interval:
            k = k_ratio(table, **options, n_resamples=args.bootstrap, seed=args.seed)
    except InterdependError as error:
        raise CommandError(f"{args.data}: {error}") from None
    if args.json:
        data = result.to_dict()
        if k is not None:
            data["k_interval"] = k.to_dict()
        print(json_text(data))
    else:
        hint = lone_ids_hint(table, args.dyad) if result.n_lone_members else ""
        print(format_apim(result, k, ids_hint=hint))
    code_notes(table, [args.outcome, args.actor, *args.covariate, args.moderator])
    return 0


def format_apim(result: ApimResult, k: KBootstrap | None = None, *, ids_hint: str = "") -> str:
    """A readable report of a fitted APIM (with the k interval when there is one).

    ``ids_hint`` is :func:`~interdepend.core.dyadic.lone_ids_hint`'s sentence, shown as a note
    under the count of people with no partner row.
    """
    kind = f"dyads distinguishable by {result.role}" if result.role else "indistinguishable dyads"
    moderated = f", moderated by {result.moderator}" if result.moderator else ""
    lines = [
        f"APIM of {result.outcome} on own and partner {result.actor}{moderated}: {kind}, "
        f"{result.method.upper()}",
        *_count_lines(result),
        *([f"note: {ids_hint}"] if ids_hint and result.n_lone_members else []),
        "",
        *effects_table(result.fixed),
        *collinear_lines(result),
        "",
        *_covariance_lines(result),
        f"log-likelihood {result.loglik:.4f} ({result.method.upper()}), AIC {result.aic:.4f} "
        f"({result.n_params} parameters)",
    ]
    if result.rho_test is not None:
        lines.append(
            f"test of rho = 0 ({result.method.upper()} likelihood ratio): chi2(1) = "
            f"{result.rho_test.chi2:.3f}, p {_p_said(result.rho_test.p_value)}"
        )
    test = result.distinguishability
    if test is not None:
        lines.append(
            f"test of distinguishability (ML likelihood ratio): chi2({test.df}) = "
            f"{test.chi2:.3f}, p {_p_said(test.p_value)}"
        )
    if k is not None:
        lines += ["", *_k_table(result, k)]
    return "\n".join(lines)


def _count_lines(result: ApimResult) -> list[str]:
    lines = [
        f"{result.n_dyads} dyads, {result.n_obs} people "
        f"({result.n_complete_dyads} dyads with both members, "
        f"{result.n_incomplete_dyads} with one)"
    ]
    if result.n_people_left_out:
        lone = result.n_lone_members
        reasons = f"{result.n_people_left_out - lone} with a missing value"
        if lone:
            reasons += f" and {lone} with no partner row in the file"
        left = counted(result.n_people_left_out, "person", "people")
        emptied = counted(result.n_dyads_left_out, "dyad", "dyads")
        lines.append(f"left out: {left} ({reasons}); {emptied} had no one left")
    return lines


def _k_table(result: ApimResult, k: KBootstrap) -> list[str]:
    level = round(100 * k.confidence)
    used = k.n_resamples - k.n_failed
    lines = [
        f"k (partner / actor effect{_at_zero(result)}) "
        f"with a {level}% percentile bootstrap interval over dyads "
        f"({used} of {k.n_resamples} resamples used, seed {k.seed})",
        f"{'k':<12}  {'estimate':>9}  {'boot SE':>8}  {level}% CI",
    ]
    for interval in k.intervals:
        name = "k" if interval.key == "all" else f"k[{result.role}={interval.key}]"
        se, ci = "–", "–"
        if not math.isnan(interval.boot_se):
            se, ci = f"{interval.boot_se:.4f}", f"[{interval.ci_low:.4f}, {interval.ci_high:.4f}]"
        lines.append(f"{name:<12}  {interval.estimate:>9.4f}  {se:>8}  {ci}")
    if used < 2:
        lines.append("no interval: it needs at least two resamples that could be fitted")
    if k.n_failed:
        lines.append(
            f"{k.n_failed} resamples were set aside: the model could not be fitted to them or "
            "an actor effect came out exactly zero"
        )
    if k.unreliable:
        lines.append(
            f"note: {k.failed_share:.0%} of the resamples could not be used, so the interval "
            "rests only on the ones that could be fitted, which are not a fair sample of all "
            "the draws; it may be much too narrow and should not be relied on"
        )
    if k.rough and used >= 2:
        lines.append(rough_interval_note(used, several=len(k.intervals) > 1))
    if k.few_dyads and used >= 2:
        lines.append(
            f"note: with only {k.n_dyads} couples to resample, no more than "
            f"{k.different_resamples:,} different resamples exist, so the interval cannot be "
            "relied on however many are drawn; it needs 10 couples or more"
        )
    return lines


def _covariance_lines(result: ApimResult) -> list[str]:
    def by_role(values: dict[str, float]) -> str:
        if not result.role:
            return figure(values["all"])
        return ", ".join(f"{result.role}={key} {figure(value)}" for key, value in values.items())

    lines = [
        f"residual SD {by_role(dict(result.residual_sd))}; "
        f"within-dyad residual correlation rho {result.rho:.4f}",
        f"k (partner / actor effect{_at_zero(result)}) {by_role(dict(result.k))}",
    ]
    if result.rho_at_bound:
        lines.append(
            rho_edge_note(
                result.rho,
                unreliable="the estimates, standard errors, p values and intervals above, and "
                "the tests below,",
                in_r="lm(y ~ x_1 + x_2)",
            )
        )
    return lines


def collinear_lines(result: ApimResult) -> list[str]:
    """A note when some effects nearly repeat one another (:attr:`ApimResult.ill_conditioned`),
    naming them."""
    if not result.ill_conditioned:
        return []
    return [collinear_note(result.nearly_collinear, result.condition_number)]


def _at_zero(result: ApimResult) -> str:
    return f", where {result.moderator} is 0" if result.moderator else ""


# --- psychometrics --------------------------------------------------------------------------


def cmd_psychometrics(args: argparse.Namespace) -> int:
    """Reliability of every scale of ``--instrument`` on a responses CSV."""
    from interdepend.cli import CommandError
    from interdepend.core.instrument import load_named
    from interdepend.core.psychometrics import (
        PsychometricsError,
        UndefinedCorrelationError,
        reliability,
    )

    table = read_table(args.responses, args.na)
    if repeated := repeated_respondent(table):
        raise CommandError(f"{args.responses}: {repeated}")
    try:
        instrument = load_named(args.instrument)
        low, high = instrument.response_scale.min, instrument.response_scale.max
        reports = {}
        too_few = []
        for scale in instrument.scales:
            items = instrument.items_of(scale.id)
            if len(items) < 2:
                too_few.append(_too_few_items(scale.id, [i.id for i in items]))
                continue
            table.require([i.id for i in items])
            answers = item_answers(table, [i.id for i in items], low, high)
            if off := off_the_scale(table, answers, [i.id for i in items], low, high):
                raise PsychometricsError(off)
            reverse = [i.reverse for i in items]
            ids = [i.id for i in items]
            reports[scale.id] = reliability(answers, ids, reverse, low, high, missing=args.missing)
    except UndefinedCorrelationError as error:
        raise CommandError(f"{args.responses}: {error}{MORE_ANSWERS}") from None
    except InterdependError as error:
        raise CommandError(f"{args.responses}: {error}") from None
    if not reports:
        raise CommandError(f"{instrument.id}: {'; '.join(too_few)}")
    for note in too_few:
        print(f"note: {note}", file=sys.stderr)
    if args.json:
        print(json_text({scale: _report_dict(r) for scale, r in reports.items()}))
    else:
        print(format_reliability(instrument.id, reports.items()))
    return 0


def _too_few_items(scale: str, items: Sequence[str]) -> str:
    """Why a scale of fewer than two items is not reported (psych's ``alpha`` stops with an
    error on one item: there is no other item to compare it with)."""
    has = f"one item ({items[0]})" if len(items) == 1 else "no items"
    return (
        f"{scale} is not reported: it has {has}, and alpha, omega and item-rest correlations "
        "need at least two"
    )


#: What to do when two items have no correlation (listwise never meets it: an item that does
#: not vary among those who answered everything is left out, as psych does).
MORE_ANSWERS = (
    "; more answers to these two items would give it, or --missing listwise keeps only the "
    "respondents who answered every item"
)


def _report_dict(report: ReliabilityReport) -> dict[str, Any]:
    return {
        "n_respondents": report.n_respondents,
        "n_items": report.n_items,
        "missing": report.missing,
        "alpha": report.alpha,
        "alpha_standardized": report.alpha_standardized,
        "omega_total": report.omega_total,
        "reverse_problems": list(report.reverse_problems),
        "left_out": list(report.left_out),
        "unanswered": list(report.unanswered),
        "items": {
            i.item_id: {k: v for k, v in vars(i).items() if k != "item_id"} for i in report.items
        },
    }


def _dropped(alpha: float) -> str:
    """Alpha without an item: none is left to compute when the scale has two items."""
    return "–" if math.isnan(alpha) else f"{alpha:.3f}"


#: Below this many respondents a scale's figures come with a caution (the statistics audit:
#: alpha 0.25 and omega 0.95 on three people were printed as plainly as any other).
FEW_RESPONDENTS = 30


def format_reliability(instrument_id: str, reports: Iterable[tuple[str, ReliabilityReport]]) -> str:
    """A readable report: one block per scale."""
    lines = [f"Reliability of {instrument_id}"]
    for scale, report in reports:
        w = max(4, *(len(i.item_id) for i in report.items))
        lines += [
            "",
            f"{scale}: {report.n_items} items, {report.n_respondents} respondents "
            f"({report.missing}); alpha {report.alpha:.3f} (standardized "
            f"{report.alpha_standardized:.3f}), omega total {report.omega_total:.3f}",
            f"  {'item':<{w}} {'reverse':>7} {'n':>6} {'mean':>6} {'item-rest r':>11} "
            f"{'alpha if dropped':>16}",
        ]
        lines += [
            f"  {i.item_id:<{w}} {'yes' if i.reverse else '':>7} {i.n:>6} {i.mean:>6.2f} "
            f"{i.item_rest_r:>11.3f} {_dropped(i.alpha_if_dropped):>16}"
            for i in report.items
        ]
        if any(i.reverse for i in report.items):
            lines.append("  a reverse-keyed item's mean is of its answers after recoding")
        if report.n_respondents < FEW_RESPONDENTS:
            lines.append(
                f"  fewer than {FEW_RESPONDENTS} respondents: these figures can move a long way "
                "from one sample to the next; read them as a first look"
            )
        if report.left_out:
            lines.append(
                "  left out, as every respondent gave them the same answer: "
                f"{', '.join(report.left_out)}"
            )
        if report.unanswered:
            lines.append(
                "  left out, as fewer than two respondents answered them: "
                f"{', '.join(report.unanswered)}"
            )
        if report.reverse_problems:
            lines.append(
                "  check the keying: after recoding, these reverse-keyed items do not rise "
                f"with the rest of the scale: {', '.join(report.reverse_problems)}"
            )
    return "\n".join(lines)


def _p_said(value: float) -> str:
    """``= 0.0123``, or ``< 0.0001`` (never ``= <0.0001``)."""
    cell = p_cell(value)
    return f"< {cell[1:]}" if cell.startswith("<") else f"= {cell}"
