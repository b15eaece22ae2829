"""Reads of research consent: a person's own, and whether staff may see the deployer's pages."""

from __future__ import annotations

from django.http import Http404

from interdepend.web.accounts.models import User
from interdepend.web.frame.prepared import Prepared
from interdepend.web.research.models import ResearchConsent


def access_own_consent(user: User) -> bool:
    """Whether the person has consented to research use of their answers."""
    return bool(_GIVEN(user_id=user.pk))


_GIVEN = Prepared(
    lambda user_id: ResearchConsent.objects.filter(user_id=user_id, is_given=True).values_list(
        "pk", flat=True
    )[:1]
)


def access_staff(user: User) -> User:
    """Staff only; everyone else gets the same 404 as for a page that is not there."""
    if not (user.is_active and user.is_staff):
        raise Http404
    return user
