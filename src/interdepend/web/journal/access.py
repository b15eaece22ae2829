"""The only ways journal entries are read for a requesting user.

A person reads their own entries. Their partner reads only the entries they shared in the
partnership that is active *now*, read fresh on every request: after an unlink, nothing shared
before is visible, to either of them. A practitioner reads only what
:func:`practitioner_entries` lets through. Anyone else's entry answers ``Http404``.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import NamedTuple

from django.db.models import Count, Exists, F, Max, Min, OuterRef, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from interdepend.web.accounts.models import User
from interdepend.web.frame.prepared import Prepared, PreparedCounts
from interdepend.web.journal.keys import WrappedKey
from interdepend.web.journal.models import DataKey, Entry, PractitionerShare
from interdepend.web.partners.access import ActivePartnership
from interdepend.web.practice.models import ClientLink, Consent, Practitioner, Scope

#: Entries a page of a list shows.
PER_PAGE = 20


def own_entries(user: User) -> QuerySet[Entry]:
    return Entry.objects.filter(owner=user).order_by("-created_at", "-pk")


def readable_mark() -> Exists:
    """Whether a practitioner may read the entry now (one of :func:`readable_shares` is of
    it), for an annotation over her entries."""
    return Exists(readable_shares().filter(entry_id=OuterRef("pk")))


#: The first page of :func:`own_entries` and one entry more, prepared (the page most opened:
#: the ORM built its statement on every view, the tenth pass of issue 15). The one more says
#: whether there is more than a page: with no more, the rows read are all of hers, and her
#: count and months are not read (issue 15's thirteenth pass). Each is marked ``read`` when a
#: practitioner may read it now: with none marked, who may read each is not asked in a
#: statement of its own (issue 15's fourteenth pass). Each carries her data key as stored
#: (:func:`key_read_with`), which the page read in a statement of its own (issue 15's
#: seventeenth pass).
OWN_NEWEST = Prepared(
    lambda owner_id: (
        Entry.objects.filter(owner_id=owner_id)
        .annotate(read=readable_mark(), **owner_key())
        .order_by("-created_at", "-pk")[: PER_PAGE + 1]
    )
)


def owner_key() -> dict[str, Subquery]:
    """Annotations of an entry's owner's data key as stored (:class:`DataKey`, one row a
    person at most), as :data:`interdepend.web.journal.keys._DATA_KEY` reads it: each null
    when she has none. Read with her entries where a page opens them."""
    return {"wrapped": _owner_key("wrapped"), "master_key_id": _owner_key("master_key_id")}


def _owner_key(column: str) -> Subquery:
    return Subquery(
        DataKey.objects.filter(user_id=OuterRef("owner_id")).order_by("pk").values(column)[:1]
    )


def key_read_with(row: Entry) -> tuple[bool, WrappedKey | None]:
    """Whether her data key was read with this entry of hers (:func:`owner_key`), and the key
    as stored (None: she has none)."""
    read = vars(row)
    if "wrapped" not in read:
        return False, None
    wrapped = read["wrapped"]
    return True, None if wrapped is None else (wrapped, read["master_key_id"])


def own_span(user: User) -> tuple[int, list[date]]:
    """How many entries the person has, and the months (their first days, in her time zone)
    from her newest entry back to her first, newest first: the way to an old entry past a year
    of pages (the year walk of 2026-12-05). One indexed read whatever her history, which also
    stands for the pages' count (grouping every entry by its month cost more than the page's
    own reads), so a month between the two ends may have no entry; its page says so."""
    found = _SPAN.first(owner_id=user.pk)
    if found is None:
        return 0, []
    n, *ends = found
    first, last = (timezone.localtime(end).date() for end in ends)
    months = []
    month = last.replace(day=1)
    while month >= first.replace(day=1):
        months.append(month)
        month = (month - timedelta(days=1)).replace(day=1)
    return n, months


#: Her count and first and last moments, as ``aggregate()`` read them, prepared: one row, or
#: none when she has written nothing.
_SPAN = Prepared(
    lambda owner_id: (
        Entry.objects.filter(owner_id=owner_id)
        .order_by()
        .values("owner_id")
        .annotate(n=Count("pk"), first=Min("created_at"), last=Max("created_at"))
        .values_list("n", "first", "last")
    )
)


def own_entries_in(user: User, month: date) -> QuerySet[Entry]:
    """The person's entries of the month beginning ``month``, in her time zone."""
    start, end = month_bounds(month)
    return own_entries(user).filter(created_at__gte=start, created_at__lt=end)


def month_bounds(month: date) -> tuple[datetime, datetime]:
    """The first moment of the month beginning ``month`` and of the next, in her time zone."""
    start = timezone.make_aware(datetime.combine(month, time.min))
    after = month.replace(year=month.year + month.month // 12, month=month.month % 12 + 1)
    return start, timezone.make_aware(datetime.combine(after, time.min))


#: :func:`own_entries_in`'s count and first page, prepared.
OWN_IN_COUNT = PreparedCounts(
    lambda owner_id, start, end: {
        "n": Entry.objects.filter(owner_id=owner_id).filter(
            created_at__gte=start, created_at__lt=end
        )
    }
)
OWN_IN_NEWEST = Prepared(
    lambda owner_id, start, end: (
        Entry.objects.filter(owner_id=owner_id)
        .filter(created_at__gte=start, created_at__lt=end)
        .order_by("-created_at", "-pk")[:PER_PAGE]
    )
)


_OWN_ENTRY = Prepared(
    lambda owner_id, entry_id: Entry.objects.filter(owner_id=owner_id, public_id=entry_id).order_by(
        "pk"
    )[:1]
)


def _beside(*, earlier: bool) -> Subquery:
    """The moment of the owner's other entry nearest this one, written at or before it
    (``earlier``) or at or after it: the entry's own page writes its time too when either falls
    on its day (:func:`interdepend.web.journal.selectors.on_its_day`)."""
    others = Entry.objects.filter(owner_id=OuterRef("owner_id")).exclude(pk=OuterRef("pk"))
    if earlier:
        nearest = others.filter(created_at__lte=OuterRef("created_at")).order_by("-created_at")
    else:
        nearest = others.filter(created_at__gte=OuterRef("created_at")).order_by("created_at")
    return Subquery(nearest.values("created_at")[:1])


#: Her entry with the moments of her entries nearest it on either side, in one statement: the
#: entry's page asked in a second one whether another entry shares its day (issue 15's
#: thirteenth pass). Another entry falls on its day exactly when one of the two nearest does.
#: Her data key, wrapped, is read with it: the page read it in a statement of its own (issue
#: 15's seventeenth pass); it is unwrapped with the master keys read afresh, as ever.
_OWN_ENTRY_BESIDE = Prepared(
    lambda owner_id, entry_id: (
        Entry.objects.filter(owner_id=owner_id, public_id=entry_id)
        .annotate(before=_beside(earlier=True), after=_beside(earlier=False), **owner_key())
        .order_by("pk")[:1]
    )
)


class Beside(NamedTuple):
    """Her entry, the moments of her other entries nearest it (none, one or two), and her data
    key as stored (None: she has none)."""

    entry: Entry
    nearest: list[datetime]
    key: WrappedKey | None


def access_own_entry_beside(user: User, entry_id: str) -> Beside:
    """:func:`access_own_entry`, with the moments of her other entries nearest it, written at
    or before it and at or after it, and her wrapped data key (:func:`keys.unwrapped` opens
    it)."""
    found = _OWN_ENTRY_BESIDE.first(owner_id=user.pk, entry_id=entry_id)
    if found is None:
        raise Http404
    found.owner = user
    read = vars(found)  # the read's annotations
    nearest = [moment for moment in (read["before"], read["after"]) if moment]
    return Beside(found, nearest, key_read_with(found)[1])


def access_own_entry(user: User, entry_id: str) -> Entry:
    """Her entry of this id, its owner the person asking (no one else's: ``Http404``). The
    owner is the signed-in person already read, not read again with the entry (joining her row
    cost more than reading the entry: the tenth pass of issue 15)."""
    found = _OWN_ENTRY.first(owner_id=user.pk, entry_id=entry_id)
    if found is None:
        raise Http404
    found.owner = user
    return found


def shared_with_me(active: ActivePartnership | None) -> QuerySet[Entry]:
    """What the current partner shared with the user in this partnership (nothing else)."""
    if active is None:
        return Entry.objects.none()
    return Entry.objects.filter(
        owner=active.partner,
        shared_with_partner=True,
        shared_partnership=active.partnership,
    ).order_by("-created_at", "-pk")


#: :func:`shared_with_me`'s count and first page, prepared (by the partner's and the
#: partnership's ids).
SHARED_COUNT = PreparedCounts(
    lambda owner_id, partnership_id: {
        "n": Entry.objects.filter(
            owner_id=owner_id, shared_with_partner=True, shared_partnership_id=partnership_id
        )
    }
)
SHARED_NEWEST = Prepared(
    lambda owner_id, partnership_id: Entry.objects.filter(
        owner_id=owner_id, shared_with_partner=True, shared_partnership_id=partnership_id
    ).order_by("-created_at", "-pk")[:PER_PAGE]
)


def journal_links(user: User) -> list[ClientLink]:
    """The person's active practitioner links holding their live consent to the journal scope:
    the only practitioners an entry can be shared with."""
    return _JOURNAL_LINKS(client_id=user.pk)


_JOURNAL_LINKS = Prepared(
    lambda client_id: (
        ClientLink.objects.filter(
            client_id=client_id,
            is_active=True,
            consents__scope=Scope.JOURNAL,
            consents__revoked_at__isnull=True,
        )
        .select_related("practitioner__user")
        .order_by("started_at", "pk")
    )
)


class JournalLink(NamedTuple):
    """One of her practitioner links that may read her journal, as an entry's card names it:
    the link's id (which the share form posts) and who the practitioner is
    (``Practitioner.named``)."""

    pk: int
    public_id: str
    named: str


def journal_links_and_any(user: User) -> tuple[list[JournalLink], bool]:
    """:func:`journal_links`, and whether she has any active practitioner link at all
    (:func:`interdepend.web.practice.selectors.client_has_practitioner`), in one statement:
    her active links, each marked with whether her live journal consent is on it. An entry's
    page asked the second in a statement of its own whenever no practitioner may read her
    journal (issue 15's fourteenth pass). Each link is read as the few values the card shows,
    not as a link with its practitioner's profile and whole account (issue 15's seventeenth
    pass: about 60-100 µs a view)."""
    rows = _LINKS_MARKED(client_id=user.pk)
    return [_journal_link(*row) for row in rows if row[2]], bool(rows)


def _journal_link(
    pk: int, public_id: str, _journal: bool, name: str | None, number: str | None
) -> JournalLink:
    """A marked link's values as :class:`JournalLink`; an active link always has its
    practitioner (``ClientLink.by`` says the same when not)."""
    if name is None or number is None:
        raise Practitioner.DoesNotExist("this link's practitioner erased their account")
    return JournalLink(pk, public_id, f"{name} ({number})")


_LINKS_MARKED = Prepared(
    lambda client_id: (
        ClientLink.objects.filter(client_id=client_id, is_active=True)
        .annotate(
            journal=Exists(
                Consent.objects.filter(
                    link_id=OuterRef("pk"), scope=Scope.JOURNAL, revoked_at__isnull=True
                )
            )
        )
        .order_by("started_at", "pk")
        .values_list(
            "pk",
            "public_id",
            "journal",
            "practitioner__user__display_name",
            "practitioner__number",
        )
    )
)


def readable_shares() -> QuerySet[PractitionerShare]:
    """Shares a practitioner may read now: (a) the entry is shared with that link, by its
    owner, (b) the link is active, (c) the owner's live journal consent on that link was
    granted before the share was made (a later grant brings no older share back)."""
    return PractitionerShare.objects.filter(
        entry__owner=F("link__client"),
        link__is_active=True,
        link__consents__scope=Scope.JOURNAL,
        link__consents__revoked_at__isnull=True,
        link__consents__granted_at__lte=F("shared_at"),
    )


def practitioner_entries(link: ClientLink) -> QuerySet[Entry]:
    """The entries the practitioner of ``link`` reads through it right now, newest first."""
    shared = readable_shares().filter(link=link).values("entry_id")
    return Entry.objects.filter(pk__in=shared).order_by("-created_at", "-pk")
