"""Handing a message to the mail server, where its failing must not fail the page.

A mail server that refuses or does not answer made sign-up and a reset for an address with no
account answer 500, with the whole traceback in the server's error log (the deployer audit).
:func:`hand_over` sends one message and, when the server fails, logs one line that names the
kind of failure and no one, and says so to its caller; the page then answers as it always does.
:func:`hand_over_message` does the same for a message built whole: the reset message for an
address with an account, which Django's own form logged with the account's number.
"""

from __future__ import annotations

import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMessage, send_mail

log = logging.getLogger("django.interdepend.mail")


def hand_over(subject: str, body: str, to: str, sender: str | None = None) -> bool:
    """Send one message to ``to`` (from ``sender``, else ``DEFAULT_FROM_EMAIL``); False (and
    one line in the log) when the server fails."""
    try:
        send_mail(subject, body, sender or settings.DEFAULT_FROM_EMAIL, [to])
    except (smtplib.SMTPException, OSError) as error:
        log.error("A message could not be handed to the mail server (%s).", type(error).__name__)
        return False
    return True


def hand_over_message(message: EmailMessage) -> bool:
    """Send ``message``; False (and the same one line) when it could not be handed over. Any
    failure counts, as in Django's reset form it replaces: a mail backend that cannot be
    loaded too (``check-deploy`` reports that one)."""
    try:
        message.send()
    except Exception as error:  # noqa: BLE001 - whatever failed, the page answers the same
        log.error("A message could not be handed to the mail server (%s).", type(error).__name__)
        return False
    return True
