"""The files a person and a practitioner take away, read as they would open them (the walk of
the files of 2026-12-05).

A PDF is read as drawn: its text runs in the order they are painted, which is the order the
eye meets them along a line (pypdf's ``visitor_text``). A name in Arabic is a fair test of
both mistakes found: "مريم" read backwards is "ميرم", which no other word in a report holds.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import zipfile
from xml.etree import ElementTree

import pytest
from django.urls import reverse
from pypdf import PdfReader

from interdepend.web.accounts.models import User
from tests.conftest import PASSWORD, Personas
from tests.helpers import as_user

pytestmark = pytest.mark.django_db

NAME = "مريم"  # Maryam
PARTNER = "يونس"  # Yunus


def _named(person: User, name: str) -> None:
    person.display_name = name
    person.save(update_fields=["display_name"])


def _runs(content: bytes) -> list[list[str]]:
    """Each page's text runs, in the order they are painted."""
    pages: list[list[str]] = []
    for page in PdfReader(io.BytesIO(content)).pages:
        runs: list[str] = []

        def painted(text: str, *_: object, into: list[str] = runs) -> None:
            if text:
                into.append(text)

        page.extract_text(visitor_text=painted)
        pages.append(runs)
    return pages


def _report(personas: Personas, which: str) -> bytes:
    if which == "person":
        url = reverse("assessment:report", args=[personas.finished_attempt_id])
        reader = personas.alice
    elif which == "couple":
        url, reader = reverse("couple:report"), personas.alice
    else:
        url = reverse("practice:couple_report", args=[personas.practice.ids["alice_link"]])
        reader = personas.pat
    response = as_user(reader).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return bytes(response.content)


def _footer(runs: list[str]) -> str:
    """The page's footer, from the app's name to the page number, without spaces (pypdf
    places them unevenly around a run that changes direction)."""
    line = "".join(runs)
    start = line.rindex("Interdepend")
    return "".join(line[start:].split())


def test_a_right_to_left_name_keeps_its_place_in_a_reports_footer(personas: Personas) -> None:
    """The footer is "Interdepend · مريم · 29 Nov 2026": the name was let loose in a line of
    bare text, took the date's number to its own side and read "Interdepend · 29 · مريم Nov
    2026" on every page."""
    _named(personas.alice, NAME)
    pages = _runs(_report(personas, "person"))
    assert len(pages) > 1
    for runs in pages[1:]:
        assert _footer(runs).startswith(f"Interdepend·{NAME}·"), _footer(runs)


@pytest.mark.parametrize("which", ["couple", "practitioner"])
def test_two_right_to_left_names_keep_their_order_in_a_couples_footer(
    personas: Personas, which: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Written "مريم & يونس" with nothing around each name is one right-to-left run, drawn with the
    second name first; each name is its own isolate, so they stand in the order the cover
    gives them. (The PDF's text cannot tell the two orders apart: its one run of glyphs reads
    the same both ways, so the footer's words are read as the report is made of them.)"""
    from interdepend.web.frame import pdf

    made: list[str] = []
    real = pdf.html_to_pdf

    def keeping(html: str) -> bytes:
        made.append(html)
        return real(html)

    monkeypatch.setattr(pdf, "html_to_pdf", keeping)
    _named(personas.alice, NAME)
    _named(personas.bob, PARTNER)
    _report(personas, which)
    footer = made[0].split('<div class="footer-words" aria-hidden="true">')[1].split("</div>")[0]
    assert footer == f"Interdepend · \u2068{NAME}\u2069 &amp; \u2068{PARTNER}\u2069", footer


@pytest.mark.parametrize("which", ["person", "couple", "practitioner"])
def test_the_map_in_a_report_writes_a_right_to_left_name_as_the_page_does(
    personas: Personas, which: str
) -> None:
    """The map beside a dot names whose it is. The PDF maker draws a chart's words one letter
    at a time from left to right, so the report's map wrote "مريم" backwards, its letters apart,
    while the page's map (a browser) wrote it whole."""
    _named(personas.alice, NAME)
    pages = _runs(_report(personas, which))
    drawn = [run for runs in pages for run in runs]
    assert not [run for run in drawn if NAME[::-1] in run], "a name written backwards"
    # the map still names her: the cover and the footers aside, one run is her name alone
    alone = [run for runs in pages[1:] for run in runs if run.strip() == NAME]
    assert alone, drawn


def test_latin_words_stay_in_the_maps_image() -> None:
    """Only words the PDF maker would draw apart leave the image: a name in Latin letters is
    still drawn in it, as are the map's own words."""
    from interdepend.web.frame import pdf

    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="410" '
        'viewBox="0 0 400 410"><text x="322.3" y="87.2" font-size="16" fill="#2f5f7d" '
        'text-anchor="end" font-weight="bold">Zoë &amp; Ana</text>'
        '<text x="10" y="20" font-size="16">دانا</text>'
        '<text x="15" y="193" font-size="16" transform="rotate(-90 15 193)">Bond</text></svg>'
    )
    chart = pdf.chart(svg)
    assert [line.text for line in chart.words] == ["دانا"]
    assert chart.src != pdf.svg_data_uri(svg)
    style = chart.words[0].style
    assert "left: 3.00mm" in style and "font-size: 4.80mm" in style, style
    same = pdf.chart(svg.replace("دانا", "Dana"))
    assert same == pdf.Chart(pdf.svg_data_uri(svg.replace("دانا", "Dana")))


def test_a_downloads_csv_times_are_her_own_hours_as_a_spreadsheet_reads_them(
    personas: Personas,
) -> None:
    """A CSV cell read "2026-12-05T08:30:00.123456+00:00": a time in UTC to the millionth of a
    second, which a spreadsheet keeps as text and which she had to work back to her own hour.
    Each is now her own time, to the second, as a spreadsheet reads it; the README names the
    zone, and the JSON file keeps the exact moment."""
    from interdepend.web.together.models import Goal

    alice = personas.alice
    alice.time_zone = "Europe/Madrid"
    alice.save(update_fields=["time_zone"])
    goal = Goal.objects.filter(owner=alice).order_by("pk").first()
    assert goal is not None
    moment = datetime.datetime(2026, 7, 1, 21, 30, 5, 123456, tzinfo=datetime.UTC)
    # Her own words that read as a moment are hers, and stay exactly as she wrote them.
    typed = "2026-07-01T21:30:05+00:00"
    Goal.objects.filter(pk=goal.pk).update(created_at=moment, detail=typed)
    response = as_user(alice).post(reverse("datarights:export"), {"password": PASSWORD})
    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        readme = " ".join(archive.read("README.txt").decode().split())
        document = json.loads(archive.read("interdepend-data.json"))
        files = {
            name: archive.read(name).decode("utf-8-sig")
            for name in archive.namelist()
            if name.startswith("csv/")
        }
    goals = list(csv.DictReader(io.StringIO(files["csv/together_goal.csv"])))
    mine = [row for row in goals if row["id"] == str(goal.public_id)]
    assert [row["created_at"] for row in mine] == ["2026-07-01 23:30:05"]  # summer in Madrid
    assert [row["detail"] for row in mine] == [typed]
    assert "in your own time zone (Europe/Madrid)" in readme
    kept = [row for row in document["tables"]["together_goal"] if row["id"] == mine[0]["id"]]
    assert kept[0]["created_at"] == "2026-07-01T21:30:05.123456+00:00"
    # and no cell of any file is a moment written for a program
    for name, text in files.items():
        for row in csv.reader(io.StringIO(text)):
            for cell in row:
                if cell == typed:
                    continue
                assert not ("T" in cell and cell[:4].isdigit() and cell[10:11] == "T"), (name, cell)


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("kind", ["own", "couple"])
def test_a_long_name_stays_whole_on_the_map(language: str, kind: str) -> None:
    """A name may have 60 characters. On one line it was wider than any place beside the dot,
    so the map (the page's and the report's alike) ended it at its edge: "Maximiliana
    Constanza Everhart-Van". It now takes the lines it needs, each on the chart, and a name
    of one long word is broken too."""
    from interdepend import charts
    from interdepend.charts import MapPoint
    from tests.web.test_map_words import check, words_for

    long = "Maximiliana Constanza Everhart-Vandersloot de la Fuente Ruiz"
    word = "Maximilianaconstanzaeverhartvanderslootdelafuenteruiz"
    for name in (long, word):
        points = [MapPoint(name, 83, 87, 36, 21)]
        if kind == "couple":
            points.append(MapPoint("Jonah", 86, 54, 19, 73))
        drawn = check(points, words_for(language, kind))  # every label on the chart
        svg = charts.map_svg(points, words=words_for(language, kind))
        assert name not in svg  # not on one line
        shown = "".join(
            text.text or ""
            for text in ElementTree.fromstring(svg).iter("{http://www.w3.org/2000/svg}text")
            if text.get("font-weight") == "bold" and text.get("fill") == charts.PERSON_COLOURS[0]
        )
        assert name.replace(" ", "") in shown.replace(" ", ""), shown  # all of it, in order
        assert drawn.labels
