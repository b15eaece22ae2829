"""The statistics held against R a sixth time (the statistics audit of 2026-12-05, ``stats5``),
with the files researchers really have: a couple entered three times, a file with one row per
couple, files written by Excel for Mac, in UTF-16 or by survey tools, read by R and by us; a
column that cannot be correlated beside others that can; the two models of ``apim-mediation
--json`` under the file's names, as gls fits them; and every key of every ``--json`` in the
command reference."""

from __future__ import annotations

import csv
import json
import re
import sys
from pathlib import Path

import numpy as np
import pytest

from interdepend.cli import main
from interdepend.core.apim import k_ratio
from interdepend.core.dyadic import (
    DyadSizeError,
    MissingColumnError,
    dyad_to_individual,
    load_csv,
    pair_rows,
    write_csv,
)
from tests.core.apim_r import APIM, acitelli_rows, needs_r, write_rows
from tests.core.apim_r import run_script as run_r

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

from simulate_diary import simulate_diary, write_diary  # noqa: E402

# --- a couple with three rows ---------------------------------------------------------------


def test_a_couple_with_three_rows_is_refused_naming_its_rows(
    acitelli_csv: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A couple's row pasted again at the end of the file: the refusal named the couple's id
    alone, and a researcher had to search hundreds of rows for the three; it now names the
    rows and their lines, and says when two are the same row twice."""
    header, rows = acitelli_rows(acitelli_csv)
    path = write_rows(tmp_path / "three.csv", header, [*rows, rows[0]])
    assert main(["apim", str(path), *APIM]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert (
        "dyad '3' has three members, at rows 1, 2 and 297 (lines 2, 3 and 298 of the file), of "
        "which rows 1 and 297 are the same in every column, as a row entered twice would be"
    ) in captured.err


def test_a_couple_with_four_different_rows_names_them_without_calling_any_a_copy(
    tmp_path: Path,
) -> None:
    (tmp_path / "four.csv").write_text("d,y\n1,1\n2,1\n1,2\n1,3\n2,2\n1,4\n")
    table = load_csv(tmp_path / "four.csv")
    with pytest.raises(DyadSizeError) as raised:
        pair_rows(table, "d")
    assert str(raised.value) == (
        "every 'd' must have exactly two members: dyad '1' has 4 members, at rows 1, 3, 4 and "
        "6 (lines 2, 4, 5 and 7 of the file)"
    )
    assert raised.value.rows == {"1": [0, 2, 3, 5]}


# --- a file with one row per couple ---------------------------------------------------------


def one_row_per_couple(acitelli_csv: str, path: Path) -> Path:
    """The Acitelli couples with each partner's values side by side: _w for the wife (gender
    -1), _h for the husband."""
    header, rows = acitelli_rows(acitelli_csv)
    couples: dict[str, dict[str, list[str]]] = {}
    for row in rows:
        couples.setdefault(row[0], {})["w" if row[2] == "-1" else "h"] = row
    names = ["self_pos", "other_pos", "satisfaction"]
    at = [header.index(n) for n in names]
    wide = [
        [couple, *(members[m][k] for m in ("w", "h") for k in at)]
        for couple, members in couples.items()
    ]
    return write_rows(path, ["cuplid", *(f"{n}_{m}" for m in ("w", "h") for n in names)], wide)


@pytest.mark.parametrize("named", ["--outcome", "--actor"])
def test_a_file_with_one_row_per_couple_is_named_as_such_when_a_column_is_asked_for(
    acitelli_csv: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], named: str
) -> None:
    """Asked for 'satisfaction' in a file of 'satisfaction_w' and 'satisfaction_h', the command
    listed the columns and said no more: the layout was the trouble, and nothing said so."""
    path = one_row_per_couple(acitelli_csv, tmp_path / "wide.csv")
    argv = ["--dyad", "cuplid", "--outcome", "satisfaction_w", "--actor", "other_pos_w"]
    argv[argv.index(named) + 1] = argv[argv.index(named) + 1].removesuffix("_w")
    assert main(["apim", str(path), *argv]) == 2
    err = capsys.readouterr().err
    stem = argv[argv.index(named) + 1]
    assert f"the file has '{stem}_w' and '{stem}_h', which look like one column for each " in err
    assert "one row per person, with the couple's id on both partners' rows" in err
    assert "dyad_to_individual" in err


def test_a_pairwise_file_is_told_to_give_the_own_column(tmp_path: Path) -> None:
    path = tmp_path / "pairwise.csv"
    path.write_text("couple,y_A,y_P,x_A,x_P\n1,1,2,3,4\n1,2,1,4,3\n")
    with pytest.raises(MissingColumnError, match="give the person's own column \\('y_A'\\)"):
        load_csv(path).column("y")


def test_a_missing_column_without_partners_marks_gets_no_layout_word(tmp_path: Path) -> None:
    path = tmp_path / "plain.csv"
    path.write_text("couple,y,x1,zx\n1,1,2,3\n")
    with pytest.raises(MissingColumnError) as raised:
        load_csv(path).column("x")
    assert str(raised.value) == "column 'x' is not in the data (columns: couple, y, x1, zx)"


@needs_r
def test_a_file_with_one_row_per_couple_rewritten_as_advised_fits_as_r_reshapes_it(
    acitelli_csv: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wide = one_row_per_couple(acitelli_csv, tmp_path / "wide.csv")
    people = dyad_to_individual(load_csv(wide), "cuplid", ("_w", "_h"), role="spouse")
    write_csv(people, tmp_path / "people.csv")
    argv = ["apim", str(tmp_path / "people.csv"), *APIM, "--role", "spouse", "--json"]
    assert main(argv) == 0
    ours = json.loads(capsys.readouterr().out)
    script = r"""
suppressMessages(library(nlme))
w <- read.csv(commandArgs(TRUE)[1])
one <- function(me, other) data.frame(cuplid = w$cuplid, spouse = me,
  satisfaction = w[[paste0("satisfaction_", me)]], other_pos = w[[paste0("other_pos_", me)]],
  other_pos_P = w[[paste0("other_pos_", other)]])
d <- rbind(one("w", "h"), one("h", "w"))
d$h <- as.numeric(d$spouse == "h"); d$w <- 1 - d$h
m <- gls(satisfaction ~ 0 + w + h + w:other_pos + h:other_pos + w:other_pos_P + h:other_pos_P,
  data = d, correlation = corCompSymm(form = ~ 1 | cuplid), weights = varIdent(form = ~ 1 | spouse))
tt <- summary(m)$tTable
for (i in seq_len(nrow(tt))) cat(rownames(tt)[i], format(tt[i, 1:2], digits = 15), "\n")
cat("loglik", format(as.numeric(logLik(m)), digits = 15), "\n")
"""
    r = {
        name: [float(v) for v in values]
        for name, *values in (
            line.split() for line in run_r(tmp_path, script, str(wide)).splitlines()
        )
    }
    assert ours["n_obs"] == 296
    assert ours["loglik"] == pytest.approx(r["loglik"][0], abs=1e-6)
    names = {"w": "intercept", "h": "intercept", "other_pos": "actor", "other_pos_P": "partner"}
    for term, (estimate, se) in ((k, v) for k, v in r.items() if k != "loglik"):
        parts = term.split(":")
        spouse = next(p for p in parts if p in ("w", "h"))
        rest = [p for p in parts if p not in ("w", "h")] or [spouse]
        effect = ours["fixed"][f"{names[rest[0]]}[spouse={spouse}]"]
        assert effect["estimate"] == pytest.approx(estimate, rel=1e-5, abs=1e-7), term
        assert effect["se"] == pytest.approx(se, rel=1e-5), term


# --- files as spreadsheets and survey tools write them, read by R and by us ------------------

R_ODD = r"""
suppressMessages(library(nlme))
a <- commandArgs(TRUE)
d <- if (a[2] == "utf16") {
  read.delim(a[1], fileEncoding = "UTF-16", colClasses = setNames("character", a[3]),
    check.names = FALSE)
} else read.csv(a[1], colClasses = setNames("character", a[3]), check.names = FALSE)
names(d)[names(d) == a[3]] <- "couple"
d$role <- as.character(d$gender)
levs <- sort(unique(d$role))
d$x_P <- d$other_pos[match(paste(d$couple, ifelse(d$role == levs[1], levs[2], levs[1])),
  paste(d$couple, d$role))]
d$r1 <- as.numeric(d$role == levs[2]); d$r0 <- 1 - d$r1
m <- gls(satisfaction ~ 0 + r0 + r1 + r0:other_pos + r1:other_pos + r0:x_P + r1:x_P, data = d,
  correlation = corCompSymm(form = ~ 1 | couple), weights = varIdent(form = ~ 1 | role))
tt <- summary(m)$tTable
for (i in seq_len(nrow(tt))) cat(rownames(tt)[i], format(tt[i, 1:2], digits = 15), "\n")
cat("loglik", format(as.numeric(logLik(m)), digits = 15), "\n")
cat("nobs", length(m$fitted), 0, "\n")
"""


def odd_file(acitelli_csv: str, folder: Path, case: str) -> tuple[Path, str, str]:
    """The Acitelli couples written one odd way: the file, how R reads it, the couple column."""
    header, rows = acitelli_rows(acitelli_csv)

    def text(table: list[list[str]], separator: str = ",", end: str = "\n") -> str:
        return end.join(separator.join(row) for row in table) + end

    path = folder / f"{case}.csv"
    if case == "mac_line_ends":  # Excel for Mac's "CSV (Macintosh)": lines end in CR alone
        path.write_text(text([header, *rows], end="\r"), newline="")
    elif case == "utf16_big_endian":
        data = "\ufeff" + text([header, *rows], "\t", "\r\n")
        path.write_bytes(data.encode("utf-16-be"))
        return path, "utf16", "cuplid"
    elif case == "ids_with_leading_zeros":  # C003, C010: text ids, as a survey tool writes them
        path.write_text(text([header, *([f"C{int(r[0]):03d}", *r[1:]] for r in rows)]))
    elif case == "roles_in_words":
        words = {"-1": "female", "1": "male"}
        path.write_text(text([header, *([*r[:2], words[r[2]], *r[3:]] for r in rows)]))
    elif case == "partners_apart":  # every wife first, then every husband
        path.write_text(text([header, *rows[0::2], *rows[1::2]]))
    elif case == "quoted_names_with_spaces":
        names = ['"Couple ID"', *(f'"{name}"' for name in header[1:])]
        path.write_text("\ufeff" + text([names, *rows], end="\r\n"))
        return path, "csv", "Couple ID"
    return path, "csv", "cuplid"


ODD_CASES = [
    "mac_line_ends",
    "utf16_big_endian",
    "ids_with_leading_zeros",
    "roles_in_words",
    "partners_apart",
    "quoted_names_with_spaces",
]


@needs_r
@pytest.mark.parametrize("case", ODD_CASES)
def test_files_written_in_odd_ways_fit_as_r_fits_the_same_file(
    acitelli_csv: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str
) -> None:
    path, how, couple = odd_file(acitelli_csv, tmp_path, case)
    r = {
        name: [float(v) for v in values]
        for name, *values in (
            line.split() for line in run_r(tmp_path, R_ODD, str(path), how, couple).splitlines()
        )
    }
    argv = ["apim", str(path), "--dyad", couple, "--outcome", "satisfaction"]
    assert main([*argv, "--actor", "other_pos", "--role", "gender", "--json"]) == 0
    ours = json.loads(capsys.readouterr().out)
    assert ours["n_obs"] == r["nobs"][0] == 296
    assert ours["n_complete_dyads"] == 148
    assert ours["loglik"] == pytest.approx(r["loglik"][0], abs=1e-8)
    levels = sorted(ours["residual_sd"])
    names = {"other_pos": "actor", "x_P": "partner"}
    for term, (estimate, se) in ((k, v) for k, v in r.items() if k not in ("loglik", "nobs")):
        role, *rest = term.split(":")
        level = levels[int(role[1])]
        effect = ours["fixed"][f"{names[rest[0]] if rest else 'intercept'}[gender={level}]"]
        assert effect["estimate"] == pytest.approx(estimate, rel=1e-6), term
        assert effect["se"] == pytest.approx(se, rel=1e-6), term


# --- nonindependence: one column that cannot be worked out beside others that can ------------


def flat_for_wives(acitelli_csv: str, path: Path) -> Path:
    """The Acitelli couples with every wife's 'simhob' set to 1 (a question only husbands were
    asked, say): no correlation between partners exists for it, one exists for the rest."""
    header, rows = acitelli_rows(acitelli_csv)
    at = header.index("simhob")
    return write_rows(path, header, [[*r[:at], "1" if r[2] == "-1" else r[at]] for r in rows])


@needs_r
@pytest.mark.parametrize("as_json", [False, True])
def test_a_column_without_spread_in_one_role_leaves_the_others_to_be_reported_as_r_does(
    acitelli_csv: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], as_json: bool
) -> None:
    """`--variable simhob --variable satisfaction --role gender`: the first column's wives all
    answered alike, and the command stopped with status 2 and printed nothing for the second,
    which R's cor.test works out; it now reports the second, names the first and exits 1."""
    path = flat_for_wives(acitelli_csv, tmp_path / "flat.csv")
    script = r"""
d <- read.csv(commandArgs(TRUE)[1])
w <- d[d$gender == -1, ]; h <- d[d$gender == 1, ]
h <- h[match(w$cuplid, h$cuplid), ]
t <- cor.test(w$satisfaction, h$satisfaction)
cat(format(c(t$estimate, t$statistic, t$p.value, t$conf.int), digits = 15), "\n")
cat(sd(w$simhob), "\n")
"""
    first, second = run_r(tmp_path, script, str(path)).splitlines()
    r, t, p, low, high = (float(v) for v in first.split())
    assert float(second) == 0.0  # R has no correlation for simhob either
    argv = ["nonindependence", str(path), "--dyad", "cuplid", "--variable", "simhob"]
    argv += ["--variable", "satisfaction", "--role", "gender", *(["--json"] if as_json else [])]
    assert main(argv) == 1
    captured = capsys.readouterr()
    assert (
        "'simhob': everyone with gender=-1 has the same score, so there is nothing to "
        "correlate; 'simhob' is left out, and the other columns are reported"
    ) in captured.err
    if as_json:
        ours = json.loads(captured.out)
        assert list(ours) == ["satisfaction"]
        figures = ours["satisfaction"]
        assert figures["estimate"] == pytest.approx(r, abs=1e-12)
        assert figures["statistic"] == pytest.approx(t, rel=1e-10)
        assert figures["p_value"] == pytest.approx(p, rel=1e-8)
        assert [figures["ci_low"], figures["ci_high"]] == pytest.approx([low, high], abs=1e-12)
    else:
        assert f"satisfaction    148   {r:.4f}     {t:.3f}    146  <0.0001  [{low:.4f}, " in (
            captured.out
        )
        assert "simhob" not in captured.out


def test_every_column_that_cannot_be_worked_out_is_named_and_stops_the_command(
    acitelli_csv: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = flat_for_wives(acitelli_csv, tmp_path / "flat.csv")
    header, rows = acitelli_rows(str(path))
    path = write_rows(tmp_path / "flat2.csv", [*header, "same"], [[*r, "3"] for r in rows])
    argv = ["nonindependence", str(path), "--dyad", "cuplid", "--variable", "simhob"]
    assert main([*argv, "--variable", "same", "--role", "gender"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "'simhob': everyone with gender=-1 has the same score" in captured.err
    assert "; 'same': everyone with gender=-1 has the same score" in captured.err


# --- apim-mediation --json: the two models under the file's own names ------------------------

R_OUTCOME_MODEL = r"""
suppressMessages(library(nlme))
d <- read.csv(commandArgs(TRUE)[1])
key <- paste(d$cuplid, d$gender)
other <- paste(d$cuplid, -d$gender)
d$m_P <- d$tension[match(other, key)]; d$x_P <- d$other_pos[match(other, key)]
d$r1 <- as.numeric(d$gender == 1); d$r0 <- 1 - d$r1
m <- gls(satisfaction ~ 0 + r0 + r1 + r0:tension + r1:tension + r0:m_P + r1:m_P
  + r0:other_pos + r1:other_pos + r0:x_P + r1:x_P, data = d,
  correlation = corCompSymm(form = ~ 1 | cuplid), weights = varIdent(form = ~ 1 | gender))
tt <- summary(m)$tTable
for (i in seq_len(nrow(tt))) cat(rownames(tt)[i], format(tt[i, 1:2], digits = 15), "\n")
"""


@needs_r
def test_mediation_json_names_its_two_models_by_the_files_columns_as_gls_fits_them(
    acitelli_csv: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--json` gave the two models under the names of an inner table: the outcome model's
    "outcome" was "m", its effects "x[role=-1]" and "x_partner[role=1]"; now they carry the
    file's names, and each is the coefficient gls gives for that column."""
    argv = ["apim-mediation", acitelli_csv, "--dyad", "cuplid", "--x", "other_pos"]
    argv += ["--m", "tension", "--y", "satisfaction", "--role", "gender", "--bootstrap", "0"]
    assert main([*argv, "--json"]) == 0
    ours = json.loads(capsys.readouterr().out)
    mediator, outcome = ours["mediator_model"], ours["outcome_model"]
    assert (mediator["outcome"], mediator["actor"], mediator["role"]) == (
        "tension",
        "other_pos",
        "gender",
    )
    assert (outcome["outcome"], outcome["actor"], outcome["role"]) == (
        "satisfaction",
        "tension",
        "gender",
    )
    r = {
        name: (float(estimate), float(se))
        for name, estimate, se in (
            line.split() for line in run_r(tmp_path, R_OUTCOME_MODEL, acitelli_csv).splitlines()
        )
    }
    ours_by_r = {"tension": "actor", "m_P": "partner", "other_pos": "other_pos"}
    ours_by_r |= {"x_P": "other_pos_partner"}
    assert len(outcome["fixed"]) == len(r) == 10
    for term, (estimate, se) in r.items():
        role, *rest = term.split(":")
        level = {"r0": "-1", "r1": "1"}[role]
        effect = outcome["fixed"][f"{ours_by_r[rest[0]] if rest else 'intercept'}[gender={level}]"]
        assert effect["estimate"] == pytest.approx(estimate, rel=1e-6), term
        assert effect["se"] == pytest.approx(se, rel=1e-6), term
    for level in ("-1", "1"):
        direct = ours["paths"][f"c' partner[gender={level}]"]["estimate"]
        assert outcome["fixed"][f"other_pos_partner[gender={level}]"]["estimate"] == direct


def test_mediation_json_does_not_call_a_column_named_m_the_mediator(
    acitelli_csv: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """With X in a column called "m" and M in one called "x", the JSON's mediator model said
    its outcome was "m": the X column, by the file's names."""
    header, rows = acitelli_rows(acitelli_csv)
    header = [{"other_pos": "m", "tension": "x"}.get(name, name) for name in header]
    path = write_rows(tmp_path / "named.csv", header, rows)
    argv = ["apim-mediation", str(path), "--dyad", "cuplid", "--x", "m", "--m", "x"]
    assert main([*argv, "--y", "satisfaction", "--bootstrap", "0", "--json"]) == 0
    ours = json.loads(capsys.readouterr().out)
    assert ours["mediator_model"]["outcome"] == "x"
    assert ours["mediator_model"]["actor"] == "m"
    assert set(ours["outcome_model"]["fixed"]) == {
        "intercept",
        "actor",
        "partner",
        "m",
        "m_partner",
    }


# --- every key of every --json is in the command reference -----------------------------------

#: Objects whose keys are the data's own (effects, role values, columns, scales, items), to the
#: depth given: below them the keys are the command's again.
OWN_KEYS = {
    "fixed": 1,
    "k": 1,
    "residual_sd": 1,
    "paths": 1,
    "effects": 1,
    "means": 1,
    "sds": 1,
    "intercept_sd": 1,
    "items": 1,
    "factors": 1,
    "groups": 1,
    "item_rest_r": 1,
    "reliability": 1,
    "omega": 1,
    "keying_problems": 1,
    "norms": 1,
    "percentiles": 1,
    "standardized_loadings": 2,
    "evaluated": 2,
}


def json_keys(data: object, own: int = 0) -> set[str]:
    """The command's keys in ``data``, leaving out the data's own (``own`` levels of them)."""
    found: set[str] = set()
    if isinstance(data, dict):
        for key, value in data.items():
            if own:
                found |= json_keys(value, own - 1)
            else:
                found.add(key)
                found |= json_keys(value, OWN_KEYS.get(key, 0))
    elif isinstance(data, list):
        for value in data:
            found |= json_keys(value)
    return found


def json_reference() -> set[str]:
    text = (ROOT / "docs" / "cli.md").read_text()
    section = text.split("### What `--json` gives", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"`([^`]+)`", section))


def research_runs(acitelli_csv: str, tmp: Path) -> dict[str, list[str]]:
    from tests.core.test_outside_check_r_three import fewer_scales, perception_answers

    perception_answers(tmp / "answers.csv")
    form = fewer_scales(tmp, ("self", "bond"))
    write_diary(simulate_diary(10, 5, missing=0.0, seed=1), tmp / "diary.csv")
    data = [acitelli_csv, "--dyad", "cuplid"]
    apim = ["apim", *data, "--outcome", "satisfaction", "--actor", "other_pos"]
    return {
        "apim": [*apim, "--k-interval", "--bootstrap", "20"],
        "apim with a role": [*apim, "--role", "gender", "--covariate", "Yearsmar"],
        "apim-mediation": [
            *("apim-mediation", *data, "--x", "other_pos", "--m", "tension"),
            *("--y", "satisfaction", "--role", "gender", "--bootstrap", "20"),
        ],
        "apim-power": [
            *("apim-power", "--dyads", "40", "--actor", "0.4", "--partner", "0.3"),
            *("--role", "--target", "0.6", "--replications", "10"),
        ],
        "nonindependence": ["nonindependence", *data, "--variable", "satisfaction"],
        "nonindependence with a role": [
            *("nonindependence", *data, "--variable", "satisfaction", "--role", "gender"),
        ],
        "diary": [
            *("diary", str(tmp / "diary.csv"), "--dyad", "dyad", "--person", "person"),
            *("--day", "day", "--outcome", "y", "--actor", "x", "--role", "role"),
        ],
        "psychometrics": [
            *("psychometrics", str(tmp / "answers.csv"), "--instrument", str(form)),
        ],
        "validate": [
            *("validate", str(tmp / "answers.csv"), "--instrument", str(form)),
            *("--json", str(tmp / "validity.json")),
        ],
    }


def test_every_key_of_every_json_is_in_the_command_reference(
    acitelli_csv: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The reference named a few keys of each command's --json, in passing; a script had to
    guess the rest (`statistic` for t, `n_params`, what `search.analytic` holds). Each key of
    each command is now in the reference, and each output is strict JSON."""
    documented = json_reference()

    def strict(constant: str) -> object:
        raise AssertionError(f"{constant} is not JSON")

    for name, argv in research_runs(acitelli_csv, tmp_path).items():
        code = main(argv if name == "validate" else [*argv, "--json"])
        assert code == 0, name
        out = capsys.readouterr().out
        text = (tmp_path / "validity.json").read_text() if name == "validate" else out
        data = json.loads(text, parse_constant=strict)
        top = 1 if name.startswith(("nonindependence", "psychometrics")) else 0
        missing = sorted(json_keys(data, top) - documented)
        assert not missing, (name, missing)


# --- k's interval from a handful of couples ----------------------------------------------------


def couples(n: int, path: Path) -> Path:
    rng = np.random.default_rng(n)
    x = rng.normal(size=(n, 2))
    y = 0.5 * x + 0.2 * x[:, ::-1] + rng.normal(size=(n, 1)) + rng.normal(size=(n, 2))
    rows = [
        [d + 1, "fm"[k], repr(float(x[d, k])), repr(float(y[d, k]))]
        for d in range(n)
        for k in range(2)
    ]
    with path.open("w", newline="") as handle:
        csv.writer(handle).writerows([["dyad", "role", "x", "y"], *rows])
    return path


@pytest.mark.parametrize(("n", "ways"), [(3, "10"), (5, "126"), (9, "24,310")])
def test_a_k_interval_from_fewer_than_ten_couples_is_said_not_to_be_relied_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], n: int, ways: str
) -> None:
    """Three couples gave k an interval from 2000 resamples with no word that resampling three
    couples gives at most ten different data sets (R's boot draws them the same way)."""
    path = couples(n, tmp_path / "few.csv")
    argv = ["apim", str(path), "--dyad", "dyad", "--outcome", "y", "--actor", "x"]
    assert main([*argv, "--k-interval", "--bootstrap", "200"]) == 0
    out = capsys.readouterr().out
    assert (
        f"note: with only {n} couples to resample, no more than {ways} different resamples "
        "exist, so the interval cannot be relied on however many are drawn; it needs 10 "
        "couples or more"
    ) in out
    assert main([*argv, "--k-interval", "--bootstrap", "200", "--json"]) == 0
    interval = json.loads(capsys.readouterr().out)["k_interval"]
    assert (interval["n_dyads"], interval["few_dyads"]) == (n, True)


def test_a_k_interval_from_ten_couples_has_no_such_note(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = couples(10, tmp_path / "ten.csv")
    argv = ["apim", str(path), "--dyad", "dyad", "--outcome", "y", "--actor", "x"]
    assert main([*argv, "--role", "role", "--k-interval", "--bootstrap", "200"]) == 0
    assert "couples to resample" not in capsys.readouterr().out
    fit = k_ratio(load_csv(path), dyad="dyad", outcome="y", actor="x", n_resamples=20)
    assert (fit.n_dyads, fit.few_dyads, fit.different_resamples) == (10, False, 92378)


# --- both partners given the same role ----------------------------------------------------------


@pytest.mark.parametrize("lone", [False, True])
def test_partners_given_the_same_role_are_named_with_their_rows(
    acitelli_csv: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], lone: bool
) -> None:
    """A husband entered as a wife: the refusal said "in 1 dyad(s) (cuplid: '22')"; it now
    names the value both were given and their rows, also when some partner has no row and the
    couples were paired from a part of the file."""
    header, rows = acitelli_rows(acitelli_csv)
    rows = [list(row) for row in rows]
    rows[11][2] = "-1"  # couple 22's husband, rows 11 and 12
    if lone:
        del rows[1]  # couple 3's husband: his wife stands alone
    path = write_rows(tmp_path / "roles.csv", header, rows)
    assert main(["apim", str(path), *APIM, "--role", "gender"]) == 2
    at = "rows 10 and 11 (lines 11 and 12" if lone else "rows 11 and 12 (lines 12 and 13"
    assert (
        "role 'gender' must give each dyad one '-1' and one '1'; both members share a role in 1 "
        f"dyad: cuplid '22', both '-1', at {at} of the file)"
    ) in capsys.readouterr().err
