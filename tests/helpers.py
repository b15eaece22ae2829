"""What the web and security tests share: a signed-in client, the htmx header, a confirmation.

Persona fixtures live in ``tests/conftest.py``; this module holds the few steps that many test
modules take the same way, so that each is written once.
"""

from __future__ import annotations

import contextlib
import math
import re
import time
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, timedelta, tzinfo
from datetime import timezone as dt_timezone
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache, caches
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import strategies as st

from interdepend.web.accounts import reauth
from interdepend.web.frame.publicid import PUBLIC_ID_LENGTH
from interdepend.web.partners import services as partner_services
from interdepend.web.partners.access import ActivePartnership, access_active_partnership
from interdepend.web.together import selectors as together_selectors
from interdepend.web.together.access import couple_bids

if TYPE_CHECKING:
    # What the test client answers: an HttpResponse with the request, templates and context.
    # The stubs give the class a private name; it does not exist when the tests run.
    from django.test.client import _MonkeyPatchedWSGIResponse as Response

    from interdepend.web.accounts.models import User
    from interdepend.web.partners.models import Invitation
else:
    from django.http import HttpResponse as Response

__all__ = [
    "HTMX",
    "Response",
    "active_partnership",
    "as_user",
    "cache_entries",
    "count_carryover_fits",
    "enough_shared_weeks",
    "form_token",
    "partner_step",
    "password_confirmed",
    "signed_in_by_form",
]

#: The header htmx sends with each request it makes: ``client.get(url, headers=HTMX)``.
HTMX = {"HX-Request": "true"}


#: A page's form key as the page writes it.
FORM_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


#: A run of at least a public id's length of the letters an opaque id or a token is written in
#: (``frame.publicid``, the form key): a public id alone, or in an element id such as ``bid-…``.
_TOKEN_LIKE = re.compile(f"[A-Za-z0-9_-]{{{PUBLIC_ID_LENGTH},}}")


def without_ids(page: str) -> str:
    """``page`` with every public id and token in it written as ``<id>``: random letters that
    now and then spell the short word a test proves is absent ("read" in a page's ids, said in
    lower case). No name or word of a page is 22 letters long."""
    return _TOKEN_LIKE.sub("<id>", page)


def form_token(client: Client, name: str) -> str:
    """The form key the page at the URL ``name`` gives this client."""
    found = FORM_TOKEN.search(client.get(reverse(name)).content.decode())
    assert found is not None
    return found[1]


def signed_in_by_form(client: Client, email: str, password: str) -> None:
    """Sign in through the sign-in form, as a browser does (a new form key with it)."""
    form = {
        "username": email,
        "password": password,
        "csrfmiddlewaretoken": form_token(client, "accounts:login"),
    }
    assert client.post(reverse("accounts:login"), form).status_code == 302


def as_user(
    user: User,
    *,
    enforce_csrf_checks: bool = False,
    raise_request_exception: bool = True,
    agent: str = "",
) -> Client:
    """A test client signed in as ``user``; the options are :class:`~django.test.Client`'s, and
    ``agent`` is the User-Agent its browser sends."""
    headers = {"User-Agent": agent} if agent else None
    client = Client(enforce_csrf_checks, raise_request_exception, headers=headers)
    client.force_login(user)
    return client


def password_confirmed(client: Client, seconds_ago: float = 0.0) -> Client:
    """The client's session as if its person confirmed their password ``seconds_ago``."""
    session = client.session
    session[reauth.REAUTH_AT_KEY] = time.time() - seconds_ago
    session.save()
    return client


def active_partnership(user: User) -> ActivePartnership:
    """The person's partnership as :func:`access_active_partnership` reads it; the test fails
    when they have none."""
    active = access_active_partnership(user)
    assert active is not None, f"{user.display_name} has no partner"
    return active


def cache_entries() -> dict[str, bytes]:
    """The entries of the default cache and of the template fragments' own, key to pickled
    value, as the tests' LocMemCaches hold them."""
    # LocMemCache keeps its entries in a private dict that the stubs do not declare.
    found = dict(cache._cache)  # type: ignore[attr-defined]
    found.update(caches["template_fragments"]._cache)  # type: ignore[attr-defined]
    return found


def count_carryover_fits(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Start from an empty cache and an empty memory of estimates (their keys are the numbers
    alone, which another test may have drawn) and count each carry-over fit from now on: one
    item in the list per fit."""
    cache.clear()
    together_selectors.forget_estimates()
    fits: list[int] = []
    real = together_selectors.carryover

    def counting(
        series: Sequence[together_selectors.Series], max_pseudo: int = 120
    ) -> together_selectors.Carryover:
        fits.append(1)
        return real(series, max_pseudo)

    monkeypatch.setattr(together_selectors, "carryover", counting)
    return fits


def enough_shared_weeks(her: User, him: User, active: ActivePartnership) -> None:
    """Forty-four back-to-back weeks of check-ins each of the couple shared, before this one,
    their moods apart: enough for Trends to show the carry-over estimate."""
    from datetime import timedelta

    from interdepend.web.together import services
    from interdepend.web.together.models import ITEMS

    monday = together_selectors.this_week()
    for n in range(1, 45):
        for person, mood in ((her, 1 + n % 7), (him, 1 + (n * 3) % 7)):
            services.checkin_save(
                owner=person,
                week=monday - timedelta(weeks=n),
                values=dict.fromkeys(ITEMS, mood),
                need="",
                shared=True,
                partnership=active.partnership,
            )


def orm_waiting(user: User, active: ActivePartnership | None) -> tuple[int, int, int]:
    """Bids to answer, boundaries told to the person, and the person's own promises whose day
    came, as querysets: the reference the hand-written "waiting" statement is held to."""
    from django.utils import timezone

    from interdepend.web.together.models import (
        Bid,
        Boundary,
        BoundaryState,
        Commitment,
        CommitmentState,
    )

    promises = Commitment.objects.filter(
        owner=user, state=CommitmentState.OPEN, due_on__lte=timezone.localdate()
    )
    promises = promises.filter(partnership__isnull=True) | promises.filter(
        partnership=active.partnership if active else None
    )
    if active is None:
        return 0, 0, promises.count()
    bids = Bid.objects.filter(partnership=active.partnership, owner=active.partner, answer="")
    told = Boundary.objects.filter(
        partnership=active.partnership, owner=active.partner, state=BoundaryState.STATED
    )
    return bids.count(), told.count(), promises.count()


def refusing_deferred(refresh: Any) -> Any:
    """``refresh_from_db`` that fails when asked for some fields (how Django loads a deferred
    field on its first read) and reloads a whole row as before (the tests' own setup does)."""

    def refused(self: Any, using: Any = None, fields: Any = None, **kwargs: Any) -> None:
        if fields is not None:
            raise AssertionError(f"a deferred field of {type(self).__name__} was read: {fields}")
        refresh(self, using=using, **kwargs)

    return refused


#: A half more than a whole number, up to 10**15 either side.
_HALVES = st.integers(-(10**15), 10**15).map(lambda n: n + 0.5)

#: Any float a page may write as a whole score: any float, the floats at and either side of a
#: half more than a whole number (where rounding from the number itself and from its shortest
#: decimal form could part), and hundredths (``frame.numbers.whole`` and the couple view's
#: scores are held to Django's filter over it).
ANY_SCORE = st.one_of(
    st.floats(),
    st.floats(-1e3, 1e3),
    _HALVES,
    _HALVES.map(lambda x: math.nextafter(x, math.inf)),
    _HALVES.map(lambda x: math.nextafter(x, -math.inf)),
    st.integers(-(10**6), 10**6).map(lambda n: n / 100),
)


def bid_months_by_the_orm(
    active: ActivePartnership, months: int
) -> list[together_selectors.BidMonth]:
    """The rule :func:`together_selectors.couple_bid_months` had as one streamed queryset: the
    newest bids until a month too many shows."""
    rows = couple_bids(active).order_by("-created_at", "-pk").values_list("created_at", "answer")
    kept: list[tuple[datetime, str]] = []
    seen: set[date] = set()
    zone = timezone.get_current_timezone()
    for created_at, answer in rows.iterator(chunk_size=100):
        month = timezone.localtime(created_at, zone).date().replace(day=1)
        if month not in seen:
            if len(seen) == months:
                break
            seen.add(month)
        kept.append((created_at, answer))
    return together_selectors._bid_months(kept, months)


def partner_step(
    action: str, a: int, b: int, people: Sequence[User], codes: dict[int, Invitation]
) -> None:
    """One step of a random history between ``people``: person ``a`` invites (the code kept in
    ``codes`` under ``a``), person ``b`` accepts ``a``'s code if ``a`` has one (a refusal, such
    as either already being linked, changes nothing), or ``a`` leaves; any other ``action`` is
    left to the caller."""
    actor = people[a]
    if action == "invite":
        codes[a] = partner_services.invitation_create(inviter=actor).invitation
    elif action == "accept":
        if a in codes:
            with contextlib.suppress(partner_services.PartnershipError):
                partner_services.invitation_accept(invitation=codes[a], user=people[b])
    elif action == "leave":
        partner_services.partnership_leave(user=actor)


#: Zones a moment may come in and a reader may be in: both ends of the day, a half hour, one
#: that changes its clocks, a fixed offset.
ZONES: list[tzinfo] = [
    UTC,
    ZoneInfo("Pacific/Kiritimati"),
    ZoneInfo("Pacific/Niue"),
    ZoneInfo("America/St_Johns"),
    ZoneInfo("Europe/Madrid"),
    dt_timezone(timedelta(hours=-3, minutes=-30)),
]

#: Any moment from 1900 to 2100 in one of :data:`ZONES` or in none (a moment without a zone),
#: the hours a change of clocks skips included.
zoned_moments = st.datetimes(
    min_value=datetime(1900, 1, 1),
    max_value=datetime(2100, 12, 31),
    timezones=st.one_of(st.none(), st.sampled_from(ZONES)),
    allow_imaginary=True,
)


def refused_as_localtime_refuses(
    write: Callable[[datetime, tzinfo], object], moment: datetime, zone: tzinfo
) -> bool:
    """Whether ``moment`` has no zone, after checking that ``write`` refuses it just as
    Django's ``timezone.localtime`` does: for a test holding ``write`` to ``localtime``."""
    if moment.tzinfo is not None:
        return False
    with pytest.raises(ValueError, match="naive"):
        timezone.localtime(moment, zone)
    with pytest.raises(ValueError, match="naive"):
        write(moment, zone)
    return True
