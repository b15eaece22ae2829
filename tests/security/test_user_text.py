"""User text is shown as typed, never interpreted (T15 and T25 for names and titles).

A display name or a title reaches the partner's pages, the charts (our own SVG) and the PDF
reports (WeasyPrint). None of them may read it as markup, mathtext or TeX, and none may answer
500 for it: the partner would see an error page, and learn nothing useful but the app's fault.
"""

from __future__ import annotations

import html
import io
from datetime import date
from xml.etree import ElementTree as ET

import pytest
from django.urls import reverse
from pypdf import PdfReader

from interdepend import charts
from tests.conftest import Personas
from tests.helpers import as_user

pytestmark = pytest.mark.django_db

#: Names that mathtext, TeX or an HTML parser would read as something other than text.
HOSTILE_NAMES = (
    r"$\frac{a}{b}$",
    r"$\undefined$",
    "$$",
    r"Jo\nAnn",
    "<script>alert(1)</script>",
    "50% $ & ^_{}",
)
#: Fewer for the pages: each one draws a PDF.
PAGE_NAMES = (r"$\frac{a}{b}$", r"<script>$\undefined$", "$$")


def _kept(text: str, svg: str) -> bool:
    return html.escape(text, quote=False) in svg


def _in_svg(text: str, svg: str) -> bool:
    """Drawn as typed: the chart parses as SVG (no markup got in) and one of its text nodes is
    the text itself, every sign kept, to be shown letter by letter."""
    root = ET.fromstring(svg)
    return _kept(text, svg) and any(node.text == text for node in root.findall(".//{*}text"))


def _pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_a_name_with_mathtext_is_drawn_as_typed_in_every_chart(name: str) -> None:
    point = charts.MapPoint(name, 40.0, 60.0, 20.0, 30.0)
    line = charts.WeeklyLine(name, [date(2026, 1, 5), date(2026, 1, 12)], [3, 4])
    drawn = {
        "map": charts.map_svg([point], title=name),
        "lines": charts.weekly_lines_svg([line], title=name),
        "balance": charts.balance_svg([date(2026, 1, 5)], [1], [2], labels=(name, name)),
        "carry-over": charts.carryover_svg([charts.Estimate(name, 0.1, -0.2, 0.3)], (-0.1, 0.1)),
        "bars": charts.bars_svg([name], [50.0], title=name),
    }
    for kind, svg in drawn.items():
        assert svg.startswith("<svg"), kind
        assert _in_svg(name, svg), f"{kind}: {name!r} not drawn as typed"


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_partner_named_with_mathtext_cannot_break_the_map_report_or_trends(
    personas: Personas, name: str
) -> None:
    bob = personas.bob
    bob.display_name = name
    bob.save()
    alice = as_user(personas.alice)
    answers = {
        path: alice.get(reverse(path))
        for path in (
            "couple:home",
            "couple:map",
            "couple:report",
            "together:trends",
            "together:us_svg",
            "together:carryover_svg",
        )
    }
    broken = {path: r.status_code for path, r in answers.items() if r.status_code >= 500}
    assert not broken, broken
    assert answers["couple:map"].status_code == 200
    assert _kept(name, answers["couple:map"].content.decode())
    assert _kept(name, answers["together:us_svg"].content.decode())
    page = answers["couple:home"].content.decode()
    assert html.escape(name, quote=True) in page
    assert "<script>" not in page
    assert name in _pdf_text(answers["couple:report"].content).replace("\n", "")
    assert _kept(name, as_user(bob).get(reverse("couple:map")).content.decode())


# Bidi controls: a name cannot reverse the text of someone else's page --------------------------

RLO, LRI = "\u202e", "\u2066"
PARTNER_PAGES = (
    ("home:home", ()),
    ("partners:us", ()),
    ("couple:home", ()),
    ("couple:perception", ()),
    ("couple:stop_sharing", ()),
    ("together:home", ()),
    ("together:goals", ()),
    ("together:bids", ()),
    ("together:boundaries", ()),
    ("together:checkin", ()),
    ("together:trends", ()),
    ("decide:index", ()),
    ("journal:shared", ()),
)


def test_bidi_controls_in_a_partners_name_cannot_reorder_the_partners_pages(
    personas: Personas,
) -> None:
    """A name stored before controls were dropped (or by any other way in) reaches no page
    with its controls, and is shown isolated from the sentence around it."""
    bob = personas.bob
    bob.display_name = f"Bob{RLO}gnirts{LRI}"
    bob.save()
    alice = as_user(personas.alice)
    pages = {name: alice.get(reverse(name, args=args)) for name, args in PARTNER_PAGES}
    pages["decide:detail"] = alice.get(reverse("decide:detail", args=[personas.decision_id]))
    assert all(r.status_code == 200 for r in pages.values()), {
        n: r.status_code for n, r in pages.items()
    }
    bodies = {name: r.content.decode() for name, r in pages.items()}
    with_controls = [n for n, body in bodies.items() if RLO in body or LRI in body]
    isolated = [n for n, body in bodies.items() if "<bdi>Bobgnirts</bdi>" in body]
    named = [n for n, body in bodies.items() if "Bobgnirts" in body]
    print(
        f"\nbidi: {len(bodies)} partner pages, {len(named)} name the partner, "
        f"{len(isolated)} isolate the name, {len(with_controls)} carry a control"
    )
    assert not with_controls, with_controls
    assert set(named) == set(isolated), set(named) - set(isolated)
    assert len(named) >= 8


def test_bidi_controls_typed_into_names_titles_and_options_are_dropped(
    personas: Personas,
) -> None:
    from interdepend.web.decide.models import Decision
    from interdepend.web.frame.usertext import ShortTextField
    from interdepend.web.together.models import Goal

    assert ShortTextField().clean(f" {RLO}Ann{LRI}a ") == "Anna"
    alice = as_user(personas.alice)
    alice.post(
        reverse("decide:create"),
        {"title": f"Trip{RLO} north", "options": f"Sea{RLO}\nHills{LRI}", "token": "bidi"},
    )
    decision = Decision.objects.get(form_token="bidi")
    assert decision.title == "Trip north" and decision.options == ["Sea", "Hills"]
    alice.post(reverse("together:goals"), {"title": f"{RLO}Sail", "detail": "", "idem": "bidi"})
    assert Goal.objects.filter(title="Sail").exists()


def test_a_name_with_an_invisible_character_is_saved_as_it_looks(personas: Personas) -> None:
    """ "Jonah" with a zero-width space looked exactly like "Jonah" on the password page naming
    who would see her result (the carry audit). Invisible characters are dropped; the joiners
    emoji and some scripts need are kept; a name of nothing visible is refused."""
    from interdepend.web.accounts.models import User
    from interdepend.web.frame.usertext import ShortTextField

    assert ShortTextField().clean("Jo\u200bnah\ufeff") == "Jonah"
    assert ShortTextField().clean("Ma\u00adya\u2060") == "Maya"
    family = "\U0001f469\u200d\U0001f467"  # a family emoji: its joiner stays
    assert ShortTextField().clean(family) == family
    alice = as_user(personas.alice)
    alice.post(reverse("accounts:details"), {"change": "name", "display_name": "Jo\u200bnah"})
    assert User.objects.get(pk=personas.alice.pk).display_name == "Jonah"
    alice.post(reverse("accounts:details"), {"change": "name", "display_name": "\u200b\u3164"})
    assert User.objects.get(pk=personas.alice.pk).display_name == "Jonah"
    for hidden in ("\u034f", "\u17b5", "\u2800"):
        assert ShortTextField().clean(f"Jo{hidden}nah") == "Jonah"


def test_invisible_characters_cannot_make_two_options_look_alike_or_hide_in_old_names(
    personas: Personas,
) -> None:
    """Options "Stay" and "Sta\u200by" passed the same-name check (the re-audit); a name
    stored before the cleaning shows without its invisible character."""
    from interdepend.web.accounts.models import User
    from interdepend.web.frame.templatetags.usertext import isolate

    alice = as_user(personas.alice)
    page = alice.post(
        reverse("decide:create"),
        {"title": "Where to", "options": "Stay\nSta\u200by", "token": "zw"},
    )
    assert "Two options have the same name" in page.content.decode()
    User.objects.filter(pk=personas.bob.pk).update(display_name="Bo\u200bb")
    assert isolate("Bo\u200bb") == "<bdi>Bob</bdi>"
    assert "Bo\u200bb" not in alice.get(reverse("partners:us")).content.decode()


class _Listener:
    """A web server on 127.0.0.1 that notes every address asked of it."""

    def __init__(self) -> None:
        import http.server
        import threading

        asked = self.asked = list[str]()

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                asked.append(self.path)
                self.send_response(404)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


def test_a_name_cannot_become_css_in_a_report_nor_make_the_server_fetch(
    personas: Personas,
) -> None:
    """A line break ended the footer's CSS string, and the rest of the name became CSS that
    WeasyPrint followed: the server fetched an address the name chose, each time the partner
    or the practitioner opened the couple report. The name is stored here as old data would
    be (the form now makes one line of it); the report shows it as typed and fetches nothing."""
    from interdepend.web.accounts.models import User
    from interdepend.web.frame.usertext import ShortTextField

    listener = _Listener()
    # Within the 60 characters a name may have (PostgreSQL holds the column to it).
    name = f'B&"<\n}}}}html{{background:url(http://127.0.0.1:{listener.port}/)}}'
    assert len(name) <= 60
    assert "\n" not in ShortTextField().clean(name)
    User.objects.filter(pk=personas.bob.pk).update(display_name=name)
    try:
        reports = [
            as_user(personas.alice).get(reverse("couple:report")),
            as_user(personas.practice.pat).get(
                reverse("practice:couple_report", args=[personas.practice.ids["alice_link"]])
            ),
        ]
        for report in reports:
            assert report.status_code == 200, report.status_code
            text = _pdf_text(report.content)
            assert 'B&"<' in text and "&amp;" not in text  # as typed, in the footer too
    finally:
        listener.server.shutdown()
    assert listener.asked == []
