"""Demo: Robin, a counsellor, works with Maya and Jonah. Maya shares her results and the
couple view; Jonah has shared nothing yet, so the couple view stays closed to Robin."""

from __future__ import annotations

from typing import TYPE_CHECKING

from interdepend.web.accounts.demo import DemoAccount, demo_person
from interdepend.web.accounts.selectors import DEMO_PASSWORD
from interdepend.web.practice import services
from interdepend.web.practice.models import ClientLink, InvitationFor, PractitionerKind, Scope

if TYPE_CHECKING:
    from interdepend.web.accounts.demo import DemoPeople

ROBIN = DemoAccount("robin@demo.interdepend.test", DEMO_PASSWORD, "Robin")
#: Accounts this step adds beside the demo people, for ``interdepend demo`` to print.
ACCOUNTS = (ROBIN,)


def demo_practice(people: DemoPeople) -> None:
    robin = demo_person(ROBIN)
    profile = services.practitioner_enable(
        user=robin, kind=PractitionerKind.COUNSELLOR, practice_name="Riverside Counselling"
    )
    if ClientLink.objects.filter(practitioner=profile).exists():
        return  # already set up, or changed by hand: leave it alone
    new = services.client_invitation_create(practitioner=profile, invited=InvitationFor.COUPLE)
    maya = services.client_invitation_redeem(invitation=new.invitation, user=people.maya)
    services.client_invitation_redeem(invitation=new.invitation, user=people.jonah)
    services.consent_set(link=maya, scopes=[Scope.RESULTS, Scope.COUPLE])
