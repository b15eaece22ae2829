"""What each file of the export holds, in words a person reads in the archive's README.

The files keep the database's table names (``csv/together_goal.csv``), which a researcher or
a tool can rely on; the README names each in plain words beside its count. A table with no
words here is listed by its name alone; ``tests/web/test_datarights.py`` fails when one is
missing, so a new kind of record gets its words with it.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

TABLE_WORDS: dict[str, Promise] = {
    "accounts_authenticatorapp": _("when you set up an authenticator app (never its key)"),
    "accounts_earlieraddress": _(
        "when your e-mail address changed; the earlier one is kept only as a fingerprint, to "
        "find and remove sign-ins typed with it"
    ),
    "accounts_passkey": _("your passkeys: names and when they were added and used"),
    "accounts_pendingemailchange": _("a new e-mail address waiting for its link"),
    "accounts_recoverycode": _("when your recovery codes were made and used (never the codes)"),
    "accounts_pushchoice": _("which notifications you chose"),
    "accounts_pushsent": _("notifications sent to you"),
    "accounts_pushsubscription": _("browsers set to show you notifications"),
    "accounts_stoppedsignin": _(
        "when a sign-in began with your password and stopped at the second step, and whether "
        "you were told (never the key that tied it to its browser)"
    ),
    "accounts_trusteddevice": _("browsers that have signed in to your account"),
    "accounts_user": _("your account"),
    "accounts_user_groups": _("groups your account is in (usually none)"),
    "accounts_user_user_permissions": _("special permissions of your account (usually none)"),
    "accounts_usersession": _("where you are signed in"),
    "assessment_answers": _("your answers to the inventory, one statement at a time"),
    "assessment_attempt": _(
        "each time you took the inventory, with its result. item_order, answers, skipped "
        "(the ones you chose to skip) and screen_answers name the statements by short codes: "
        "assessment_answers shows each beside its words. snapshot is the result as worked "
        "out then, in the app's short names"
    ),
    "axes_accessattempt": _(
        "recent sign-ins to your account that did not succeed, under your e-mail address or "
        "an earlier one"
    ),
    "axes_accessfailurelog": _(
        "sign-ins to your account that did not succeed, under your e-mail address or an earlier one"
    ),
    "axes_accesslog": _("your sign-ins and sign-outs"),
    "couple_perception": _("how you see your partner"),
    "couple_perception_answers": _("your answers about your partner, one at a time"),
    "couple_reveal": _("when you shared your result with your partner"),
    "daily_dailyanswer": _("your answers to the question of the day"),
    "daily_talkitem": _("questions you chose to talk about"),
    "decide_decision": _(
        "the decisions you named and, while you are together, the ones your partner named "
        "that you rated; you_named_it says which are yours"
    ),
    "decide_rating": _("your ratings of the options in decisions"),
    "decide_rating_options": _("the same ratings, one line for each option, beside its words"),
    "journal_entry": _("your journal entries"),
    "journal_practitionershare": _("journal entries you shared with a practitioner"),
    "partners_guessattempt": _("invitation codes typed from your account that opened nothing"),
    "partners_invitation": _("invitations you made or answered"),
    "partners_membership": _("your part in each partnership"),
    "partners_partnership": _("your partnerships"),
    # A practitioner's own reads are in it too: the words said only "of yours", so the lines
    # of her reads of her clients read as others' reads of her (the practitioner walk of
    # 2026-12-04).
    "practice_accesslogentry": _(
        "each time a practitioner opened something of yours and, if you work with clients, "
        "each time you opened something of a client's (those lines have no seq nor hashes: "
        "their place in the client's own log is the client's to know). seq numbers the "
        "lines of your log in order; prev_hash and entry_hash tie each line to the one "
        "before, so a changed or missing line would show; reader_key is a fingerprint of the "
        "account that read"
    ),
    "practice_clientinvitation": _(
        "invitations between you and a practitioner: those you made as a practitioner (never "
        "the code), and the one you answered to connect with yours"
    ),
    "practice_clientlink": _("your connections with practitioners"),
    "practice_consent": _("what you let each practitioner see"),
    "practice_practitioner": _("your practice, if you work with clients"),
    "research_researchconsent": _("your choice about research"),
    "together_bid": _(
        "times you reached out to your partner, with their answer while you are together: "
        "yes_now (yes, now), later or not_now (not now)"
    ),
    "together_bid_answer": _(
        "your answers when your partner reached out, while you are together: when they did "
        "(never what they wrote), your answer and your words on when"
    ),
    "together_boundary": _(
        "your boundaries. state: draft (only you see it), stated (told to your partner) or "
        "acknowledged (your partner heard it)"
    ),
    "together_boundaryevent": _(
        "each step you took on a boundary. kind: stated, acknowledged, proposed (new words "
        "suggested), accepted or declined"
    ),
    "together_checkin": _("your weekly check-ins"),
    "together_checkin_answers": _("your weekly check-ins' answers, beside the statements"),
    "together_circleperson": _("the people in your circle"),
    "together_commitment": _("your promises. state: open, kept, renegotiated or missed"),
    "together_goal": _("your goals; shared says whether you share one with a partner"),
    "together_keptwords": _(
        "your own words from partnerships that have ended: shared goals you made, steps you "
        "noted, your answers when your partner reached out, words you suggested for their "
        "boundaries, the other steps you took on them and your ratings of the decisions they "
        "named (text for you, detail for them, option by option; never what they wrote)"
    ),
    "datarights_forgotten": _(
        "the safety resets you made and when you chose a new password, kept so that putting "
        "back an older copy of the site's data does them again"
    ),
    "together_goalnote": _("steps you noted on goals"),
    "together_reminder": _("your check-in reminder"),
}
