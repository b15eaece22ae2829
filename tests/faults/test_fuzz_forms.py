"""T15: Hypothesis fuzzing of every form the app shows, found by walking the pages.

Nothing here names a form. For every URL in the access policy and every signed-in role that
may open it, the page is fetched and each ``<form method=post>`` parsed with the standard
library's HTML parser (inputs, textareas, selects, named buttons, the CSRF token, hidden
fields such as idempotency keys). A form is kept when the policy lets that role post to its
target. A page or an app that gains a form is fuzzed on the next run without an edit here.

Each example runs in a transaction that is rolled back, as a freshly signed-in client with
CSRF checks on: it opens the page, posts odd values (unicode from every direction, control
characters, escaped surrogates, 100 KB, empty, markup, numbers out of range, wrong choices,
missing and repeated fields), follows the redirect, and checks:

- never a 5xx;
- a rejected post answers 4xx, or shows the form again with a message, and changes no row
  count (tables that count tries, such as invitation-code guesses, are named below);
- accepted typed text that the app shows back is shown exactly (after HTML unescaping);
- no markup of ours comes back unescaped in any response.
"""

from __future__ import annotations

import html
import os
import re
import traceback
from collections import Counter
from collections.abc import Callable
from copy import deepcopy
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urljoin, urlsplit

import pytest
from django.db import connection, transaction
from django.test import Client
from django.urls import Resolver404, resolve, reverse
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import HypothesisException

from tests.conftest import PASSWORD, Personas
from tests.helpers import HTMX, Response, as_user
from tests.security.policy import POLICY, USERS

pytestmark = pytest.mark.django_db

CSRF_FIELD = "csrfmiddlewaretoken"
FORM_ENCODED = "application/x-www-form-urlencoded"
# Kinds a person types into and the app may show back.
TYPED = ("text", "textarea", "search")
# Tables that rightly grow when a try is turned down: each row counts a try.
RECORDS_OF_TRYING = {
    "partners_guessattempt": "a wrong invitation code counts against guessing (T24)",
    "axes_accessattempt": "a failed login counts towards the lockout",
    "axes_accessfailurelog": "a failed login counts towards the lockout",
}
FILE_PATH = re.compile(r"\.[a-z0-9]{2,4}$")
ERROR_SIGNS = ('class="errorlist', 'role="alert"', 'class="message error')

# Markup of ours that must never come back raw (compared case-insensitively).
RAW_MARKERS = ("<script>fzs", "<img src=x onerror=fzi", "<svg onload=fzv")
MARKUP = (
    "<script>FZS</script>",
    '"><img src=x onerror=FZI>',
    "'><script>FZS</script><'",
    "</textarea><script>FZS</script>",
    "</title><svg onload=FZV>",
    "{{ fz_probe.secret }}",
    "{% debug %}",
    "{{7*7}} {% now 'Y' %}",
    "javascript:FZ()",
)
UNICODE = (
    "مرحبا بكم في الفضاء",
    "שָׁלוֹם עֲלֵיכֶם",
    "abc\u202edcba\u202c",
    "\u200f\u200e\u2066isolated\u2069",
    "👩🏽‍❤️‍👨🏿 🏳️‍🌈 🇺🇦",
    "e\u0301\u0302\u0303\u0304\u0305",
    "Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ",
    "\ufeffBOM",
    "zero\u200bwidth\u200djoin",
    "𝕳𝖊𝖑𝖑𝖔 𝔀𝓸𝓻𝓵𝓭",
    "日本語のテキスト、中文",
    "İstanbul ıi ß ﬁ",
    "\u0000",
)
CONTROL = (
    "\x00",
    "a\x00b",
    "\x01\x02\x07\x08\x0b\x0c",
    "\x1b[31mred\x1b[0m",
    "\x7f\x80\x85\x9f",
    "line\u2028sep\u2029para",
    "\r\n\r\n",
    "\t",
)
SURROGATE_ESCAPES = ("\\ud800", "\\udfff\\ud800", "&#xD800;", "&#55296;", "%ED%A0%80", "\\x00")
EMPTY = ("", " ", "   \t\n ", "\u00a0", "\u3000", "\n")
NUMBERS = (
    "0",
    "-1",
    "1",
    "7",
    "8",
    "99",
    "2147483648",
    "-9223372036854775809",
    "9" * 40,
    "1e309",
    "NaN",
    "-inf",
    "1.5",
    "0x10",
    "١٢",
)
DATES = ("2030-01-15", "2030-02-30", "0000-00-00", "9999-12-31", "0001-01-01", "15/01/2030")
HUGE = ("A" * 100_000, ("é<&>👍 " * 20_000)[:100_000], "<script>FZS</script>" * 5_000)
# Bytes that are not UTF-8: an encoded surrogate, stray continuation and overlong forms.
NOT_UTF8 = (b"\xed\xa0\x80", b"\xff\xfe\xfd", b"\xc0\xaf", b"caf\xe9")
FIXED = MARKUP + UNICODE + CONTROL + SURROGATE_ESCAPES + EMPTY + NUMBERS + DATES + HUGE
ODD_NAMES = ("unexpected", "id", "pk", "owner", "user", "user_id", "is_staff", "partnership")

Value = str | bytes
Pairs = list[tuple[str, Value]]


# Finding the forms ------------------------------------------------------------------------


@dataclass(frozen=True)
class Field:
    """One name a form sends; ``options`` for choices (select, radio, named buttons)."""

    name: str
    kind: str
    value: str = ""
    options: tuple[str, ...] = ()


@dataclass(frozen=True)
class Form:
    role: str
    page: str
    action: str
    target: str
    fields: tuple[Field, ...]
    htmx: bool = False

    @property
    def signature(self) -> tuple[str, tuple[tuple[str, str], ...]]:
        return self.target, shape(self.fields)

    @property
    def label(self) -> str:
        names = ",".join(f.name for f in self.fields if f.name != CSRF_FIELD)
        return f"{self.target}[{names}] as {self.role}"


@dataclass
class _Open:
    action: str
    htmx: bool
    fields: list[Field] = field(default_factory=list)


class FormParser(HTMLParser):
    """Every ``<form method=post>`` with what a browser would send from it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[_Open] = []
        self._form: _Open | None = None
        self._text: list[str] | None = None
        self._textarea = ""
        self._select: tuple[str, list[str], list[str]] | None = None
        self._option: tuple[str | None, bool] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "get").lower() == "post":
            self._form = _Open(action=a.get("action", ""), htmx="hx-post" in a)
        elif self._form is None:
            return
        elif tag == "option" and self._select is not None:
            self._option = (dict(attrs).get("value"), "selected" in a)
            self._text = []
        elif "name" not in a:
            return
        elif tag == "input":
            self._input(a)
        elif tag == "button" and a.get("type", "submit").lower() == "submit":
            self._add(Field(a["name"], "submit", a.get("value", ""), (a.get("value", ""),)))
        elif tag == "textarea":
            self._textarea, self._text = a["name"], []
        elif tag == "select":
            self._select = (a["name"], [], [])

    def _input(self, a: dict[str, str]) -> None:
        kind = a.get("type", "text").lower()
        name, value = a["name"], a.get("value", "on" if kind in ("checkbox", "radio") else "")
        if kind in ("image", "button", "reset", "file"):
            return
        if kind in ("submit", "radio"):
            self._add(Field(name, kind, value if "checked" in a else "", (value,)))
        else:
            self._add(Field(name, kind, value if kind != "checkbox" or "checked" in a else ""))

    def _add(self, new: Field) -> None:
        assert self._form is not None
        fields = self._form.fields
        for i, old in enumerate(fields):
            if (old.name, old.kind) == (new.name, new.kind) and new.kind in ("radio", "submit"):
                fields[i] = Field(
                    old.name, old.kind, old.value or new.value, old.options + new.options
                )
                return
        fields.append(new)

    def handle_data(self, data: str) -> None:
        if self._text is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea" and self._text is not None and self._form is not None:
            self._add(Field(self._textarea, "textarea", "".join(self._text).removeprefix("\n")))
            self._text = None
        elif tag == "option" and self._option is not None and self._select is not None:
            value, selected = self._option
            value = "".join(self._text or []).strip() if value is None else value
            self._select[1].append(value)
            if selected:
                self._select[2].append(value)
            self._option, self._text = None, None
        elif tag == "select" and self._select is not None:
            name, options, chosen = self._select
            value = chosen[-1] if chosen else (options[0] if options else "")
            self._add(Field(name, "select", value, tuple(options)))
            self._select = None
        elif tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None


def parse_forms(body: str, page: str) -> list[tuple[str, bool, tuple[Field, ...]]]:
    """(action path, posts through htmx?, fields) for each post form on one page."""
    parser = FormParser()
    parser.feed(body)
    parser.close()
    return [(urljoin(page, f.action or page), f.htmx, tuple(f.fields)) for f in parser.forms]


def may_post(target: str, role: str) -> bool:
    row = POLICY.get(target)
    return row is not None and row.post[role] not in ("gone", "method")


def target_of(action: str) -> str | None:
    try:
        return resolve(urlsplit(action).path).view_name
    except Resolver404:
        return None


def signed_in(personas: Personas, role: str) -> Client:
    return as_user(personas.by_role()[role])


def discover(personas: Personas, roles: tuple[str, ...] = USERS) -> list[Form]:
    """Every distinct post form, per role, whose target the policy lets that role post to."""
    found: dict[tuple[object, ...], Form] = {}
    for role in roles:
        client = signed_in(personas, role)
        for name, row in POLICY.items():
            if row.get[role] != "ok":
                continue
            page = reverse(name, kwargs=row.kwargs(personas))
            if FILE_PATH.search(page):
                continue  # a file (chart, report), not a page: no forms in it
            response = client.get(page)
            if "html" not in response.get("Content-Type", ""):
                continue
            for action, htmx, fields in parse_forms(response.content.decode(), page):
                target = target_of(action)
                if target is not None and may_post(target, role):
                    form = Form(role, page, action, target, fields, htmx)
                    found.setdefault((role, *form.signature), form)
    return list(found.values())


def shape(fields: tuple[Field, ...]) -> tuple[tuple[str, str], ...]:
    return tuple((f.name, f.kind) for f in fields)


# What to post -----------------------------------------------------------------------------

odd_text = st.one_of(
    st.sampled_from(FIXED),
    st.text(max_size=120),
    st.builds(
        lambda a, b: a + b, st.sampled_from(MARKUP + UNICODE + CONTROL), st.text(max_size=40)
    ),
    st.sampled_from(NOT_UTF8),
)


def values_for(f: Field) -> st.SearchStrategy[list[Value]]:
    """What one field sends: its own value, an odd one, nothing, or several."""
    if f.kind in ("select", "radio", "submit") and f.options:
        own: st.SearchStrategy[Value] = st.sampled_from(f.options)
    elif f.kind == "checkbox":
        own = st.sampled_from((f.value or "on", "off", "0", "false"))
    elif f.kind == "password":
        own = st.just(PASSWORD)
    elif f.kind == "date":
        own = st.sampled_from(DATES)
    else:
        own = st.just(f.value)
    one = st.one_of(own, odd_text)
    return st.one_of(one.map(lambda v: [v]), st.just([]), st.lists(one, min_size=2, max_size=3))


@dataclass(frozen=True)
class Post:
    pairs: Pairs
    csrf: str  # "keep", "drop" or "wrong"
    htmx: bool


def posts_for(form: Form) -> st.SearchStrategy[Post]:
    fields = [f for f in form.fields if f.name != CSRF_FIELD]
    extra = st.lists(st.tuples(st.sampled_from(ODD_NAMES), odd_text), max_size=2)

    def build(chosen: list[list[Value]], more: Pairs, csrf: str, htmx: bool) -> Post:
        pairs: Pairs = [
            (f.name, v) for f, values in zip(fields, chosen, strict=True) for v in values
        ]
        return Post(pairs + more, csrf, htmx and form.htmx)

    return st.builds(
        build,
        st.tuples(*(values_for(f) for f in fields)).map(list),
        extra,
        st.sampled_from(("keep",) * 6 + ("drop", "wrong")),
        st.booleans(),
    )


# One example ------------------------------------------------------------------------------


@dataclass
class Tally:
    forms: set[object] = field(default_factory=set)
    pairs: set[str] = field(default_factory=set)
    counts: Counter[str] = field(default_factory=Counter)
    server_errors: set[str] = field(default_factory=set)
    failures: list[str] = field(default_factory=list)


def row_counts() -> dict[str, int]:
    tables = sorted(connection.introspection.table_names())
    quote = connection.ops.quote_name
    sql = "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {quote(t)})" for t in tables)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return dict(zip(tables, cursor.fetchone(), strict=True))


def text_of(value: Value) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else value


def describe(post: Post) -> str:
    def short(v: Value) -> str:
        r = repr(v)
        return r if len(r) < 80 else f"{r[:60]}…({len(v)} long)"

    return ", ".join(f"{k}={short(v)}" for k, v in post.pairs) + f" csrf={post.csrf}"


def body_of(response: Response) -> str:
    return response.content.decode("utf-8", "replace")


def fresh_token(form: Form, body: str) -> str:
    """The CSRF token the page put in this form (the cookie's partner)."""
    for action, _htmx, fields in parse_forms(body, form.page):
        if action == form.action:
            for f in fields:
                if f.name == CSRF_FIELD:
                    return f.value
    return ""


def follow(client: Client, response: Response, seen: list[Response]) -> Response:
    """Follow local redirects (at most five), keeping every response."""
    for _ in range(5):
        if response.status_code not in (301, 302, 303):
            break
        location = response["Location"]
        if urlsplit(location).netloc not in ("", "testserver"):
            break
        response = client.get(location)
        seen.append(response)
    return response


@dataclass
class Session:
    """A signed-in client with CSRF checks on, its cookies and the page as first served."""

    client: Client
    cookies: SimpleCookie
    page: str
    token: str

    @classmethod
    def open(cls, personas: Personas, form: Form) -> Session:
        client = as_user(personas.by_role()[form.role], enforce_csrf_checks=True)
        page = body_of(client.get(form.page))
        return cls(client, deepcopy(client.cookies), page, fresh_token(form, page))

    def reset(self) -> Client:
        """The same session for the next example (its rows come back with the rollback)."""
        self.client.cookies = deepcopy(self.cookies)
        return self.client


def check_post(session: Session, form: Form, post: Post, tally: Tally) -> None:
    """Post, follow the redirect; raise AssertionError naming what went wrong."""
    client = session.reset()
    token = {"keep": session.token, "drop": None, "wrong": "x" * 64}[post.csrf]
    pairs = ([(CSRF_FIELD, token)] if token is not None else []) + post.pairs
    before = row_counts()
    headers = HTMX if post.htmx else {}
    try:
        response = client.post(form.action, urlencode(pairs), FORM_ENCODED, headers=headers)
    except Exception as error:
        where = "".join(traceback.format_exception(error)[-3:])
        raise AssertionError(f"server error {error!r}\n{where}") from error
    after = row_counts()
    tally.counts["posts"] += 1
    seen = [response]
    final = follow(client, response, seen)
    statuses = [r.status_code for r in seen]
    assert all(s < 500 for s in statuses), f"server error: {statuses}"
    for r in seen:
        raw = body_of(r).lower()
        leaked = [m for m in RAW_MARKERS if m in raw]
        assert not leaked, f"markup came back unescaped: {leaked}"
    final_body = body_of(final)
    if response.status_code >= 400 or any(s in final_body for s in ERROR_SIGNS):
        tally.counts["rejected"] += 1
        changed = {t: (n, after.get(t)) for t, n in before.items() if n != after.get(t)}
        changed = {t: c for t, c in changed.items() if t not in RECORDS_OF_TRYING}
        assert not changed, f"a rejected post changed row counts: {changed}"
        return
    if response.status_code == 200:
        shapes = [shape(f) for a, _h, f in parse_forms(final_body, form.page) if a == form.action]
        # A question asked before a step (the safety reset's) is a word of its own: its form
        # posted without its answer asks it again.
        signs = (*ERROR_SIGNS, 'role="status"', "data-question")
        worded = any(sign in final_body for sign in signs)
        assert worded or shape(form.fields) not in shapes, "the form came back without a word"
    tally.counts["accepted"] += 1
    shown = final_body
    if final.wsgi_request.path != form.page:
        again = client.get(form.page)
        shown += body_of(again) if again.status_code == 200 else ""
    check_round_trip(form, post, html.unescape(session.page), html.unescape(shown), tally)


def check_round_trip(form: Form, post: Post, baseline: str, shown: str, tally: Tally) -> None:
    """Typed text the app shows back is shown whole; a piece of it alone means it was altered."""
    typed = {f.name for f in form.fields if f.kind in TYPED}
    last = {name: text_of(v) for name, v in post.pairs if name in typed}
    for name, value in last.items():
        clean = value.strip()
        if not clean or "\ufffd" in clean or len(clean) > 400:
            continue
        lines = [line.strip() for line in clean.splitlines() if line.strip()]
        if clean in shown or all(line in shown for line in lines):
            tally.counts["shown back exactly"] += 1
            continue
        pieces = [w for w in re.findall(r"\w{6,}", clean) if w not in baseline and w in shown]
        assert not pieces, f"{name}={clean!r} is shown altered (pieces {pieces} seen)"


# Running it -------------------------------------------------------------------------------


def fuzz(personas: Personas, forms: list[Form], examples: int, tally: Tally | None = None) -> Tally:
    tally = tally or Tally()
    for form in forms:
        run = example_runner(personas, form, tally, examples)
        try:
            run()
        except (AssertionError, HypothesisException) as failure:
            tally.failures.append(f"{form.label} on {form.page}: {failure}")
        tally.forms.add(form.signature)
        tally.pairs.add(form.label)
    return tally


def example_runner(
    personas: Personas, form: Form, tally: Tally, examples: int
) -> Callable[[], None]:
    session = Session.open(personas, form)

    @settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        deadline=None,
        phases=(Phase.explicit, Phase.generate),
        suppress_health_check=list(HealthCheck),
        report_multiple_bugs=False,
    )
    @given(posts_for(form))
    def run(post: Post) -> None:
        with transaction.atomic():
            try:
                check_post(session, form, post, tally)
            except AssertionError as failure:
                if "server error" in str(failure):
                    tally.server_errors.add(f"{form.label}: {str(failure).splitlines()[0]}")
                raise AssertionError(f"{failure}\n  posted: {describe(post)}") from None
            finally:
                transaction.set_rollback(True)

    return run


def report(tally: Tally) -> str:
    c, errors = tally.counts, len(tally.server_errors)
    return (
        f"T15 fuzz: {len(tally.forms)} forms ({len(tally.pairs)} with their roles), "
        f"{c['posts']} posts, {errors} server errors "
        f"({c['rejected']} rejected, {c['accepted']} accepted, "
        f"{c['shown back exactly']} typed values shown back exactly)"
    )


def test_the_round_trip_check_sees_text_shown_altered() -> None:
    form = Form("partner", "/p/", "/p/", "x:y", (Field("title", "text"),))
    post = Post([("title", "Tom & <b>Jerry</b> Sundays")], "keep", htmx=False)
    tally = Tally()
    check_round_trip(form, post, "", "<h1>Tom & <b>Jerry</b> Sundays</h1>", tally)
    assert tally.counts["shown back exactly"] == 1
    twice = html.unescape("Tom &amp;amp; &amp;lt;b&amp;gt;Jerry&amp;lt;/b&amp;gt; Sundays")
    with pytest.raises(AssertionError, match="shown altered"):
        check_round_trip(form, post, "", twice, tally)


def test_a_bare_word_as_next_after_confirming_goes_home(personas: Personas) -> None:
    """Found by this fuzzing: ``next=home`` was taken for a URL name and answered 500."""
    client = signed_in(personas, "partner")
    for word in ("home", "caf\u00e9", "http://[::1"):
        answer = client.post(reverse("accounts:confirm"), {"password": PASSWORD, "next": word})
        assert (answer.status_code, answer["Location"]) == (302, reverse("home:home"))


def test_a_bad_hidden_value_is_answered_with_a_word(personas: Personas) -> None:
    """Found by this fuzzing: a goal edit with a spoilt version came back with no message."""
    goal = personas.together["shared_goal"]
    client = signed_in(personas, "partner")
    answer = client.post(reverse("together:goal_edit", args=[goal]), {"title": "x", "version": "v"})
    assert 'role="alert"' in body_of(answer)


#: Forms that appear only part-way through a step the personas are not in (signing in with a
#: code, setting up or holding an authenticator app); tests/web/test_two_step.py posts empty,
#: wrong and odd codes to each.
SHOWN_ONLY_MIDWAY = {
    "accounts:second_step",
    "accounts:two_step_confirm",
    "accounts:two_step_codes",
    "accounts:two_step_off",
}

#: Posted by the page's script, never by a form: a passkey's or a push subscription's exchange
#: with the browser, "still here" while she types on a private page and "stepped away" as one is
#: seen again after a while out of sight (accounts/idle.py).
POSTED_BY_SCRIPT = {
    "accounts:confirm_options",
    "accounts:passkey_add_options",
    "accounts:second_step_options",
    "accounts:push_subscribe",
    "accounts:push_unsubscribe",
    "accounts:still_here",
    "accounts:stepped_away",
}

#: The default lane fuzzes its forms in this many parts, so that the test workers share them.
PARTS = 2


@pytest.mark.parametrize("part", range(PARTS), ids=lambda n: f"part{n + 1}")
def test_every_form_survives_odd_input(personas: Personas, part: int) -> None:
    """Default lane: every form the partner persona sees, three deterministic examples each;
    this part takes every ``PARTS``-th form of the list, from its own number on."""
    forms = discover(personas, ("partner",))
    assert {"together:goals", "accounts:password_change", "decide:create"} <= {
        f.target for f in forms
    }
    tally = fuzz(personas, forms[part::PARTS], examples=3)
    print(f"\npart {part + 1} of {PARTS}: {report(tally)}")
    assert not tally.failures, "\n\n".join(tally.failures)


@pytest.mark.slow
def test_every_form_as_every_role_survives_odd_input(personas: Personas) -> None:
    """Slow lane: each distinct form deeply (T15_EXAMPLES, default 25), then as every other role
    that may post it (a few examples each)."""
    deep = int(os.environ.get("T15_EXAMPLES", "25"))
    forms = discover(personas)
    reached = {f.target for f in forms}
    formless = sorted(
        name
        for name in POLICY
        if name not in reached
        and name not in SHOWN_ONLY_MIDWAY
        and name not in POSTED_BY_SCRIPT
        and any(may_post(name, r) for r in USERS)
    )
    print(f"\nT15 discovery: {len(forms)} forms over {len(reached)} URLs; no form: {formless}")
    assert len(formless) < len(reached) / 4, "most posting URLs should be reached through a form"
    first: dict[object, Form] = {}
    for form in forms:
        first.setdefault(form.signature, form)
    others = [f for f in forms if first[f.signature] is not f]
    tally = fuzz(personas, list(first.values()), examples=deep)
    tally = fuzz(personas, others, examples=3, tally=tally)
    print(report(tally))
    assert not tally.failures, "\n\n".join(tally.failures)
