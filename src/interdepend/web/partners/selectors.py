"""Reads for the partnership page that the features above this app answer.

Right after linking, the partnership page should offer what comes next together (taking the
inventory, or sharing a result), not only the way out (the phone look of 2026-12-03). What comes
next is the couple view's to say, and this app may not import it (the layer contract in
pyproject.toml), so the page asks through a signal, which the couple app answers (connected as
Django starts, by its ``ready``), as :data:`partners.services.partnership_ties` is answered.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.dispatch import Signal

from interdepend.web.accounts.models import User
from interdepend.web.partners.access import ActivePartnership
from interdepend.web.partners.models import Partnership

#: Sent by :func:`next_steps` with ``user`` and ``active`` (their current partnership): a
#: receiver answers with a :class:`NextStep` for the person, or None when it has none. Only
#: the person's own facts may decide it, and whether the view it leads to is open (which that
#: view tells whoever opens it): the page is theirs, and must otherwise read the same whatever
#: the partner did.
partnership_next_step = Signal()


@dataclass(frozen=True)
class NextStep:
    """What a feature offers a person to do next in their partnership: ``template`` draws its
    words and its button, with ``facts`` beside the page's own context. ``opened`` says the
    step is no step at all but the view it leads to, open now: its words then stand in place of
    the page's own on how that view opens."""

    template: str
    facts: Mapping[str, object] = field(default_factory=dict)
    opened: bool = False


def next_steps(*, user: User, active: ActivePartnership) -> list[NextStep]:
    """The next steps the features above offer ``user`` in ``active``."""
    # django-stubs types a signal's answers as text; these are the receivers' own objects.
    answers: Sequence[tuple[object, object]] = partnership_next_step.send(
        sender=Partnership, user=user, active=active
    )
    return [step for _receiver, step in answers if isinstance(step, NextStep)]
