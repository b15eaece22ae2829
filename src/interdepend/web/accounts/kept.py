"""Words written on a private page, carried through the password page after a while away.

When a private page (``accounts.idle.idle_gate``) sat untouched past its window and its form is
sent, the password page answers it. For the forms named in :data:`CARRIED` (new writing, and
changes to one's own writing) that page holds what was sent, so nothing typed is lost. Once it
is her, she sees what was waiting, in words and with its text, and saves it with one press of
her own: a button someone else pressed on her phone is never carried out by her password alone.

* Only the forms in :data:`CARRIED` are carried. Deleting, removing, sharing and every other
  step meets the password page and then waits for a second press on its own page, as before.
* A field that would let more people see it (a check-in's share box, a goal pursued together) is
  never carried: it is left off, and the page says so.
* The quick exit carries them too: its beacon holds the form she was typing in, which waits,
  sealed, in the locked session until the lock page's password, then meets the same page of
  its own (``frame.lock.keep_unsent``); the lock page shows none of it.
* What is carried travels in one signed and encrypted field (``kept``), bound to the person,
  and is checked on its way back, so the password page cannot be handed another address or
  other fields, and its source does not show the words. It is not kept on the server. A
  password and the old CSRF token are never carried.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from dataclasses import dataclass
from urllib.parse import urlsplit

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core import signing
from django.http import HttpRequest
from django.urls import Resolver404, resolve
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

#: The confirm page's field that carries the signed form.
FIELD = "kept"
#: Added by the page's script to the form it sends as it locks itself: never carried out as it
#: is, whatever the session (``accounts.idle.LockedFormMiddleware``).
LOCKED_FIELD = "_locked"
#: Sent with a carried form saved from its page: once saved, it stops waiting in the session
#: (``accounts.idle.LockedFormMiddleware``).
CARRIED_FIELD = "_carried"
#: Never carried: the form's own CSRF token (the page sending it again has a new one), any
#: password typed into it (asked afresh), and the confirm page's own fields.
NOT_KEPT = frozenset(
    {"csrfmiddlewaretoken", "password", FIELD, "next", LOCKED_FIELD, CARRIED_FIELD}
)
#: How long a carried form may wait on the password page.
MAX_AGE_SECONDS = 6 * 3600
#: The session key of a carried form waiting on its own page once it is her (``frame.stash``):
#: until she saves it or leaves it, for at most :data:`CARRY_ON_SECONDS`, long enough for a
#: phone that reloads the page on coming back to it, short enough that words she left are not
#: there for someone later.
CARRY_ON = "_carry_on"
CARRY_ON_SECONDS = 600
SALT = "interdepend.accounts.kept"
#: The quick exit's beacon carries the form she was typing in as she left (js/interdepend.js):
#: its address under :data:`EXIT_TO`, its fields under names that begin with
#: :data:`EXIT_PREFIX`. Kept, sealed, in the locked session under :data:`AT_EXIT` until the lock
#: page's password, for at most :data:`MAX_AGE_SECONDS` (``frame.lock``).
EXIT_TO = "kept_to"
EXIT_PREFIX = "kept."
AT_EXIT = "_kept_at_exit"


@dataclass(frozen=True)
class Carry:
    """How one form is carried: what it is, in words (finishing "What you were sending, ...");
    the fields whose text is shown back before saving; the fields never carried."""

    what: Promise
    shown: tuple[str, ...] = ()
    left_off: tuple[str, ...] = ()


#: The forms carried through the password page, by URL name: her own writing, never a step that
#: deletes, removes or shares. New wording for a boundary and a decision's ratings are not here:
#: saved, they may show something to the partner, so they come back in their boxes instead and
#: wait for her press (``accounts.refill.REFILLED``).
CARRIED: dict[str, Carry] = {
    "journal:write": Carry(_("a new journal entry"), ("body",)),
    "journal:edit": Carry(_("changes to a journal entry"), ("body",)),
    "together:checkin": Carry(_("this week's check-in"), ("need",), left_off=("shared",)),
    "together:goals": Carry(_("a new goal"), ("title", "detail"), left_off=("together",)),
    "together:goal_edit": Carry(_("changes to a goal"), ("title", "detail")),
    "together:goal_note": Carry(_("a note on a goal"), ("text",)),
    "together:circle": Carry(_("someone new for your circle"), ("name",)),
    "together:boundaries": Carry(_("a new boundary, as a private draft"), ("text",)),
    "daily:today": Carry(_("your answer to today's question"), ("text",)),
    "couple:perception": Carry(_("your answers on how you see your partner")),
    "assessment:page": Carry(_("your answers on a page of statements")),
}


@dataclass(frozen=True)
class Kept:
    """A carried form: where it goes, its fields, and what the pages say about it."""

    to: str
    fields: list[tuple[str, str]]
    carry: Carry
    #: Whether a field that would have shared it was on, and was left off.
    left_off: bool
    token: str

    @property
    def what(self) -> str:
        return str(self.carry.what)

    @property
    def shown(self) -> list[str]:
        """The text she wrote, as it will be saved, field by field (empty ones left out)."""
        return [v for name in self.carry.shown for n, v in self.fields if n == name and v.strip()]


def rule_for(request: HttpRequest) -> Carry | None:
    """How this request's form is carried, or None when it is not."""
    match = request.resolver_match
    return CARRIED.get(match.view_name) if match is not None else None


def keep(request: HttpRequest, carry: Carry) -> Kept:
    """Sign what this form sent, to carry it through the password page."""
    posted = [(name, value) for name, values in request.POST.lists() for value in values]
    return _kept(request, request.get_full_path(), posted, carry)


def keep_at_exit(request: HttpRequest) -> Kept | None:
    """Sign the form the quick exit's beacon carries (:data:`EXIT_TO`, :data:`EXIT_PREFIX`):
    the words she was typing on a private page as she left. None when it is not one of
    :data:`CARRIED`, or is another site's."""
    parts = urlsplit(request.POST.get(EXIT_TO, ""))
    if parts.netloc and parts.netloc != request.get_host():
        return None
    try:
        carry = CARRIED.get(resolve(parts.path).view_name)
    except Resolver404:
        return None
    if carry is None:
        return None
    to = parts.path + (f"?{parts.query}" if parts.query else "")
    posted = [
        (name.removeprefix(EXIT_PREFIX), value)
        for name, values in request.POST.lists()
        if name.startswith(EXIT_PREFIX)
        for value in values
    ]
    return _kept(request, to, posted, carry)


def _kept(request: HttpRequest, to: str, posted: list[tuple[str, str]], carry: Carry) -> Kept:
    fields = [
        (name, value)
        for name, value in posted
        if name not in NOT_KEPT and name not in carry.left_off
    ]
    left_off = any(value for name, value in posted if name in carry.left_off)
    payload = {"to": to, "fields": fields, "left_off": left_off}
    token = seal(signing.dumps(payload, salt=_salt(request), compress=True), request)
    return Kept(to, fields, carry, left_off, token)


def carried(request: HttpRequest) -> Kept | None:
    """The form the confirm page carries, when its signature holds and it still goes to a
    carried form of this site; otherwise None (it is then not sent anywhere)."""
    return opened(request, request.POST.get(FIELD, ""))


def opened(request: HttpRequest, token: str) -> Kept | None:
    """A carried form from its sealed token (see :func:`carried`)."""
    if not token:
        return None
    try:
        payload = signing.loads(
            unseal(token, request), salt=_salt(request), max_age=MAX_AGE_SECONDS
        )
        to = str(payload["to"])
        fields = [(str(name), str(value)) for name, value in payload["fields"]]
        left_off = bool(payload["left_off"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    # Signed, so an address this site wrote (``keep``); it must still be a carried form's.
    try:
        carry = CARRIED.get(resolve(urlsplit(to).path).view_name)
    except Resolver404:
        return None
    return None if carry is None else Kept(to, fields, carry, left_off, token)


def _key(request: HttpRequest) -> bytes:
    """A key of its own for carried forms, from the site's secret, bound to the person."""
    secret = f"{SALT}.seal.{getattr(request.user, 'pk', '')}.{settings.SECRET_KEY}"
    return hashlib.sha256(secret.encode()).digest()


def seal(token: str, request: HttpRequest) -> str:
    """The signed form, also encrypted: the page's source showed a draft she had not sent to
    whoever could open it (the phone re-audit decoded one from the password page)."""
    nonce = secrets.token_bytes(12)
    sealed = AESGCM(_key(request)).encrypt(nonce, token.encode(), None)
    return base64.urlsafe_b64encode(nonce + sealed).decode("ascii")


def unseal(sealed: str, request: HttpRequest) -> str:
    """The signed form back; a sealed field that was altered or sealed for another account
    is a bad signature, as any other tampering is."""
    try:
        raw = base64.urlsafe_b64decode(sealed.encode("ascii"))
        return AESGCM(_key(request)).decrypt(raw[:12], raw[12:], None).decode()
    except (ValueError, InvalidTag, UnicodeError) as error:
        raise signing.BadSignature("not sealed here") from error


def _salt(request: HttpRequest) -> str:
    """Bound to the person: one account's carried form is nothing to another."""
    return f"{SALT}.{getattr(request.user, 'pk', '')}"
