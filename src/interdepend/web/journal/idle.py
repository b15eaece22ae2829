"""Opening the journal after a while away asks for the password again: the gate of every
private page (:mod:`interdepend.web.accounts.idle`), under the journal's names."""

from __future__ import annotations

from interdepend.web.accounts.idle import JOURNAL_SEEN_KEY, STAMP_EVERY_SECONDS
from interdepend.web.accounts.idle import idle_gate as journal_gate
from interdepend.web.accounts.idle import seconds_since_private as seconds_since_journal

__all__ = ["JOURNAL_SEEN_KEY", "STAMP_EVERY_SECONDS", "journal_gate", "seconds_since_journal"]
