"""What she typed into a form that met the password page, back in its boxes afterwards.

A form behind a recent password (``reauth.password_recent``) sent after the window closed goes
to the confirm page and then waits for a second press of hers: nothing it asks is done by her
password alone. Until 2026-12-04 it also came back empty, so a 24-character code from a
practitioner had to be typed again on a phone (the designer's audit, finding 4). For the forms
in :data:`REFILLED`, what she typed is kept meanwhile and put back in its boxes when she comes
back; she presses again, and the form's own checks (and its own password box, where it has one)
apply as always. The private pages' forms whose saving may show something to the partner (new
wording for a boundary, a decision's ratings) come back this way after the idle gate, rather
than being carried (``accounts.kept``): nothing that shares with the partner is carried out by
her password alone.

* Only the fields :data:`REFILLED` names are kept, and never a password: a field whose name
  holds "password" is left out whatever the list says, as are the CSRF token and the confirm
  page's own fields (``kept.NOT_KEPT``).
* They wait in the session, sealed as a carried form is (signed and encrypted, bound to the
  person: ``accounts.kept``) and bound to this session as well, for at most
  :data:`REFILL_SECONDS`. They come back once, into their own form only (for the address's
  own arguments: this boundary's, this decision's), and only after a password (or passkey, or
  code) confirmed later than they were kept. They are never in an
  address, and no answer to a POST shows them (the confirm page is reached by a redirect).
* A forged post from another site is refused by the CSRF check before anything is kept, and
  what is kept only fills boxes: it is never sent on anyone's behalf.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.core import signing
from django.http import HttpRequest

from interdepend.web.accounts import kept
from interdepend.web.frame import stash
from interdepend.web.frame.http import from_another_site

#: The session key of the kept fields (sealed), stamped by ``frame.stash``.
REFILL = "_refill"
#: How long they wait for her password: as long as a carried form waits on its own page.
REFILL_SECONDS = kept.CARRY_ON_SECONDS
SALT = "interdepend.accounts.refill"

#: The most options a decision has (``decide.models.MAX_OPTIONS``; a test holds the two alike):
#: each has a rating for her and one for her partner.
DECISION_OPTIONS = 8

#: The forms whose typed fields come back after the password page, by URL name: the fields kept
#: (a name also matches its prefixed form, ``link…-scopes``). Presses that delete, end, share or
#: reset carry nothing typed and are not here; neither is a second step's code (a one-time
#: code, spent within seconds, and a credential). Forms that the idle gate stops are here
#: rather than carried (``kept.CARRIED``) when saving them may show something to the partner:
#: new wording for a boundary already told, ratings that open the combined view once both
#: have rated.
REFILLED: dict[str, tuple[str, ...]] = {
    "practice:join": ("code",),
    "partners:join": ("code",),
    "practice:start": ("kind", "practice_name"),
    "practice:consent": ("scopes",),
    "accounts:details": ("change", "display_name", "email"),
    "accounts:home_screen": ("home_screen_look",),
    "accounts:quick_exit_keys": ("quick_exit_keys",),
    "together:boundary_act": ("text",),
    "together:commitments": ("text", "due_on"),
    "decide:detail": tuple(
        f"{side}-{n}" for side in ("self", "other") for n in range(DECISION_OPTIONS)
    ),
}
#: Forms with several buttons whose typed fields are kept for one of them only (field, value):
#: a boundary's new wording, not whatever else a step is sent with.
ONLY_FOR: dict[str, tuple[str, str]] = {
    "together:boundary_act": ("action", "propose"),
}


@dataclass(frozen=True)
class Typed:
    """What she typed into one form (``view``, its URL name, with ``args``, its address's
    arguments: which boundary, which decision), field by field."""

    view: str
    fields: list[tuple[str, str]]
    args: dict[str, str] = dataclasses.field(default_factory=dict)

    def values(self, name: str) -> list[str]:
        return [value for field, value in self.fields if field == name]

    def value(self, name: str) -> str:
        found = self.values(name)
        return found[0] if found else ""


def keeps(field: str, names: Iterable[str]) -> bool:
    """Whether ``field`` is one of ``names`` (or one of them with a form's prefix); never a
    password, never the CSRF token or the confirm page's own fields."""
    if "password" in field.lower() or field in kept.NOT_KEPT:
        return False
    return any(field == name or field.endswith(f"-{name}") for name in names)


def hold(request: HttpRequest) -> bool:
    """Keep what this POST typed into a form of :data:`REFILLED`, for after the password page
    (True when something was kept). Any older one goes: only the latest form comes back."""
    match = request.resolver_match
    view = match.view_name if match is not None else ""
    names = REFILLED.get(view)
    request.session.pop(REFILL, None)
    if names is None or request.method != "POST" or from_another_site(request):
        return False
    if view in ONLY_FOR and request.POST.get(ONLY_FOR[view][0]) != ONLY_FOR[view][1]:
        return False
    fields = [
        (name, value)
        for name, values in request.POST.lists()
        if keeps(name, names)
        for value in values
    ]
    if not any(value.strip() for _, value in fields):
        return False
    args = {name: str(value) for name, value in (match.kwargs if match else {}).items()}
    payload = {"view": view, "args": args, "fields": fields, "at": time.time()}
    token = signing.dumps(payload, salt=_salt(request), compress=True)
    stash.put(request, REFILL, kept.seal(token, request))
    return True


def waiting(request: HttpRequest) -> bool:
    """Whether something typed waits to come back (said on the confirm page)."""
    return stash.fresh(request, REFILL, REFILL_SECONDS) is not None


def typed_back(
    request: HttpRequest, *views: str, args: Mapping[str, str] | None = None
) -> Typed | None:
    """What she typed into one of ``views`` (at the address with ``args``, when given: this
    boundary's form, not another's), once, when she confirmed it is her after it was kept;
    None otherwise. Kept for another form, it waits for that one (until it is too old);
    anything unreadable (altered, another session's or person's, too old) is dropped."""
    token = stash.fresh(request, REFILL, REFILL_SECONDS)
    found = None if token is None else opened(request, str(token))
    if found is None:
        request.session.pop(REFILL, None)
        return None
    typed, at = found
    if typed.view not in views or not _confirmed_since(request, at):
        return None
    if args is not None and typed.args != {name: str(value) for name, value in args.items()}:
        return None
    request.session.pop(REFILL, None)
    return typed


def opened(request: HttpRequest, token: str) -> tuple[Typed, float] | None:
    """The typed fields and when they were kept, from their sealed token; None when the seal or
    the signature does not hold for this person and this session, or it is too old."""
    try:
        payload = signing.loads(
            kept.unseal(token, request), salt=_salt(request), max_age=REFILL_SECONDS
        )
        view = str(payload["view"])
        fields = [(str(name), str(value)) for name, value in payload["fields"]]
        args = {str(name): str(value) for name, value in payload.get("args", {}).items()}
        at = float(payload["at"])
    except (signing.BadSignature, KeyError, TypeError, ValueError, AttributeError):
        return None
    names = REFILLED.get(view, ())
    fields = [(name, value) for name, value in fields if keeps(name, names)]
    return Typed(view, fields, args), at


def _confirmed_since(request: HttpRequest, at: float) -> bool:
    from interdepend.web.accounts.reauth import REAUTH_AT_KEY, recently_reauthenticated

    stamp = request.session.get(REAUTH_AT_KEY)
    return stamp is not None and float(stamp) >= at and recently_reauthenticated(request)


def _salt(request: HttpRequest) -> str:
    """Bound to the person and to this session: a token read out of one session's row means
    nothing in another of hers."""
    person = getattr(request.user, "pk", "")
    return f"{SALT}.{person}.{request.session.session_key or ''}"
