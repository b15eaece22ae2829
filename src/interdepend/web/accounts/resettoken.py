"""The password-reset token, timed by the clock of the world (UTC), not the server's wall clock.

Django's ``PasswordResetTokenGenerator`` stamps and checks a token with naive
``datetime.now()``: the server's local time, which follows ``TIME_ZONE``. On a site set to a zone
with daylight saving (``Europe/Madrid``), a link made just before the clocks went forward was
refused 40 minutes later, and one made before they went back lasted almost two hours, where the
message says an hour (the time audit of 2026-12-03, L3). Here the clock is UTC, which never
jumps, so a link lasts ``PASSWORD_RESET_TIMEOUT`` on every night of the year. The token is
otherwise Django's (the same hash of the account's state, the same check).

The reset views are the only place the app makes or checks such a token; sign-up and e-mail
change links are signed with ``TimestampSigner``, which counts epoch seconds already.
"""

from __future__ import annotations

from datetime import UTC, datetime

from django.contrib.auth.tokens import PasswordResetTokenGenerator


class UtcResetTokens(PasswordResetTokenGenerator):
    """Django's reset tokens, timed in UTC (naive, as Django's arithmetic wants it)."""

    def _now(self) -> datetime:
        return datetime.now(UTC).replace(tzinfo=None)


reset_tokens = UtcResetTokens()
