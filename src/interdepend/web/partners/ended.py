"""A form of the two, sent after their partnership ended: told so, her words shown back.

A page with a form only the two of them use (a shared goal's note, a decision's ratings, a
bid) carries a *mark* of the partnership it was drawn in (:func:`mark_for`): a keyed digest of
the person, the partnership and the object the form is about (its public id, none for a form
that makes something new), which names none of them (no number that counts anyone's rows, rule
16 of SECURITY.md) and which nobody else can make, nor use on another object's address. Sent
after that partnership ended, the form no longer reaches its object (the access helpers
answer 404 once a partnership has ended) or its partner; the view is then answered with
:func:`ended_page`: the partnership has ended, nothing was sent or saved, and here is what
she wrote, to keep.

What the answer rests on is only the mark her own page gave her and her own memberships, never
the object the address names: whether it is still there changes with what the former partner
does later (erasing an account removes the ended partnership's shared goals and decisions,
docs/data-rights.md), and must not show. Without a mark of a partnership she was in (someone
who never was a member, an address typed by hand) the view answers as before: a 404.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
from collections.abc import Callable, Iterable, Sequence
from typing import Any, ParamSpec

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from interdepend.web.frame.auth import authed_user
from interdepend.web.frame.http import is_htmx
from interdepend.web.frame.prepared import Prepared
from interdepend.web.partners.models import Membership
from interdepend.web.partners.services import PartnershipEnded

#: The form field that carries the mark.
MARK_FIELD = "within"
_SALT = "interdepend.partners.ended.within"

P = ParamSpec("P")


def mark_for(user_id: int, partnership_id: int, about: str = "") -> str:
    """The mark of a form drawn for this person in this partnership, about the object with the
    public id ``about`` ("" for a form that makes something new): Django's ``salted_hmac``,
    with its key derived once per secret (a page of bids draws two marks for each), and the
    HMAC keyed with it once per secret too, each mark a copy of it (about 1 µs less a mark;
    issue 15's twenty-third pass, held to ``salted_hmac`` by
    ``tests/web/test_partnership_mark.py``)."""
    made = _keyed(settings.SECRET_KEY).copy()
    made.update(f"{user_id}|{partnership_id}|{about}".encode())
    return made.hexdigest()[:32]


def mark_field(user: Any, partnership_id: object, about: object = "") -> str:
    """The hidden field carrying :func:`mark_for`, as markup, for ``user`` on a form in the
    partnership ``partnership_id`` about the object ``about``; "" with no partnership or no one
    signed in. ``{% within_mark %}`` and the items drawn in Python write it the same way."""
    if not isinstance(partnership_id, int) or user is None or not user.is_authenticated:
        return ""
    # Hex digits, which escaping leaves as they are (it was ``escape``d: about 1 µs a mark).
    mark = mark_for(user.pk, partnership_id, str(about))
    return f'<input type="hidden" name="{MARK_FIELD}" value="{mark}">'


@functools.lru_cache(maxsize=4)
def _key(secret: str) -> bytes:
    """The key ``salted_hmac(_SALT, ..., algorithm="sha256")`` derives from the secret."""
    return hashlib.sha256((_SALT + secret).encode()).digest()


@functools.lru_cache(maxsize=4)
def _keyed(secret: str) -> hmac.HMAC:
    """The HMAC of :func:`_key`, before any message: the same for every mark of this secret,
    nothing of anyone in it; each mark updates a copy, never this one."""
    return hmac.new(_key(secret), digestmod=hashlib.sha256)


def ended_by_mark(request: HttpRequest, about: str = "") -> bool:
    """Whether the posted form, about ``about``, was drawn in a partnership of hers that has
    ended since."""
    if not request.POST.get(MARK_FIELD, ""):
        return False
    return ended_among(request, about, ENDED_OF(user_id=authed_user(request).pk))


def ended_among(request: HttpRequest, about: str, ended_ids: Iterable[int]) -> bool:
    """Whether the posted form, about ``about``, carries the mark of one of ``ended_ids``, her
    partnerships that have ended (as :data:`ENDED_OF` reads them): :func:`ended_by_mark`'s
    match, for a view that reads them in its own statement (``marks_read_by_view``)."""
    # As bytes: a mark typed with other letters than ours (a made-up one) is simply no match.
    posted = str(request.POST.get(MARK_FIELD, "")).encode("utf-8", "replace")
    if not posted:
        return False
    user = authed_user(request)
    return any(
        hmac.compare_digest(posted, mark_for(user.pk, partnership_id, about).encode())
        for partnership_id in ended_ids
    )


#: The partnerships of hers that have ended, as ids: a prepared read (``frame.prepared``), as
#: every form of the two that carries a mark asks it when sent; built by the ORM on each post,
#: it cost about 0.3 ms of an answer to a bid (issue 15's sixteenth pass). Held equal to the
#: queryset by ``tests/web/test_partnership_ended_forms.py``.
ENDED_OF = Prepared(
    lambda user_id: Membership.objects.filter(
        user_id=user_id, partnership__ended_at__isnull=False
    ).values_list("partnership_id", flat=True)
)


#: Where "Back to …" leads from each kind of form, and what it says.
Way = tuple[str, Promise]


def ended_page(
    request: HttpRequest, *, way: Way, words: Sequence[tuple[str, Promise]] = ()
) -> HttpResponse:
    """The partnership has ended, nothing was sent or saved; what she typed in the fields
    ``words`` (name, label) is shown back to copy, and a way on. Whole page for a plain post
    (409, as the goal-edit conflict page); for htmx, the same into the page's main part."""
    kept = [
        (label, value)
        for name, label in words
        if (value := str(request.POST.get(name, ""))).strip()
    ]
    name, back = way
    context = {"kept": kept, "back_url": reverse(name), "back": back}
    if is_htmx(request):
        response = render(request, "partners/parts/ended.html", context)
        response["HX-Retarget"] = "#main"
        response["HX-Reswap"] = "innerHTML show:top"
        return response
    return render(request, "partners/ended.html", context, status=409)


def told_when_ended(
    way: Way, words: Sequence[tuple[str, Promise]] = (), *, marks_read_by_view: bool = False
) -> Callable[[Callable[P, HttpResponse]], Callable[P, HttpResponse]]:
    """For a view whose form belongs to the two: a post sent from a partnership of hers that
    has ended (its mark says so), or that ended while the post was on its way
    (:class:`PartnershipEnded`), is answered with :func:`ended_page` and reaches no write.

    With ``marks_read_by_view`` the view reads her ended partnerships itself, in its first
    statement, whatever was posted, and raises :class:`PartnershipEnded` before anything else
    when :func:`ended_among` finds the mark among them (answering a bid: one statement where
    there were two, issue 15's nineteenth pass); the answer is this one's all the same."""

    def wrap(view: Callable[P, HttpResponse]) -> Callable[P, HttpResponse]:
        @functools.wraps(view)
        def inner(*args: P.args, **kwargs: P.kwargs) -> HttpResponse:
            request: Any = args[0]
            if request.method != "POST":
                return view(*args, **kwargs)
            # The object the address names (its one argument), as the mark was made for it.
            about = str(next(iter(kwargs.values()), ""))
            if not marks_read_by_view and ended_by_mark(request, about):
                return ended_page(request, way=way, words=words)
            try:
                return view(*args, **kwargs)
            except PartnershipEnded:
                return ended_page(request, way=way, words=words)

        # The fields her words are in, for any page that gives them back (``accounts.unsent``):
        # carried up through the decorators above by their own ``functools.wraps``.
        inner.typed_fields = tuple(name for name, _label in words)  # type: ignore[attr-defined]
        return inner

    return wrap


#: The labels of what is shown back.
YOUR_WORDS = gettext_lazy("Your words")
YOUR_TITLE = gettext_lazy("Your title")
