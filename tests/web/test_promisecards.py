"""The promises page's items, drawn in Python (``together/templatetags/promisecards.py``),
against the template they replaced (``tests/web/reference/commitment.html``, included once an
item): byte for byte, in English and Spanish, in two time zones, for the reader's own promises
and her partner's, open (past its day, on it, before it) and marked each way, shared and her
own alone; an empty list, a long one and the first eight of it; and words and names full of
markup, ampersands, quotes and right-to-left text."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone, translation

from interdepend.web.accounts.models import User
from interdepend.web.accounts.services import user_create
from interdepend.web.partners import services as partners
from interdepend.web.partners.access import ActivePartnership, access_active_partnership
from interdepend.web.together import access
from interdepend.web.together import services as together
from interdepend.web.together.models import Commitment
from interdepend.web.together.templatetags.promisecards import promise_items
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

#: ``together/_commitment.html`` as it was before the items were drawn in Python.
REFERENCE = Template((Path(__file__).parent / "reference" / "commitment.html").read_text())
ODD = "<script>alert(\"x\")</script> & 'tea' \u05e9\u05dc\u05d5\u05dd \u202eevil"
ODD_NAME = 'Jo<b>"nah"</b> & \u0645\u0631\u062d\u0628\u0627'
TOKEN = "T" * 64


@pytest.fixture(
    params=[
        ("en", "UTC"),
        ("es", "UTC"),
        ("en", "Pacific/Kiritimati"),
        ("es", "Pacific/Pago_Pago"),
    ]
)
def where(request: pytest.FixtureRequest) -> Iterator[str]:
    """UTC+14 and UTC-11: at any hour, one of them is on another day than UTC."""
    language, zone = request.param
    with translation.override(language), timezone.override(zone):
        yield language


@pytest.fixture
def couple() -> tuple[User, User, ActivePartnership]:
    maya = user_create(email="maya@example.test", password=PASSWORD, display_name="Maya")
    jonah = user_create(email="jonah@example.test", password=PASSWORD, display_name=ODD_NAME)
    invitation = partners.invitation_create(inviter=maya).invitation
    partners.invitation_accept(invitation=invitation, user=jonah)
    active = access_active_partnership(maya)
    assert active is not None
    today = timezone.localdate()
    n = itertools.count()
    for owner, shared, state, days in itertools.product(
        (maya, jonah), (True, False), ("open", "kept", "missed", "renegotiated"), (-9, 0, 1, 40)
    ):
        if owner == jonah and not shared:
            continue  # his own alone: never on her page
        made = together.commitment_create(
            owner=owner,
            partnership=active.partnership if shared else None,
            text=f"{ODD} {next(n)}",
            due_on=today,
            idem_key="",
        )
        Commitment.objects.filter(pk=made.pk).update(
            state=state, due_on=today + timedelta(days=days)
        )
    return maya, jonah, active


def _context(reader: User, **more: object) -> Context:
    request = RequestFactory().get("/together/promises/")
    request.user = reader
    context = Context({"user": reader, "csrf_token": TOKEN, "today": timezone.localdate(), **more})
    context.request = request  # type: ignore[attr-defined]
    return context


def _reference(promises: list[access.PromiseRow], reader: User) -> str:
    """The items as the pages drew them: the reference included once a promise."""
    return "".join(str(REFERENCE.render(_context(reader, c=c))) for c in promises)


def _lists(reader: User) -> dict[str, list[access.PromiseRow]]:
    active = access_active_partnership(reader)
    rows = access.promise_list(reader, active)
    assert len(rows) > 8
    return {
        "empty": [],
        "open": [c for c in rows if c.state == "open"],
        "done": [c for c in rows if c.state != "open"],
        "every": rows,
    }


@pytest.mark.parametrize("reader_is", ["maya", "jonah"])
def test_the_items_are_the_template_they_replaced(
    couple: tuple[User, User, ActivePartnership], where: str, reader_is: str
) -> None:
    maya, jonah, _ = couple
    reader = maya if reader_is == "maya" else jonah
    for name, promises in _lists(reader).items():
        drawn = promise_items(_context(reader), promises)
        assert drawn == _reference(promises, reader), name
        first = promise_items(_context(reader), promises, at_most=8)
        assert first == _reference(promises[:8], reader), name


def test_a_form_without_a_token_or_a_partner_is_drawn_as_the_template_drew_it(
    couple: tuple[User, User, ActivePartnership], where: str
) -> None:
    maya, _, _ = couple
    mine = [c for c in _lists(maya)["open"] if c.owner_id == maya.pk]
    assert any(c.partnership_id is None for c in mine) and any(c.partnership_id for c in mine)
    for token in ("",):  # ("NOTPROVIDED" makes Django warn of a deprecation)
        context = _context(maya, csrf_token=token)
        reference = "".join(
            str(REFERENCE.render(_context(maya, c=c, csrf_token=token))) for c in mine
        )
        assert promise_items(context, mine) == reference


def test_words_and_names_are_escaped_and_isolated(
    couple: tuple[User, User, ActivePartnership],
) -> None:
    maya, _, _ = couple
    drawn = promise_items(_context(maya), _lists(maya)["every"])
    assert "<script>" not in drawn and "<b>" not in drawn and "\u202e" not in drawn
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;tea&#x27;" in drawn
    assert (
        "<bdi>Jo&lt;b&gt;&quot;nah&quot;&lt;/b&gt; &amp; \u0645\u0631\u062d\u0628\u0627</bdi>"
        in drawn
    )
    assert f'name="csrfmiddlewaretoken" value="{TOKEN}"' in drawn


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_lists_words_kept_per_language_are_its_words_and_each_list_has_its_own_copy(
    language: str,
) -> None:
    """The list's own words are kept per language as a worker starts (issue 15's seventeenth
    pass): what is kept is what translating them afresh gives, and what a list adds to its
    copy (an owner's "whose", the earliest new date) never reaches the kept words."""
    from django.utils.html import escape
    from django.utils.translation import gettext

    from interdepend.web.together.templatetags import promisecards

    promisecards._fixed_words.cache_clear()
    with translation.override(language):
        promisecards._warm()
        assert promisecards._fixed_words.cache_info().currsize == 1
        words = promisecards._words(translation.get_language())
        assert words["yours"] == escape(gettext("Your promise"))
        assert words["by"] == gettext("by %(due)s")
        assert words["tag kept"].endswith(f">{escape(gettext('kept'))}</span>")
        assert ("Tu promesa" in words["yours"]) == (language == "es")
        words["whose 7"] = "<b>mine</b>"
        words["earliest"] = "2026-12-06"
        assert "whose 7" not in promisecards._words(translation.get_language())
        assert "earliest" not in promisecards._fixed_words(language)
    assert promisecards._fixed_words.cache_info().currsize == 1  # made once, never again


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_promises_page_s_own_words_are_kept_as_translating_them_gives(language: str) -> None:
    """The page's own sentences (headings, the follow-through's fixed words, the form's words,
    the partner's hint) are kept per language as a worker starts (issue 15's twenty-fourth
    pass): each is what translating it afresh gives, made once and never again."""
    from django.utils.translation import gettext

    from interdepend.web.together.templatetags import promisecards

    promisecards._page_words.cache_clear()
    with translation.override(language):
        promisecards._warm()
        assert promisecards._page_words.cache_info().currsize == 1
        said = promisecards._page_words(language)
        assert said["make"] == gettext("Make a promise")
        assert said["write"] == gettext("Write it down")
        assert said["to do"] == gettext("Still to do")
        assert said["earlier"] == gettext("Earlier promises")
        assert said["none open"] == gettext("Nothing open right now.")
        assert said["ours"] == gettext("Our follow-through lately")
        assert said["mine"] == gettext("My follow-through lately")
        assert said["lead"] == gettext("In the last eight weeks:")
        assert said["partner sees"].startswith("%(name)s")
        assert (said["make"] == "Hacer una promesa") == (language == "es")
        promisecards.promise_partner_hint("Bo")
    assert promisecards._page_words.cache_info().currsize == 1  # made once, never again
