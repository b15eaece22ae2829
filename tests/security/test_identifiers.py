"""T26: no identifier a person can see moves with someone else's activity.

An integer key counts everyone's rows: a partner who makes a goal, sees 7, makes another and
sees 10 knows the other made two in between. So every private object is named outside the
database by an opaque random ``public_id`` (:mod:`interdepend.web.frame.publicid`).

The attack test, run for the partner (bob), a practitioner (pat) and a stranger (carol):

(a) every sequence starts far away (7 000 000 and up, each table its own range) before the
    personas are built, so any integer key that reached a page, a form, an element id or the
    export would show up as a 7-digit number in that range; none may;
(b) from one starting state, the observer makes his own objects, the others (alice, his
    partner; quinn, another practitioner; erin, a new client of quinn's) are either quiet or
    busy creating and deleting every kind of private object, the observer makes more objects,
    and then every identifier-like token he can see is collected. The id generator draws from
    a seeded stream while the observer acts and from the system's randomness while the others
    do, so what he sees can only differ between the two runs if it depends on their activity.
"""

from __future__ import annotations

import base64
import itertools
import random
import re
import secrets
from collections.abc import Callable, Iterator
from datetime import timedelta
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.apps import apps
from django.core.cache import cache
from django.db import connection, models, transaction
from django.test import Client
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone

from interdepend.web.accounts.models import User
from interdepend.web.frame import publicid
from tests.conftest import PASSWORD, Personas, build_personas
from tests.helpers import active_partnership, as_user
from tests.security.datarights_support import read_export

pytestmark = pytest.mark.django_db

SEQUENCE_BASE = 7_000_000
SEQUENCE_STEP = 10_007
#: Random per render, by design: the CSRF token, idempotency keys and the form token.
VOLATILE_NAMES = {"csrfmiddlewaretoken", "idem", "token"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "hx-get", "hx-post", "data-href"}
NAME_ATTRIBUTES = {"id", "for", "name", "hx-target", "aria-labelledby", "aria-describedby"}
#: Views that end the session or are not pages of the person's own.
SKIP_VIEWS = {"accounts:logout", "frame:healthz"}


# Sequences far away ---------------------------------------------------------------------------


def _sequenced_tables() -> list[str]:
    found = {
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if isinstance(model._meta.pk, models.AutoField)
    }
    return sorted(found)


def _start_sequences_far_away() -> None:
    with connection.cursor() as cursor:
        for n, name in enumerate(_sequenced_tables()):
            start = SEQUENCE_BASE + n * SEQUENCE_STEP
            if connection.vendor == "sqlite":
                cursor.execute("DELETE FROM sqlite_sequence WHERE name = %s", [name])
                cursor.execute(
                    "INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [name, start]
                )
            else:
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)",
                    [connection.ops.quote_name(name), start],
                )


def _from_a_sequence(token: str) -> list[int]:
    """7-digit numbers in the range the sequences were moved to.

    A number counts when it stands on its own (``goal-7000123``, ``?id=7000123``); digits inside a
    run of letters and digits are part of a random word (a hex fingerprint such as
    ``a7360097e1ac`` holds such a run by chance about once in twenty-five).
    """
    span = SEQUENCE_BASE + SEQUENCE_STEP * (len(_sequenced_tables()) + 1)
    numbers = re.findall(r"(?<![A-Za-z0-9])\d{7,}(?![A-Za-z0-9])", token)
    return [int(d) for d in numbers if SEQUENCE_BASE <= int(d) < span]


def test_a_sequence_number_is_found_on_its_own_and_not_inside_a_random_word() -> None:
    inside = SEQUENCE_BASE + 123
    assert _from_a_sequence(f"id:goal-{inside}") == [inside]
    assert _from_a_sequence(f"href:{inside}") == [inside]
    assert _from_a_sequence(f"href:id={inside}") == [inside]
    assert _from_a_sequence(f"export:accounts_usersession.session=a{inside}e1ac") == []
    assert _from_a_sequence(f"href:{SEQUENCE_BASE - 1}") == []


@pytest.fixture
def far_personas(db: None) -> Personas:
    _start_sequences_far_away()
    return build_personas()


# A seeded id stream for the observer, true randomness for everyone else -------------------------


class Streams:
    """Replaces the id source: the current actor's seeded stream, or the system's randomness."""

    def __init__(self) -> None:
        self.current: random.Random | None = None

    def __call__(self, nbytes: int) -> str:
        if self.current is None:
            return secrets.token_urlsafe(nbytes)
        raw = self.current.randbytes(nbytes)
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


# Collecting what a person can see ---------------------------------------------------------------


class Tokens(HTMLParser):
    """Identifier-like tokens of one page: URL path segments and query values, form names and
    values, element ids and labels' targets, htmx targets and data- attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        volatile = values.get("name") in VOLATILE_NAMES
        for key, value in values.items():
            if key in URL_ATTRIBUTES:
                self.found.extend(f"{key}:{part}" for part in url_parts(value))
                self.links.append(value)
            elif key in NAME_ATTRIBUTES or key.startswith("data-"):
                self.found.append(f"{key}:{value}")
            elif key == "value" and not volatile:
                self.found.append(f"value:{value}")


def url_parts(url: str) -> list[str]:
    split = urlsplit(url)
    if split.netloc not in ("", "testserver"):
        return [f"elsewhere:{split.netloc}"]
    parts = [p for p in split.path.split("/") if p]
    return parts + [f"{k}={v}" for k, v in parse_qsl(split.query)]


def _crawlable(url: str) -> str | None:
    split = urlsplit(url)
    if split.netloc not in ("", "testserver") or not split.path.startswith("/"):
        return None
    try:
        match = resolve(split.path)
    except Resolver404:
        return None
    if match.view_name in SKIP_VIEWS or split.path.endswith((".pdf", ".svg")):
        return None  # drawings and reports: their own URLs are collected, not their bytes
    return split.path


def crawl(client: Client, seeds: list[str]) -> dict[str, list[str]]:
    """Every page reachable by links from the seeds (each once): path → its tokens."""
    seen: dict[str, list[str]] = {}
    queue = list(seeds)
    while queue and len(seen) < 200:
        path = queue.pop(0)
        if path in seen:
            continue
        response = client.get(path)
        tokens = [f"status:{response.status_code}"]
        tokens += [f"location:{p}" for p in url_parts(response.get("Location", ""))]
        if "html" in response.get("Content-Type", ""):
            parser = Tokens()
            parser.feed(response.content.decode())
            tokens += parser.found
            queue += [p for p in map(_crawlable, parser.links) if p and p not in seen]
        seen[path] = tokens
    return seen


def export_tokens(user: User) -> list[str]:
    from interdepend.web.datarights.services import export_archive

    tables, _text = read_export(export_archive(user))
    found = []
    for name, rows in sorted(tables.items()):
        for row in rows:
            found += [
                f"export:{name}.{key}={value}"
                for key, value in sorted(row.items())
                if key == "id" or key.endswith("_id") or key == "session"
            ]
    return found


SEEDS = [
    "/",
    "/me/journal/",
    "/together/",
    "/together/goals/",
    "/together/promises/",
    "/together/bids/",
    "/together/boundaries/",
    "/together/check-in/",
    "/together/circle/",
    "/together/trends/",
    "/decide/",
    "/today/",
    "/today/past/",
    "/me/assessment/",
    "/us/",
    "/us/couple/",
    "/practice/",
    "/practice/mine/",
    "/practice/mine/log/",
    "/account/",
    "/account/sessions/",
    "/me/data/",
    "/me/sharing/",
]


# What each person does ---------------------------------------------------------------------------


def _bob_makes(p: Personas, round_: int) -> None:
    from interdepend.web.assessment import selectors as assessment
    from interdepend.web.assessment import services as attempts
    from interdepend.web.daily.models import DailyAnswer, TalkItem
    from interdepend.web.decide import services as decide
    from interdepend.web.journal import services as journal
    from interdepend.web.partners.access import access_active_partnership
    from interdepend.web.together import services as together

    bob = p.bob
    active = access_active_partnership(bob)
    assert active is not None
    ours = active.partnership
    journal.entry_create(owner=bob, body=f"bob {round_}", prompt_key="", idem_key="")
    together.goal_create(owner=bob, partnership=ours, title=f"b{round_}", detail="", idem_key="")
    together.goal_create(owner=bob, partnership=None, title=f"o{round_}", detail="", idem_key="")
    due = timezone.localdate() + timedelta(days=3)
    together.commitment_create(owner=bob, partnership=ours, text="t", due_on=due, idem_key="")
    together.bid_send(owner=bob, partnership=ours, text=f"b{round_}", idem_key="")
    together.boundary_state(
        boundary=together.boundary_draft(owner=bob, text=f"b{round_}", idem_key=""),
        partnership=ours,
    )
    together.circle_add(owner=bob, name=f"c{round_}", last_connected=None, idem_key="")
    day = timezone.localdate() - timedelta(days=10 + round_)
    DailyAnswer.objects.create(owner=bob, partnership=ours, day=day, question_id="t002", text="b")
    TalkItem.objects.create(partnership=ours, day=day, question_id="t002")
    decide.decision_create(
        partnership=ours, author=bob, title=f"d{round_}", options=["a", "b"], token=f"b{round_}"
    )
    attempts.attempt_start(user=bob, instrument=assessment.inventory(), seed=round_)


def _carol_makes(p: Personas, round_: int) -> None:
    from interdepend.web.journal import services as journal
    from interdepend.web.partners import services as partners
    from interdepend.web.together import services as together

    carol = p.carol
    journal.entry_create(owner=carol, body=f"c {round_}", prompt_key="", idem_key="")
    together.goal_create(owner=carol, partnership=None, title=f"c{round_}", detail="", idem_key="")
    together.circle_add(owner=carol, name=f"c{round_}", last_connected=None, idem_key="")
    partners.invitation_create(inviter=carol)


def _pat_makes(p: Personas, round_: int) -> None:
    from interdepend.web.practice import services as practice
    from interdepend.web.practice.models import Practitioner

    profile = Practitioner.objects.get(user=p.practice.pat)
    practice.client_invitation_create(practitioner=profile)


def _the_others_are_busy(p: Personas) -> None:
    """alice makes and deletes one of every kind; quinn invites, links erin, and ends it."""
    from interdepend.web.assessment import selectors as assessment
    from interdepend.web.assessment import services as attempts
    from interdepend.web.daily.models import DailyAnswer, TalkItem
    from interdepend.web.decide import services as decide
    from interdepend.web.journal import services as journal
    from interdepend.web.partners import services as partners
    from interdepend.web.practice import services as practice
    from interdepend.web.practice.models import Practitioner
    from interdepend.web.together import services as together

    alice = p.alice
    ours = active_partnership(alice).partnership
    due = timezone.localdate() + timedelta(days=3)
    week = timezone.localdate() - timedelta(weeks=3)
    week -= timedelta(days=week.weekday())
    for n in range(3):
        made: list[models.Model] = [
            journal.entry_create(owner=alice, body="x", prompt_key="", idem_key=""),
            together.goal_create(owner=alice, partnership=None, title="x", detail="", idem_key=""),
            together.goal_create(owner=alice, partnership=ours, title="x", detail="", idem_key=""),
            together.commitment_create(
                owner=alice, partnership=ours, text="x", due_on=due, idem_key=""
            ),
            together.bid_send(owner=alice, partnership=ours, text="x", idem_key=""),
            together.boundary_draft(owner=alice, text="x", idem_key=""),
            together.circle_add(owner=alice, name="x", last_connected=None, idem_key=""),
            together.checkin_save(
                owner=alice,
                week=week - timedelta(weeks=n),
                values={"close": 3},
                need="x",
                shared=False,
                partnership=None,
            ),
            decide.decision_create(
                partnership=ours, author=alice, title="x", options=["a", "b"], token=f"a{n}"
            ),
            attempts.attempt_start(user=alice, instrument=assessment.inventory(), seed=n),
            partners.invitation_create(inviter=alice).invitation,
            DailyAnswer.objects.create(
                owner=alice,
                partnership=ours,
                day=week - timedelta(days=n + 1),
                question_id="t001",
                text="x",
            ),
            TalkItem.objects.create(
                partnership=ours, day=week - timedelta(days=n + 1), question_id="t001"
            ),
        ]
        for row in reversed(made):
            type(row)._default_manager.filter(pk=row.pk).delete()
    quinn = Practitioner.objects.get(user=p.practice.quinn)
    for _ in range(2):
        new = practice.client_invitation_create(practitioner=quinn)
        link = practice.client_invitation_redeem(invitation=new.invitation, user=p.erin)
        practice.consent_set(link=link, scopes=["results"])
        practice.link_end(link=link)
        link.delete()


OBSERVERS: dict[str, Callable[[Personas], User]] = {
    "partner": lambda p: p.bob,
    "practitioner": lambda p: p.practice.pat,
    "stranger": lambda p: p.carol,
}
MAKES: dict[str, Callable[[Personas, int], None]] = {
    "partner": _bob_makes,
    "practitioner": _pat_makes,
    "stranger": _carol_makes,
}


def _signed_in(user: User) -> Client:
    client = Client()
    response = client.post(
        reverse("accounts:login"),
        {"username": user.email, "password": PASSWORD},
    )
    assert response.status_code == 302
    return client


class _RollBack(Exception):
    pass


def _one_run(
    p: Personas, clients: dict[str, Client], streams: Streams, *, others_busy: bool
) -> dict[str, dict[str, list[str]]]:
    """From the same starting state: what each observer sees (rolled back afterwards)."""
    seen: dict[str, dict[str, list[str]]] = {}
    try:
        with transaction.atomic():
            cache.clear()
            rngs = {role: random.Random(f"t26-{role}") for role in OBSERVERS}
            for round_ in (1, 2):
                for role, make in MAKES.items():
                    streams.current = rngs[role]
                    make(p, round_)
                streams.current = None
                if others_busy and round_ == 1:
                    _the_others_are_busy(p)
            for role, client in clients.items():
                streams.current = rngs[role]
                pages = crawl(client, SEEDS)
                pages["export"] = export_tokens(OBSERVERS[role](p))
                seen[role] = pages
            streams.current = None
            raise _RollBack
    except _RollBack:
        pass
    return seen


def _flat(seen: dict[str, dict[str, list[str]]]) -> Iterator[tuple[str, str, str]]:
    for role, pages in seen.items():
        for path, tokens in pages.items():
            for token in tokens:
                yield role, path, token


def test_t26_identifiers_the_partner_sees_do_not_move_with_the_others_activity(
    far_personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    p = far_personas
    streams = Streams()
    monkeypatch.setattr(publicid, "source", streams)
    clients = {role: _signed_in(who(p)) for role, who in OBSERVERS.items()}

    quiet = _one_run(p, clients, streams, others_busy=False)
    busy = _one_run(p, clients, streams, others_busy=True)

    sequence_numbers = sorted(
        {(role, path, token) for role, path, token in _flat(busy) if _from_a_sequence(token)}
        | {(role, path, token) for role, path, token in _flat(quiet) if _from_a_sequence(token)}
    )
    moving = sorted(
        (role, path)
        for role in OBSERVERS
        for path in set(quiet[role]) | set(busy[role])
        if quiet[role].get(path) != busy[role].get(path)
    )
    tokens = {(role, token) for role, _path, token in _flat(quiet)}
    pages = sum(len(v) for v in quiet.values())
    ids = {t for _r, t in tokens if re.search(publicid.PUBLIC_ID_PATTERN, t)}
    print(
        f"\nT26 identifiers: {len(tokens)} identifiers seen ({len(ids)} public ids) on "
        f"{pages} pages and exports by the partner, a practitioner and a stranger; "
        f"{len(moving)} moving, {len(sequence_numbers)} from a database sequence"
    )
    assert not sequence_numbers, sequence_numbers[:10]
    assert not moving, [
        (role, path, sorted(set(quiet[role].get(path, [])) ^ set(busy[role].get(path, [])))[:6])
        for role, path in moving
    ]
    assert len(ids) > 20, "the crawl must reach the observers' own objects"


# The generator, and the look-up ------------------------------------------------------------------


@pytest.mark.system_ids  # ids of every letter, as production draws them
def test_public_ids_hold_at_least_96_random_bits_and_do_not_repeat() -> None:
    assert publicid.PUBLIC_ID_BYTES * 8 >= 96
    assert publicid.source is secrets.token_urlsafe
    drawn = [publicid.new_public_id() for _ in range(20_000)]
    assert len(set(drawn)) == len(drawn)
    for value in drawn[:200]:
        assert re.fullmatch(publicid.PUBLIC_ID_PATTERN, value)
        raw = base64.urlsafe_b64decode(value + "==")
        assert len(raw) * 8 >= 96
    bits = "".join(f"{b:08b}" for v in drawn for b in base64.urlsafe_b64decode(v + "=="))
    ones = bits.count("1") / len(bits)
    assert 0.49 < ones < 0.51, ones


def _private_urls(p: Personas) -> Iterator[tuple[str, set[object]]]:
    """A page of one private object of each kind, and who may open it."""
    from tests.journal_fixtures import entry_id

    t = p.together
    pat, link = p.practice.pat, p.practice.ids["alice_link"]
    yield reverse("journal:entry", args=[entry_id("alice-private")]), {p.alice}
    yield reverse("together:goal", args=[t["alice_goal"]]), {p.alice}
    yield reverse("together:goal", args=[t["carol_goal"]]), {p.carol}
    yield reverse("together:goal", args=[t["shared_goal"]]), {p.alice, p.bob}
    yield reverse("together:boundary", args=[t["boundary"]]), {p.alice, p.bob}
    yield reverse("assessment:results", args=[p.finished_attempt_id]), {p.alice}
    yield reverse("decide:detail", args=[p.decision_id]), {p.alice, p.bob}
    yield reverse("practice:client", args=[link]), {pat}


def test_a_guessed_or_someone_elses_public_id_answers_404(personas: Personas) -> None:
    p = personas
    everyone = [p.alice, p.bob, p.carol, p.dave, p.erin, p.practice.pat]
    clients = {who: as_user(who) for who in everyone}
    answers = []
    for url, allowed in _private_urls(p):
        guessed = re.sub(publicid.PUBLIC_ID_PATTERN, publicid.new_public_id(), url)
        for who, client in clients.items():
            if who in allowed:
                assert client.get(url).status_code == 200, url
                answers.append(client.get(guessed).status_code)
            else:
                answers += [client.get(url).status_code, client.get(guessed).status_code]
    print(f"\nT26 look-ups: {len(answers)} guessed or someone else's public ids, all 404")
    assert set(answers) == {404}, answers


def test_integer_keys_no_longer_open_anything(personas: Personas) -> None:
    """The old /together/goals/12/ shape resolves to nothing at all."""
    for path in itertools.product(("/together/goals/", "/me/journal/", "/decide/"), ("1", "12")):
        with pytest.raises(Resolver404):
            resolve("".join(path) + "/")


def test_a_new_public_id_never_starts_with_a_minus(monkeypatch: pytest.MonkeyPatch) -> None:
    """A cell starting with "-" is quoted in every CSV of ours (a spreadsheet would read it as
    a formula), so an id starting so differed between a download and an address (the
    data-rights audit of 2026-12-03). One is drawn again; the draws are used as they come."""
    draws = iter(["-" + "a" * 21, "-" + "b" * 21, "Q" + "c" * 21])
    monkeypatch.setattr(publicid, "source", lambda n: next(draws))
    assert publicid.new_public_id() == "Q" + "c" * 21
    monkeypatch.setattr(publicid, "source", secrets.token_urlsafe)
    made = [publicid.new_public_id() for _ in range(2000)]
    assert not [i for i in made if i.startswith("-")]
    assert all(re.fullmatch(publicid.PUBLIC_ID_PATTERN, i) for i in made)


def test_ids_drawn_in_tests_never_hold_a_capital_so_never_spell_a_name() -> None:
    """tests/conftest.py writes each id drawn in a test in lower case: a page's ids once spelled
    "Fay" where a test proved the name was not shown. Still the production shape."""
    drawn = [publicid.new_public_id() for _ in range(2000)]
    assert all(re.fullmatch(publicid.PUBLIC_ID_PATTERN, value) for value in drawn)
    assert all(value == value.lower() for value in drawn)
    assert len(set(drawn)) == len(drawn)


@pytest.mark.system_ids
def test_a_test_marked_system_ids_draws_them_as_production_does() -> None:
    drawn = "".join(publicid.new_public_id() for _ in range(200))
    assert publicid.source is secrets.token_urlsafe
    assert drawn != drawn.lower()
