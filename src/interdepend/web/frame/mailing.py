"""Handing a message to the mail server, where its failing must not fail the page.

A mail server that refuses or does not answer made sign-up and a reset for an address with no
account answer 500, with the whole traceback in the server's error log (the deployer audit).
:func:`hand_over` sends one message and, when the server fails, logs one line that names the
kind of failure and no one, and says so to its caller; the page then answers as it always does.
:func:`hand_over_message` does the same for a message built whole: the reset message for an
address with an account, which Django's own form logged with the account's number.

Both give every message a ``Message-ID`` on the domain of ``DEFAULT_FROM_EMAIL``'s address, the
one the operator chose to say little (docs/configuration.md). Django's own is made on this
machine's name, which a server named for the app (``interdepend-1.example.net``) wrote into
every message she got, for anyone who opens its details (the notify-outside audit of
2026-12-05).
"""

from __future__ import annotations

import logging
import secrets
import smtplib
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMessage

log = logging.getLogger("django.interdepend.mail")

#: The domain of a message's id when ``DEFAULT_FROM_EMAIL`` has none (a development server).
FALLBACK_DOMAIN = "localhost"


def message_id() -> str:
    """A new message's id: random, on the domain of the address every message comes from (not
    Python's, which also carries the sending process's number and the time to a hundredth of
    a second)."""
    address = parseaddr(str(settings.DEFAULT_FROM_EMAIL))[1]
    domain = address.rpartition("@")[2] or FALLBACK_DOMAIN
    return f"<{secrets.token_hex(16)}@{domain}>"


def hand_over(subject: str, body: str, to: str, sender: str | None = None) -> bool:
    """Send one message to ``to`` (from ``sender``, else ``DEFAULT_FROM_EMAIL``); False (and
    one line in the log) when the server fails."""
    message = EmailMessage(
        subject, body, sender or settings.DEFAULT_FROM_EMAIL, [to], headers=_own_id({})
    )
    try:
        message.send()
    except (smtplib.SMTPException, OSError) as error:
        log.error("A message could not be handed to the mail server (%s).", type(error).__name__)
        return False
    return True


def hand_over_message(message: EmailMessage) -> bool:
    """Send ``message``; False (and the same one line) when it could not be handed over. Any
    failure counts, as in Django's reset form it replaces: a mail backend that cannot be
    loaded too (``check-deploy`` reports that one)."""
    message.extra_headers = _own_id(message.extra_headers)
    try:
        message.send()
    except Exception as error:  # noqa: BLE001 - whatever failed, the page answers the same
        log.error("A message could not be handed to the mail server (%s).", type(error).__name__)
        return False
    return True


def _own_id(headers: dict[str, str]) -> dict[str, str]:
    """``headers`` with a message id of ours, unless they name one already."""
    if any(name.lower() == "message-id" for name in headers):
        return headers
    return {**headers, "Message-ID": message_id()}
