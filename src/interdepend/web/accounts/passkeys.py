"""Passkeys (WebAuthn) as a second step of signing in, checked with py_webauthn.

A person adds a passkey from the two-step page; from then on signing in after the password can
be finished with it, and "confirm it is you" accepts it instead of the password. The browser
gets its options as JSON from us and posts the authenticator's answer back in a form.

- Every challenge is 32 random bytes kept in the session with its purpose, its person and its
  time; it is taken out (single use) before the answer is checked, and older than
  ``CHALLENGE_SECONDS`` it no longer counts.
- The user handle given to authenticators is random (32 bytes), never the account's id or
  e-mail; the name they show is the neutral word "account".
- The relying-party id is ``WEBAUTHN_RP_ID`` or the host the request came to; the expected
  origin ``WEBAUTHN_ORIGINS`` or the request's own scheme and host. Browsers refuse an IP
  address as relying-party id, so a site reached by a bare address cannot add passkeys.
- A passkey that is not one of this person's answers like one whose signature is wrong, and
  both count as a wrong second step (:func:`interdepend.web.accounts.twostep.note_wrong`).
- The authenticator's signature counter must go up when it counts at all (py_webauthn checks
  it); a counter that goes back suggests a copied key, and the answer is refused.
"""

from __future__ import annotations

import ipaddress
import json
import secrets
import time
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from webauthn import (
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers import base64url_to_bytes, bytes_to_base64url
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from interdepend.web.accounts import twostep
from interdepend.web.accounts.models import Passkey, User
from interdepend.web.frame.prepared import Prepared

SESSION_KEY = "_passkey_challenge"
CHALLENGE_SECONDS = 5 * 60
TIMEOUT_MS = 120_000
RP_NAME = "Interdepend"
MAX_PASSKEYS = 20


class Purpose(StrEnum):
    ADD = "add"
    SIGN_IN = "sign-in"
    CONFIRM = "confirm"


class Refusal(StrEnum):
    """Why a passkey answer was not taken; the view words each for the person."""

    STALE = "stale"  # no challenge waiting, or it ran out: ask the browser again
    NOT_THEIRS = "not-theirs"  # not a passkey of this account
    FAILED = "failed"  # the answer did not check out (signature, origin, counter, shape)
    KNOWN = "known"  # adding a passkey the account already has
    TOO_MANY = "too-many"


class PasskeyRefused(Exception):
    def __init__(self, why: Refusal) -> None:
        super().__init__(why.value)
        self.why = why


def refusal_words(why: Refusal) -> str:
    """What a person reads when a passkey answer is not taken."""
    words = {
        Refusal.STALE: _(
            "That took a little too long, so we could not use it. Please press the button again."
        ),
        Refusal.NOT_THEIRS: _(
            "That passkey is not one saved for this account. If you have more than one, try "
            "another, or use a code instead."
        ),
        Refusal.FAILED: _(
            "We could not check the answer from your passkey, so it was not accepted. Please try "
            "again, or use a code instead."
        ),
        Refusal.KNOWN: _("This passkey is already added to your account."),
        Refusal.TOO_MANY: _(
            "Your account holds as many passkeys as it can. Remove one you no longer use first."
        ),
    }
    return str(words[why])


def no_address_words() -> str:
    return _(
        "Passkeys need this site to be reached by its name rather than a numeric address. "
        "A code from an authenticator app works here instead."
    )


# --- where we are ----------------------------------------------------------------------------


def rp_id(request: HttpRequest) -> str:
    if settings.WEBAUTHN_RP_ID:
        return str(settings.WEBAUTHN_RP_ID)
    host = request.get_host()
    if host.startswith("["):  # an IPv6 address with a port
        return host[1:].split("]")[0]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def origins(request: HttpRequest) -> list[str]:
    return list(settings.WEBAUTHN_ORIGINS) or [f"{request.scheme}://{request.get_host()}"]


def host_allows(request: HttpRequest) -> bool:
    """Whether passkeys can work here at all: browsers refuse an IP address as the site's id."""
    try:
        ipaddress.ip_address(rp_id(request))
    except ValueError:
        return True
    return False


def passkeys_of(user: User) -> list[Passkey]:
    return _PASSKEYS(user_id=user.pk)


_PASSKEYS = Prepared(lambda user_id: Passkey.objects.filter(user_id=user_id).order_by("created_at"))


def access_passkey(user: User, public_id: str) -> Passkey | None:
    """The person's own passkey by its public id; anyone else's is not found."""
    return Passkey.objects.filter(user=user, public_id=public_id).first()


# --- challenges ------------------------------------------------------------------------------


def _issue(request: HttpRequest, purpose: Purpose, user: User, **extra: str) -> bytes:
    challenge = secrets.token_bytes(32)
    request.session[SESSION_KEY] = {
        "purpose": purpose.value,
        "user": user.pk,
        "challenge": bytes_to_base64url(challenge),
        "at": time.time(),
        **extra,
    }
    return challenge


def _take(request: HttpRequest, purpose: Purpose, user: User) -> dict[str, Any]:
    """The waiting challenge for this purpose and person, taken out so it serves once."""
    entry = request.session.pop(SESSION_KEY, None)
    fits = (
        isinstance(entry, dict)
        and entry.get("purpose") == purpose.value
        and entry.get("user") == user.pk
        and time.time() - float(entry.get("at", 0)) <= CHALLENGE_SECONDS
    )
    if not fits:
        raise PasskeyRefused(Refusal.STALE)
    assert isinstance(entry, dict)
    return entry


def _descriptor(key: Passkey) -> PublicKeyCredentialDescriptor:
    return PublicKeyCredentialDescriptor(id=base64url_to_bytes(key.credential_id))


# --- adding ----------------------------------------------------------------------------------


def add_options(request: HttpRequest, user: User) -> str:
    """Options for ``navigator.credentials.create``, as JSON; the challenge waits in the session."""
    existing = passkeys_of(user)
    handle = existing[0].user_handle if existing else bytes_to_base64url(secrets.token_bytes(32))
    options = generate_registration_options(
        rp_id=rp_id(request),
        rp_name=RP_NAME,
        user_name=_("account"),
        user_display_name=_("account"),
        user_id=base64url_to_bytes(handle),
        challenge=_issue(request, Purpose.ADD, user, handle=handle),
        timeout=TIMEOUT_MS,
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.DISCOURAGED,
            user_verification=UserVerificationRequirement.PREFERRED,
        ),
        exclude_credentials=[_descriptor(key) for key in existing],
    )
    return str(options_to_json(options))


@transaction.atomic
def passkey_add(request: HttpRequest, *, user: User, name: str, answer: str) -> list[str]:
    """Check the browser's answer to :func:`add_options` and keep the passkey. Returns the new
    recovery codes when this is the account's first second step (shown once), else none."""
    entry = _take(request, Purpose.ADD, user)
    if Passkey.objects.filter(user=user).count() >= MAX_PASSKEYS:
        raise PasskeyRefused(Refusal.TOO_MANY)
    try:
        verified = verify_registration_response(
            credential=answer,
            expected_challenge=base64url_to_bytes(entry["challenge"]),
            expected_rp_id=rp_id(request),
            expected_origin=origins(request),
        )
    except Exception as error:  # whatever a browser sent that does not check out is refused
        raise PasskeyRefused(Refusal.FAILED) from error
    credential_id = bytes_to_base64url(verified.credential_id)
    if Passkey.objects.filter(credential_id=credential_id).exists():
        raise PasskeyRefused(Refusal.KNOWN)
    first = not twostep.has_factor(user)
    Passkey.objects.create(
        user=user,
        name=name,
        credential_id=credential_id,
        public_key=verified.credential_public_key,
        user_handle=str(entry["handle"]),
        sign_count=verified.sign_count,
    )
    return twostep.new_recovery_codes(user) if first else []


@transaction.atomic
def passkey_remove(*, user: User, key: Passkey) -> None:
    """Remove one passkey; with the account's last second step go its recovery codes."""
    Passkey.objects.filter(user=user, pk=key.pk).delete()
    twostep.recovery_drop_if_unused(user)


# --- signing in and confirming ---------------------------------------------------------------


def sign_options(request: HttpRequest, user: User, purpose: Purpose) -> str:
    """Options for ``navigator.credentials.get``, naming only this person's passkeys.

    Confirming a sensitive step asks the authenticator to check it is its owner (a PIN, a
    fingerprint), because there the passkey stands in for the password."""
    verification = (
        UserVerificationRequirement.REQUIRED
        if purpose is Purpose.CONFIRM
        else UserVerificationRequirement.PREFERRED
    )
    options = generate_authentication_options(
        rp_id=rp_id(request),
        challenge=_issue(request, purpose, user),
        timeout=TIMEOUT_MS,
        allow_credentials=[_descriptor(key) for key in passkeys_of(user)],
        user_verification=verification,
    )
    return str(options_to_json(options))


def _credential_id(answer: str) -> tuple[str, str | None]:
    """The credential id and user handle an answer names (its shape checked later)."""
    try:
        data = json.loads(answer)
        handle = data.get("response", {}).get("userHandle")
        return str(data["id"]), (str(handle) if handle else None)
    except (ValueError, TypeError, KeyError, AttributeError) as error:
        raise PasskeyRefused(Refusal.FAILED) from error


@transaction.atomic
def passkey_check(request: HttpRequest, *, user: User, purpose: Purpose, answer: str) -> Passkey:
    """Check an answer to :func:`sign_options`: the challenge (once), the passkey (this
    person's), the origin, the signature and the counter. Raises :class:`PasskeyRefused`."""
    entry = _take(request, purpose, user)
    credential_id, handle = _credential_id(answer)
    key = Passkey.objects.select_for_update().filter(user=user, credential_id=credential_id).first()
    if key is None or (handle is not None and handle != key.user_handle):
        raise PasskeyRefused(Refusal.NOT_THEIRS)
    try:
        verified = verify_authentication_response(
            credential=answer,
            expected_challenge=base64url_to_bytes(entry["challenge"]),
            expected_rp_id=rp_id(request),
            expected_origin=origins(request),
            credential_public_key=bytes(key.public_key),
            credential_current_sign_count=key.sign_count,
            require_user_verification=purpose is Purpose.CONFIRM,
        )
    except Exception as error:  # whatever a browser sent that does not check out is refused
        raise PasskeyRefused(Refusal.FAILED) from error
    key.sign_count = verified.new_sign_count
    key.last_used_at = timezone.now()
    key.save(update_fields=["sign_count", "last_used_at"])
    return key
