"""*Your practitioners* names each practitioner's kind of work and each consent's scope from
words the view looks up once, where the template looped over every label with a test each: the
page is the same, byte for byte, as the one the old template drew (kept as
``tests/web/reference/practice/mine.html``), in English and Spanish, in two time zones, with no
practitioner and no record, with a long record, with names to escape and right-to-left words,
and after a practitioner erased his account."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.template import engines
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from hypothesis import given, settings
from hypothesis import strategies as st

from interdepend.web.accounts.models import User
from interdepend.web.practice.forms import KIND_LABELS, SCOPE_NAMES, UnsentCode, UnsentConsent
from interdepend.web.practice.models import Consent, Scope
from tests.conftest import Personas
from tests.helpers import Response, as_user, password_confirmed

pytestmark = pytest.mark.django_db

REFERENCE = (Path(__file__).parent / "reference" / "practice" / "mine.html").read_text()
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')
HOSTILE = "<script>alert('x')</script> & \"Dr\" \u202eשלום"


def _both(client: Client, user: User) -> str:
    """The page, and the old template drawn with the same reads, in her language and zone:
    equal."""
    response = client.get(reverse("practice:mine"))
    assert response.status_code == 200
    return _same(response, user)


def _same(response: Response, user: User) -> str:
    """The page ``response`` holds equals the old template drawn with its reads."""
    found = response.context
    context = {
        "links": [
            (item, form.form() if isinstance(form, UnsentConsent) else form)
            for item, form, _kind in found["links"]
        ],
        "history": [line for line, _scope in found["history"]],
        "code_form": code.form() if isinstance(code := found["code_form"], UnsentCode) else code,
        "scope_labels": SCOPE_NAMES,
        "kind_labels": KIND_LABELS,
    }
    request = response.wsgi_request
    with translation.override(user.language), timezone.override(user.time_zone):
        before = engines["django"].from_string(REFERENCE).render(context, request)
    page = TOKEN.sub("TOKEN", response.content.decode())
    assert page == TOKEN.sub("TOKEN", before)
    return page


def _signed_in(user: User, language: str, zone: str) -> Client:
    user.language, user.time_zone = language, zone
    user.save(update_fields=["language", "time_zone"])
    return password_confirmed(as_user(user))


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("zone", ["Pacific/Kiritimati", "America/Los_Angeles"])
def test_the_page_is_the_one_the_old_template_drew(
    personas: Personas, language: str, zone: str
) -> None:
    alice = personas.alice
    page = _both(_signed_in(alice, language, zone), alice)
    assert "<table>" in page and 'class="card"' in page
    # Nobody linked and no record: the empty page.
    dave = personas.dave
    assert "<table>" not in _both(_signed_in(dave, language, zone), dave)


def test_a_long_record_and_names_to_escape(personas: Personas) -> None:
    alice, pat = personas.alice, personas.practice.pat
    pat.display_name = HOSTILE
    pat.save(update_fields=["display_name"])
    practitioner = pat.practitioner
    practitioner.practice_name = HOSTILE
    practitioner.save(update_fields=["practice_name"])
    first = Consent.objects.filter(link__client=alice).first()
    assert first is not None
    for n in range(30):
        Consent.objects.create(
            link=first.link,
            scope=list(Scope)[n % len(Scope)],
            granted_at=first.granted_at,
            revoked_at=first.granted_at,
        )
    page = _both(_signed_in(alice, "es", "Europe/Madrid"), alice)
    assert page.count("<tr><td>") >= 30 and "<script>alert" not in page


def test_after_a_practitioner_erased_his_account(personas: Personas) -> None:
    from interdepend.web.datarights.services import user_delete

    user_delete(user=personas.practice.pat)
    page = _both(_signed_in(personas.alice, "en", "UTC"), personas.alice)
    assert "<table>" in page


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_note_a_card_can_carry(personas: Personas, language: str) -> None:
    """Cards drawn in Python (``practice/templatetags/mineparts.py``) carry the notes as the
    template did: a practitioner renamed since she connected, one whose account is her
    partner's, then the same account connected again once the partnership ended (an ex's)."""
    from interdepend.web.partners import services as partners
    from interdepend.web.practice.models import Practitioner
    from interdepend.web.practice.services import (
        client_invitation_create,
        client_invitation_redeem,
        practitioner_enable,
    )

    alice, bob, pat = personas.alice, personas.bob, personas.practice.pat
    practitioner_enable(user=bob, kind="coach", practice_name=HOSTILE)
    made = client_invitation_create(practitioner=Practitioner.objects.get(user=bob))
    client_invitation_redeem(invitation=made.invitation, user=alice)
    pat.display_name = HOSTILE
    pat.save(update_fields=["display_name"])
    page = _both(_signed_in(alice, language, "Asia/Kolkata"), alice)
    assert page.count('data-note="renamed"') == 1
    assert page.count('data-note="partner-account"') == 1
    assert 'data-note="ex-account"' not in page
    partners.partnership_leave(user=bob)  # which ends his link with her
    again = client_invitation_create(practitioner=Practitioner.objects.get(user=bob))
    client_invitation_redeem(invitation=again.invitation, user=alice)
    page = _both(_signed_in(alice, language, "Asia/Kolkata"), alice)
    assert page.count('data-note="ex-account"') == 1
    assert 'data-note="partner-account"' not in page


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_choice_sent_back_with_its_errors(personas: Personas, language: str) -> None:
    """A tick that needs her password, sent without it: the page comes back with that card's
    form and its error, the same as the template drew it."""
    alice = personas.alice
    client = _signed_in(alice, language, "America/Los_Angeles")
    link = personas.practice.ids["alice_link"]
    prefix = f"link{link}"
    response = client.post(
        reverse("practice:consent", args=[link]),
        {f"{prefix}-scopes": [scope.value for scope in Scope], f"{prefix}-password": ""},
    )
    assert response.status_code == 400
    page = _same(response, alice)
    assert 'class="errorlist"' in page


def test_her_partnerships_are_read_once_for_the_cards_and_the_record(personas: Personas) -> None:
    """With a couple view shared, the cards (which boxes count) and the record (until when)
    each read when her partnerships began: the page reads it once, for both, and shows the
    same."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    alice = personas.alice
    first = Consent.objects.filter(link__client=alice).first()
    assert first is not None
    live = Consent.objects.filter(link=first.link, scope=Scope.COUPLE, revoked_at__isnull=True)
    if not live.exists():
        Consent.objects.create(link=first.link, scope=Scope.COUPLE, granted_at=first.granted_at)
    client = _signed_in(alice, "en", "UTC")
    _both(client, alice)
    with CaptureQueriesContext(connection) as captured:
        client.get(reverse("practice:mine"))
    starts = [q for q in captured if '"partners_partnership"."started_at"' in q["sql"]]
    assert len(starts) == 1


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_cards_boxes_drawn_straight_are_the_form_drawn_by_django(
    personas: Personas, language: str
) -> None:
    """Each card's boxes and password are written straight (issue 15's thirteenth pass): the
    same markup, byte for byte, as Django's widgets drew through ``{% form_fields %}``, for
    every choice of ticks (none, each alone, all), in both languages and for any prefix; a form
    sent back (bound, perhaps with errors) is drawn the usual way."""
    from itertools import combinations

    from interdepend.web.frame.templatetags import formfields
    from interdepend.web.practice.forms import SCOPE_LABELS, ConsentForm
    from interdepend.web.practice.templatetags.mineparts import consent_fields, unsent_fields

    values = [str(value) for value in SCOPE_LABELS]  # the boxes' choices, in their order
    assert len(values) >= 4
    ticks = [list(c) for n in range(len(values) + 1) for c in combinations(values, n)]
    with translation.override(language):
        for prefix in ("linkAbc123", "link_-x9Z", 'link"<&>'):
            for ticked in ticks:
                form = ConsentForm(
                    initial={"scopes": ticked}, prefix=prefix, user=personas.alice, current=set()
                )
                drawn = consent_fields(form)
                assert drawn is not None and drawn == formfields.draw(form), (prefix, ticked)
                assert drawn.count(" checked>") == len(ticked)
        sent = ConsentForm(
            {"linkA-scopes": values[:1], "linkA-password": ""},
            prefix="linkA",
            user=personas.alice,
            current=set(),
        )
        assert not sent.is_valid() and consent_fields(sent) is None
        for prefix in ("linkAbc123", 'link"<&>'):
            for ticked in ticks:
                card = UnsentConsent(
                    prefix=prefix, ticked=ticked, user=personas.alice, current=set()
                )
                assert unsent_fields(prefix, ticked) == formfields.draw(card.form())


def test_the_page_writes_its_cards_boxes_straight(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On the page as she first opens it, every card's boxes are the ones written straight
    (and the page is still the template's: the tests above)."""
    from interdepend.web.practice.templatetags import mineparts

    drawn: list[str] = []
    real = mineparts.unsent_fields

    def kept(prefix: str | None, ticked: list[str] | None) -> str:
        drawn.append(real(prefix, ticked))
        return drawn[-1]

    monkeypatch.setattr(mineparts, "unsent_fields", kept)
    alice = personas.alice
    page = _signed_in(alice, "en", "UTC").get(reverse("practice:mine")).content.decode()
    assert drawn and all(d in page for d in drawn)


def test_no_card_makes_a_consent_form_unless_one_is_sent_back(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A card not sent back makes no ``ConsentForm`` (issue 15's seventeenth pass): its boxes
    are written from its prefix and her ticks, and the page stays the old template's (a
    choice sent back is the form that was sent: ``test_a_choice_sent_back_with_its_errors``)."""
    from interdepend.web.practice import forms

    made: list[object] = []
    real_init = forms.ConsentForm.__init__

    def counted(self: forms.ConsentForm, *args: object, **kwargs: object) -> None:
        made.append(self)
        real_init(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(forms.ConsentForm, "__init__", counted)
    alice = personas.alice
    response = _signed_in(alice, "en", "UTC").get(reverse("practice:mine"))
    cards = response.context["links"]
    assert cards and made == []
    assert all(isinstance(form, UnsentConsent) for _item, form, _kind in cards)
    _same(response, alice)


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_code_box_written_straight_is_the_form_drawn_by_django(language: str) -> None:
    """The box a practitioner's code is typed into is written straight (issue 15's fourteenth
    pass): the same markup, byte for byte, as Django's widget drew through
    ``{% form_fields %}``, empty, with nothing typed, and with a code typed back from the
    confirm page full of markup, quotes and right-to-left words, for any prefix; a form sent
    back is drawn the usual way."""
    from interdepend.web.frame.templatetags import formfields
    from interdepend.web.practice.forms import ClientCodeForm
    from interdepend.web.practice.templatetags.mineparts import code_fields

    with translation.override(language):
        for prefix in (None, "join", 'j"<&>'):
            for typed in (None, {"code": ""}, {"code": "ABCD-EFGH"}, {"code": HOSTILE}):
                form = ClientCodeForm(initial=typed, prefix=prefix)
                drawn = code_fields(form)
                assert drawn is not None and drawn == formfields.draw(form), (prefix, typed)
                assert "<script" not in drawn and 'j"<' not in drawn
        sent = ClientCodeForm({"code": ""})
        assert not sent.is_valid() and code_fields(sent) is None


def test_the_page_writes_its_code_box_straight(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As she first opens the page, its code box is the one written straight (and the page is
    still the old template's: the tests above)."""
    from interdepend.web.practice.templatetags import mineparts

    drawn: list[str] = []
    real = mineparts.unsent_code

    def kept(typed: str | None) -> str:
        drawn.append(real(typed))
        return drawn[-1]

    monkeypatch.setattr(mineparts, "unsent_code", kept)
    dave = personas.dave
    page = _signed_in(dave, "es", "UTC").get(reverse("practice:mine")).content.decode()
    assert len(drawn) == 1 and drawn[0] in page


@pytest.mark.parametrize("language", ["en", "es"])
@settings(max_examples=150, deadline=None)
@given(
    typed=st.one_of(st.none(), st.text(), st.sampled_from(["", "ABCD-EFGH", HOSTILE, "{{ x }}"]))
)
def test_the_code_box_written_without_a_form_is_the_form_drawn_by_django(
    language: str, typed: str | None
) -> None:
    """The code's box as the page first shows it is written from what she typed back alone,
    with no form made (issue 15's seventeenth pass): the same markup, byte for byte, as
    Django's widget drew for the form the page made before, and as the straight writer of
    that form wrote it, for nothing typed and for any text typed back (markup, quotes,
    braces, right-to-left marks), in English and Spanish."""
    from interdepend.web.frame.templatetags import formfields
    from interdepend.web.practice.templatetags.mineparts import code_fields, unsent_code

    with translation.override(language):
        form = UnsentCode(typed).form()
        drawn = unsent_code(typed)
        assert drawn == formfields.draw(form) == code_fields(form)
        assert "<script" not in drawn
        assert (f' value="{escape(typed)}"' in drawn) == bool(typed)


def test_no_code_form_is_made_as_she_opens_the_page(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As she opens the page (and as she comes Back from the confirm page with a code typed),
    no code form is made: the page holds an :class:`UnsentCode`, and is still the old
    template's."""
    from interdepend.web.practice.forms import ClientCodeForm

    made: list[object] = []
    real = ClientCodeForm.__init__

    def counted(self: ClientCodeForm, *args: object, **kwargs: object) -> None:
        made.append(self)
        real(self, *args, **kwargs)

    alice = personas.alice
    client = _signed_in(alice, "es", "UTC")
    client.get(reverse("practice:mine"))  # the warm-up and first view, untimed
    monkeypatch.setattr(ClientCodeForm, "__init__", counted)
    response = client.get(reverse("practice:mine"))
    assert made == []
    assert isinstance(response.context["code_form"], UnsentCode)
    _same(response, alice)


def test_her_partnerships_and_her_partners_are_read_together_as_apart(
    personas: Personas,
) -> None:
    """When each of her partnerships began and whom she shared one with are one statement
    (issue 15's fourteenth pass), and whom she shares one with now too (the sixteenth), held to
    the three reads it replaced for every person of the test's world (the couple, the one
    alone, the ex-partner, the practitioners), after a partnership ends, when a new one begins
    and when her partner's membership alone has ended."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from interdepend.web.partners.access import access_partner
    from interdepend.web.partners.models import Membership, Partnership
    from interdepend.web.partners.services import partnership_leave
    from interdepend.web.practice import selectors

    def both_ways() -> None:
        for user in User.objects.all():
            with CaptureQueriesContext(connection) as captured:
                together = selectors.her_starts_and_partners(user)
            assert len(captured) == 1
            partner = access_partner(user)
            assert together == (
                selectors.her_starts(user),
                selectors._ever_partners(user),
                partner.pk if partner is not None else None,
            )

    both_ways()
    assert any(selectors.her_starts_and_partners(u)[1] for u in User.objects.all())
    assert any(selectors.her_starts_and_partners(u)[2] for u in User.objects.all())
    assert partnership_leave(user=personas.alice)
    both_ways()
    carol, erin = personas.carol, personas.erin
    partnership = Partnership.objects.create()
    Membership.objects.create(partnership=partnership, user=carol)
    theirs = Membership.objects.create(partnership=partnership, user=erin)
    assert selectors.her_starts_and_partners(carol)[2] == erin.pk
    both_ways()
    theirs.is_active = False
    theirs.save()
    assert selectors.her_starts_and_partners(carol)[2] is None
    both_ways()
