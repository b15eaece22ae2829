"""A PDF she downloads under the plain look names no app: not its file name, not its title (a
PDF viewer shows it as the document's name, and a phone's file list may too), not its footer.

Under the app's own look the report keeps its names. The cover's words ("Interdependence
Inventory") are the instrument's, and a whole word is looked for: ``Interdepend`` alone.
"""

from __future__ import annotations

import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from interdepend.web.accounts.models import HomeScreenLook, User
from tests.conftest import Personas
from tests.helpers import Response, as_user

pytestmark = pytest.mark.django_db

APP = re.compile(r"\bInterdepend\b")


def _look(person: User, look: str, language: str = "en") -> User:
    person.home_screen_look = look
    person.language = language
    person.save(update_fields=["home_screen_look", "language"])
    return person


def _download(person: User, name: str, *args: str) -> Response:
    response = as_user(person).get(reverse(name, args=args))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return response


def _read(response: Response) -> tuple[str, dict[str, str], list[str]]:
    """The file name it is saved under, the PDF's metadata and the text of each page."""
    found = re.fullmatch(r'attachment; filename="([^"]+)"', response["Content-Disposition"])
    assert found is not None
    reader = PdfReader(io.BytesIO(response.content))
    meta = {str(key): str(value) for key, value in (reader.metadata or {}).items()}
    return found.group(1), meta, [page.extract_text() for page in reader.pages]


def _footers(pages: list[str], words: str) -> int:
    """The pages after the cover whose text holds the footer ``words``."""
    return sum(words in " ".join(text.split()) for text in pages[1:])


REPORTS = {
    # the report's address, who downloads it, whose name the footer carries
    "person": ("assessment:report", "alice", "Alice"),
    "couple": ("couple:report", "alice", "Alice & Bob"),
    "practitioner": ("practice:couple_report", "pat", "Alice & Bob"),
}
PLAIN = {
    "person": ("notes.pdf", {"en": "Notes", "es": "Notas"}),
    "couple": ("notes-shared.pdf", {"en": "Shared notes", "es": "Notas compartidas"}),
    "practitioner": ("notes-shared.pdf", {"en": "Shared notes", "es": "Notas compartidas"}),
}
OWN = {
    "person": ("interdepend-my-report.pdf", "Interdepend: a personal report"),
    "couple": ("interdepend-couple-report.pdf", "Interdepend: a couple report"),
    "practitioner": ("interdepend-couple-report.pdf", "Interdepend: a couple report"),
}


def _fetch(personas: Personas, report: str, look: str, language: str = "en") -> Response:
    name, who, _footer = REPORTS[report]
    reader = _look(getattr(personas, who), look, language)
    if report == "person":
        return _download(reader, name, personas.finished_attempt_id)
    if report == "practitioner":
        return _download(reader, name, personas.practice.ids["alice_link"])
    return _download(reader, name)


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("report", sorted(REPORTS))
def test_under_the_plain_look_a_report_names_no_app(
    personas: Personas, report: str, language: str
) -> None:
    response = _fetch(personas, report, HomeScreenLook.NEUTRAL, language)
    filename, meta, pages = _read(response)
    named = [value for value in [filename, *meta.values(), *pages] if APP.search(value)]
    footer = REPORTS[report][2]
    footers = _footers(pages, footer if language == "en" else footer.replace(" & ", " y "))
    print(
        f"\nplain {report} report ({language}): {filename}, title {meta.get('/Title')!r}, "
        f"footer on {footers} of {len(pages) - 1} pages after the cover, "
        f"{len(named)} places naming the app"
    )
    assert (filename, meta.get("/Title")) == (PLAIN[report][0], PLAIN[report][1][language])
    assert not named
    assert footers == len(pages) - 1  # the footer is still there, without the app's name


@pytest.mark.parametrize("report", sorted(REPORTS))
def test_under_the_app_look_a_report_keeps_its_names(personas: Personas, report: str) -> None:
    response = _fetch(personas, report, HomeScreenLook.INTERDEPEND)
    filename, meta, pages = _read(response)
    assert (filename, meta.get("/Title")) == OWN[report]
    footer = f"Interdepend · {REPORTS[report][2]}"
    assert _footers(pages, footer) == len(pages) - 1
    # The footer's words stand only in the footer: never on the cover (a comment in the
    # stylesheet had hidden their rule, and they stood at the top of the first page instead).
    assert "Interdepend ·" not in pages[0]


def test_the_footer_and_title_follow_whoever_downloads(personas: Personas) -> None:
    """Alice's plain look makes her copy plain; Bob, who kept the app's look, gets his named."""
    _look(personas.alice, HomeScreenLook.NEUTRAL)
    _, mine, _ = _read(_download(personas.alice, "couple:report"))
    _, his, _ = _read(_download(personas.bob, "couple:report"))
    assert (mine["/Title"], his["/Title"]) == ("Shared notes", "Interdepend: a couple report")
