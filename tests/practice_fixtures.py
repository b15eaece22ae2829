"""The practice's part of the personas: three practitioners and the consents of alice and bob.

- pat ("practitioner") invited alice and bob as a couple; alice consents to results, couple and
  journal (she shares one entry with pat by name: ``tests.journal_fixtures``), bob to couple
  and trends. pat also has an open invitation for one person.
- quinn ("practitioner-none") is linked with alice, who consents to nothing.
- rory ("practitioner-revoked") had alice's consent to results, then to results and journal
  with an entry shared by name; alice revoked it all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from interdepend.web.accounts.models import User


@dataclass
class PracticePersonas:
    pat: User
    quinn: User
    rory: User
    roles: dict[str, User] = field(default_factory=dict)
    ids: dict[str, str] = field(default_factory=dict)
    open_code: str = ""


def _practitioner(name: str, kind: str) -> User:
    from interdepend.web.accounts.services import user_create
    from interdepend.web.practice.services import practitioner_enable
    from tests.conftest import PASSWORD

    user = user_create(
        email=f"{name}@practice.example.test", password=PASSWORD, display_name=name.capitalize()
    )
    practitioner_enable(user=user, kind=kind, practice_name=f"{name.capitalize()} Practice")
    return user


def _link(practitioner_user: User, clients: list[User], invited: str = "person") -> list[str]:
    from interdepend.web.practice import services
    from interdepend.web.practice.models import Practitioner

    profile = Practitioner.objects.get(user=practitioner_user)
    new = services.client_invitation_create(practitioner=profile, invited=invited)
    return [
        services.client_invitation_redeem(invitation=new.invitation, user=client).public_id
        for client in clients
    ]


def build_practice(alice: User, bob: User) -> PracticePersonas:
    from interdepend.web.practice import services
    from interdepend.web.practice.models import ClientLink, Practitioner

    pat, quinn, rory = (
        _practitioner(name, kind)
        for name, kind in (("pat", "therapist"), ("quinn", "counsellor"), ("rory", "coach"))
    )
    alice_link, bob_link = _link(pat, [alice, bob], invited="couple")
    services.consent_set(
        link=ClientLink.objects.get(public_id=alice_link), scopes=["results", "couple", "journal"]
    )
    services.consent_set(
        link=ClientLink.objects.get(public_id=bob_link), scopes=["couple", "trends"]
    )
    (quinn_link,) = _link(quinn, [alice])
    (rory_link,) = _link(rory, [alice])
    revoked = ClientLink.objects.get(public_id=rory_link)
    services.consent_set(link=revoked, scopes=["results"])
    services.consent_set(link=revoked, scopes=[])
    waiting = services.client_invitation_create(practitioner=Practitioner.objects.get(user=pat))
    return PracticePersonas(
        pat=pat,
        quinn=quinn,
        rory=rory,
        roles={"practitioner": pat, "practitioner-none": quinn, "practitioner-revoked": rory},
        ids={
            "alice_link": alice_link,
            "bob_link": bob_link,
            "quinn_link": quinn_link,
            "rory_link": rory_link,
            "open_invitation": waiting.invitation.public_id,
        },
        open_code=waiting.code,
    )
