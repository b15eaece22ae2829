"""Account messages that look alike, and plain, whoever they go to.

A message shows up on her lock screen and in her inbox list before she opens it: who it is
from, its subject and its first couple of lines. A partner who sees her phone there must learn
neither that she uses a relationship app nor whether an address has an account. So:

- the sender's name is the plain look's ("Notes", "Notas" in Spanish), on the site's own
  address from ``DEFAULT_FROM_EMAIL``, for everyone (:func:`sender`);
- no subject and no body names the app;
- the two messages that answer one request (:data:`PAIRS`: a sign-up for a new address or one
  with an account, a reset, a change of address) share their subject and their opening lines;
  what differs comes only after them (a finding of the phone audit: each subject, and the
  first line under it, said whether the address had an account).

Every account message is drawn here (:func:`drawn`) and sent by :func:`send`; the reset draws
both of its own and builds the one it sends with :func:`sender` (``resetmail``). Either way a
failing mail server never fails the page (``frame.mailing``).
"""

from __future__ import annotations

from email.utils import formataddr, parseaddr

from django.conf import settings
from django.template.loader import render_to_string

from interdepend.web.frame.mailing import hand_over
from interdepend.web.frame.pwa import plain_name

#: The two messages that answer one request, by the request whose subject and opening lines
#: (``accounts/email/REQUEST_subject.txt`` and ``_REQUEST_opening.txt``) they share.
PAIRS = {
    "signup": ("signup_confirm", "signup_exists"),
    "password_reset": ("password_reset", "password_reset_unknown"),
    "email_change": ("email_change_confirm", "email_change_taken"),
}

#: Where no address is configured (a development server) the message still goes from somewhere.
FALLBACK_ADDRESS = "no-reply@localhost"


def sender() -> str:
    """The plain name, in the active language, on the address of ``DEFAULT_FROM_EMAIL``."""
    address = parseaddr(str(settings.DEFAULT_FROM_EMAIL))[1] or FALLBACK_ADDRESS
    return formataddr((plain_name(), address))


def request_of(template: str) -> str:
    """The request a message answers: its pair's name, or its own when it has no pair."""
    return next((asked for asked, pair in PAIRS.items() if template in pair), template)


def drawn(template: str, context: dict[str, object]) -> tuple[str, str]:
    """A message's subject (one line, its request's) and body, in the active language."""
    subject = render_to_string(f"accounts/email/{request_of(template)}_subject.txt", context)
    body = render_to_string(f"accounts/email/{template}.txt", context)
    return " ".join(subject.split()), body


def send(template: str, context: dict[str, object], to: str) -> bool:
    """Draw and send one message; False (and one line in the log) when the server fails."""
    subject, body = drawn(template, context)
    return hand_over(subject, body, to, sender())
