"""The ``instruments check`` and ``score`` commands, run through ``main()`` on temporary files."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from interdepend import cli
from tests.core.assessment_personas import V1

# The CSV machinery is the same for every version; these tests use version 1's columns.
INVENTORY = V1.instrument
ALEX = V1.alex
SELF_CONTAINED = V1.self_contained

HEADER = ",".join(["respondent", *INVENTORY.item_ids])


@pytest.fixture(autouse=True)
def only_assessment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep these tests free of the web layer: register only this area's commands."""
    monkeypatch.setattr(cli, "AREAS", ("assessment",))


def line(name: str, answers: dict[str, int | None]) -> str:
    return ",".join([name, *(str(answers[i]) for i in INVENTORY.item_ids)])


def write(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "responses.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def test_instruments_check_prints_a_summary(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["instruments", "check"]) == 0
    out = capsys.readouterr().out
    assert "interdependence_inventory_v1 1.0.0 (inventory, 52 items)" in out
    assert "enmeshment   pole      16        5    31%" in out
    assert "interdependence_inventory_v2 2.0.0 (inventory, 66 items)" in out
    assert "coverage: 41 traits" in out and "mirror pairs kept on purpose: bn01/dt07" in out
    assert "4 instrument(s) valid" in out


def test_instruments_check_reports_a_bad_file_without_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "mine.toml"
    bad.write_text('id = "x"\nkind = "inventory"\n', encoding="utf-8")
    assert cli.main(["instruments", "check", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("interdepend: mine.toml: ") and "Traceback" not in err


def test_score_writes_the_output_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = write(tmp_path, line("alex", ALEX), line("kai", SELF_CONTAINED))
    out = tmp_path / "scores.csv"
    code = cli.main(["score", str(source), "--instrument", INVENTORY.id, "-o", str(out)])
    assert code == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [(r["respondent"], r["dynamic"]) for r in rows] == [
        ("alex", "interdependent"),
        ("kai", "distant_leaning"),
    ]
    assert "scored 2 of 2 row(s)" in capsys.readouterr().err
    assert not (tmp_path / "scores.csv.part").exists()


def test_score_to_stdout(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        cli.main(["score", str(write(tmp_path, line("a", ALEX))), "--instrument", INVENTORY.id])
        == 0
    )
    assert capsys.readouterr().out.splitlines()[0].startswith("respondent,self,bond,")


def test_bad_rows_are_reported_and_exit_is_non_zero(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write(tmp_path, line("a", ALEX), "b,8" + ",1" * 51, line("c", ALEX))
    out = tmp_path / "scores.csv"
    assert cli.main(["score", str(source), "--instrument", INVENTORY.id, "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "row 2 (line 3 of the file), column 's01': '8' is outside 1-7" in err
    assert "scored 2 of 3 row(s)" in err and "1 failed" in err
    assert len(out.read_text(encoding="utf-8").splitlines()) == 3


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["score", "absent.csv", "--instrument", "interdependence_inventory_v1"], "no such file"),
        (["score", "{source}", "--instrument", "nope"], "no instrument 'nope'"),
    ],
)
def test_missing_file_or_unknown_instrument_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    source = write(tmp_path, line("a", ALEX))
    argv = [a.replace("{source}", str(source)) for a in args]
    assert cli.main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_bad_header_leaves_no_output_behind(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "responses.csv"
    source.write_text("who,s01\nx,3\n", encoding="utf-8")
    out = tmp_path / "scores.csv"
    assert cli.main(["score", str(source), "--instrument", INVENTORY.id, "-o", str(out)]) == 2
    assert "no 'respondent' column" in capsys.readouterr().err
    assert not out.exists() and not (tmp_path / "scores.csv.part").exists()


def test_score_names_the_language_of_the_statements(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write(tmp_path, line("alex", ALEX))
    english, spanish = tmp_path / "en.csv", tmp_path / "es.csv"
    assert cli.main(["score", str(source), "--instrument", INVENTORY.id, "-o", str(english)]) == 0
    assert "language: en (the original statements)" in capsys.readouterr().err
    arguments = ["score", str(source), "--instrument", INVENTORY.id, "-o", str(spanish)]
    assert cli.main([*arguments, "--language", "es"]) == 0
    err = capsys.readouterr().err
    assert f"language: es (translation 1.0.0 of {INVENTORY.id} 1.0.0, not yet validated)" in err
    assert spanish.read_text() == english.read_text()  # the same scores whatever the language
    assert cli.main([*arguments, "--language", "xx"]) == 0
    assert "xx asked, but" in capsys.readouterr().err


def test_an_instrument_file_that_is_not_text_is_named_without_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    binary = tmp_path / "bin.toml"
    binary.write_bytes(b"\xff\xfe\x00\x01 not text")
    assert cli.main(["instruments", "check", str(binary)]) == 2
    assert "bin.toml: not a UTF-8 text file" in capsys.readouterr().err


def test_an_output_or_input_the_system_refuses_is_one_line_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write(tmp_path, line("a", ALEX))
    folder = tmp_path / "scores.csv"
    folder.mkdir()
    argv = ["score", str(source), "--instrument", INVENTORY.id, "-o", str(folder)]
    assert cli.main(argv) == 2
    err = capsys.readouterr().err
    # the path she gave, not the ".part" file beside it, and before any row is scored
    assert err == f"interdepend: cannot write {folder}: it is a folder, not a file\n"
    assert not list(tmp_path.glob("*.part"))


def test_score_names_item_columns_absent_or_never_answered(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The note said only "1 item column(s) absent", and a column left empty in every row was
    not mentioned at all, though its scale was then blank for everyone (the outside check of
    2026-12-04)."""
    gone, empty = INVENTORY.item_ids[3], INVENTORY.item_ids[7]
    kept = [i for i in INVENTORY.item_ids if i != gone]
    rows = [
        ",".join([name, *("" if i == empty else str(answers[i]) for i in kept)])
        for name, answers in (("alex", ALEX), ("kai", SELF_CONTAINED))
    ]
    source = tmp_path / "responses.csv"
    source.write_text("\n".join([",".join(["respondent", *kept]), *rows]) + "\n", "utf-8")
    assert cli.main(["score", str(source), "--instrument", INVENTORY.id]) == 0
    err = capsys.readouterr().err
    assert f"note: the file has no column for item(s) {gone}\n" in err
    assert f"note: no one answered item(s) {empty}: check" in err
    assert "scored 2 of 2 row(s)" in err


def test_score_has_no_note_for_a_column_someone_answered(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write(tmp_path, line("alex", {**ALEX, INVENTORY.item_ids[7]: None}), line("kai", ALEX))
    source.write_text(source.read_text("utf-8").replace("None", ""), "utf-8")
    assert cli.main(["score", str(source), "--instrument", INVENTORY.id]) == 0
    err = capsys.readouterr().err
    assert "no one answered" not in err and "no column" not in err


def test_a_folder_given_as_the_responses_is_named_a_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "responses.csv"
    folder.mkdir()
    assert cli.main(["score", str(folder), "--instrument", INVENTORY.id]) == 2
    assert "responses.csv is a folder, not a file" in capsys.readouterr().err


def test_score_reads_utf16_unicode_text_as_its_utf8_copy(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A spreadsheet's "Unicode text" (UTF-16 with its byte-order mark, tab-separated) was
    refused as "not a UTF-8 text file" (the statistics audit of 2026-12-04)."""
    source = write(tmp_path, line("alex", ALEX), line("kai", SELF_CONTAINED))
    assert cli.main(["score", str(source), "--instrument", INVENTORY.id]) == 0
    plain = capsys.readouterr().out
    wide = tmp_path / "unicode.txt"
    wide.write_text(source.read_text(encoding="utf-8").replace(",", "\t"), encoding="utf-16")
    assert cli.main(["score", str(wide), "--instrument", INVENTORY.id]) == 0
    assert capsys.readouterr().out == plain
    latin = tmp_path / "latin.csv"
    latin.write_bytes(source.read_bytes().replace(b"alex", "al\u00e9x".encode("latin-1")))
    assert cli.main(["score", str(latin), "--instrument", INVENTORY.id]) == 2
    assert "line 2: the file is not UTF-8 text" in capsys.readouterr().err
