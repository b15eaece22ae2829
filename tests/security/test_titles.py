"""T30 (page titles): no page title carries user text.

A page title lands in the browser's history, its tab strip, its bookmarks and every "recently
closed" list, and stays there after a quick exit. So every title is one of our own fixed words:
a goal's, a decision's or a person's name never is. Two checks: every title block in every
template is a fixed phrase, and every page any persona can reach shows one of those phrases and
no marker.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from django.db import transaction
from django.urls import reverse

from tests.conftest import Personas
from tests.helpers import as_user, password_confirmed
from tests.journal_fixtures import SHARED_WITH_BOB
from tests.security.policy import POLICY, ROLES
from tests.security.test_access_matrix import client_for

pytestmark = pytest.mark.django_db

WEB = Path(__file__).resolve().parents[2] / "src" / "interdepend" / "web"
SUFFIX = " · Interdepend"
TITLE_BLOCK = re.compile(r"{% block title %}(.*?){% endblock %}", re.S)
FIXED = re.compile(r'{% translate "([^"{}]+)" %}')
#: The one title with numbers in it: where the person is in a questionnaire, never what they said.
NUMBERED = re.compile(
    r"{% blocktranslate with n=page\.number total=page\.total %}"
    r"Page {{ n }} of {{ total }}{% endblocktranslate %}"
)
#: A report's title under the plain look or the app's own (``plain`` is the reader's look,
#: never anything typed): two fixed phrases.
BY_LOOK = re.compile(
    r'{% if plain %}{% translate "[^"{}]+" %}{% else %}{% translate "[^"{}]+" %}{% endif %}'
)
PAGE_OF = re.compile(r"Page \d+ of \d+")
TITLE = re.compile(r"<title>(.*?)</title>", re.S | re.I)


def title_blocks() -> dict[str, str]:
    """Every template's title block, by template path."""
    blocks = {}
    for path in sorted(WEB.glob("*/templates/**/*.html")):
        for block in TITLE_BLOCK.findall(path.read_text(encoding="utf-8")):
            blocks[str(path.relative_to(WEB))] = block
    return blocks


def fixed_titles() -> set[str]:
    titles = {""}  # the base template's own default
    for block in title_blocks().values():
        titles.update(FIXED.findall(block))
    return titles


def test_no_template_titles_its_page_with_user_text() -> None:
    loose = {
        name: block
        for name, block in title_blocks().items()
        if not (
            FIXED.fullmatch(block)
            or NUMBERED.fullmatch(block)
            or BY_LOOK.fullmatch(block)
            or block == ""
        )
    }
    print(f"\nT30 title blocks: {len(title_blocks())} templates, {len(loose)} not fixed")
    assert not loose, f"title blocks that are not one fixed phrase: {loose}"


def roles_with_a_page(outcomes: dict[str, str]) -> list[str]:
    """The roles that get a page (redirects and 405s have no body; every 404 is the same)."""
    shown = [
        role for role in ROLES if outcomes[role] not in {"login", "redirect", "method", "gone"}
    ]
    return shown + [role for role in ROLES if outcomes[role] == "gone"][:1]


def neutral(title: str, allowed: set[str]) -> bool:
    text = title.removesuffix(SUFFIX)
    return text in allowed or bool(PAGE_OF.fullmatch(text)) or title == "Interdepend"


def test_browser_history_reader_finds_no_user_text_in_any_page_title(personas: Personas) -> None:
    allowed = fixed_titles() | {"Something went wrong"}
    secrets = [*personas.markers.values(), SHARED_WITH_BOB]
    names = [str(getattr(p, "display_name", "")) for p in personas.by_role().values()]
    leaks, titles = [], 0
    for name, row in POLICY.items():
        url = reverse(name, kwargs=row.kwargs(personas))
        for role in roles_with_a_page(row.get):
            body = client_for(personas, role).get(url).content.decode(errors="replace")
            for raw in TITLE.findall(body):
                titles += 1
                title = html.unescape(raw).strip()
                found = [s for s in [*secrets, *names] if s and s in title]
                if found or not neutral(title, allowed):
                    leaks.append(f"{name} as {role}: {title!r}")
    print(f"\nT30 page titles: {titles} titles on every page of every role, {len(leaks)} leaks")
    assert not leaks, "\n".join(leaks)


#: Words that, read in her browser's history, would say what she meant to do or whom she sees:
#: "Leave the partnership · Interdepend" (the notifications audit of 2026-12-03, M3).
REVEALING = re.compile(
    r"leav|delet|practitioner|therap|counsel|coach|safe|partnership|ended|stop|signed in|"
    r"looked|password|two-step|recovery|e-mail|invitation from",
    re.I,
)
#: Pages shown only after a step (not fetched below): their title blocks are read instead.
AFTER_A_STEP = (
    "datarights/templates/datarights/deleted.html",
    "partners/templates/partners/ended.html",
    "accounts/templates/accounts/recovery_codes.html",
    "accounts/templates/accounts/email_confirm.html",
)


def test_no_page_title_tells_what_she_meant_to_do(personas: Personas) -> None:
    """Under the default look, the pages whose name alone would tell a partner reading her
    history what she is about (leaving, deleting, her practitioners, staying safe, who can see
    what, an invitation) carry general titles: "Us", "Your account", "Your data"."""
    alice, carol, erin = (as_user(p) for p in (personas.alice, personas.carol, personas.erin))
    code, quinn_link = personas.practice.open_code, personas.practice.ids["quinn_link"]
    pages = [
        (alice, "partners:leave", {}),
        (alice, "datarights:delete", {}),
        (alice, "datarights:index", {}),
        (alice, "safetycheck:index", {}),
        (alice, "frame:safety", {}),
        (alice, "practice:mine", {}),
        (alice, "practice:end", {"link_id": quinn_link}),
        (alice, "practice:log", {}),
        (alice, "practice:join", {}),
        (carol, "practice:join_link", {"code": code}),  # the invitation, hers now
        (alice, "practice:join_link", {"code": code}),  # for anyone else: not found
        (alice, "partners:join", {}),
        (erin, "partners:join_link", {"code": personas.invitation_code}),
        (alice, "partners:join_link", {"code": personas.invitation_code}),
        (alice, "accounts:sessions", {}),
        (alice, "accounts:password_change", {}),
        (alice, "accounts:two_step", {}),
        (alice, "accounts:details", {}),
    ]
    told = []
    for client, name, kwargs in pages:
        response = client.get(reverse(name, kwargs=kwargs))
        assert response.status_code in (200, 404), (name, response.status_code)
        (raw,) = TITLE.findall(response.content.decode())
        title = html.unescape(raw).strip()
        if REVEALING.search(title):
            told.append(f"{name}: {title!r}")
    blocks = title_blocks()
    told += [f"{path}: {blocks[path]!r}" for path in AFTER_A_STEP if REVEALING.search(blocks[path])]
    print(f"\nM3 titles: {len(pages)} pages and {len(AFTER_A_STEP)} templates, {len(told)} telling")
    assert not told, "\n".join(told)


#: The page that asks for her password typed for one step names no step, whichever it is.
SAYS_NO_STEP = "Type your password for this step"


def _told_by(response_body: str, where: str) -> list[str]:
    titles = (html.unescape(raw).strip() for raw in TITLE.findall(response_body))
    return [
        f"{where}: {title!r}"
        for title in titles
        if REVEALING.search(title) and title.removesuffix(SUFFIX) != SAYS_NO_STEP
    ]


def test_no_page_she_reaches_has_a_title_that_tells(personas: Personas) -> None:
    """The list above named the pages one by one, and the safety reset's question, reached
    from *Your data* or *Who can see what* (and the answer to its first press), was left out:
    "Safety reset · Interdepend" stayed in her history for whoever reads it; so were the steps
    of a password reset ("Reset your password", "Password saved"), and the page after sign-up
    ("Check your e-mail") (the two-minute audit of 2026-12-04). Now every page of the policy
    table, read signed out and by every signed-in role with a fresh password, and the answer to
    an empty press of every button, is held to it."""
    told, asked = [], 0
    for name, row in POLICY.items():
        url = reverse(name, kwargs=row.kwargs(personas))
        for role in ROLES:
            asked += 1
            client = password_confirmed(client_for(personas, role))
            told += _told_by(client.get(url).content.decode(errors="replace"), name)
        with transaction.atomic():
            client = password_confirmed(as_user(personas.alice))
            asked += 1
            body = client.post(url).content.decode(errors="replace")
            told += _told_by(body, f"{name} (pressed)")
            transaction.set_rollback(True)
    print(f"\nM3 titles, swept: {asked} pages, {len(told)} telling")
    assert not told, "\n".join(sorted(set(told)))
