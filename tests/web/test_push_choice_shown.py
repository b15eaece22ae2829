"""The account page starts her notification choice's form from five columns of her row
(``push.push_choice_shown``, issue 15's eighteenth pass), where it made the model row, or an
unsaved one when she never chose (``push.push_choice_of``). Held here to the row's own answer
for every set of kinds and many pairs of hours, and for no row at all."""

from __future__ import annotations

import itertools
import random

import pytest
from django.urls import reverse

from interdepend.web.accounts import push
from interdepend.web.accounts.models import QUIET_FROM, QUIET_UNTIL, PushChoice, PushKind, User
from tests.conftest import Personas
from tests.helpers import as_user

pytestmark = pytest.mark.django_db


def _by_row(user: User) -> tuple[list[str], int, int]:
    """What the page started from before: the row's kinds and hours, or an unsaved row's."""
    choice = push.push_choice_of(user)
    return [kind.value for kind in choice.kinds()], choice.quiet_from, choice.quiet_until


def test_with_no_choice_every_kind_is_off_and_the_hours_are_the_usual_ones(
    personas: Personas,
) -> None:
    assert not PushChoice.objects.filter(user=personas.alice).exists()
    assert push.push_choice_shown(personas.alice) == ([], QUIET_FROM, QUIET_UNTIL)
    assert push.push_choice_shown(personas.alice) == _by_row(personas.alice)


def test_every_set_of_kinds_and_hours_is_read_as_the_row_gives_it(personas: Personas) -> None:
    rng = random.Random(18)
    kinds = list(PushKind)
    compared = 0
    for n in range(len(kinds) + 1):
        for chosen in itertools.combinations(kinds, n):
            for _ in range(4):
                quiet_from, quiet_until = rng.randrange(24), rng.randrange(24)
                push.push_choice_set(
                    user=personas.alice,
                    kinds=set(chosen),
                    quiet_from=quiet_from,
                    quiet_until=quiet_until,
                )
                shown = push.push_choice_shown(personas.alice)
                assert shown == _by_row(personas.alice)
                assert shown == ([k.value for k in chosen], quiet_from, quiet_until)
                # Another person's choice is never hers.
                assert push.push_choice_shown(personas.bob) == _by_row(personas.bob)
                compared += 1
    assert compared == 4 * 2 ** len(kinds)


def test_the_account_page_ticks_the_kinds_she_chose(personas: Personas) -> None:
    push.push_choice_set(
        user=personas.alice, kinds={PushKind.TODAY, PushKind.CHECKIN}, quiet_from=22, quiet_until=7
    )
    page = as_user(personas.alice).get(reverse("accounts:settings")).content.decode()
    form = page.split('id="push-choices"')[1].split("</form>")[0]
    ticked = [part for part in form.split("<input")[1:] if 'name="kinds"' in part]
    assert len(ticked) == len(PushKind)
    on = {part.split('value="')[1].split('"')[0] for part in ticked if " checked" in part}
    assert on == {PushKind.TODAY.value, PushKind.CHECKIN.value}
    assert '<option value="22" selected>' in form
    assert '<option value="7" selected>' in form
