"""The research commands on files as real tools write them (the command-line audit of
2026-12-05, ``clifiles``): Excel (UTF-8 with its byte-order mark, CRLF, empty columns after the
last, a quoted comment over two lines, semicolons), R's ``write.csv`` (quoted header, ``NA``
and a first column of row names with no name), SPSS (``.`` for missing), pandas (``nan``,
``NaN``, a blank cell and the index as a first column with no name) and a tab-separated file.
Each gives the figures of the plain file, or is refused in one line saying what to change.
``test_outside_check_r_eight.py`` holds the same files against R."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from interdepend.cli import main
from interdepend.core.cfa import intended_structure, simulate_responses
from interdepend.core.instrument import load_builtin

APIM = ["--dyad", "cuplid", "--outcome", "satisfaction", "--actor", "other_pos"]
INVENTORY = "interdependence_inventory_v2"

#: A table as text: the header, then rows whose missing cells are ``None``.
Rows = tuple[list[str], list[list[str | None]]]
Writer = Callable[[Path, Rows], Path]


def _lines(path: Path, lines: list[str], *, bom: bool = False, crlf: bool = False) -> Path:
    ending = "\r\n" if crlf else "\n"
    text = "".join(line + ending for line in lines)
    path.write_text(text, encoding="utf-8-sig" if bom else "utf-8", newline="")
    return path


def as_plain(path: Path, table: Rows) -> Path:
    """The reference: commas, ``NA`` where missing, as R's ``write.csv(row.names = FALSE)``."""
    header, rows = table
    return _lines(path, [",".join(header)] + [",".join(c or "NA" for c in r) for r in rows])


def as_excel(path: Path, table: Rows) -> Path:
    """Excel's "CSV UTF-8": byte-order mark, CRLF, empty cells where missing, a comment column
    whose cells are sometimes quoted over two lines, and two empty columns after the last (a
    cell further right was used once and cleared)."""
    header, rows = table
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow([*header, "comment", "", ""])
        for k, row in enumerate(rows):
            note = "first line\r\nsecond line" if k % 7 == 0 else ""
            writer.writerow([*(c or "" for c in row), note, "", ""])
    return path


def as_excel_semicolons(path: Path, table: Rows) -> Path:
    """Excel set to a language whose lists take semicolons, with whole numbers (no decimal
    commas), byte-order mark, CRLF and two empty columns after the last."""
    header, rows = table
    lines = [";".join(header) + ";;"] + [";".join(c or "" for c in r) + ";;" for r in rows]
    return _lines(path, lines, bom=True, crlf=True)


def as_r(path: Path, table: Rows) -> Path:
    """R's ``write.csv(d, path)``: every name and row name quoted, the row names as a first
    column named ``""``, ``NA`` where missing."""
    header, rows = table
    lines = [",".join(f'"{h}"' for h in ["", *header])]
    lines += [",".join([f'"{k + 1}"', *(c or "NA" for c in r)]) for k, r in enumerate(rows)]
    return _lines(path, lines)


def as_pandas(path: Path, table: Rows) -> Path:
    """pandas' ``to_csv`` after reading with missing values as Stata and NumPy print them:
    the index as a first column with no name, ``nan``, ``NaN`` and a blank cell in turn."""
    header, rows = table
    markers = ["nan", "NaN", " "]
    lines = [",".join(["", *header])]
    lines += [
        ",".join([str(k), *(c if c is not None else markers[(k + j) % 3] for j, c in enumerate(r))])
        for k, r in enumerate(rows)
    ]
    return _lines(path, lines)


def as_spss(path: Path, table: Rows) -> Path:
    """A CSV saved from SPSS: ``.`` for a system-missing value."""
    header, rows = table
    return _lines(path, [",".join(header)] + [",".join(c or "." for c in r) for r in rows])


def as_tsv(path: Path, table: Rows) -> Path:
    header, rows = table
    lines = ["\t".join(header)] + ["\t".join(c or "" for c in r) for r in rows]
    return _lines(path.with_suffix(".tsv"), lines)


WRITERS: dict[str, Writer] = {
    "excel": as_excel,
    "excel-semicolons": as_excel_semicolons,
    "r-write-csv": as_r,
    "pandas": as_pandas,
    "spss": as_spss,
    "tsv": as_tsv,
}


def couples(acitelli_csv: str, *, gaps: bool = True) -> Rows:
    """The Acitelli couples with 15 outcomes missing, both of couple 3's among them (a couple
    left out) and one of each of 13 others' (couples with one member left); none missing
    without ``gaps``."""
    with open(acitelli_csv, newline="") as handle:
        header, *body = csv.reader(handle)
    gone = {0, 1, *range(10, 270, 20)} if gaps else set()
    at = header.index("satisfaction")
    rows: list[list[str | None]] = [list(r) for r in body]
    for k in gone:
        rows[k][at] = None
    return header, rows


def answers(n: int = 240, seed: int = 5, missing: float = 0.04) -> Rows:
    """Answers to the inventory's 66 statements drawn from its four scales, reverse-keyed
    statements answered the other way, ``missing`` of the cells left blank."""
    instrument = load_builtin(INVENTORY)
    structure = intended_structure(instrument)
    rng = np.random.default_rng(seed)
    phi = np.full((4, 4), 0.3) + 0.7 * np.eye(4)
    x = simulate_responses(structure, np.full(len(structure.items), 0.65), phi, n, rng)
    reverse = {item.id: item.reverse for item in instrument.items}
    x = np.where([reverse[i] for i in structure.items], 8 - x, x)
    gap = rng.random(x.shape) < missing
    rows: list[list[str | None]] = [
        [f"p{k}", *(None if gap[k, j] else str(v) for j, v in enumerate(row))]
        for k, row in enumerate(x)
    ]
    return ["respondent", *structure.items], rows


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def figures(data: dict[str, Any]) -> dict[str, Any]:
    """An ``apim --json`` answer without the options given."""
    return {k: v for k, v in data.items() if k not in {"outcome", "actor"}}


# --- the same figures from every tool's file ---------------------------------------------


@pytest.mark.parametrize("kind", sorted(WRITERS))
def test_apim_on_each_tools_file_gives_the_plain_files_figures(
    acitelli_csv: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    """R's ``write.csv`` and pandas' ``to_csv`` write row names as a first column with no
    name; that file was refused ("column 1 has no name in the header but holds values")."""
    table = couples(acitelli_csv)
    plain = run(["apim", str(as_plain(tmp_path / "plain.csv", table)), *APIM, "--json"], capsys)
    path = WRITERS[kind](tmp_path / f"{kind}.csv", table)
    code, out, err = run(["apim", str(path), *APIM, "--json"], capsys)
    assert code == 0, err
    assert json.loads(out) == json.loads(plain[1])
    assert json.loads(out)["n_incomplete_dyads"] == 13
    assert json.loads(out)["n_dyads_left_out"] == 1
    named = "the first column has no name, as the row names R's write.csv" in err
    assert named == (kind in {"r-write-csv", "pandas"})


@pytest.mark.parametrize("kind", sorted(WRITERS))
def test_nonindependence_and_mediation_on_each_tools_file_give_the_plain_files_figures(
    acitelli_csv: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    for table, argv in (
        (
            couples(acitelli_csv),
            ["nonindependence", "--variable", "satisfaction", "--role", "gender"],
        ),
        (
            couples(acitelli_csv, gaps=False),
            ["apim-mediation", "--x", "self_pos", "--m", "other_pos", "--y", "tension"],
        ),
    ):
        command, *options = argv
        more = [*options, "--dyad", "cuplid", "--json"]
        if command == "apim-mediation":
            more += ["--bootstrap", "40"]
        plain = run([command, str(as_plain(tmp_path / "plain.csv", table)), *more], capsys)
        path = WRITERS[kind](tmp_path / f"{kind}.csv", table)
        code, out, err = run([command, str(path), *more], capsys)
        assert code == 0, err
        assert json.loads(out) == json.loads(plain[1])


@pytest.mark.parametrize("kind", sorted(WRITERS))
def test_psychometrics_and_score_on_each_tools_file_give_the_plain_files_figures(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    """``score`` refused Excel's empty columns after the last ("the header repeats column
    ''"), where every research command drops them."""
    table = answers()
    plain_path = as_plain(tmp_path / "plain.csv", table)
    path = WRITERS[kind](tmp_path / f"{kind}.csv", table)
    reliability = ["psychometrics", "--instrument", INVENTORY, "--json"]
    plain = run([reliability[0], str(plain_path), *reliability[1:]], capsys)
    code, out, err = run([reliability[0], str(path), *reliability[1:]], capsys)
    assert code == 0, err
    assert json.loads(out) == json.loads(plain[1])
    score = ["--instrument", INVENTORY, "-o"]
    assert (
        run(["score", str(plain_path), *score, str(tmp_path / "plain-scores.csv")], capsys)[0] == 0
    )
    code, _, err = run(["score", str(path), *score, str(tmp_path / "scores.csv")], capsys)
    assert code == 0, err
    assert "scored 240 of 240 row(s)" in err
    assert "''" not in err
    expected = (tmp_path / "plain-scores.csv").read_text()
    assert (tmp_path / "scores.csv").read_text() == expected


def test_score_names_the_columns_it_leaves_aside_but_not_the_nameless_ones(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Excel's comment column is named; its two empty columns, which have no name, are not
    listed as '', '' (they said nothing to whoever read the note)."""
    path = as_excel(tmp_path / "sheet.csv", answers(n=12, missing=0.0))
    code, _, err = run(
        ["score", str(path), "--instrument", INVENTORY, "-o", str(tmp_path / "o")], capsys
    )
    assert code == 0
    assert "note: not items, so left aside: 'comment'\n" in err


def test_a_column_with_values_but_no_name_further_on_is_still_refused(
    acitelli_csv: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Only the first column is taken for row names: a name lost from the middle of the
    header is said, with where its first value is."""
    header, rows = couples(acitelli_csv)
    header = [*header[:2], "", *header[3:]]
    code, out, err = run(
        ["apim", str(as_plain(tmp_path / "lost.csv", (header, rows))), *APIM], capsys
    )
    assert code == 2 and out == ""
    assert err.startswith("interdepend: ") and err.count("\n") == 1
    assert "column 3 has no name in the header but holds values (row 1, line 2" in err


# --- files with nothing, or too little, in them ------------------------------------------

COMMANDS: dict[str, list[str]] = {
    "apim": APIM,
    "nonindependence": ["--dyad", "cuplid", "--variable", "satisfaction"],
    "apim-mediation": ["--dyad", "cuplid", "--x", "self_pos", "--m", "other_pos", "--y", "tension"],
    "diary": ["--dyad", "cuplid", "--person", "gender", "--day", "simhob"]
    + ["--outcome", "satisfaction", "--actor", "other_pos"],
    "psychometrics": ["--instrument", INVENTORY],
    "validate": ["--instrument", INVENTORY],
    "score": ["--instrument", INVENTORY],
}


def few_rows(acitelli_csv: str, folder: Path, how: str) -> Path:
    with open(acitelli_csv, newline="") as handle:
        lines = handle.read().splitlines()
    path = folder / f"{how}.csv"
    text = {
        "empty": "",
        "blank lines": "\r\n\r\n",
        "header only": lines[0] + "\r\n",
        "header and blank rows": lines[0] + "\n,,,,,,,\n\n",
        "one row": "\n".join(lines[:2]) + "\n",
    }[how]
    path.write_text(text, encoding="utf-8", newline="")
    return path


@pytest.mark.parametrize(
    "how", ["empty", "blank lines", "header only", "header and blank rows", "one row"]
)
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_file_with_no_data_is_refused_in_one_line(
    acitelli_csv: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str, how: str
) -> None:
    path = few_rows(acitelli_csv, tmp_path, how)
    out_file = tmp_path / "scores.csv"
    extra = ["-o", str(out_file)] if command == "score" else []
    code, out, err = run([command, str(path), *COMMANDS[command], *extra], capsys)
    assert code == 2, err
    assert out == "" and not out_file.exists()
    lines = [line for line in err.splitlines() if not line.startswith("note: ")]
    assert len(lines) == 1 and lines[0].startswith("interdepend: "), err
    assert "Traceback" not in err


# --- what cannot be read as the file means it ------------------------------------------


def test_a_declared_missing_code_is_refused_where_it_cannot_be_an_answer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Nothing declares -99 as missing: on a 1-7 scale it is refused by its cell, never
    averaged in."""
    header, rows = answers(n=30, missing=0.0)
    rows[4][3] = "-99"
    path = as_plain(tmp_path / "coded.csv", (header, rows))
    code, out, err = run(["psychometrics", str(path), "--instrument", INVENTORY], capsys)
    assert code == 2 and out == ""
    assert f"row 5 (line 6 of the file), column {header[3]!r}: -99 is not a whole number" in err


def test_a_missing_code_in_a_model_column_is_named_beside_the_figures(
    acitelli_csv: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    header, rows = couples(acitelli_csv)
    coded: list[list[str | None]] = [[c if c is not None else "-99" for c in r] for r in rows]
    code, _, err = run(
        ["apim", str(as_excel(tmp_path / "coded.csv", (header, coded))), *APIM], capsys
    )
    assert code == 0
    assert "column 'satisfaction' holds -99 in 15 rows, first at row 1 (line 2 of the file)" in err
    assert "if it marks a missing value, empty those cells or write NA" in err
    assert "or read it as missing with --na -99" in err


# --- a missing-value code declared with --na ------------------------------------------------


@pytest.mark.parametrize("code", ["-99", "-99.0", "999"])
def test_a_code_given_to_na_reads_as_missing_in_every_command_that_fits_a_model(
    acitelli_csv: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], code: str
) -> None:
    """SPSS and survey tools write -99 for no answer, and R reads it as missing with
    ``na.strings``: there was no way to say so here but editing the file (left open from stop
    57 to 59). With ``--na`` the figures are those of the file with the cells left empty."""
    header, rows = couples(acitelli_csv)
    coded: list[list[str | None]] = [[c if c is not None else code for c in r] for r in rows]
    for argv in (
        ["apim", *APIM],
        ["nonindependence", "--variable", "satisfaction", "--role", "gender", "--dyad", "cuplid"],
    ):
        command, *options = argv
        plain = run(
            [command, str(as_plain(tmp_path / "plain.csv", (header, rows))), *options, "--json"],
            capsys,
        )
        path = as_excel(tmp_path / "coded.csv", (header, coded))
        done, out, err = run(
            [command, str(path), *options, "--na", "-99", "--na=999", "--json"], capsys
        )
        assert done == 0, err
        assert json.loads(out) == json.loads(plain[1])
        given = "999" if code == "999" else "-99"
        other = "-99" if code == "999" else "999"
        assert f"note: {path}: 15 cells holding {given} read as missing" in err
        assert f"note: {path}: no cell holds {other}: check the value given to --na" in err
        assert "far from its other values" not in err


def test_na_reads_a_code_as_missing_in_the_answers_of_psychometrics(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    header, rows = answers(n=60, missing=0.05)
    coded: list[list[str | None]] = [[c if c is not None else "-99" for c in r] for r in rows]
    argv = ["--instrument", INVENTORY, "--json"]
    plain = run(
        ["psychometrics", str(as_plain(tmp_path / "plain.csv", (header, rows))), *argv], capsys
    )
    path = as_plain(tmp_path / "coded.csv", (header, coded))
    done, out, err = run(["psychometrics", str(path), *argv, "--na", "-99"], capsys)
    assert done == 0, err
    assert json.loads(out) == json.loads(plain[1])
    assert "cells holding -99 read as missing" in err


@pytest.mark.parametrize("empty", ["", "  "])
def test_an_empty_na_is_refused_in_one_line(
    acitelli_csv: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], empty: str
) -> None:
    path = as_plain(tmp_path / "plain.csv", couples(acitelli_csv))
    done, out, err = run(["apim", str(path), *APIM, f"--na={empty}"], capsys)
    assert done == 2 and out == ""
    lines = [line for line in err.splitlines() if not line.startswith("note: ")]
    assert lines == [
        "interdepend: --na: a missing-value code cannot be empty: an empty cell is one"
    ]


def test_every_command_that_reads_a_data_file_whole_offers_na() -> None:
    import contextlib
    import io

    for command in (
        "apim",
        "apim-mediation",
        "nonindependence",
        "diary",
        "psychometrics",
        "validate",
    ):
        said = io.StringIO()
        with contextlib.redirect_stdout(said), contextlib.suppress(SystemExit):
            main([command, "--help"])
        assert "--na VALUE" in said.getvalue(), command


def test_decimal_commas_are_refused_with_the_number_they_would_be(
    acitelli_csv: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Excel set to a European language writes 4,6 for 4.6 in a file of semicolons. R's
    ``read.csv`` reads such a column as text, which ``gls`` cannot fit either; we say so."""
    header, rows = couples(acitelli_csv)
    commas = [[c.replace(".", ",") if c else c for c in r] for r in rows]
    path = as_excel_semicolons(tmp_path / "europe.csv", (header, commas))
    code, out, err = run(["apim", str(path), *APIM], capsys)
    assert code == 2 and out == "" and err.count("\n") == 1
    assert "column 'satisfaction', row 3 (line 4 of the file): '3,166666667' is not a number" in err
    assert (
        "(it looks like a decimal comma: numbers need a decimal point, as in '3.166666667'" in err
    )


def test_the_same_seed_draws_the_same_couples_whichever_reader_took_the_file(
    acitelli_csv: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A file of plain numbers is read as numbers, one with a quote or a word as text; the text
    reader put couple "10" before couple "3", so the bootstrap's seed drew other couples and
    Kenny's k got another interval from the same couples (0.0349 for 0.0511 as a mediation
    SE)."""
    table = couples(acitelli_csv, gaps=False)
    k = [*APIM, "--k-interval", "--bootstrap", "60", "--seed", "3", "--json"]
    plain = json.loads(run(["apim", str(as_plain(tmp_path / "plain.csv", table)), *k], capsys)[1])
    quoted = json.loads(run(["apim", str(as_r(tmp_path / "r.csv", table)), *k], capsys)[1])
    assert quoted["k_interval"] == plain["k_interval"]


def test_a_pairwise_files_partner_column_given_as_a_covariate_is_said_to_be_the_partner_effect(
    acitelli_csv: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A file in the pairwise layout (own columns ``_A``, the partner's ``_P``) fits as the
    individual one does with the ``_A`` columns; given its ``_P`` column as a covariate too,
    the message listed what else can make effects collinear and said nothing of that."""
    header, rows = couples(acitelli_csv, gaps=False)
    by_couple: dict[str, list[list[str | None]]] = {}
    for row in rows:
        by_couple.setdefault(str(row[0]), []).append(row)
    names = ["cuplid", "gender", "satisfaction_A", "other_pos_A", "other_pos_P"]
    at = [header.index(n) for n in ("cuplid", "gender", "satisfaction", "other_pos")]
    pairwise: list[list[str | None]] = []
    for one, other in by_couple.values():
        for me, you in ((one, other), (other, one)):
            pairwise.append([*(me[k] for k in at), you[at[3]]])
    path = as_plain(tmp_path / "pairwise.csv", (names, pairwise))
    own = ["--dyad", "cuplid", "--outcome", "satisfaction_A", "--actor", "other_pos_A", "--json"]
    code, out, _ = run(["apim", str(path), *own], capsys)
    plain = run(["apim", acitelli_csv, *APIM, "--json"], capsys)[1]
    assert code == 0
    assert json.loads(out)["fixed"] == json.loads(plain)["fixed"]
    code, out, err = run(["apim", str(path), *own, "--covariate", "other_pos_P"], capsys)
    assert code == 2 and out == ""
    assert "(here: partner and other_pos_P)" in err
    assert "or the partner's predictor (as a file in the pairwise layout holds it" in err


def test_a_column_with_blank_cells_is_read_without_going_cell_by_cell(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """One blank answer sent a whole column to the reader that looks at each cell in Python:
    ``psychometrics`` on 100,000 people's 66 answers with 1 % blank took 5.6 s of CPU, 4.1 s
    once the blanks are found first."""
    from interdepend.core.dyadic import Table

    table = Table({"a": np.array(["1", " ", "NA", "7", ".", "nan", "3.5"])})

    def cell_by_cell(*_: object) -> float:
        raise AssertionError("read cell by cell")

    monkeypatch.setattr(Table, "_parse", cell_by_cell)
    values = table.numeric("a", allow_missing=True)
    assert values[[0, 3, 6]].tolist() == [1.0, 7.0, 3.5]
    assert np.isnan(values[[1, 2, 4, 5]]).all()


def test_a_nan_with_a_sign_is_not_taken_for_a_missing_value() -> None:
    """``-nan`` is no missing-value marker; NumPy reads it as NaN, so it was quietly a blank."""
    from interdepend.core.dyadic import NonNumericValueError, Table

    with pytest.raises(NonNumericValueError, match="row 2: '-nan' is not a number"):
        Table({"a": np.array(["1", "-nan", "2"])}).numeric("a", allow_missing=True)


def labelled(table: Rows) -> Rows:
    """The answers as a survey tool or SPSS saves them with value labels: words, not numbers."""
    words = ["never", "rarely", "seldom", "sometimes", "often", "mostly", "always"]
    header, rows = table
    return header, [[r[0], *(words[int(c) - 1] if c else c for c in r[1:])] for r in rows]


@pytest.mark.parametrize("command", ["psychometrics", "validate"])
def test_answers_saved_as_the_answer_scales_words_say_to_save_the_numbers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    """The hint was the one for a model's predictor: "a category enters as 0/1 columns, one for
    each of its values but one", which is no way to read "often" as an answer."""
    path = as_plain(tmp_path / "labels.csv", labelled(answers(n=30, missing=0.0)))
    code, out, err = run([command, str(path), "--instrument", INVENTORY], capsys)
    assert code == 2 and out == "" and err.count("\n") == 1
    assert "is not a number (no answer in it is a number" in err
    assert "save the answers as numbers from 1 to 7" in err
    assert "0/1 columns" not in err


def test_score_says_to_save_the_numbers_of_answers_saved_as_words(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = as_plain(tmp_path / "labels.csv", labelled(answers(n=3, missing=0.0)))
    code, _, err = run(
        ["score", str(path), "--instrument", INVENTORY, "-o", str(tmp_path / "o")], capsys
    )
    assert code == 1
    assert "is not a number: answers are numbers from 1 to 7, so save the answer scale's" in err


def as_qualtrics(path: Path, table: Rows) -> Path:
    """Qualtrics' CSV: the column names, then each question's text, then its import id."""
    header, rows = table
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerow([f"Question {k}: how true is it?" for k in range(len(header))])
        writer.writerow([f'{{"ImportId":"QID{k}"}}' for k in range(len(header))])
        writer.writerows([[c or "" for c in r] for r in rows])
    return path


@pytest.mark.parametrize("command", ["psychometrics", "validate", "apim"])
def test_a_survey_tools_rows_of_words_under_the_header_are_said_to_be_deleted(
    acitelli_csv: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    """It said only "'Question 1: how true is it?' is not a number", in a column of numbers."""
    table = couples(acitelli_csv) if command == "apim" else answers(n=30, missing=0.0)
    path = as_qualtrics(tmp_path / "survey.csv", table)
    options = APIM if command == "apim" else ["--instrument", INVENTORY]
    code, out, err = run([command, str(path), *options], capsys)
    assert code == 2 and out == "" and err.count("\n") == 1
    assert "row 1 (line 2 of the file): 'Question " in err
    assert "the first rows under the header may be words a survey tool writes there" in err
    assert "delete those rows, keeping the header" in err


def test_a_word_further_down_a_column_of_numbers_gets_no_word_on_survey_tools(
    acitelli_csv: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    header, rows = couples(acitelli_csv)
    rows[4][header.index("satisfaction")] = "high"
    code, _, err = run(
        ["apim", str(as_plain(tmp_path / "word.csv", (header, rows))), *APIM], capsys
    )
    assert code == 2
    assert err.endswith("row 5 (line 6 of the file): 'high' is not a number\n")
