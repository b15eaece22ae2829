"""The bids page's items, drawn in Python (``together/templatetags/bidcards.py``), against the
template they replaced (issue 15's eighth pass): the same markup but for white space, in
English and Spanish, for every kind of bid a page shows; every value escaped, names and words
isolated."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy
from hypothesis import given, settings
from hypothesis import strategies as st

from interdepend.web.accounts.models import User
from interdepend.web.accounts.services import user_create
from interdepend.web.frame import dates
from interdepend.web.partners import services as partners
from interdepend.web.partners.access import access_active_partnership
from interdepend.web.together import selectors
from interdepend.web.together import services as together
from interdepend.web.together.models import Bid, BidAnswer
from interdepend.web.together.templatetags.bidcards import (
    Words,
    _esc,
    _fixed,
    _fixed_for,
    _month_row,
    bid_items,
    bid_months,
    draw,
    month_row,
)
from tests.conftest import PASSWORD
from tests.helpers import ZONES, refused_as_localtime_refuses, zoned_moments

pytestmark = pytest.mark.django_db

#: ``together/_bid.html`` and ``_bid_month.html`` as they were before the items were drawn in
#: Python: the reference.
REFERENCE = (Path(__file__).parent / "reference" / "bid.html").read_text()
MONTH = (Path(__file__).parent / "reference" / "bid_month.html").read_text().strip()

ODD = "<b>\"Tea\" & 'cake'</b>\u202e?"
ODD_NAME = 'Jo<script>\u200b"nah"'


def _same(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", html)).replace(" </p>", "</p>").strip()


@pytest.fixture(params=["en", "es"])
def language(request: pytest.FixtureRequest) -> Iterator[str]:
    with translation.override(request.param):
        yield request.param


@pytest.fixture
def bids() -> tuple[User, User, list[Bid]]:
    maya = user_create(email="maya@example.test", password=PASSWORD, display_name="Maya")
    jonah = user_create(email="jonah@example.test", password=PASSWORD, display_name=ODD_NAME)
    invitation = partners.invitation_create(inviter=maya).invitation
    partnership = partners.invitation_accept(invitation=invitation, user=jonah)

    def send(owner: User, text: str) -> Bid:
        return together.bid_send(owner=owner, partnership=partnership, text=text, idem_key="")

    waiting_hers, waiting_his = send(maya, ODD), send(jonah, ODD)
    later, yes, no = send(jonah, "Walk?"), send(maya, "Tea?"), send(jonah, "Call?")
    together.bid_answer(bid=later, answer=BidAnswer.LATER, when='after "six" <tonight>')
    together.bid_answer(bid=yes, answer=BidAnswer.YES_NOW, when="")
    together.bid_answer(bid=no, answer=BidAnswer.NOT_NOW, when="")
    shown = (waiting_hers, waiting_his, later, yes, no)
    return maya, jonah, [Bid.objects.select_related("owner").get(pk=bid.pk) for bid in shown]


def _reference(bid: Bid, reader: User, **extra: object) -> str:
    request = RequestFactory().get("/together/bids/")
    request.user = reader
    request.META["CSRF_COOKIE"] = "k" * 32
    context = Context({"bid": bid, "user": reader, "csrf_token": "T" * 64, **extra})
    context.request = request  # type: ignore[attr-defined]
    return str(Template(REFERENCE).render(context))


@pytest.mark.parametrize("reader_is", ["maya", "jonah"])
def test_every_bid_is_drawn_as_the_template_drew_it(
    bids: tuple[User, User, list[Bid]], language: str, reader_is: str
) -> None:
    maya, jonah, found = bids
    reader = maya if reader_is == "maya" else jonah
    for bid in found:
        for focus_next in (False, True):
            drawn = draw(bid, user=reader, csrf="T" * 64, focus_next=focus_next)
            assert isinstance(drawn, SafeString)
            assert _same(drawn) == _same(_reference(bid, reader, focus_next=focus_next))


def test_a_refused_later_shows_its_words_back_escaped(
    bids: tuple[User, User, list[Bid]], language: str
) -> None:
    maya, _, found = bids
    his_waiting = found[1]
    extra = {"when_error": "Too <long>", "when_value": '"><img src=x>'}
    drawn = draw(
        his_waiting,
        user=maya,
        csrf="T" * 64,
        when_error="Too <long>",
        when_value=extra["when_value"],
    )
    assert _same(drawn) == _same(_reference(his_waiting, maya, **extra))
    assert "<img" not in drawn and "&lt;long&gt;" in drawn


def test_words_and_names_are_escaped_and_isolated(bids: tuple[User, User, list[Bid]]) -> None:
    maya, _, found = bids
    drawn = draw(found[1], user=maya, csrf="T" * 64)
    assert "<script>" not in drawn and "<b>" not in drawn
    assert "\u202e" not in drawn and "\u200b" not in drawn  # invisible and bidi controls dropped
    assert "<bdi>&lt;b&gt;&quot;Tea&quot; &amp; &#x27;cake&#x27;&lt;/b&gt;?</bdi>" in drawn
    assert "From <bdi>Jo&lt;script&gt;&quot;nah&quot;</bdi>" in drawn
    assert 'name="answer" value="yes_now"' in drawn  # his bid waits for her answer
    assert 'name="answer"' not in draw(found[0], user=maya, csrf="T" * 64)  # hers: no forms


def test_a_month_row_is_the_template_row(bids: tuple[User, User, list[Bid]], language: str) -> None:
    maya, _, _ = bids
    active = access_active_partnership(maya)
    assert active is not None
    for m in selectors.couple_bid_months(active):
        for oob in (False, True):
            reference = Template(MONTH).render(Context({"m": m, "oob": oob}))
            assert month_row(m, oob) == reference


@pytest.mark.parametrize("zone", ["Pacific/Kiritimati", "Pacific/Niue"])  # UTC+14, UTC-11
@pytest.mark.parametrize("length", [0, 1, 40])
def test_a_list_drawn_with_its_words_once_is_each_bid_as_the_template_drew_it(
    bids: tuple[User, User, list[Bid]], language: str, zone: str, length: int
) -> None:
    """The list looks its words, the reader's day and the formats up once (issue 15's eleventh
    pass): byte for byte each bid as drawn alone, and as the template drew it, for an empty
    list, one bid and forty sent over more than a year (this year's and last year's days,
    today, yesterday and days ago), both readers, in zones on either side of UTC."""
    maya, jonah, found = bids
    base = found * 8
    for n, bid in enumerate(base):  # each a day and a half further back, a year and more
        bid.created_at = bid.created_at - timedelta(hours=36 * n + n % 5)
    shown = base[:length]
    with timezone.override(zone):
        for reader in (maya, jonah):
            context = Context({"user": reader, "csrf_token": "T" * 64})
            # One Words for all the lists a request draws (the page's two share the view's).
            shared = Context({"user": reader, "csrf_token": "T" * 64, "bid_words": Words()})
            for focus_first in (False, True):
                drawn = bid_items(context, shown, focus_first=focus_first)
                assert isinstance(drawn, SafeString)
                alone = [
                    draw(b, user=reader, csrf="T" * 64, focus_next=focus_first and i == 0)
                    for i, b in enumerate(shown)
                ]
                assert drawn == "".join(alone)
                assert bid_items(shared, shown, focus_first=focus_first) == drawn
                assert bid_items(shared, shown[::-1], focus_first=focus_first) == "".join(
                    draw(b, user=reader, csrf="T" * 64, focus_next=focus_first and i == 0)
                    for i, b in enumerate(shown[::-1])
                )
            today = timezone.localdate()
            for bid in shown:  # the reference predates "sent yesterday" and "days ago"
                waits = not bid.answer and bid.owner_id != reader.pk
                if waits and timezone.localdate(bid.created_at) != today:
                    continue
                assert _same(draw(bid, user=reader, csrf="T" * 64)) == _same(
                    _reference(bid, reader)
                )
            if length == 40 and reader == maya:
                assert "<bdi>Jo&lt;script&gt;&quot;nah&quot;</bdi>" in drawn
                assert "<script>" not in drawn and "\u202e" not in drawn


@pytest.mark.parametrize("months", [0, 1, 30])
def test_the_month_table_drawn_at_once_is_the_template_row_by_row(
    language: str, months: int
) -> None:
    """The table's rows with the month's format looked up once (issue 15's eleventh pass):
    byte for byte the template's rows, for no month, one, and thirty over three years."""
    history = [
        selectors.BidMonth(
            month=date(2024 + n // 12, n % 12 + 1, 1),
            sent=n * 7,
            yes_now=n,
            later=n * 2,
            not_now=n * 3 + 1000,
        )
        for n in range(months)
    ]
    for oob in (False, True):
        rows = "".join(
            Template(MONTH).render(Context({"m": m, "oob": oob})) for m in reversed(history)
        )
        drawn = bid_months(list(reversed(history)), oob)
        assert isinstance(drawn, SafeString)
        assert drawn == rows


@pytest.mark.parametrize("key", [None, 'k"<&>\u202e'])
def test_the_send_box_written_straight_is_the_form_drawn_by_django(
    language: str, key: str | None
) -> None:
    """The form that sends a bid is written straight as the page first shows it (issue 15's
    thirteenth pass): the same markup, byte for byte, as Django's widgets drew through
    ``{% form_fields %}``, in both languages, with its fresh key or one to escape; sent back
    (bound, with its words or its errors) it is drawn the usual way."""
    from interdepend.web.frame.templatetags import formfields
    from interdepend.web.together.forms import BidForm
    from interdepend.web.together.templatetags.bidcards import send_fields

    form = BidForm(None) if key is None else BidForm(None, initial={"idem": key})
    drawn = send_fields(form)
    assert drawn is not None and drawn == formfields.draw(form)
    for sent in ({"text": "", "idem": "a"}, {"text": "Tea? <b>", "idem": "a"}, {"text": "x" * 300}):
        bound = BidForm(sent)
        bound.is_valid()
        assert send_fields(bound) is None
    assert send_fields(BidForm(None, initial={"text": "kept <words>"})) is None


def test_the_bids_page_draws_its_send_box_as_django_did() -> None:
    """On the page itself, the box is the one Django's widgets drew."""
    from django.test import Client
    from django.urls import reverse

    from interdepend.web.frame.templatetags import formfields
    from interdepend.web.together.forms import BidForm

    maya = user_create(email="maya@example.test", password=PASSWORD, display_name="Maya")
    jonah = user_create(email="jonah@example.test", password=PASSWORD, display_name=ODD_NAME)
    partners.invitation_accept(
        invitation=partners.invitation_create(inviter=maya).invitation, user=jonah
    )
    browser = Client()
    browser.force_login(maya)
    page = browser.get(reverse("together:bids")).content.decode()
    key = re.search(r'name="idem" value="([0-9a-f]+)"', page)
    assert key is not None
    assert formfields.draw(BidForm(None, initial={"idem": key.group(1)})) in page


@pytest.mark.parametrize("key", ["0ea9712adda24f36bf43e5e58f82bafa", 'k"<&>\u202e', "K" * 32])
def test_the_send_box_kept_per_language_is_the_form_drawn_by_django(
    language: str, key: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Opened, the bids page writes its send box from markup made once per language with a
    fresh key put in (issue 15's fifteenth pass): byte for byte what Django's widgets drew for
    a new ``BidForm`` with that key, in both languages, the key escaped (even one that looks
    like the stand-in the markup is made with)."""
    from interdepend.web.frame.templatetags import formfields
    from interdepend.web.together.forms import BidForm
    from interdepend.web.together.templatetags import bidcards

    monkeypatch.setattr(bidcards, "new_key", lambda: key)
    assert bidcards.fresh_send_fields() == formfields.draw(BidForm(None, initial={"idem": key}))


def test_each_fresh_send_box_has_a_key_of_its_own() -> None:
    """The kept markup holds no key: each box written gets a new one, as each form did."""
    from interdepend.web.together.templatetags.bidcards import fresh_send_fields

    keys = {
        re.search(r'name="idem" value="([0-9a-f]{32})"', fresh_send_fields()).group(1)  # type: ignore[union-attr]
        for _ in range(5)
    }
    assert len(keys) == 5


def test_opening_the_bids_page_builds_no_form_and_sending_still_does(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Opened, the page builds no ``BidForm`` (its fields copied, our words on its errors:
    0.1-0.2 ms a view) and each view has a new key; sent, the form is built, read and, with
    its errors, drawn back the usual way with the words kept."""
    from django.test import Client
    from django.urls import reverse

    from interdepend.web.together import forms

    maya = user_create(email="maya@example.test", password=PASSWORD, display_name="Maya")
    jonah = user_create(email="jonah@example.test", password=PASSWORD, display_name=ODD_NAME)
    partners.invitation_accept(
        invitation=partners.invitation_create(inviter=maya).invitation, user=jonah
    )
    built: list[object] = []

    class Counted(forms.BidForm):
        def __init__(self, *args: object, **kwargs: object) -> None:
            built.append(self)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(forms, "BidForm", Counted)
    browser = Client()
    browser.force_login(maya)
    pages = [browser.get(reverse("together:bids")) for _ in range(2)]
    assert [page.status_code for page in pages] == [200, 200] and built == []
    keys = [re.findall(r'name="idem" value="([0-9a-f]{32})"', p.content.decode()) for p in pages]
    assert len(keys[0]) == len(keys[1]) == 1 and keys[0] != keys[1]
    long = browser.post(reverse("together:bids"), {"text": "x" * 201, "idem": keys[0][0]})
    assert long.status_code == 400 and len(built) == 1
    assert "x" * 201 in long.content.decode() and not Bid.objects.exists()
    sent = browser.post(reverse("together:bids"), {"text": "Tea <later>?", "idem": keys[1][0]})
    assert sent.status_code == 302 and len(built) == 2
    assert Bid.objects.get().text == "Tea <later>?"


def test_a_page_and_an_answer_look_the_lists_words_up_once(
    bids: tuple[User, User, list[Bid]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bids page and the fragment an answer sends draw two lists each: one ``Words`` for
    both, made afresh for each request (never kept from one to the next)."""
    from django.test import Client
    from django.urls import reverse

    from interdepend.web.together.templatetags import bidcards

    maya, jonah, found = bids
    made: list[object] = []

    class Counted(bidcards.Words):
        def __init__(self) -> None:
            made.append(self)
            super().__init__()

    monkeypatch.setattr(bidcards, "Words", Counted)
    browser = Client()
    browser.force_login(maya)
    page = browser.get(reverse("together:bids"))
    assert page.status_code == 200 and len(made) == 1
    waiting = next(b for b in found if not b.answer and b.owner_id == jonah.pk)
    answered = browser.post(
        reverse("together:bid_answer", args=[waiting.public_id]),
        {"answer": "yes_now"},
        headers={"HX-Request": "true"},
    )
    assert answered.status_code == 200 and len(made) == 2 and made[0] is not made[1]


@settings(max_examples=200, deadline=None)
@given(
    value=st.one_of(
        st.text(),
        st.text().map(SafeString),
        st.integers(),
        st.booleans(),
        st.text(alphabet="<>&\"'ab").map(gettext_lazy),
    )
)
def test_a_bids_values_are_escaped_as_django_escapes_them(value: object) -> None:
    """``bidcards._esc``, written without the lazy-text wrapper, is ``escape`` for plain and
    safe texts, numbers, truths and lazy texts: the same text, every mark escaped."""
    assert _esc(value) == escape(value)
    assert str(_esc(value)) == str(escape(value))


def test_the_lists_and_sections_are_made_safe_texts_without_mark_safe(
    bids: tuple[User, User, list[Bid]], language: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each part is a ``SafeString`` made directly (issue 15's nineteenth pass): ``mark_safe``
    checks its argument for a lazy text on every call, and every part here is a plain text
    already escaped. The same texts, of the same type, as through ``mark_safe``."""
    from django.utils.safestring import mark_safe

    from interdepend.web.together.templatetags import bidcards

    maya, jonah, found = bids
    month = selectors.BidMonth(month=date(2026, 1, 1), sent=5, yes_now=2, later=1, not_now=1)
    values = {"user": maya, "csrf_token": "T" * 64, "to_answer": found[1:3], "bids": found}

    def parts() -> list[str]:
        context = Context(values)
        return [
            bid_items(context, found),
            bidcards.bids_waiting(context),
            bidcards.bids_waiting(Context({**values, "to_answer": []}), answered=True),
            bidcards.bids_recent(context, oob=True),
            bidcards.bids_recent(Context({**values, "bids": []})),
            bidcards.bid_history([month]),
            bidcards.bid_history([]),
            month_row(month, oob=True),
            *(draw(bid, user=reader, csrf="T" * 64) for bid in found for reader in (maya, jonah)),
        ]

    called: list[object] = []

    def counted(text: object) -> object:
        called.append(text)
        return mark_safe(text)

    before = parts()
    monkeypatch.setattr(bidcards, "mark_safe", counted)
    after = parts()
    assert not called
    assert after == before
    for part in after:
        assert type(part) is SafeString
        assert mark_safe(str(part)) == part


@pytest.mark.parametrize(
    "drawn", ['<input value="{k}"><p>{k}</p>', "<input value={k}>", '<input value="x">', None]
)
def test_a_send_box_that_no_longer_holds_its_key_once_in_quotes_is_not_kept(
    monkeypatch: pytest.MonkeyPatch, drawn: str | None
) -> None:
    """The send box is cut at its key with ``keptforms.cut``: drawn twice, out of its quotes,
    not at all, or not written straight, and the worker refuses to start rather than keep
    pieces that would put the key in the wrong place."""
    from django.conf import settings as django_settings

    from interdepend.web.together.templatetags import bidcards

    stand_in = bidcards._KEY_STAND_IN
    markup = None if drawn is None else drawn.format(k=stand_in)
    monkeypatch.setattr(bidcards, "send_fields", lambda form: markup)
    bidcards._send_box.cache_clear()
    try:
        with pytest.raises(RuntimeError, match="no longer draws"):
            bidcards._send_box("en")
    finally:
        bidcards._send_box.cache_clear()
        monkeypatch.undo()
        for code, _ in django_settings.LANGUAGES:  # as the worker kept them
            bidcards._send_box(code)
    assert len(bidcards._send_box("en")) == 2


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_sections_and_page_words_are_not_looked_up_on_each_view(
    bids: tuple[User, User, list[Bid]], language: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The sections' words, the months' heading and columns, the page's heading, its words
    and the send box's heading and button are the same for everyone in a language: made with
    the bids' other words once per language (``_fixed``, as a worker starts), not translated
    again on each view (issue 15's twentieth pass). Drawn so, the parts are the texts the
    words translated on each view give, in each language."""
    from interdepend.web.together.templatetags import bidcards

    maya, jonah, found = bids
    active = access_active_partnership(maya)
    assert active is not None
    month = selectors.BidMonth(month=date(2026, 1, 1), sent=5, yes_now=2, later=1, not_now=1)
    values = {
        "user": maya,
        "csrf_token": "T" * 64,
        "to_answer": found[1:3],
        "bids": found,
        "active": active,
        "history": [month],
    }

    def parts() -> list[str]:
        context = Context(values)
        return [
            bidcards.bids_page(context),
            bidcards.bids_waiting(Context({**values, "to_answer": []}), answered=True),
            bidcards.bids_recent(Context({**values, "bids": []})),
            bidcards.bids_recent(Context({**values, "bids": [], "to_answer": []})),
        ]

    def plain(page: str) -> str:
        return re.sub(r'value="[^"]*"', 'value=""', page)  # the fresh key and the marks

    with translation.override(language):
        monkeypatch.setattr(bidcards, "_fixed", bidcards._fixed.__wrapped__)
        translated = [plain(part) for part in parts()]  # every word translated on this view
        monkeypatch.undo()
        bidcards._fixed(translation.get_language())  # as a worker starts
        called: list[str] = []

        def counted(message: str) -> str:
            called.append(message)
            return translation.gettext(message)

        monkeypatch.setattr(bidcards, "gettext", counted)
        kept = [plain(part) for part in parts()]
    assert kept == translated
    assert "Reaching out" in kept[0] if language == "en" else "Reaching out" not in kept[0]
    assert "<script>" not in kept[0]
    # No word translated on the view but those of a bid's own (its sent days and answers).
    assert set(called) <= {"sent today", "sent yesterday, %(day)s"}


#: Days a bid or a month may fall on: both ends of a year, a leap day, early and far years.
DAYS = st.dates(min_value=date(1000, 1, 1), max_value=date(9999, 12, 31))


@pytest.mark.parametrize("language", ["en", "es"])
@settings(max_examples=60, deadline=None)
@given(day=DAYS, hour=st.integers(0, 23))
def test_the_kept_day_and_month_writers_write_as_the_formats_looked_up_on_each_view(
    language: str, day: date, hour: int
) -> None:
    """A bid's day (this year's and another year's) and a month's row are written by the
    language's writers kept with its words (``_fixed``, as a worker starts), where each view
    looked the language and the format up again (``dates.writer``, ``dates.short_month``;
    issue 15's twenty-first pass): the same text for any day, in each language."""
    from interdepend.web.frame import dates
    from interdepend.web.together.templatetags import bidcards

    moment = timezone.make_aware(
        datetime(day.year, day.month, day.day, hour), timezone.get_fixed_timezone(0)
    )
    with translation.override(language):
        fixed = bidcards._fixed(translation.get_language())
        assert fixed.this_year(moment) == dates.writer("MONTH_DAY_FORMAT")(moment)
        assert fixed.other_year(moment) == dates.writer("DATE_FORMAT")(moment)
        assert fixed.month(day) == dates.short_month(day)
        month = selectors.BidMonth(month=day.replace(day=1), sent=3, yes_now=1, later=1, not_now=0)
        row = bidcards._month_row(month, True, dates.short_month)
        assert bidcards.month_row(month, oob=True) == row
        assert bidcards.bid_months([month, month]) == row.replace(' hx-swap-oob="true"', "") * 2


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_view_looks_no_day_or_month_format_up(
    bids: tuple[User, User, list[Bid]], language: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Drawn with the kept writers, the lists' words (``Words``), the months' table and a
    month's row look no format up on the view: the texts are those the formats looked up
    on the view give."""
    from interdepend.web.frame import dates
    from interdepend.web.together.templatetags import bidcards

    maya, _jonah, found = bids
    months = [
        selectors.BidMonth(month=date(2025, m, 1), sent=m, yes_now=1, later=0, not_now=m - 1)
        for m in (1, 11, 12)
    ]

    def drawn() -> list[str]:
        words = bidcards.Words()
        context = Context({"user": maya, "csrf_token": "T" * 64, "bid_words": words})
        return [
            bidcards.bid_items(context, found),
            bidcards.bid_months(months),
            bidcards.month_row(months[0], oob=True),
        ]

    with translation.override(language):
        bidcards._fixed(translation.get_language())  # as a worker starts
        looked_up = [
            re.sub(r'value="[^"]*"', 'value=""', part)
            for part in [
                "".join(
                    bidcards.draw(bid, user=maya, csrf="T" * 64, words=_words_looking_up())
                    for bid in found
                ),
                "".join(bidcards._month_row(m, False, dates.short_month) for m in months),
                bidcards._month_row(months[0], True, dates.short_month),
            ]
        ]

        def refused(*_: object, **__: object) -> object:
            raise AssertionError("a format looked up on the view")

        monkeypatch.setattr(dates, "writer", refused)
        monkeypatch.setattr(dates, "short_month", refused)
        monkeypatch.setattr(dates, "get_format", refused)
        kept = [re.sub(r'value="[^"]*"', 'value=""', part) for part in drawn()]
    assert kept == looked_up


def _words_looking_up() -> Words:
    """A list's words with its two day writers made from the formats looked up now."""
    from interdepend.web.frame import dates

    words = Words()
    words.this_year = dates.writer("MONTH_DAY_FORMAT")
    words.other_year = dates.writer("DATE_FORMAT")
    return words


MOMENTS = st.lists(
    st.datetimes(
        min_value=datetime(2020, 1, 1), max_value=datetime(2028, 12, 31), timezones=st.just(UTC)
    ),
    min_size=1,
    max_size=20,
)


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("zone", ["Pacific/Kiritimati", "Pacific/Pago_Pago", "Europe/Madrid"])
@settings(max_examples=40, deadline=None)
@given(moments=MOMENTS, repeats=st.integers(1, 3))
def test_a_day_is_written_once_a_list_and_as_each_moment_writes_it(
    language: str, zone: str, moments: list[datetime], repeats: int
) -> None:
    """A bid's day, worked out once for each day a list draws (``Words.day_of``, issue 15's
    twenty-first pass), is for every moment the day the moment itself writes, escaped: in
    either language, in zones either side of the date line, this year's and other years'."""
    with translation.override(language), timezone.override(zone):
        words = Words()
        assert words.days_only
        shown = [timezone.localtime(m, words.zone) for m in moments * repeats]
        assert [words.day_of(m) for m in shown] == [_esc(words.month_day(m)) for m in shown]
        assert len(words._days) == len({m.date() for m in shown})


def test_a_day_written_with_its_hour_is_worked_out_for_each_moment() -> None:
    """Where a format writes more than the day (its hour), no two moments of a day share a
    text: each is worked out for itself."""
    with translation.override("en"):
        words = Words()
        words.days_only = False
        words.this_year = words.other_year = lambda value: f"{value:%d %H:%M}"
        early = timezone.make_aware(datetime(2026, 3, 4, 8, 0), UTC)
        late = early + timedelta(hours=9)
        assert (words.day_of(early), words.day_of(late)) == ("04 08:00", "04 17:00")
        assert words.day_of(early) == "04 08:00"


@settings(max_examples=300, deadline=None)
@given(value=st.text(alphabet="<>&\"'ab -_0\u202e"))
def test_a_plain_text_with_or_without_marks_is_escaped_as_django_escapes_it(value: str) -> None:
    """``_esc`` gives a plain text that holds none of the five marks back as it is, and
    escapes any other (issue 15's twenty-eighth pass): the same text as ``escape`` for texts
    made mostly of the marks, where ``st.text()`` alone seldom holds one."""
    assert str(_esc(value)) == str(escape(value))


@settings(max_examples=300, deadline=None)
@given(
    moment=zoned_moments,
    zone=st.sampled_from(ZONES),
)
def test_a_bids_moment_is_put_where_the_reader_is_as_localtime_puts_it(
    moment: datetime, zone: tzinfo
) -> None:
    """``dates.local``, as a bid's card uses it (``timezone.localtime`` written out for a
    moment with a zone), gives the same moment in the same zone, with the same offset and
    fold, and refuses a moment without a zone as Django does."""
    if refused_as_localtime_refuses(dates.local, moment, zone):
        return
    old, new = timezone.localtime(moment, zone), dates.local(moment, zone)
    assert (new, new.tzinfo, new.utcoffset(), new.fold, type(new)) == (
        old,
        old.tzinfo,
        old.utcoffset(),
        old.fold,
        type(old),
    )
    assert new.replace(tzinfo=None) == old.replace(tzinfo=None)


def _old_month_row(m: selectors.BidMonth, oob: bool, writes: Callable[[Any], str]) -> str:
    """``bidcards._month_row`` before the twenty-eighth pass, its key made by ``strftime``."""
    swap = ' hx-swap-oob="true"' if oob else ""
    return (
        f'<tr id="bid-month-{_esc(m.month.strftime("%Y-%m"))}"{swap}>'
        f'<th scope="row" class="nowrap">{_esc(writes(m.month))}</th><td>{_esc(m.sent)}</td>'
        f"<td>{_esc(m.yes_now)}</td><td>{_esc(m.later)}</td><td>{_esc(m.not_now)}</td></tr>"
    )


@settings(max_examples=300, deadline=None)
@given(
    day=st.dates(),
    oob=st.booleans(),
    counts=st.tuples(*[st.integers(0, 10_000)] * 4),
)
def test_a_month_rows_id_is_written_as_strftime_wrote_it(
    day: date, oob: bool, counts: tuple[int, int, int, int]
) -> None:
    """The row's id (the month as ``strftime("%Y-%m")`` wrote it) written out for a year of
    four digits, and by ``strftime`` for an earlier one: the same row, every year."""
    sent, yes_now, later, not_now = counts
    m = selectors.BidMonth(
        month=day.replace(day=1), sent=sent, yes_now=yes_now, later=later, not_now=not_now
    )
    assert _month_row(m, oob, str) == _old_month_row(m, oob, str)


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_sections_take_the_words_the_lists_words_were_made_with(language: str) -> None:
    """``_fixed_for``: the words of the lists' ``Words`` where the view made them, else looked
    up; the same words of the same language either way."""
    from django.utils.translation import get_language

    with translation.override(language):
        fixed = _fixed(get_language())
        assert _fixed_for(Context({"bid_words": Words()})) is fixed
        assert _fixed_for(Context({})) is fixed
        assert _fixed_for(Context({"bid_words": None})) is fixed


@settings(max_examples=100, deadline=None)
@given(name=st.text(max_size=30))
def test_a_senders_line_is_from_and_the_name_isolated(name: str) -> None:
    """``Words.sender``: "From" and the name as ``Words.name`` draws it, worked out once."""
    words = Words()
    assert words.sender(name) == words.from_name % {"name": Words().name(name)}
    assert words.sender(name) is words.sender(name)
