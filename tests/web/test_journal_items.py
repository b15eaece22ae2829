"""The journal's lists of entries and its row of links, drawn in Python
(``journal/templatetags/journal_items.py``), against the templates they replaced (issue 15's
tenth pass): byte for byte, in English and Spanish and in two time zones, for no entry, one and
a long list, with entries of one day, texts that cannot be opened, long texts, and questions,
texts and names full of markup, ampersands, quotes and right-to-left script."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.template import Context, Engine, Template, engines
from django.urls import reverse as _REAL_REVERSE  # the real one, while a test counts the calls
from django.utils import timezone, translation

from interdepend.web.journal.selectors import EntryView, PractitionerChoice, _same_days
from interdepend.web.journal.templatetags.journal_items import (
    journal_subnav,
    own_entry_items,
    shared_entry_items,
)
from tests.conftest import Personas

pytestmark = pytest.mark.django_db

REFERENCE = Path(__file__).parent / "reference"
OWN = (REFERENCE / "journal_own_entries.html").read_text().rstrip("\n")
SHARED = (REFERENCE / "journal_shared_entries.html").read_text().rstrip("\n")
SUBNAV = (REFERENCE / "journal_subnav.html").read_text()

ODD = "<script>alert('x')</script> & \"quoted\" 'single' שלום عليكم \u202e <b>bold</b>"
LONG = " ".join(f"word{n}" for n in range(60)) + " & <i>end</i>"


@pytest.fixture(params=[("en", "UTC"), ("es", "Pacific/Auckland")])
def where(request: pytest.FixtureRequest) -> Iterator[str]:
    language, zone = request.param
    with translation.override(language), timezone.override(zone):
        yield language


def _views(count: int) -> list[EntryView]:
    """``count`` entries, newest first, of every kind the list shows: two a day (so some share
    their day), shared or not, with practitioners or not, a question or not, texts short, long,
    odd, empty or not to be opened."""
    start = datetime(2026, 11, 30, 23, 40, tzinfo=UTC)
    moments = [start - timedelta(hours=11 * n) for n in range(count)]
    bodies = ["A calm day.", LONG, ODD, "", None, "two\n\nparagraphs\nand a line"]
    names = [(), ("Pat Lee (1)",), (f"{ODD} (2)", "Rory & Co (3)")]
    views = [
        EntryView(
            pk=n + 1,
            public_id=f"{n:02d}-_{'x' * 18}",
            prompt=[None, "What helped today?", ODD][n % 3],
            body=bodies[n % len(bodies)],
            created_at=moment,
            updated_at=moment,
            edited=False,
            partner_sees=n % 2 == 0,
            shared_earlier=False,
            practitioners=names[n % len(names)],
            unnamed_before=False,
        )
        for n, moment in enumerate(moments)
    ]
    same = _same_days([view.created_at for view in views])
    return [
        EntryView(**{**view.__dict__, "same_day": flag})
        for view, flag in zip(views, same, strict=True)
    ]


@pytest.mark.parametrize("count", [0, 1, 7, 25])
def test_her_entries_are_the_template_they_replaced(where: str, count: int) -> None:
    views = _views(count)
    reference = Template(OWN).render(Context({"entries": views}))
    drawn = str(own_entry_items(views))
    assert drawn == reference
    assert drawn.count("<li>") == count
    if count >= 7:
        assert "&lt;script&gt;" in drawn and "<script>" not in drawn
        assert "word39 …" in drawn and "word40" not in drawn  # forty words, then cut
        assert drawn.count("<bdi>") == count - count // 6  # one text cannot be opened


@pytest.mark.parametrize("count", [0, 1, 7, 25])
def test_the_entries_shared_with_him_are_the_template_they_replaced(where: str, count: int) -> None:
    views = _views(count)
    reference = Template(SHARED).render(Context({"entries": views}))
    drawn = str(shared_entry_items(views))
    assert drawn == reference
    assert drawn.count("<li>") == count
    if count >= 7:
        assert "&lt;script&gt;" in drawn and "<script>" not in drawn
        assert "<p>two</p>" in drawn and "paragraphs<br>and a line" in drawn


@pytest.mark.parametrize("here", ["home", "write", "shared", ""])
def test_the_row_of_links_is_the_template_it_replaced(where: str, here: str) -> None:
    reference = Template(SUBNAV).render(Context({"here": here}))
    assert str(journal_subnav(here)) == reference
    assert reference.count('aria-current="page"') == (1 if here else 0)


def test_the_words_follow_the_language() -> None:
    views = _views(1)
    with translation.override("en"):
        english = str(own_entry_items(views)) + str(journal_subnav("home"))
    with translation.override("es"):
        spanish = str(own_entry_items(views)) + str(journal_subnav("home"))
    assert "shared with your partner" in english and "Open" in english
    assert "shared with your partner" not in spanish and "My journal" not in spanish


def _share_reference() -> Engine:
    """Django's engine as the pages have it, its templates the card and its form as they were."""
    engine = engines["django"].engine  # type: ignore[attr-defined]  # the stubs leave it out
    return Engine(
        loaders=[
            (
                "django.template.loaders.locmem.Loader",
                {
                    "journal/_share.html": (REFERENCE / "journal_share.html").read_text(),
                    "journal/_share_form.html": (REFERENCE / "journal_share_form.html").read_text(),
                },
            )
        ],
        builtins=[b for b in engine.builtins if b not in Engine.default_builtins],
        libraries=engine.libraries,
    )


def _choices(count: int) -> list[PractitionerChoice]:
    names = ["Pat Lee", ODD, "Rory & Co", "مريم"]
    return [
        PractitionerChoice(f"link{n:02d}-_{'y' * 15}", names[n % len(names)], n % 2 == 1)
        for n in range(count)
    ]


@pytest.mark.parametrize(
    ("partner", "shares", "count", "has", "note"),
    [
        (None, (False, False, False, False), 0, False, ""),
        ("Ben", (True, False, False, False), 0, False, "Shared."),
        (ODD, (False, True, True, True), 0, True, ""),
        (ODD, (True, True, False, True), 4, True, ODD),
        ("", (False, False, True, False), 1, False, ""),
        (None, (False, False, False, True), 9, True, "Sharing stopped."),
    ],
)
def test_the_card_on_who_can_read_it_is_the_template_it_replaced(
    where: str,
    partner: str | None,
    shares: tuple[bool, bool, bool, bool],
    count: int,
    has: bool,
    note: str,
) -> None:
    """With and without a partner (his name full of markup), shared with him or not, shared
    with a former partner, with practitioners (some reading it, some not) or none allowed,
    marked for a practitioner before names, with and without a note; and no CSRF token."""
    partner_sees, shared_earlier, with_names, unnamed = shares
    choices = _choices(count)
    readers = tuple(c.name for c in choices if c.shared) if with_names else ()
    entry = EntryView(
        **{
            **_views(1)[0].__dict__,
            "partner_sees": partner_sees,
            "shared_earlier": shared_earlier,
            "practitioners": readers,
            "unnamed_before": unnamed,
        }
    )
    active = (
        None if partner is None else SimpleNamespace(partner=SimpleNamespace(display_name=partner))
    )
    for token in ("t0ken&<x>", None):
        values = {
            "entry": entry,
            "active": active,
            "practitioners": choices,
            "has_practitioner": has,
            "note": note,
            "csrf_token": token,
        }
        reference = _share_reference().get_template("journal/_share.html").render(Context(values))
        drawn = Template("{% load journal_items %}{% share_card %}").render(Context(values))
        assert drawn == reference
        assert drawn.count("<form ") == (1 if active else 0) + count
        assert "<script>" not in drawn


@pytest.mark.system_ids  # ids of every letter, as production draws them
@pytest.mark.parametrize("prefix", ["/", "/interdepend/"])
def test_an_entry_s_addresses_are_those_reverse_gives(prefix: str) -> None:
    """Each address that holds an entry's id, put together from its kept parts, is the one
    ``reverse`` gives, for ids of every letter an id may hold, under the site's root and under
    a prefix (a deployment below a path)."""
    from django.urls import reverse, set_script_prefix

    from interdepend.web.frame.publicid import new_public_id
    from interdepend.web.journal.templatetags import journal_items

    ids = [new_public_id() for _ in range(200)] + ["A" * 22, "-" * 22, "_" * 22, "z9" * 11]
    set_script_prefix(prefix)
    try:
        for name in journal_items._ENTRY_ADDRESSES:
            for public_id in ids:
                assert journal_items.entry_address(name, public_id) == reverse(
                    name, args=[public_id]
                )
    finally:
        set_script_prefix("/")


@pytest.mark.django_db
def test_an_entry_s_page_reverses_no_address_of_its_own(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The entry's page named its edit and delete addresses, and its card the sharing one,
    each through ``reverse`` on every view (about 0.04 ms each); they are put together from
    parts kept per map of addresses, and the page is the same."""
    entry_id, first, again = _viewed_twice_counting_reversals(
        personas, monkeypatch, "journal:entry"
    )
    for name in ("journal:edit", "journal:delete", "journal:share"):
        assert f'"{_REAL_REVERSE(name, args=[entry_id])}"' in again
    assert _masked(again) == _masked(first)


def _viewed_twice_counting_reversals(
    personas: Personas, monkeypatch: pytest.MonkeyPatch, route: str
) -> tuple[str, str, str]:
    """Her newest entry's id and its page at ``route`` viewed twice, the second time with every
    ``reverse`` of an address holding that id counted: there must be none."""
    import django.urls
    from django.urls import reverse

    from interdepend.web.journal.models import Entry
    from interdepend.web.journal.templatetags import journal_items
    from tests.helpers import as_user

    alice = personas.alice
    entry = Entry.objects.filter(owner=alice).order_by("-created_at").first()
    assert entry is not None
    client = as_user(alice)
    page = reverse(route, args=[entry.public_id])
    first = client.get(page).content.decode()
    reversed_with_id: list[str] = []
    real = django.urls.reverse

    def counting(name: str, *args: object, **kwargs: object) -> str:
        found = real(name, *args, **kwargs)  # type: ignore[arg-type]  # passed on as given
        if entry.public_id in found:
            reversed_with_id.append(name)
        return found

    monkeypatch.setattr(django.urls, "reverse", counting)
    monkeypatch.setattr(journal_items, "reverse", counting)
    again = client.get(page).content.decode()
    assert reversed_with_id == []
    return entry.public_id, first, again


def _masked(page: str) -> str:
    """A page with its CSRF token's letters (new on every view) put out of the way."""
    return re.sub(r"[A-Za-z0-9]{64}", "TOKEN", page)


@pytest.mark.parametrize(
    ("partner", "count", "edited", "same_day"),
    [(None, 0, False, False), ("Ben", 0, True, True), (ODD, 3, True, False), ("", 9, False, True)],
)
@pytest.mark.parametrize("body", ["A calm day.", ODD, "", None, "two\n\nparagraphs\nand a line"])
@pytest.mark.parametrize("prompt", [None, "", ODD])
def test_an_entry_s_page_is_the_template_it_replaced(
    where: str,
    partner: str | None,
    count: int,
    edited: bool,
    same_day: bool,
    body: str | None,
    prompt: str | None,
) -> None:
    """An entry's page below its title, drawn in Python (issue 15's fourteenth pass), against
    the page's content as the template drew it: with and without a partner (his name full of
    markup), practitioners or none, changed later or not, sharing its day or not, every kind of
    text (markup, right-to-left script, empty, several paragraphs, not to be opened), with and
    without a question, with and without a CSRF token."""
    changed = datetime(2026, 12, 4, 23, 30, tzinfo=UTC)
    entry = EntryView(
        **{
            **_views(1)[0].__dict__,
            "prompt": prompt,
            "body": body,
            "edited": edited,
            "updated_at": changed if edited else _views(1)[0].updated_at,
            "same_day": same_day,
            "partner_sees": partner is not None,
            "practitioners": ("Pat Lee (1)",) if count else (),
        }
    )
    active = (
        None if partner is None else SimpleNamespace(partner=SimpleNamespace(display_name=partner))
    )
    reference_text = (REFERENCE / "journal_entry.html").read_text()
    engine = _share_reference()
    for token in ("t0ken&<x>", None):
        values = {
            "entry": entry,
            "active": active,
            "practitioners": _choices(count),
            "has_practitioner": bool(count) or partner == "",
            "csrf_token": token,
        }
        reference = engine.from_string(reference_text).render(Context(values))
        drawn = Template("{% load journal_items %}{% entry_page %}").render(Context(values))
        assert drawn == reference
        assert "<script>" not in drawn
        assert drawn.count("<form ") == (1 if active else 0) + count + 1
        assert ('class="hint">' in drawn.split("</h1>")[1].split("<div")[0]) is edited


def _home_reference() -> Engine:
    """Django's engine as the pages have it, *My journal*'s content and its pages as they were."""
    engine = engines["django"].engine  # type: ignore[attr-defined]  # the stubs leave it out
    return Engine(
        loaders=[
            (
                "django.template.loaders.locmem.Loader",
                {
                    "journal/home_content.html": (REFERENCE / "journal_home.html").read_text(),
                    "journal/_pages.html": (REFERENCE / "journal_pages.html").read_text(),
                },
            )
        ],
        builtins=[b for b in engine.builtins if b not in Engine.default_builtins],
        libraries=engine.libraries,
    )


@pytest.mark.parametrize(
    ("count", "number", "shown"),
    [(0, 1, 0), (3, 1, 3), (25, 1, 20), (25, 2, 5), (1250, 2, 20), (1250, 63, 10)],
)
@pytest.mark.parametrize("chosen", ["none", "listed", "unlisted"])
@pytest.mark.parametrize("with_months", [False, True])
def test_my_journal_is_the_template_it_replaced(
    where: str, count: int, number: int, shown: int, chosen: str, with_months: bool
) -> None:
    """*My journal* below its title, drawn in Python (issue 15's fourteenth pass), against its
    content and its pages as the template drew them: no entry, one page, many pages (the first,
    a middle one, the last), with and without the
    months to go to, no month chosen, one of them or one past them, and entries of every kind
    (hostile questions, texts and practitioners' names)."""
    from datetime import date

    from django.core.paginator import Paginator

    from interdepend.web.journal.templatetags.journal_items import journal_home

    page = Paginator(list(range(count)), 20).get_page(number)
    months = [date(2026 - n // 12, 12 - n % 12, 1) for n in range(14)] if with_months else []
    month = {"none": None, "listed": date(2026, 3, 1), "unlisted": date(2019, 1, 1)}[chosen]
    values = {"page": page, "entries": _views(shown), "month": month, "months": months}
    reference = _home_reference().get_template("journal/home_content.html").render(Context(values))
    drawn = str(journal_home(Context(values)))
    assert drawn == reference
    assert "<script>" not in drawn
    assert drawn.count('<a class="tap"') == shown
    assert ('<nav class="pages"' in drawn) is (shown > 0 and count > 20)
    assert drawn.count("<option ") == (len(months) + (month is None) if with_months else 0)


@pytest.mark.django_db
def test_an_entry_s_edit_page_reverses_no_address_of_its_own(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The edit page named its way back to the entry (*Cancel*) through ``{% url %}``, a
    ``reverse`` on every view (about 0.08 ms at load: issue 15's sixteenth pass); it is put
    together from the parts kept per map of addresses, and the page is the same."""
    entry_id, first, again = _viewed_twice_counting_reversals(personas, monkeypatch, "journal:edit")
    assert f'<a href="{_REAL_REVERSE("journal:entry", args=[entry_id])}">' in again
    assert _masked(again) == _masked(first)
