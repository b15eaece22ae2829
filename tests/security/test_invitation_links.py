"""An invitation link in her browser's history opens nothing for anyone else.

A link holds its code, and her browser's history keeps the link. Her partner, on his own account,
opened it and read who her practitioner is (name, title, number), or who invited her to link as
partners, and could take the invitation himself (the notifications audit of 2026-12-03, H1). An
invitation now becomes the first signed-in account's that opens it; to every other account its
code answers exactly as a code that does not exist: the same page, byte for byte, the same
status, the same statements, and one more wrong guess on his own count.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.db import connection
from django.db.models import Model
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from interdepend.web.accounts.models import User
from interdepend.web.accounts.services import user_create
from interdepend.web.partners.models import GuessAttempt, Invitation, InvitationState, Membership
from interdepend.web.partners.services import fresh_code
from interdepend.web.practice import services
from interdepend.web.practice.models import (
    ClientInvitation,
    ClientInvitationState,
    ClientLink,
    Practitioner,
)
from tests.conftest import PASSWORD, Personas
from tests.helpers import as_user

pytestmark = pytest.mark.django_db

VOLATILE = re.compile(r'(name="(?:csrfmiddlewaretoken|idem)" value=")[^"]*"')
NOBODY = "0" * 64  # a digest no code has


def page(client: Client, url: str) -> tuple[int, str]:
    response = client.get(url)
    return response.status_code, VOLATILE.sub(r"\1-", response.content.decode())


def guesses(user: User) -> int:
    return GuessAttempt.objects.filter(key=f"user:{user.pk}").count()


def as_unknown_code(row: Model, see: Callable[[], tuple[int, str]]) -> tuple[int, str, int]:
    """What ``see`` answers once the code behind ``row`` exists no more (its digest changed),
    with the number of statements it took; the digest is put back after."""
    kept = row.code_digest  # type: ignore[attr-defined]
    type(row)._default_manager.filter(pk=row.pk).update(code_digest=NOBODY)
    with CaptureQueriesContext(connection) as queries:
        status, body = see()
    type(row)._default_manager.filter(pk=row.pk).update(code_digest=kept)
    return status, body, len(queries)


def practitioner_sol() -> tuple[User, services.NewClientInvitation]:
    sol = user_create(email="sol@practice.example.test", password=PASSWORD, display_name="Sol")
    profile = services.practitioner_enable(user=sol, kind="counsellor", practice_name="Sol Rooms")
    return sol, services.client_invitation_create(practitioner=profile)


def test_her_partner_opening_her_practitioners_link_gets_the_unknown_code_page(
    personas: Personas,
) -> None:
    """She opens the link signed in; her partner opens the same link on his own account and
    gets, byte for byte, what a code that does not exist gets; he cannot connect; she can."""
    alice, bob = personas.alice, personas.bob
    _sol, new = practitioner_sol()
    url = reverse("practice:join_link", args=[new.code])
    her, his = as_user(alice), as_user(bob)
    status, body = page(her, url)
    assert status == 200 and "Sol" in body and "Sol Rooms" in body

    page(his, reverse("partners:us"))  # his session's first-request work, out of the way
    before = guesses(bob)
    with CaptureQueriesContext(connection) as queries:
        his_status, his_body = page(his, url)
    unknown_status, unknown_body, unknown_queries = as_unknown_code(
        new.invitation, lambda: page(his, url)
    )
    assert (his_status, his_body) == (unknown_status, unknown_body)
    assert his_status == 404
    assert "Sol" not in his_body and new.invitation.practitioner.number not in his_body
    assert len(queries) == unknown_queries  # the same work, so no time to tell them apart by
    assert guesses(bob) == before + 2  # each counted as the wrong guess it looks like
    print(
        f"\nH1 practitioner link: his page and an unknown code's: {his_status} and "
        f"{unknown_status}, {len(his_body)} bytes each, equal; {len(queries)} statements each"
    )

    # He cannot take it: not by the form, not by the service.
    his.post(reverse("practice:accept"), {"code": new.code, "password": PASSWORD})
    assert (
        not ClientLink.objects.filter(client=bob)
        .exclude(invitation=None)
        .filter(invitation=new.invitation)
        .exists()
    )
    with pytest.raises(services.PracticeError):
        services.client_invitation_redeem(invitation=new.invitation, user=bob)
    new.invitation.refresh_from_db()
    assert new.invitation.state == ClientInvitationState.OPEN

    # 'Not now' leaves it hers: she opens it again and connects.
    assert page(her, url)[0] == 200
    response = her.post(reverse("practice:accept"), {"code": new.code, "password": PASSWORD})
    assert response.status_code == 302
    assert ClientLink.objects.filter(invitation=new.invitation, client=alice).exists()


def test_a_code_typed_by_hand_becomes_hers_as_a_link_does(personas: Personas) -> None:
    _sol, new = practitioner_sol()
    first = as_user(personas.carol).post(reverse("practice:join"), {"code": new.code})
    assert first.status_code == 200 and "Sol" in first.content.decode()
    typed = as_user(personas.erin).post(reverse("practice:join"), {"code": new.code})
    assert typed.status_code == 404 and "Sol" not in typed.content.decode()


def test_the_practitioner_opening_his_own_link_keeps_it_for_the_client(
    personas: Personas,
) -> None:
    sol, new = practitioner_sol()
    url = reverse("practice:join_link", args=[new.code])
    own = as_user(sol).get(url)
    assert own.status_code == 200 and "This is your own invitation" in own.content.decode()
    assert as_user(personas.carol).get(url).status_code == 200
    assert as_user(personas.erin).get(url).status_code == 404


def test_signed_out_the_link_waits_for_the_first_signed_in_view(personas: Personas) -> None:
    _sol, new = practitioner_sol()
    url = reverse("practice:join_link", args=[new.code])
    response = Client().get(url)
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    new.invitation.refresh_from_db()
    assert new.invitation.opened_by == ""  # nobody's yet
    assert as_user(personas.carol).get(url).status_code == 200
    assert as_user(personas.erin).get(url).status_code == 404


def test_the_wrong_account_is_told_what_to_do_in_words_every_unknown_code_gets(
    personas: Personas,
) -> None:
    """The page of a code that does not open sent her only to "your other account"; when
    someone else who had her link opened it first, she has no such account, and she is told
    plainly that this may have happened and what to do (the re-audit of 2026-12-03, L2). Every
    such page says it, a made-up code's too, so the pages stay the same byte for byte."""
    _sol, new = practitioner_sol()
    made_up = fresh_code()[0]
    for route, code, ask in (
        ("practice:join_link", new.code, "ask your practitioner for a new invitation of your own"),
        ("practice:join_link", made_up, "ask your practitioner for a new invitation of your own"),
        ("partners:join_link", personas.invitation_code, "ask the person who invited you"),
        ("partners:join_link", made_up, "ask the person who invited you"),
    ):
        url = reverse(route, args=[code])
        as_user(personas.dave).get(url)  # her other account, say, or someone with her link
        text = " ".join(as_user(personas.erin).get(url).content.decode().split())
        assert "An invitation belongs to the first account that opens it" in text
        assert "someone else who had the link opened it first" in text
        assert ask in text
        assert "keep its link where only you can see it" in text


def sols_couple_code() -> tuple[Practitioner, services.NewClientInvitation, str]:
    """Sol, a counsellor, with a new invitation for a couple, and its link."""
    sol = user_create(email="sol@practice.example.test", password=PASSWORD, display_name="Sol")
    profile = services.practitioner_enable(user=sol, kind="counsellor")
    new = services.client_invitation_create(practitioner=profile, invited="couple")
    return profile, new, reverse("practice:join_link", args=[new.code])


def test_a_couple_code_opens_for_her_partner_only_once_she_has_connected(
    personas: Personas,
) -> None:
    alice, bob = personas.alice, personas.bob
    profile, new, url = sols_couple_code()
    her, his = as_user(alice), as_user(bob)
    assert page(her, url)[0] == 200
    before = page(his, url)
    assert before == as_unknown_code(new.invitation, lambda: page(his, url))[:2]
    assert before[0] == 404 and "Sol" not in before[1]

    her.post(reverse("practice:accept"), {"code": new.code, "password": PASSWORD})
    assert ClientLink.objects.filter(invitation=new.invitation, client=alice).exists()
    status, body = page(his, url)
    assert status == 200 and "Sol" in body  # the couple's code, now for him too
    assert as_user(personas.dave).get(url).status_code == 404  # her ex: not her partner
    his.post(reverse("practice:accept"), {"code": new.code, "password": PASSWORD})
    new.invitation.refresh_from_db()
    assert new.invitation.state == ClientInvitationState.USED


def test_a_partner_invitation_link_opens_for_the_first_account_only(personas: Personas) -> None:
    """carol invites; erin opens the link; dave, reading erin's history, gets the unknown code's
    page, cannot accept, and erin still can."""
    carol, erin, dave = personas.carol, personas.erin, personas.dave
    invitation = Invitation.objects.get(public_id=personas.invitation_id)
    url = reverse("partners:join_link", args=[personas.invitation_code])
    hers, his = as_user(erin), as_user(dave)
    status, body = page(hers, url)
    assert status == 200 and "Carol" in body

    page(his, reverse("partners:us"))
    before = guesses(dave)
    with CaptureQueriesContext(connection) as queries:
        seen = page(his, url)
    unknown_status, unknown_body, unknown_queries = as_unknown_code(
        invitation, lambda: page(his, url)
    )
    assert seen == (unknown_status, unknown_body) and seen[0] == 404
    assert "Carol" not in seen[1]
    assert len(queries) == unknown_queries
    assert guesses(dave) == before + 2
    print(
        f"\nH1 partner link: his page and an unknown code's: {seen[0]} and {unknown_status}, "
        f"{len(seen[1])} bytes each, equal; {len(queries)} statements each"
    )

    answer = {"code": personas.invitation_code, "answer": "accept", "password": PASSWORD}
    his.post(reverse("partners:respond"), answer)
    assert not Membership.objects.filter(user=dave, is_active=True).exists()
    invitation.refresh_from_db()
    assert invitation.state == InvitationState.OPEN
    hers.post(reverse("partners:respond"), answer)
    assert Membership.objects.filter(user=erin, is_active=True).exists()
    assert Membership.objects.filter(user=carol, is_active=True).exists()


def test_who_opened_an_invitation_stays_out_of_the_inviters_download(
    personas: Personas,
) -> None:
    from interdepend.web.partners import personal as partners_personal
    from interdepend.web.practice import personal as practice_personal

    sol, new = practitioner_sol()
    as_user(personas.carol).get(reverse("practice:join_link", args=[new.code]))
    as_user(personas.erin).get(reverse("partners:join_link", args=[personas.invitation_code]))
    assert ClientInvitation.objects.get(pk=new.invitation.pk).opened_by
    for tables in (practice_personal.export(sol), partners_personal.export(personas.carol)):
        assert "opened_by" not in repr(tables)


def closed_or_not_theirs(
    personas: Personas,
    make: Callable[[], tuple[str, Model]],
    withdraw: Callable[[Model], None],
    route: str,
) -> None:
    """For dave, a closed code nobody opened, a closed code erin opened, an open code erin
    opened and a made-up code answer alike, byte for byte, and each adds exactly one wrong
    guess to his count. A closed code nobody opened used to add none and one she opened one:
    his count (in his download, and his pause after ten) told whether she had opened it (the
    re-audit of 2026-12-03, L1). For erin, her own closed code is not counted, and neither is
    the inviter's own."""
    erin, dave = personas.erin, personas.dave
    her, his = as_user(erin), as_user(dave)
    unopened_code, unopened = make()
    withdraw(unopened)
    closed_code, closed = make()
    open_code, _open = make()
    for code in (closed_code, open_code):
        assert page(her, reverse(route, args=[code]))[0] == 200  # now hers
    withdraw(closed)
    made_up = fresh_code()[0]

    page(his, reverse("partners:us"))  # his session's first-request work, out of the way
    answers = []
    for code in (unopened_code, closed_code, open_code, made_up):
        before = guesses(dave)
        status, body = page(his, reverse(route, args=[code]))
        answers.append((status, body.replace(code, "CODE")))
        assert guesses(dave) == before + 1, code
    assert answers[0][0] == 404 and all(answer == answers[0] for answer in answers)

    before = guesses(erin)
    assert page(her, reverse(route, args=[closed_code]))[0] == 404
    assert guesses(erin) == before  # hers: not a guess
    print(
        f"\nL1 {route}: his answers for closed unopened, closed hers, open hers, made-up: "
        f"{[a[0] for a in answers]}, {len(answers[0][1])} bytes, equal; +1 each"
    )


def test_his_count_does_not_tell_whether_she_opened_a_closed_partner_invitation(
    personas: Personas,
) -> None:
    from interdepend.web.partners.services import invitation_create, invitation_withdraw

    def make() -> tuple[str, Model]:
        new = invitation_create(inviter=personas.carol)
        return new.code, new.invitation

    def withdraw(row: Model) -> None:
        invitation_withdraw(invitation=row)  # type: ignore[arg-type]

    closed_or_not_theirs(personas, make, withdraw, "partners:join_link")
    # The inviter's own closed code is not a guess either.
    carol = as_user(personas.carol)
    code, row = make()
    withdraw(row)
    before = guesses(personas.carol)
    assert carol.get(reverse("partners:join_link", args=[code])).status_code == 404
    assert guesses(personas.carol) == before


def test_his_count_does_not_tell_whether_she_opened_a_closed_practitioner_invitation(
    personas: Personas,
) -> None:
    sol, _new = practitioner_sol()
    profile = sol.practitioner

    def make() -> tuple[str, Model]:
        new = services.client_invitation_create(practitioner=profile)
        return new.code, new.invitation

    def withdraw(row: Model) -> None:
        services.client_invitation_withdraw(invitation=row)  # type: ignore[arg-type]

    closed_or_not_theirs(personas, make, withdraw, "practice:join_link")
    code, row = make()
    withdraw(row)
    before = guesses(sol)
    assert as_user(sol).get(reverse("practice:join_link", args=[code])).status_code == 404
    assert guesses(sol) == before


def test_a_couple_code_held_by_one_partner_leaves_the_practitioners_pages_as_they_were(
    personas: Personas,
) -> None:
    """Bob opens the couple's code first and never connects: it stays closed to Alice (the
    re-audit of 2026-12-03, M2). Sol's page for a new couple's code says, in general words,
    that this can happen and what to do, and his dashboard reads the same byte for byte before
    and after, so it never says who opened the code; Alice connects with a code of her own."""
    sol, _new = practitioner_sol()
    reader = as_user(sol)
    reader.post(reverse("practice:invite"), {"invited": "couple"})
    made = " ".join(reader.get(reverse("practice:invitation")).content.decode().split())
    assert "If one partner opens it and does not connect, it stays closed to the other" in made
    found = re.search(r"practice/(?:<wbr>)?join/(?:<wbr>)?<span class=\"whole\">([^/]+)/", made)
    assert found is not None
    url = reverse("practice:join_link", args=[found.group(1)])

    dashboard = reverse("practice:dashboard")
    before = page(reader, dashboard)
    assert before[0] == 200
    assert page(as_user(personas.bob), url)[0] == 200  # he opens it, then leaves it
    assert page(as_user(personas.alice), url)[0] == 404  # closed to her until he connects
    assert page(reader, dashboard) == before

    own = services.client_invitation_create(practitioner=sol.practitioner)
    her = as_user(personas.alice)
    assert page(her, reverse("practice:join_link", args=[own.code]))[0] == 200
    her.post(reverse("practice:accept"), {"code": own.code, "password": PASSWORD})
    assert ClientLink.objects.filter(invitation=own.invitation, client=personas.alice).exists()


def posted_words(client: Client, route: str, code: str) -> tuple[int, str]:
    """The password page a code sent without the password answers with."""
    response = client.post(reverse(route), {"code": code, "answer": "accept"})
    return response.status_code, VOLATILE.sub(r"\1-", response.content.decode())


@pytest.mark.parametrize("route", ["practice:accept", "partners:respond"])
def test_a_code_sent_without_the_password_names_only_her_own_invitation(
    personas: Personas, route: str
) -> None:
    """Sending her code to the connect button without a password answered with a page naming
    who invited her ("connect with Sol (Counsellor…)") for any open code nobody had opened, and
    bound nothing and counted nothing, as often as he liked, while she could still open her
    link and never learn anyone had looked (the practitioner audit of 2026-12-03, M1). The page
    now names only an invitation that is the asker's already; for every other code it says the
    same general words, byte for byte, and binds and counts nothing before the password."""
    his = as_user(personas.erin)
    if route == "practice:accept":
        _sol, new = practitioner_sol()
        row: Model = new.invitation
        code, named, link = new.code, "Sol", "practice:join_link"
        hers = as_user(personas.carol)
    else:
        row = Invitation.objects.get(inviter=personas.carol, state=InvitationState.OPEN)
        code, named = personas.invitation_code, str(personas.carol.display_name)
        link = "partners:join_link"
        hers = as_user(personas.dave)
    before = guesses(personas.erin)
    # Nobody opened it: general words, and it stays nobody's.
    seen = posted_words(his, route, code)
    assert seen[0] == 200 and named not in seen[1]
    assert seen == as_unknown_code(row, lambda: posted_words(his, route, code))[:2]
    assert type(row)._default_manager.values_list("opened_by", flat=True).get(pk=row.pk) == ""
    # She opens it: hers, and named to her; to him still the same general words.
    assert page(hers, reverse(link, args=[code]))[0] == 200
    assert named in posted_words(hers, route, code)[1]
    assert posted_words(his, route, code) == seen
    assert guesses(personas.erin) == before  # nothing counted before a password


def test_a_couple_code_closes_to_her_partner_once_she_has_stopped(personas: Personas) -> None:
    """Her ended connection still opened the couple's code to her partner, who could connect
    with it until it expired, and so could a later partner of hers, which told the practitioner
    she had a new one (the practitioner audit of 2026-12-03, L1). It opens to her partner only
    while she is connected through it, in their present partnership."""
    from datetime import timedelta

    from django.utils import timezone

    from interdepend.web.partners.access import access_active_partnership
    from interdepend.web.partners.models import Partnership

    alice, bob = personas.alice, personas.bob
    profile, new, url = sols_couple_code()
    her, his = as_user(alice), as_user(bob)
    page(her, url)
    her.post(reverse("practice:accept"), {"code": new.code, "password": PASSWORD})
    link = ClientLink.objects.get(invitation=new.invitation, client=alice)
    assert page(his, url)[0] == 200
    services.link_end(link=link)
    ended = page(his, url)
    assert ended == as_unknown_code(new.invitation, lambda: page(his, url))[:2]
    assert ended[0] == 404 and "Sol" not in ended[1]
    his.post(reverse("practice:accept"), {"code": new.code, "password": PASSWORD})
    assert not ClientLink.objects.filter(invitation=new.invitation, client=bob).exists()
    # Connected again through a new code, but from before this partnership: still closed.
    again = services.client_invitation_create(practitioner=profile, invited="couple")
    page(her, reverse("practice:join_link", args=[again.code]))
    her.post(reverse("practice:accept"), {"code": again.code, "password": PASSWORD})
    present = access_active_partnership(bob)
    assert present is not None
    later = timezone.now() + timedelta(days=1)  # as if they had become partners after it
    Partnership.objects.filter(pk=present.partnership.pk).update(started_at=later)
    assert page(his, reverse("practice:join_link", args=[again.code]))[0] == 404
