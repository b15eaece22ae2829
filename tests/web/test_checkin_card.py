"""The check-in page's card of the week her partner shared, drawn in Python
(``together/templatetags/checkinparts.py``), against the template part it replaced (kept in
``tests/web/reference/checkin_partner_week.html``): byte for byte, in English and Spanish, in
time zones either side of the date line (a week of last year is written with its year), every
answer given and none, this week and the one before, no words of what he needs, short and long
ones with line breaks, and a name and words full of markup, ampersands, quotes and
right-to-left text. Every test runs in a worker that kept nothing and in one that kept the check-in
form's parts as a worker starts."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.urls import get_script_prefix, reverse, set_script_prefix
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import get_language, gettext
from hypothesis import given
from hypothesis import settings as settings_hypothesis
from hypothesis import strategies as st

from interdepend.web.accounts.models import User
from interdepend.web.accounts.services import user_create
from interdepend.web.frame.addresses import url_map
from interdepend.web.frame.templatetags import formfields
from interdepend.web.partners import services as partners
from interdepend.web.partners.access import ActivePartnership, access_active_partnership
from interdepend.web.together import access, selectors, services
from interdepend.web.together.forms import ITEM_LABELS
from interdepend.web.together.models import ITEMS, CheckIn, Reminder
from interdepend.web.together.templatetags import checkinparts
from interdepend.web.together.templatetags.checkinparts import partner_week_card
from interdepend.web.together.views import _partner_week
from tests.conftest import PASSWORD
from tests.helpers import as_user
from tests.web.test_freshforms import forms_kept

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True, params=["nothing kept", "kept as a worker starts"])
def _worker(request: pytest.FixtureRequest) -> Iterator[None]:
    """Every test in a worker that kept nothing and in one warmed as a served worker is: the
    check-in form's scales and boxes are drawn from the kept parts then
    (``together.freshforms``, issue 15's eighteenth pass)."""
    if request.param == "nothing kept":
        yield
    else:
        yield from forms_kept()


REFERENCE = Template(
    (Path(__file__).parent / "reference" / "checkin_partner_week.html").read_text().rstrip("\n")
)
ODD = "<script>alert(\"x\")</script> & 'tea'\n\u05e9\u05dc\u05d5\u05dd\r\nend \u202e"
ODD_NAME = 'Jo<b>"nah"</b> & \u0645\u0631\u062d\u0628\u0627'


@pytest.fixture(
    params=[("en", "UTC"), ("es", "UTC"), ("en", "Pacific/Kiritimati"), ("es", "Pacific/Pago_Pago")]
)
def where(request: pytest.FixtureRequest) -> Iterator[str]:
    language, zone = request.param
    with translation.override(language), timezone.override(zone):
        yield language


def _couple(name: str) -> tuple[User, User]:
    maya = user_create(email="maya@example.test", password=PASSWORD, display_name="Maya")
    jonah = user_create(email="jonah@example.test", password=PASSWORD, display_name=name)
    invitation = partners.invitation_create(inviter=maya).invitation
    partners.invitation_accept(invitation=invitation, user=jonah)
    return maya, jonah


def _shared(jonah: User, week: object, values: dict[str, int | None], need: str) -> None:
    active = access_active_partnership(jonah)
    assert active is not None
    services.checkin_save(
        owner=jonah,
        week=week,  # type: ignore[arg-type]
        values=values,
        need=need,
        shared=True,
        partnership=active.partnership,
    )


ANSWERS = [
    {},
    {"own_time": 1, "supported": 7},
    {item: n + 1 for n, item in enumerate(ITEMS)},
]
NEEDS = ["", "A walk.", ODD, ("Time to think.\n\n" + ODD + " ") * 40]


def _his_week(maya: User, active: ActivePartnership, week: date) -> CheckIn | None:
    """His week as the page reads it (``together.access.weeks_and_reminder``)."""
    return access.weeks_and_reminder(maya.pk, week, active, week - timedelta(weeks=1))[1]


@pytest.mark.parametrize("name", ["Jonah", ODD_NAME])
@pytest.mark.parametrize("weeks_back", [0, 1, 53])
def test_the_card_is_the_template_it_replaced(where: str, name: str, weeks_back: int) -> None:
    maya, jonah = _couple(name)
    this_week = selectors.this_week()
    active = access_active_partnership(maya)
    assert active is not None
    for n, (values, need) in enumerate((a, b) for a in ANSWERS for b in NEEDS):
        week = this_week - timedelta(weeks=weeks_back)
        _shared(jonah, week, {k: v for k, v in values.items() if k in ITEMS}, need)
        # As the page reads it: his week, or the one before it; for a week of last year, the
        # card is drawn from the row as read.
        shown = _partner_week(active, week, _his_week(maya, active, week))
        assert shown is not None, n
        for partner_week in (shown, (shown[0], shown[1], not shown[2])):
            context = {"partner_week": partner_week, "active": active}
            reference = REFERENCE.render(Context(context))
            assert partner_week_card(partner_week, active.partner.display_name) == reference, n


def test_the_check_in_page_draws_his_week(where: str) -> None:
    maya, jonah = _couple(ODD_NAME)
    _shared(jonah, selectors.this_week(), {"own_time": 3}, ODD)
    page = as_user(maya).get("/together/check-in/").content.decode()
    active = access_active_partnership(maya)
    assert active is not None
    shown = _partner_week(
        active, selectors.this_week(), _his_week(maya, active, selectors.this_week())
    )
    reference = REFERENCE.render(Context({"partner_week": shown, "active": active}))
    assert reference.strip() and reference in page
    assert "<script>" not in page.split('aria-labelledby="partner-week-heading"')[1]


def _own_part(source: str) -> Template:
    """A check-in template without its ``{% extends %}``: its own blocks, as the page draws
    them."""
    return Template(source.replace('{% extends "base.html" %}\n', "", 1))


OLD_PAGE = _own_part(
    (Path(__file__).parent / "reference" / "together" / "checkin.html").read_text()
)
PAGE = Path(__file__).parent.parent.parent / "src" / "interdepend" / "web" / "together"


def _both(response: object) -> tuple[str, str]:
    context: dict[str, object] = {}
    for layer in response.context:  # type: ignore[attr-defined]
        context.update(layer.flatten())
    drawn = _own_part((PAGE / "templates" / "together" / "checkin.html").read_text())
    return OLD_PAGE.render(Context(context)), drawn.render(Context(context))


@pytest.mark.parametrize("name", ["Jonah", ODD_NAME])
def test_the_check_in_page_is_the_template_it_replaced(where: str, name: str) -> None:
    """Alone, linked, his week shared and not, her own week saved, and a week sent that asks
    for her password: the page's own part is the old template's, byte for byte."""
    maya, jonah = _couple(name)
    alone = user_create(email="carol@example.test", password=PASSWORD, display_name=ODD_NAME)
    week = selectors.this_week()
    states = []
    states.append(as_user(alone).get("/together/check-in/"))
    states.append(as_user(maya).get("/together/check-in/"))
    _shared(jonah, week - timedelta(weeks=1), {"own_time": 2}, ODD)
    states.append(as_user(maya).get("/together/check-in/"))
    _shared(jonah, week, {"voice": 5, "close": 7}, "")
    active = access_active_partnership(maya)
    assert active is not None
    services.checkin_save(
        owner=maya, week=week, values={"heard": 3}, need=ODD, shared=False, partnership=None
    )
    states.append(as_user(maya).get("/together/check-in/"))
    sent = {"week": week.isoformat(), "own_time": "4", "need": "tea", "shared": "on"}
    states.append(as_user(maya).post("/together/check-in/", sent))
    states.append(as_user(alone).post("/together/check-in/", {**sent, "own_time": "9"}))
    assert [r.status_code for r in states] == [200, 200, 200, 200, 400, 400]
    for response in states:
        old, new = _both(response)
        assert new == old
    # What each state shows, so that the comparison compares something.
    pages = [_both(r)[1] for r in states]
    assert "partner-week-heading" not in pages[1] and "partner-week-heading" in pages[2]
    assert "share-proof" in pages[4] and "&lt;script&gt;" in pages[2]


@pytest.mark.parametrize("name", ["Jonah", ODD_NAME])
def test_every_other_state_of_the_check_in_page_is_the_template_it_replaced(
    where: str, name: str
) -> None:
    """The page drawn in Python (``checkin_body``) against the old template in the states the
    test above does not reach: a saved week changed (her password asked, for the change alone,
    and for the change and a share), nothing answered, words of what she needs too long, a
    week saved from elsewhere meanwhile, a week gone, the reminder on, and a person alone
    changing her saved week."""
    maya, jonah = _couple(name)
    alone = user_create(email="carol@example.test", password=PASSWORD, display_name=ODD_NAME)
    week = selectors.this_week()
    _shared(jonah, week, {"voice": 5}, ODD)
    for person in (maya, alone):
        services.checkin_save(
            owner=person, week=week, values={"heard": 3}, need=ODD, shared=False, partnership=None
        )
    Reminder.objects.create(owner=maya, weekly_checkin=True)
    mark = services.checkin_mark(CheckIn.objects.get(owner=maya, week=week))
    sent = {"week": week.isoformat(), "seen": mark, "heard": "6", "need": ODD}
    states = [
        as_user(maya).post("/together/check-in/", sent),
        as_user(maya).post("/together/check-in/", {**sent, "shared": "on"}),
        as_user(maya).post("/together/check-in/", {"week": week.isoformat()}),
        as_user(maya).post("/together/check-in/", {**sent, "need": "x" * 2001}),
        as_user(maya).post("/together/check-in/", {**sent, "seen": "stale", "password": PASSWORD}),
        as_user(maya).post(
            "/together/check-in/", {**sent, "week": (week - timedelta(weeks=3)).isoformat()}
        ),
        as_user(maya).get("/together/check-in/"),
        as_user(alone).post("/together/check-in/", sent),
        as_user(alone).post("/together/check-in/", {**sent, "password": "not it"}),
    ]
    assert [r.status_code for r in states] == [400, 400, 400, 400, 409, 409, 200, 400, 400]
    pages = []
    for response in states:
        old, new = _both(response)
        assert new == old
        pages.append(new)
    # What each state shows, so that the comparison compares something.
    assert 'id="share-not-saved"' in pages[0] and "data-shown-with" not in pages[0]
    assert pages[1].count("&lt;script&gt;") >= 2 and "share-proof" in pages[1]
    assert 'role="alert"' in pages[2] and "id_need_error" in pages[3]
    assert "another tab or device" in pages[4] or "otra pestaña" in pages[4]
    assert 'name="weekly_checkin" checked' in pages[6]
    assert "checkin-shared-help" not in pages[7] and "share-proof" in pages[8]


def _reminder_as_drawn(context: Context) -> str:
    """The reminder's card as ``checkinparts._reminder`` drew it before its fixed parts were
    kept (issue 15's sixteenth pass), every word and the address looked up on each view."""
    checked = " checked" if context.get("reminder_on") else ""
    action = escape(reverse("together:reminder"))
    return (
        '<section class="card" aria-labelledby="reminder-heading">\n'
        f'  <h2 id="reminder-heading">{gettext("A weekly reminder")}</h2>\n'
        "  <p>"
        + gettext(
            "Off unless you turn it on (which asks for your password). On Mondays from nine, "
            "outside your quiet hours and only if you have not checked in yet, we send a short "
            "e-mail that says nothing about you, your answers or your partner."
        )
        + "</p>\n"
        f'  <form method="post" action="{action}">{formfields.csrf_input(context)}\n'
        '    <div class="field checkbox"><input type="checkbox" autocomplete="off" '
        f'id="reminder-on" name="weekly_checkin"{checked}>\n'
        '      <label for="reminder-on">'
        f"{gettext('Send me a weekly check-in reminder')}</label></div>\n"
        '    <p class="actions"><button type="submit" class="secondary">'
        f"{gettext('Save my reminder choice')}</button></p>\n"
        "  </form>\n</section>"
    )


@pytest.mark.parametrize("prefix", ["/", "/sub/path/"])
def test_the_kept_reminder_card_is_the_card_drawn_anew(where: str, prefix: str) -> None:
    """In each language and time zone, under another script prefix too, the reminder on and
    off, with a token, an odd token and none: the card from its kept parts is the card drawn
    anew. The kept parts hold neither a token nor the box's state."""
    old = get_script_prefix()
    set_script_prefix(prefix)
    try:
        for on in (True, False, None):
            for token in ("a" * 64, '"><script>&', None, "NOTPROVIDED"):
                context = Context({"reminder_on": on, "csrf_token": token})
                assert checkinparts._reminder(context) == _reminder_as_drawn(context)
        kept = checkinparts._reminder_parts(get_language(), prefix, url_map())
        assert f'action="{prefix}together/' in kept[0]
        assert kept[1].endswith('name="weekly_checkin"') and kept[2].startswith(">\n")
        assert not any("csrfmiddlewaretoken" in part for part in kept)
    finally:
        set_script_prefix(old)


CARD_VALUES = st.one_of(st.none(), st.integers(min_value=-2, max_value=9), st.just(12345))
CARD_LABELS = st.one_of(st.none(), st.text(max_size=30))  # None: the kept statement


@settings_hypothesis(max_examples=300, deadline=None)
@given(
    language=st.sampled_from(["en", "es"]),
    zone=st.sampled_from(["UTC", "Pacific/Kiritimati", "Pacific/Pago_Pago"]),
    name=st.one_of(st.just(ODD_NAME), st.text(max_size=40)),
    need=st.one_of(st.just(""), st.just(ODD), st.text(max_size=200)),
    days=st.integers(min_value=-800, max_value=800),
    answers=st.lists(st.tuples(CARD_LABELS, CARD_VALUES), min_size=6, max_size=6),
    this_week=st.booleans(),
)
def test_the_card_from_its_kept_words_is_the_template_for_any_week(
    language: str,
    zone: str,
    name: str,
    need: str,
    days: int,
    answers: list[tuple[str | None, int | None]],
    this_week: bool,
) -> None:
    """His week's card, drawn from the words kept per language, is the template it replaced
    for any name, words, day and answers: the kept statements and any others (a fallback no
    page reaches), answers from 1 to 7 and none, and others outside the scale."""
    with translation.override(language), timezone.override(zone):
        kept = checkinparts.week_words(get_language()).labels
        labelled = [
            (kept[n] if label is None else label, value) for n, (label, value) in enumerate(answers)
        ]
        checkin = CheckIn(week=date(2026, 12, 7) + timedelta(days=days), need=need)
        partner_week = (checkin, labelled, this_week)
        active = SimpleNamespace(partner=SimpleNamespace(display_name=name))
        reference = REFERENCE.render(Context({"partner_week": partner_week, "active": active}))
        assert partner_week_card(partner_week, name) == reference


def test_the_kept_week_words_are_the_words_of_each_language_and_hold_nobody() -> None:
    """The kept statements are the form's, in each language, in the order of its items; the
    kept words hold no stand-in filled in and nothing of anyone."""
    for language in ("en", "es"):
        with translation.override(language):
            words = checkinparts.week_words(get_language())
            assert words.labels == tuple(str(ITEM_LABELS[item]) for item in ITEMS)
            assert list(words.rows) == list(words.labels)
            assert "%(name)s" in words.heading and "%(week)s" in words.shared
            assert "%(name)s" in words.needs and "%(name)s" in words.needed
            assert sorted(words.answers) == list(range(1, 8))
    assert checkinparts.week_words("es").labels != checkinparts.week_words("en").labels
