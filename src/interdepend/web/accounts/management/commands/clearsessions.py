"""``interdepend manage clearsessions``: delete the sign-ins that have run out.

Django's own command comes with ``django.contrib.sessions``, which Interdepend does not install
(its sessions are :class:`~interdepend.web.accounts.sessions.SessionStore`'s rows, each with the
address and browser of its sign-in), so the daily timer in docs/deploy.md failed with "Unknown
command" and ended sign-ins stayed (the deployer audit). Run it daily. The notifications of a
sign-in that is over (past its absolute end, or ended by a request) go with it, as they do at
each ``interdepend push``.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from interdepend.web.accounts.push import push_forget_ended
from interdepend.web.accounts.sessions import SessionStore


class Command(BaseCommand):
    help = "Delete the sign-ins that have run out (run it daily)."

    def handle(self, *args: Any, **options: Any) -> None:
        SessionStore.clear_expired()
        push_forget_ended()
