"""The mail backend of a site whose operator has set no mail server.

Django's console backend, the default before, wrote every message whole to standard output,
which under systemd is the journal: reset and sign-up links with their addresses, for anyone
who reads it to take the accounts over (the deployer audit). This one sends nothing and says
so in one line that names no one. ``interdepend check-deploy`` reports it, and ``make run``
(plain HTTP on this machine) keeps the console, where its links are wanted.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import EmailMessage

log = logging.getLogger("django.interdepend.mail")


class NoMailBackend(BaseEmailBackend):
    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        if email_messages:
            log.warning(
                "%d message(s) not sent: no mail server is set (EMAIL_BACKEND, docs/deploy.md).",
                len(email_messages),
            )
        return 0
