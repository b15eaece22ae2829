"""A mail backend that takes as long as a real mail server, for timing tests."""

from __future__ import annotations

import time
from collections.abc import Sequence

from django.core.mail import EmailMessage
from django.core.mail.backends.locmem import EmailBackend

#: Seconds one message takes to hand over, about what a nearby SMTP server needs.
DELAY = 0.03


class SlowBackend(EmailBackend):
    def send_messages(self, messages: Sequence[EmailMessage]) -> int:
        time.sleep(DELAY * len(messages))
        sent: int = super().send_messages(messages)
        return sent
