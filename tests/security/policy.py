"""The declared access policy: for every URL the resolver knows, who gets what.

A URL without a row here fails ``test_every_url_has_a_policy_row``: each new view must say
who may see it. Outcomes are compared on status code and, for redirects, on the target kind.

Outcome words:
  ok        2xx
  login     302 to the login page
  redirect  302 somewhere other than the login page
  gone      404 (someone else's object, or nothing to see)
  method    405 (method not allowed)
  limited   429
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from tests.conftest import Personas

ROLES = (
    "anonymous",
    "owner-alone",
    "partner",
    "partner-b",
    "ex-partner",
    "stranger",
    "staff",
    "practitioner",
    "practitioner-none",
    "practitioner-revoked",
)
USERS = ROLES[1:]


@dataclass(frozen=True)
class Row:
    """Expected outcome per role, for GET and for an empty POST."""

    get: dict[str, str]
    post: dict[str, str]
    kwargs: Callable[[Personas], dict[str, object]] = field(default=lambda p: {})
    public: bool = False


def same(outcome: str, anonymous: str = "login") -> dict[str, str]:
    return {"anonymous": anonymous, **dict.fromkeys(USERS, outcome)}


def by_role(default: str, anonymous: str = "login", **roles: str) -> dict[str, str]:
    table = {"anonymous": anonymous, **dict.fromkeys(USERS, default)}
    table.update({role.replace("_", "-"): outcome for role, outcome in roles.items()})
    return table


def public(get: str = "ok", post: str = "method") -> Row:
    return Row(get=same(get, anonymous=get), post=same(post, anonymous=post), public=True)


POLICY: dict[str, Row] = {
    "home:home": public(),
    "frame:safety": public(),
    "frame:about": public(),
    "frame:healthz": public(),
    # The quick exit locks a signed-in session (and sends a form post on to the neutral site);
    # "continue" takes the password of a locked session; neither shows anything while unlocked.
    "frame:quick_exit": public(get="method", post="redirect"),
    "frame:quick_exit_note": public(get="method", post="redirect"),
    "frame:unlock": Row(get=same("redirect"), post=same("redirect")),
    # The home-screen app's three fixed files: the same for everyone, nothing of anyone.
    "frame:manifest": public(),
    "frame:service_worker": public(),
    "frame:offline": public(),
    "accounts:signup": Row(
        get=same("redirect", anonymous="ok"), post=same("redirect", anonymous="ok"), public=True
    ),
    "accounts:signup_sent": public(),
    "accounts:signup_confirm": Row(
        get=same("redirect", anonymous="gone"),
        post=same("redirect", anonymous="gone"),
        kwargs=lambda p: {"token": "not-a-link:1xX:forged"},
        public=True,
    ),
    "accounts:login": Row(
        get=same("redirect", anonymous="ok"), post=same("redirect", anonymous="ok"), public=True
    ),
    # The language chooser on every page: a choice for this browser (and the account, signed in).
    "accounts:language": public(get="method", post="redirect"),
    "accounts:logout": Row(
        get=same("method", anonymous="method"),
        post=same("login", anonymous="login"),
        public=True,
    ),
    "accounts:password_reset": public(post="ok"),
    "accounts:password_reset_done": public(post="method"),
    "accounts:password_reset_complete": public(post="method"),
    "accounts:password_reset_confirm": Row(
        get=same("ok", anonymous="ok"),
        post=same("ok", anonymous="ok"),
        kwargs=lambda p: {"uidb64": "MQ", "token": "set-password"},
        public=True,
    ),
    "accounts:settings": Row(get=same("ok"), post=same("method")),
    "accounts:password_change": Row(get=same("ok"), post=same("ok")),
    # An empty post chooses no look: the account page again with our message (400).
    "accounts:home_screen": Row(get=same("method"), post=same("400")),
    # An empty post chooses no keys: the account page again with our message (400).
    "accounts:quick_exit_keys": Row(get=same("method"), post=same("400")),
    # The person's own time zone: an empty post names none, our message (400).
    "accounts:time_zone": Row(get=same("method"), post=same("400")),
    # Typing on a private page: an empty answer for every signed-in person; it renews only a
    # private window still open (accounts/idle.py), so it shows and opens nothing.
    "accounts:still_here": Row(get=same("method"), post=same("ok")),
    # A private page seen again after a while out of sight: an empty answer; it only closes
    # the person's own private window and recent password (accounts/idle.py).
    "accounts:stepped_away": Row(get=same("method"), post=same("ok")),
    # Notifications on this device: the person's own choices and browsers, nothing of anyone
    # else's. An empty post is refused with our message (no endpoint, no keys, no hours);
    # stopping them everywhere needs nothing.
    "accounts:push_choices": Row(get=same("method"), post=same("400")),
    # Turning them on asks for the password typed beside the button, each time: refused (403)
    # with our words before anything else is looked at.
    "accounts:push_subscribe": Row(get=same("method"), post=same("403")),
    "accounts:push_unsubscribe": Row(get=same("method"), post=same("400")),
    "accounts:push_stop_everywhere": Row(get=same("method"), post=same("redirect")),
    # An empty post names no change: "out of date", 400, for every signed-in person.
    "accounts:details": Row(get=same("ok"), post=same("400")),
    # A link that is no good says so (a page to a GET, 400 to a post), whoever asks, before any
    # password is asked for; nothing changes.
    "accounts:email_confirm": Row(
        get=same("ok"), post=same("400"), kwargs=lambda p: {"token": "not-a-real-link"}
    ),
    "accounts:confirm": Row(get=same("ok"), post=same("ok")),
    # The second step of signing in exists only between a right password and the code: with
    # nothing pending, everyone (signed in or not) is sent to the login page.
    "accounts:second_step": Row(
        get=same("login", anonymous="login"), post=same("login", anonymous="login"), public=True
    ),
    # Two-step sign-in: the person's own app and codes. Starting asks for the password first;
    # an empty code is refused (400); without an app, new codes and "off" change nothing.
    "accounts:two_step": Row(get=same("ok"), post=same("method")),
    "accounts:two_step_start": Row(get=same("method"), post=same("redirect")),
    "accounts:two_step_confirm": Row(get=same("method"), post=same("400")),
    "accounts:two_step_codes": Row(get=same("method"), post=same("redirect")),
    "accounts:two_step_off": Row(get=same("method"), post=same("redirect")),
    # Passkeys. Options for signing in exist only while a password step is waiting: with
    # nothing pending, an empty post is refused with our words (400), signed in or not.
    "accounts:second_step_options": Row(
        get=same("method", anonymous="method"), post=same("400", anonymous="400"), public=True
    ),
    # Options for adding one: the person's own, after a fresh password (fresh here).
    # The first passkey asks for the password in the form; the matrix posts none.
    "accounts:passkey_add_options": Row(get=same("method"), post=same("400")),
    # An empty post has no name and no answer: refused with words, nothing added.
    "accounts:passkey_add": Row(get=same("method"), post=same("400")),
    # Nobody here has a passkey: any id is someone else's or none, and not found.
    "accounts:passkey_remove": Row(
        get=same("method"), post=same("gone"), kwargs=lambda p: {"public_id": "A" * 22}
    ),
    # Options for confirming with a passkey: without one, refused with words.
    "accounts:confirm_options": Row(get=same("method"), post=same("400")),
    "accounts:sessions": Row(get=same("ok"), post=same("method")),
    # A carried form's page: with nothing carried, back home (a private page: the password
    # first when the window has closed, which is also a redirect).
    # Its POST leaves the carried form unsaved and goes home.
    "accounts:carry_on": Row(get=same("redirect"), post=same("redirect")),
    "accounts:sessions_end_others": Row(get=same("method"), post=same("redirect")),
    "accounts:sessions_end_all": Row(get=same("method"), post=same("login")),
    "datarights:delete": Row(get=same("ok"), post=same("ok")),
    "partners:us": Row(get=same("ok"), post=same("method")),
    # Making a code asks for the password typed for it, each time, before anything else is
    # looked at: its form holds the box, so an empty post is a box left empty (400, in words).
    "partners:invite": Row(get=same("method"), post=same("400")),
    # The code just made, shown once; with none waiting in the session, back to the Us page.
    "partners:invitation": Row(get=same("redirect"), post=same("method")),
    "partners:withdraw": Row(
        get=same("method"),
        post=by_role("gone", owner_alone="redirect"),
        kwargs=lambda p: {"invitation_id": p.invitation_id},
    ),
    "partners:join": Row(get=same("ok"), post=same("ok")),
    "partners:join_link": Row(
        get=same("ok"),
        post=same("method"),
        kwargs=lambda p: {"code": p.invitation_code},
    ),
    "partners:respond": Row(get=same("method"), post=same("redirect")),
    "partners:leave": Row(
        get=by_role("redirect", partner="ok", partner_b="ok"),
        post=by_role("redirect", partner="ok", partner_b="ok"),
    ),
    "assessment:overview": Row(get=same("ok"), post=same("method")),
    "assessment:start": Row(get=same("method"), post=same("redirect")),
    "assessment:page": Row(
        get=by_role("gone", owner_alone="ok"),
        post=by_role("gone", owner_alone="redirect"),
        kwargs=lambda p: {"attempt_id": p.unfinished_attempt_id, "number": 1},
    ),
    "assessment:results": Row(
        get=by_role("gone", partner="ok"),
        post=same("method"),
        kwargs=lambda p: {"attempt_id": p.finished_attempt_id},
    ),
    "assessment:map": Row(
        get=by_role("gone", partner="ok"),
        post=same("method"),
        kwargs=lambda p: {"attempt_id": p.finished_attempt_id},
    ),
    # The statements her finished take left out: hers alone. With none left out (every scale
    # scored), the owner is sent to the result; everyone else finds nothing.
    "assessment:left_out": Row(
        get=by_role("gone", partner="redirect"),
        post=by_role("gone", partner="redirect"),
        kwargs=lambda p: {"attempt_id": p.finished_attempt_id},
    ),
}
POLICY.update(
    {
        "decide:index": Row(get=same("ok"), post=same("method")),
        "decide:create": Row(
            get=same("method"), post=by_role("redirect", partner="ok", partner_b="ok")
        ),
        "decide:detail": Row(
            get=by_role("gone", partner="ok", partner_b="ok"),
            post=by_role("gone", partner="redirect", partner_b="ok"),
            kwargs=lambda p: {"decision_id": p.decision_id},
        ),
        # The question for today: everyone's own; an empty answer is shown again (400).
        "daily:today": Row(get=same("ok"), post=same("400")),
        "daily:past": Row(get=same("ok"), post=same("method")),
        "daily:talk_it_through": Row(get=same("ok"), post=same("method")),
        "daily:talk": Row(
            get=same("method"),
            post=by_role("gone", partner="redirect"),
            kwargs=lambda p: {"answer_id": p.daily["opened"]},
        ),
        "daily:talked": Row(
            get=same("method"),
            post=by_role("gone", partner="redirect", partner_b="redirect"),
            kwargs=lambda p: {"item_id": p.daily["talk"]},
        ),
        "research:consent": Row(get=same("ok"), post=same("redirect")),
        "research:psychometrics": Row(get=by_role("gone", staff="ok"), post=same("method")),
    }
)

# The couple view: open for alice and bob (both shared); everyone else is sent to "Us" or 404.
POLICY.update(
    {
        "couple:home": Row(
            get=by_role("redirect", partner="ok", partner_b="ok"), post=same("method")
        ),
        # Showing a result asks for the password typed for it first: an empty post gets the
        # form that asks, with no mistake shown (a button has no box to leave empty).
        "couple:reveal": Row(get=same("method"), post=same("ok")),
        "couple:withdraw": Row(get=same("method"), post=same("redirect")),
        # Everyone's own choice of what to stop sharing; an empty post is shown again (400).
        "couple:stop_sharing": Row(get=same("ok"), post=same("400")),
        # An empty post answers nothing: shown again (400) to a partner, earlier answers kept.
        "couple:perception": Row(
            get=by_role("redirect", partner="ok", partner_b="ok"),
            post=by_role("redirect", partner="400", partner_b="400"),
        ),
        "couple:map": Row(get=by_role("gone", partner="ok", partner_b="ok"), post=same("method")),
        "couple:report": Row(
            get=by_role("gone", partner="ok", partner_b="ok"), post=same("method")
        ),
        "assessment:report": Row(
            get=by_role("gone", partner="ok"),
            post=same("method"),
            kwargs=lambda p: {"attempt_id": p.finished_attempt_id},
        ),
    }
)

# The together space. A create form posted empty is shown again with its errors (400).
_COUPLE_ONLY = {"partner": "ok", "partner_b": "ok"}
POLICY.update(
    {
        "together:home": Row(get=same("ok"), post=same("method")),
        "together:goals": Row(get=same("ok"), post=same("400")),
        "together:goal": Row(
            get=by_role("gone", **_COUPLE_ONLY),
            post=same("method"),
            kwargs=lambda p: {"goal_id": p.together["shared_goal"]},
        ),
        "together:goal_edit": Row(
            get=same("method"),
            post=by_role("gone", **_COUPLE_ONLY),
            kwargs=lambda p: {"goal_id": p.together["shared_goal"]},
        ),
        "together:goal_note": Row(
            get=same("method"),
            # An empty note is said beside its box, on the goal's page (400) for the two.
            post=by_role("gone", partner="400", partner_b="400"),
            kwargs=lambda p: {"goal_id": p.together["shared_goal"]},
        ),
        "together:commitments": Row(get=same("ok"), post=same("400")),
        "together:commitment_mark": Row(
            get=same("method"),
            post=by_role("gone", partner="redirect"),
            kwargs=lambda p: {"commitment_id": p.together["commitment"]},
        ),
        "together:bids": Row(get=same("ok"), post=same("400")),
        "together:bid_answer": Row(
            get=same("method"),
            post=by_role("gone", partner="redirect"),
            kwargs=lambda p: {"bid_id": p.together["bid"]},
        ),
        "together:boundaries": Row(get=same("ok"), post=same("400")),
        "together:boundary": Row(
            get=by_role("gone", **_COUPLE_ONLY),
            post=same("method"),
            kwargs=lambda p: {"boundary_id": p.together["boundary"]},
        ),
        "together:boundary_act": Row(
            get=same("method"),
            post=by_role("gone", partner="redirect", partner_b="redirect"),
            kwargs=lambda p: {"boundary_id": p.together["boundary"]},
        ),
        "together:checkin": Row(get=same("ok"), post=same("400")),
        "together:reminder": Row(get=same("method"), post=same("redirect")),
        "together:circle": Row(get=same("ok"), post=same("400")),
        "together:circle_seen": Row(
            get=same("method"),
            post=by_role("gone", owner_alone="redirect"),
            kwargs=lambda p: {"person_id": p.together["circle"]},
        ),
        "together:circle_remove": Row(
            get=same("method"),
            post=by_role("gone", owner_alone="ok"),  # the password page: asked each time
            kwargs=lambda p: {"person_id": p.together["circle"]},
        ),
        "together:trends": Row(get=same("ok"), post=same("method")),
        "together:mine_svg": Row(get=same("ok"), post=same("method")),
        "together:balance_svg": Row(get=same("ok"), post=same("method")),
        "together:us_svg": Row(get=by_role("gone", **_COUPLE_ONLY), post=same("method")),
        "together:us_balance_svg": Row(get=by_role("gone", **_COUPLE_ONLY), post=same("method")),
        "together:carryover_svg": Row(get=same("gone"), post=same("method")),
    }
)

# Your data: the page, the download and the safety reset (both POST-only, behind a fresh password).
POLICY.update(
    {
        "datarights:index": Row(get=same("ok"), post=same("method")),
        # The export asks for the password in its form; the matrix posts none.
        "datarights:export": Row(get=same("method"), post=same("400")),
        # An empty press only asks (the keyboard audit of 2026-12-04, M4); its question's own
        # button does it, and has its page to come back to after a password.
        "datarights:reset": Row(get=same("method"), post=same("ok")),
        "datarights:reset_ask": Row(get=same("ok"), post=same("method")),
    }
)


def _journal_entry(p: Personas) -> dict[str, object]:
    from tests.journal_fixtures import entry_id

    return {"entry_id": entry_id("alice-private")}


# The journal: only the owner opens an entry; "Shared with you" is everyone's own page.
POLICY.update(
    {
        "journal:home": Row(get=same("ok"), post=same("method")),
        "journal:write": Row(get=same("ok"), post=same("400")),
        "journal:shared": Row(get=same("ok"), post=same("method")),
        "journal:entry": Row(
            get=by_role("gone", partner="ok"), post=same("method"), kwargs=_journal_entry
        ),
        "journal:edit": Row(
            get=by_role("gone", partner="ok"),
            post=by_role("gone", partner="400"),
            kwargs=_journal_entry,
        ),
        "journal:delete": Row(
            get=same("method"), post=by_role("gone", partner="ok"), kwargs=_journal_entry
        ),
        "journal:share": Row(
            get=same("method"), post=by_role("gone", partner="redirect"), kwargs=_journal_entry
        ),
    }
)


def _practice(key: str) -> Callable[[Personas], dict[str, object]]:
    def kwargs(p: Personas) -> dict[str, object]:
        if key == "code":
            return {"code": p.practice.open_code}
        name = "invitation_id" if key == "open_invitation" else "link_id"
        return {name: p.practice.ids[key]}

    return kwargs


_PRACTITIONERS = {
    "practitioner": "ok",
    "practitioner_none": "ok",
    "practitioner_revoked": "ok",
}

# The practice: pat ("practitioner") sees alice's results and the couple's view (both agreed)
# and bob's trends; quinn (no consent) and rory (revoked) see nothing of anyone's; a person's
# own links, consents and access log are theirs alone.
POLICY.update(
    {
        "practice:dashboard": Row(get=by_role("gone", **_PRACTITIONERS), post=same("method")),
        "practice:start": Row(get=same("ok"), post=same("400")),
        "practice:invite": Row(
            get=same("method"),
            post=by_role(
                "gone", practitioner="400", practitioner_none="400", practitioner_revoked="400"
            ),
        ),
        "practice:invitation": Row(
            get=by_role(
                "gone",
                practitioner="redirect",
                practitioner_none="redirect",
                practitioner_revoked="redirect",
            ),
            post=same("method"),
        ),
        "practice:withdraw": Row(
            get=same("method"),
            post=by_role("gone", practitioner="redirect"),
            kwargs=_practice("open_invitation"),
        ),
        "practice:client": Row(
            get=by_role("gone", practitioner="ok"),
            post=same("method"),
            kwargs=_practice("alice_link"),
        ),
        "practice:client_map": Row(
            get=by_role("gone", practitioner="ok"),
            post=same("method"),
            kwargs=_practice("alice_link"),
        ),
        "practice:client_trends": Row(
            get=by_role("gone", practitioner="ok"),
            post=same("method"),
            kwargs=_practice("bob_link"),
        ),
        "practice:couple_map": Row(
            get=by_role("gone", practitioner="ok"),
            post=same("method"),
            kwargs=_practice("alice_link"),
        ),
        "practice:client_trends_numbers": Row(
            get=by_role("gone", practitioner="ok"),
            post=same("method"),
            kwargs=_practice("bob_link"),
        ),
        "practice:couple_numbers": Row(
            get=by_role("gone", practitioner="ok"),
            post=same("method"),
            kwargs=_practice("alice_link"),
        ),
        "practice:couple_report": Row(
            get=by_role("gone", practitioner="ok"),
            post=same("method"),
            kwargs=_practice("alice_link"),
        ),
        "practice:mine": Row(get=same("ok"), post=same("method")),
        "practice:consent": Row(
            get=same("method"),
            post=by_role("gone", partner="redirect"),
            kwargs=_practice("alice_link"),
        ),
        "practice:end": Row(
            get=by_role("gone", partner="ok"),
            # asked each time, with the box on the page: sent empty, it says to type it
            post=by_role("gone", partner="400"),
            kwargs=_practice("quinn_link"),
        ),
        "practice:log": Row(get=same("ok"), post=same("method")),
        "practice:join": Row(get=same("ok"), post=same("400")),
        "practice:join_link": Row(get=same("ok"), post=same("method"), kwargs=_practice("code")),
        # Connecting asks for the password typed for it first: its form holds the box, so an
        # empty post is a box left empty (400, with our words).
        "practice:accept": Row(get=same("method"), post=same("400")),
    }
)

# Who can see what: everyone's own page; every button is a POST about the person's own things.
# An empty POST changes nothing and comes back to the page (or to the password check first).
POLICY.update(
    {
        "safetycheck:index": Row(get=same("ok"), post=same("method")),
        **{
            f"safetycheck:{name}": Row(get=same("method"), post=same("redirect"))
            for name in (
                "unlink",
                "results",
                "entry",
                "checkin",
                "daily",
                "invitations",
                "scope",
                "practitioner",
                "research",
                "session",
                "sessions",
            )
        },
        # An empty press only asks, as on *Your data* (the keyboard audit of 2026-12-04, M4).
        "safetycheck:reset": Row(get=same("method"), post=same("ok")),
        "safetycheck:reset_ask": Row(get=same("ok"), post=same("method")),
    }
)
