"""The research command line where an outside checker tripped: a pipe closed early, advice
that named scales a form may not have, errors that said what was wrong but not what to do."""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from interdepend.cli import build_parser, main
from interdepend.core.cfa import (
    CfaError,
    InvarianceNotTestable,
    NotEnoughRows,
    Structure,
    example_pairs,
    fit_cfa,
    fit_invariance,
    paired_structure,
    simple_structure,
)
from interdepend.core.instrument import load_builtin, load_instrument

ROOT = Path(__file__).resolve().parents[2]
APIM = ["apim", "--dyad", "cuplid", "--outcome", "satisfaction", "--actor", "other_pos"]


def through_a_closed_pipe(argv: list[str]) -> subprocess.CompletedProcess[bytes]:
    """Run the real command with its standard output a pipe whose reader has already gone
    (``| head -0``, or ``| head -1`` once the first line is read), as a shell would."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    try:
        return subprocess.run(
            [sys.executable, "-m", "interdepend", *argv],
            stdout=write_end,
            stderr=subprocess.PIPE,
            env=env,
            timeout=120,
            check=False,
        )
    finally:
        os.close(write_end)


@pytest.mark.parametrize(
    "argv",
    [
        pytest.param(
            [
                "apim-power",
                "--dyads",
                "20",
                "--actor",
                "0.3",
                "--partner",
                "0.1",
                "--json",
                "--replications",
                "20",
            ],
            id="apim-power-json",
        ),
    ],
)
def test_a_reader_gone_early_ends_the_command_quietly_as_a_shell_tool(argv: list[str]) -> None:
    """Was exit status 1 (or 120 with "Exception ignored ... BrokenPipeError" when the output
    was still buffered at exit); now nothing on standard error and 128 + SIGPIPE, as
    ``seq 1000000 | head -1`` gives."""
    done = through_a_closed_pipe(argv)
    assert done.stderr.decode() == ""
    assert done.returncode == 141


def test_apim_json_into_a_closed_pipe_is_quiet(acitelli_csv: str) -> None:
    done = through_a_closed_pipe([APIM[0], acitelli_csv, *APIM[1:], "--json"])
    assert done.stderr.decode() == ""
    assert done.returncode == 141


def test_a_reader_that_takes_one_line_then_leaves(acitelli_csv: str) -> None:
    """``interdepend apim … | head -1`` with a real reader that stops after the first line."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    shell = subprocess.run(
        [
            "bash",
            "-c",
            'set -o pipefail; "$0" -m interdepend "$@" | head -1; echo "rc=$?" >&2',
            sys.executable,
            APIM[0],
            acitelli_csv,
            *APIM[1:],
        ],
        capture_output=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert shell.stdout.decode().startswith("APIM of satisfaction")
    assert shell.stderr.decode() in ("rc=0\n", "rc=141\n")  # 0 when all fit before head left


# --- validate --pairs: advice from the form's own scales --------------------------------------


def own_form(tmp_path: Path) -> tuple[str, str]:
    """An instrument file of a researcher's own, whose scales are self, bond, closeness and
    room (the inventory's, two renamed), and a CSV of answers to it."""
    import interdepend

    source = Path(interdepend.__file__).parent / "content" / "interdependence_inventory_v1.toml"
    text = source.read_text(encoding="utf-8")
    text = text.replace('"enmeshment"', '"closeness"').replace('"distance"', '"room"')
    mine = tmp_path / "mine.toml"
    mine.write_text(text, encoding="utf-8")
    instrument = load_instrument(mine)
    rng = np.random.default_rng(3)
    rows: list[list[object]] = [list(instrument.item_ids)]
    for _ in range(120):
        rows.append([int(rng.integers(1, 8)) for _ in instrument.item_ids])
    answers = tmp_path / "answers.csv"
    answers.write_text("\n".join(",".join(map(str, r)) for r in rows) + "\n", encoding="utf-8")
    return str(mine), str(answers)


@pytest.mark.parametrize("pairs", ["self+bond+closeness+room", "self,bond,closeness,room", "self+"])
def test_pairs_advice_names_the_forms_own_scales(
    pairs: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The advice said ``self+enmeshment,bond+distance`` whatever the form's scales were."""
    mine, answers = own_form(tmp_path)
    code = main(["validate", answers, "--instrument", mine, "--pairs", pairs])
    err = capsys.readouterr().err
    assert code == 2
    assert "self+bond,closeness+room" in err
    assert "enmeshment" not in err and "distance" not in err


def test_a_form_of_two_scales_is_told_no_grouping_differs() -> None:
    two = replace(
        load_builtin("interdependence_inventory_v1"),
        scales=load_builtin("interdependence_inventory_v1").scales[:2],
    )
    assert example_pairs(two) is None
    with pytest.raises(CfaError) as raised:
        paired_structure(two, [["self"], ["bond"]])
    assert str(raised.value) == (
        "the grouping gives each scale a factor of its own, which is the model of one factor per "
        "scale: with 2 scales, interdependence_inventory_v1 has no grouping but the two models "
        "fitted anyway (one factor for all items, one per scale): leave the grouping out"
    )
    assert example_pairs(load_builtin("interdependence_inventory_v2")) == (
        "self+enmeshment,bond+distance"
    )


# --- too few complete rows: what to do next -------------------------------------------------


def four_items() -> Structure:
    return simple_structure("1 factor", {"all": ["s01", "s02", "s03", "s04"]})


def test_too_few_complete_rows_say_how_many_are_needed_and_what_to_check() -> None:
    """The message said what was wrong (3 answered every item, 4 items need more than 4), not
    what to do about it."""
    rng = np.random.default_rng(5)
    x = rng.normal(size=(3, 4))
    with pytest.raises(NotEnoughRows) as raised:
        fit_cfa(x, four_items())
    message = str(raised.value)
    assert message.startswith("3 respondents answered every item; a model of 4 items needs ")
    assert "at least 5 people have answered every item" in message
    assert "blank or NA" in message


def test_a_role_too_small_for_invariance_says_how_many_it_needs() -> None:
    rng = np.random.default_rng(8)
    x = rng.normal(size=(30, 4))
    roles = ["a"] * 26 + ["b"] * 4
    with pytest.raises(InvarianceNotTestable) as raised:
        fit_invariance(x, roles, four_items(), column="role")
    assert str(raised.value) == (
        "role 'b' has 4 respondents who answered every item, and a model of 4 items needs more "
        "than 4 in each group (at least 5 of each role who answered every item; see whether "
        "some rows of 'b' left an item blank)"
    )


# --- apim-mediation: a model whose rho stops at the edge ---------------------------------------


def mediation_file(tmp_path: Path, *, same_y: bool) -> str:
    rng = np.random.default_rng(11)
    rows = ["d,x,m,y"]
    for d in range(1, 21):
        shared_y = float(rng.normal())
        for _ in (1, 2):
            x = float(rng.normal())
            m = 0.5 * x + float(rng.normal())
            y = shared_y if same_y else 0.4 * m + float(rng.normal())
            rows.append(f"{d},{x:.4f},{m:.4f},{y:.4f}")
    path = tmp_path / "mediation.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return str(path)


MEDIATION = ["--dyad", "d", "--x", "x", "--m", "m", "--y", "y", "--bootstrap", "20"]


def test_mediation_says_when_a_models_rho_stops_at_the_edge(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Both partners of each couple share one Y: the model of Y ends with rho at 1. ``apim``
    said so; ``apim-mediation`` printed its paths with no word."""
    assert main(["apim-mediation", mediation_file(tmp_path, same_y=True), *MEDIATION]) == 0
    out = capsys.readouterr().out
    assert (
        "note (in the model of Y): the partners' residuals correlate at the edge of what is "
        "possible" in out
    )
    assert "(in R, lm(y ~ m_1 + m_2 + x_1 + x_2))" in out
    assert "note (in the model of M)" not in out
    assert main(["apim-mediation", mediation_file(tmp_path, same_y=False), *MEDIATION]) == 0
    assert "edge of what is possible" not in capsys.readouterr().out


def test_apim_and_mediation_share_the_words_of_the_edge_note() -> None:
    """The note is written once, in ``cli.output``, and both commands call it."""
    import inspect

    from interdepend.cli import dyadic_more, research

    for module in (research, dyadic_more):
        source = inspect.getsource(module)
        assert "rho_edge_note(" in source
        assert "no best point the arithmetic can reach" not in source


# --- every research option's help, and docs/cli.md beside the parser ---------------------------

RESEARCH = (
    "apim",
    "nonindependence",
    "apim-mediation",
    "apim-power",
    "diary",
    "psychometrics",
    "validate",
)


def options(command: str) -> list[argparse.Action]:
    parser = build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    chosen: argparse.ArgumentParser = commands.choices[command]
    return [a for a in chosen._actions if not isinstance(a, argparse._HelpAction)]


def synopsis(command: str) -> str:
    """The command's line in docs/cli.md: ``interdepend COMMAND …`` up to its closing tick."""
    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    found = re.search(rf"^- `interdepend {re.escape(command)} ([^`]*)`", text, re.M)
    assert found, f"docs/cli.md has no line for {command}"
    return " ".join(found.group(1).split())


@pytest.mark.parametrize("command", RESEARCH)
def test_each_option_is_helped_by_a_full_sentence_with_its_default(command: str) -> None:
    """They read "default reml", "default 0", "the couple id column"; two defaults were not
    said at all."""
    for action in options(command):
        said = (action.help or "") % {"default": action.default}
        name = action.option_strings[-1] if action.option_strings else action.dest
        assert said[:1].isupper() and said.endswith("."), (name, said)
        assert len(said.split()) >= 4, (name, said)
        if action.default not in (None, False, []):
            assert f"The default is {action.default}" in said, (name, said)


@pytest.mark.parametrize("command", RESEARCH)
def test_docs_name_every_option_and_the_parsers_defaults(command: str) -> None:
    """docs/cli.md left ``--moderator``, ``--k-interval``, ``--bootstrap`` and ``--seed`` out
    of the apim line."""
    line = synopsis(command)
    known = {s for a in options(command) for s in a.option_strings if s.startswith("--")}
    named = set(re.findall(r"--[a-z][\w-]*", line))
    assert sorted(known - named) == [], f"docs/cli.md's {command} line leaves these out"
    assert sorted(named - known) == [], f"docs/cli.md's {command} line names what is not there"
    defaults = {s: a.default for a in options(command) for s in a.option_strings}
    for option, value in re.findall(r"\[(--[\w-]+)[^\[\]]*?\(default ([^)]+)\)\]", line):
        assert value == str(defaults[option]), (option, value)
