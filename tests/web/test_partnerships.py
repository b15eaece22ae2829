"""Partnerships: invite, accept or decline, leave alone, history, and guessing limits."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from interdepend.core import codes
from interdepend.web.partners import services
from interdepend.web.partners.access import access_active_partnership, access_own_history
from interdepend.web.partners.models import GuessAttempt, Invitation, InvitationState, Membership
from tests.conftest import PASSWORD, Personas
from tests.helpers import Response, as_user, password_confirmed, without_ids

pytestmark = pytest.mark.django_db


def test_invitation_code_has_at_least_96_bits_and_only_its_digest_is_stored(
    personas: Personas,
) -> None:
    new = services.invitation_create(inviter=personas.erin)
    assert re.fullmatch(r"([0-9A-HJKMNP-TV-Z]{4}-){4}[0-9A-HJKMNP-TV-Z]{4}", new.code)
    assert codes.BITS >= 96  # 20 characters of base32
    stored = Invitation.objects.get(pk=new.invitation.pk)
    plain = new.code.replace("-", "")
    assert new.code not in stored.code_digest and plain not in stored.code_digest
    assert stored.code_digest == services.code_digest(new.code)
    assert not Invitation.objects.filter(code_digest__contains=plain[:8]).exists()


def made(client: Client) -> Response:
    """Make an invitation with the password, and follow to the page showing its code once."""
    created = client.post(reverse("partners:invite"), {"password": PASSWORD})
    assert created.status_code == 302, created.status_code
    assert created["Location"] == reverse("partners:invitation")
    return client.get(created["Location"])


def test_the_code_is_shown_by_a_page_of_its_own_once(personas: Personas) -> None:
    """Back then Reload sent the invitation's POST again, her typed password with it, and made
    a new code (the carry audit): the POST now leads to a page, which shows the code once."""
    carol = as_user(personas.carol)
    before = Invitation.objects.filter(inviter=personas.carol).count()
    shown = made(carol)
    code = shown.context["code"]
    assert code.replace("-", "-<wbr>") in shown.content.decode()
    again = carol.get(reverse("partners:invitation"), follow=True)
    assert code not in again.content.decode()
    assert code.replace("-", "-<wbr>") not in again.content.decode()
    assert "shown only once" in again.content.decode()
    assert Invitation.objects.filter(inviter=personas.carol).count() == before + 1


def test_a_code_whose_page_never_opened_is_not_shown_later(personas: Personas) -> None:
    """An answer that never reached the phone left the code waiting in the session for whoever
    opened its page later (the re-audit): it waits two minutes at most."""
    import time

    from interdepend.web.partners import views

    carol = as_user(personas.carol)
    carol.post(reverse("partners:invite"), {"password": PASSWORD})
    session = carol.session
    session[views.INVITATION_SHOWN][1] = time.time() - views.INVITATION_SECONDS - 1
    session.save()
    page = carol.get(reverse("partners:invitation"), follow=True)
    assert "invite-code" not in page.content.decode()
    assert "shown only once" in page.content.decode()


def test_a_withdrawn_code_is_not_shown(personas: Personas) -> None:
    carol = as_user(personas.carol)
    carol.post(reverse("partners:invite"), {"password": PASSWORD})
    invitation = Invitation.objects.filter(inviter=personas.carol).latest("pk")
    carol.post(reverse("partners:withdraw", args=[invitation.public_id]))
    page = carol.get(reverse("partners:invitation"), follow=True)
    assert "shown only once" in page.content.decode()
    assert "invite-code" not in page.content.decode()


def loosely_typed(code: str) -> str:
    """The code as someone reads it off a phone: small letters, spaces, O for 0, l for 1."""
    return (
        " ".join(code.replace("-", "")[i : i + 5] for i in range(0, 20, 5))
        .lower()
        .replace("0", "o")
        .replace("1", "l")
    )


def test_a_code_typed_in_small_letters_with_spaces_opens_the_invitation(
    personas: Personas,
) -> None:
    carol, erin = as_user(personas.carol), as_user(personas.erin)
    code = made(carol).context["code"]
    shown = erin.post(reverse("partners:join"), {"code": loosely_typed(code)})
    assert shown.status_code == 200
    assert "<bdi>Carol</bdi> invites you" in shown.content.decode()
    erin.post(
        reverse("partners:respond"),
        {"code": loosely_typed(code), "answer": "accept", "password": PASSWORD},
    )
    assert "You and <bdi>Carol</bdi>" in erin.get(reverse("partners:us")).content.decode()
    assert not GuessAttempt.objects.exists()


def test_the_new_code_may_wrap_only_between_its_groups(personas: Personas) -> None:
    created = made(as_user(personas.carol))
    code = created.context["code"]
    shown = re.search(r'id="invite-code">(.*?)</span>', created.content.decode())
    assert shown is not None
    assert shown.group(1) == code.replace("-", "-<wbr>")
    assert shown.group(1).count("<wbr>") == 4


def test_a_code_made_before_the_readable_scheme_still_opens_until_it_expires(
    personas: Personas,
) -> None:
    old = "Zq3kP-oR9_xLm2Nv"  # 16 URL-safe characters, as codes were made before
    Invitation.objects.create(
        inviter=personas.carol,
        expires_at=timezone.now() + timedelta(hours=1),
        code_digest=hashlib.sha256(old.encode()).hexdigest(),
    )
    erin = as_user(personas.erin)
    assert (
        "<bdi>Carol</bdi> invites you"
        in erin.post(reverse("partners:join"), {"code": old}).content.decode()
    )
    assert erin.post(reverse("partners:join"), {"code": old.lower()}).status_code == 404


def test_invite_accept_and_both_see_the_partnership(personas: Personas) -> None:
    carol, erin = as_user(personas.carol), as_user(personas.erin)
    code = made(carol).context["code"]
    shown = erin.get(reverse("partners:join_link", args=[code]))
    assert "<bdi>Carol</bdi> invites you" in shown.content.decode()
    erin.post(reverse("partners:respond"), {"code": code, "answer": "accept", "password": PASSWORD})
    assert "You and <bdi>Erin</bdi>" in carol.get(reverse("partners:us")).content.decode()
    assert "You and <bdi>Carol</bdi>" in erin.get(reverse("partners:us")).content.decode()
    # every other open invitation of either is withdrawn: one partnership at a time
    assert not Invitation.objects.filter(
        inviter=personas.carol, state=InvitationState.OPEN
    ).exists()
    # Back to the link just used, or a reload: a kind word and the way to Us, not a dead code;
    # to anyone else the used code is as dead as ever.
    again = erin.get(reverse("partners:join_link", args=[code]), follow=True)
    assert again.redirect_chain[-1][0] == reverse("partners:us")
    assert "You used this invitation already: you and Carol are linked." in again.content.decode()
    assert as_user(personas.dave).get(reverse("partners:join_link", args=[code])).status_code == 404


def test_an_invitation_is_single_use(personas: Personas) -> None:
    code = personas.invitation_code
    as_user(personas.erin).post(
        reverse("partners:respond"), {"code": code, "answer": "accept", "password": PASSWORD}
    )
    response = as_user(personas.dave).get(reverse("partners:join_link", args=[code]))
    assert response.status_code == 404
    assert "does not open an invitation" in response.content.decode()


def _inviters_view(personas: Personas) -> tuple[str, object]:
    """Carol's Us page (without its form tokens) and the partnership tables of her export."""
    from interdepend.web.partners import personal

    page = as_user(personas.carol).get(reverse("partners:us")).content.decode()
    page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", page)
    return page, personal.export(personas.carol)


def test_declining_tells_the_one_who_invited_nothing(personas: Personas) -> None:
    """A declined invitation went from his "still open" list at once and read "declined" in
    his export, so he learnt she had seen it and said no (the ex audit). Declining now writes
    nothing: his page, his export and the code stay as if she had never opened it."""
    before = _inviters_view(personas)
    erin = as_user(personas.erin)
    response = erin.post(
        reverse("partners:respond"), {"code": personas.invitation_code, "answer": "decline"}
    )
    told = [str(m) for m in get_messages(response.wsgi_request)]
    assert told == ["You declined the invitation. Nothing is sent to the person who invited you."]
    assert access_active_partnership(personas.erin) is None
    assert _inviters_view(personas) == before
    assert Invitation.objects.get(public_id=personas.invitation_id).state == InvitationState.OPEN


def test_expired_invitation_cannot_be_used(personas: Personas) -> None:
    from datetime import timedelta

    from django.utils import timezone

    Invitation.objects.filter(public_id=personas.invitation_id).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    response = as_user(personas.erin).get(
        reverse("partners:join_link", args=[personas.invitation_code])
    )
    assert response.status_code == 404


def test_cannot_accept_own_invitation_or_while_linked(personas: Personas) -> None:
    code = personas.invitation_code
    with pytest.raises(services.PartnershipError):
        services.invitation_accept(
            invitation=Invitation.objects.get(public_id=personas.invitation_id),
            user=personas.carol,
        )
    alice = as_user(personas.alice)
    alice.post(
        reverse("partners:respond"), {"code": code, "answer": "accept", "password": PASSWORD}
    )
    active = access_active_partnership(personas.alice)
    assert active is not None and active.partner == personas.bob


def test_leaving_is_alone_needs_the_password_and_ends_access_on_the_next_request(
    personas: Personas,
) -> None:
    alice, bob = as_user(personas.alice), as_user(personas.bob)
    assert "You and <bdi>Alice</bdi>" in bob.get(reverse("partners:us")).content.decode()
    refused = alice.post(reverse("partners:leave"), {"password": "wrong"})
    assert refused.status_code == 200
    # Leaving ends only the partnership: the page points to what else may still be open.
    page = refused.content.decode()
    assert f'href="{reverse("safetycheck:index")}">Who can see what</a>' in page
    assert f'href="{reverse("datarights:index")}#reset-heading">safety reset</a>' in page
    assert access_active_partnership(personas.alice) is not None
    alice.post(reverse("partners:leave"), {"password": PASSWORD})
    page = bob.get(reverse("partners:us")).content.decode()
    assert "You and <bdi>Alice</bdi>" not in page
    assert "not linked with a partner" in page
    # nothing is announced: bob's page is the page of someone never linked, plus his history
    assert "left" not in without_ids(page).lower() or "Earlier partnerships" in page
    assert len(access_own_history(personas.bob)) == 1


def test_history_keeps_past_partnerships_and_allows_re_partnering(personas: Personas) -> None:
    history = access_own_history(personas.alice)
    assert len(history) == 1  # with dave, before bob
    services.partnership_leave(user=personas.alice)
    again = services.invitation_create(inviter=personas.dave)
    services.invitation_accept(invitation=again.invitation, user=personas.alice)
    assert Membership.objects.filter(user=personas.alice).count() == 3
    assert len(access_own_history(personas.alice)) == 2


def test_ex_partner_history_shows_no_one_else(personas: Personas) -> None:
    page = password_confirmed(as_user(personas.dave)).get(reverse("partners:us")).content.decode()
    assert "Earlier partnerships</h2>" in page
    assert "Alice" not in page and "Bob" not in page


AFTER_PASSWORD = "Earlier partnerships, if you have any, are listed here once you have typed"


def test_earlier_partnerships_wait_behind_her_password_after_a_while_away(
    personas: Personas,
) -> None:
    """Whoever holds her phone after a while away does not read that she had a partnership
    before, nor when (the security audit of 2026-12-04, II): the line that says where they
    went is the same for someone who never had one."""

    def main(client: Client) -> str:
        page = client.get(reverse("partners:us")).content.decode()
        return page[page.index("<main") : page.index("</main>")]

    dave_away = main(password_confirmed(as_user(personas.dave), seconds_ago=24 * 3600))
    assert AFTER_PASSWORD in dave_away and "Earlier partnerships</h2>" not in dave_away
    assert not re.search(r"<li>From [^<]+ to [^<]+</li>", dave_away)
    assert f'href="{reverse("accounts:confirm")}?next=/us/"' in dave_away
    carol_away = main(password_confirmed(as_user(personas.carol), seconds_ago=24 * 3600))
    assert AFTER_PASSWORD in carol_away  # never had one: the same line
    dave_back = main(password_confirmed(as_user(personas.dave)))
    assert AFTER_PASSWORD not in dave_back and "Earlier partnerships</h2>" in dave_back
    assert re.search(r"<li>From [^<]+ to [^<]+</li>", dave_back)


@override_settings(INVITE_GUESS_LIMIT=5)
def test_guessing_codes_is_rate_limited_per_person(personas: Personas) -> None:
    """T24: wrong codes are counted; after the limit even a right code waits."""
    erin = as_user(personas.erin)
    guesses = [f"guess{n:011d}" for n in range(5)]
    for guess in guesses:
        assert erin.post(reverse("partners:join"), {"code": guess}).status_code == 404
    blocked = erin.post(reverse("partners:join"), {"code": personas.invitation_code})
    assert blocked.status_code == 429
    assert GuessAttempt.objects.filter(key=f"user:{personas.erin.pk}").count() == 5
    other_address = as_user(personas.dave).get(
        reverse("partners:join_link", args=[personas.invitation_code]), REMOTE_ADDR="10.2.2.2"
    )
    assert other_address.status_code == 200
    print(f"\nT24 invitation guessing: 96-bit codes; blocked after {len(guesses)} wrong codes")


@pytest.mark.parametrize("route", ["partners:join_link", "practice:join_link"])
def test_a_code_link_from_another_site_waits_for_her_own_press(
    personas: Personas, route: str
) -> None:
    """Opening a code's link looks the code up, and a code that opens nothing counts against
    her wrong guesses: ten links from a page elsewhere shut her out of her real codes for an
    hour (the stranger audit of 2026-12-03). Sent by another site, the link only fills the
    form; nothing is looked up or counted until she presses its button."""
    erin = as_user(personas.erin)
    elsewhere = {"Sec-Fetch-Site": "cross-site"}
    for n in range(12):
        shown = erin.get(reverse(route, args=[f"JUNK{n:012d}"]), headers=elsewhere)
        assert shown.status_code == 200
        assert f'value="JUNK{n:012d}"' in shown.content.decode()
    assert not GuessAttempt.objects.filter(key=f"user:{personas.erin.pk}").exists()
    tapped = erin.get(reverse(route, args=["JUNK000000000099"]), headers={"Sec-Fetch-Site": "none"})
    assert tapped.status_code == 404  # from a message or typed: looked up, as before
    assert GuessAttempt.objects.filter(key=f"user:{personas.erin.pk}").count() == 1


def test_withdrawn_invitation_stops_working(personas: Personas) -> None:
    as_user(personas.carol).post(reverse("partners:withdraw", args=[personas.invitation_id]))
    response = as_user(personas.erin).get(
        reverse("partners:join_link", args=[personas.invitation_code])
    )
    assert response.status_code == 404
