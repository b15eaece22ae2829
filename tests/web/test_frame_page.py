"""The page's frame written by ``{% frame_page %}`` (``frameparts.FramePageNode``: the page read
once for all the frame's tags, its three ``{% if %}`` tags asked in Python) is the frame its
tags draw one by one through the template engine.

Every kind of page is fetched three ways, byte for byte the same once the CSRF tokens are set
aside: written by the node, drawn tag by tag with the parts still reused, and drawn wholly the
ordinary way (``frameparts.REUSE`` off). Visitors and signed-in people, every section, a
practitioner, a locked session, a private page that locks itself, a line said after a form, a
plain look in Spanish, the error pages and an address that would break the page were it not
escaped. ``tests/web/test_frame_open.py`` holds the page to the ``base.html`` drawn wholly by
the template engine. The three ``{% if %}`` tags are held to the engine's own over random
values of what they ask (Hypothesis)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from types import MappingProxyType

import hypothesis
import pytest
from django.template import Context, Engine
from django.template.base import Template, TextNode
from django.template.defaulttags import CommentNode, IfNode
from django.test import Client
from django.urls import reverse
from hypothesis import strategies as st

from interdepend.web.accounts.models import HomeScreenLook, QuickExitKeys
from interdepend.web.frame import pwa
from interdepend.web.frame.context import Once
from interdepend.web.frame.templatetags import frameparts
from tests.conftest import Personas
from tests.helpers import as_user, password_confirmed
from tests.web.test_frameparts import PAGES as FRAME_PAGES

pytestmark = pytest.mark.django_db

#: New on every request: the CSRF token, and a form's key against sending it twice.
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"|value="[0-9a-f]{32}"')
QUERY = "x='><b>\"&y=\u202eשלום&z=\ue000path\ue000".encode().decode("iso-8859-1")


def _tag_by_tag(self: frameparts.FramePageNode, context: Context) -> str:
    return str(self.nodelist.render(context))


def _three_ways(
    client: Client, url: str, query: str = "", before: Callable[[], object] | None = None
) -> str:
    """The page written by the node, tag by tag, and the ordinary way: all the same."""
    drawn = []
    for way in ("node", "tags", "ordinary"):
        frameparts.forget()
        client.get(url, QUERY_STRING=query)  # the parts drawn and kept
        if before is not None:
            before()
        with pytest.MonkeyPatch.context() as patch:
            if way == "tags":
                patch.setattr(frameparts.FramePageNode, "render", _tag_by_tag)
            if way == "ordinary":
                patch.setattr(frameparts, "REUSE", False)
            response = client.get(url, QUERY_STRING=query)
        drawn.append((response.status_code, TOKEN.sub("TOKEN", response.content.decode())))
    assert drawn[0] == drawn[1] == drawn[2], url
    page = drawn[0][1]
    assert "{%" not in page and "{#" not in page and "\ue000" not in page, url
    return page


@pytest.fixture(autouse=True)
def reset_frame() -> Iterator[None]:
    yield
    frameparts.REUSE = True
    frameparts.forget()


def test_the_frame_is_written_by_the_node() -> None:
    """``base.html`` is one ``{% frame_page %}`` after its load, and the node writes its three
    ``{% if %}`` tags itself (none is left to the engine by a changed condition)."""
    base = Engine.get_default().get_template("base.html")
    pages = [node for node in base.nodelist if isinstance(node, frameparts.FramePageNode)]
    assert len(pages) == 1
    # The frame's own, not those inside its blocks.
    asked = [_asks(node) for node in pages[0].nodelist if isinstance(node, IfNode)]
    assert sorted(asked) == sorted(frameparts.IFS)
    for node, step in _ifs():
        assert step.__qualname__.startswith(frameparts.IFS[_asks(node)].__name__)
    assert not any(isinstance(step, str) and "{%" in step for step in pages[0].steps)


def test_a_visitor() -> None:
    for name in ("frame:about", "accounts:login", "accounts:signup", "frame:safety"):
        page = _three_ways(Client(), reverse(name), QUERY)
        assert "data-signed-out" in page
    assert "<html" in _three_ways(Client(), "/no-such-page/")


@pytest.mark.parametrize("keys", QuickExitKeys.values)
def test_every_section_and_each_choice_of_keys(personas: Personas, keys: str) -> None:
    alice = personas.alice
    alice.quick_exit_keys = keys
    alice.save(update_fields=["quick_exit_keys"])
    client = as_user(alice)
    for name in (*FRAME_PAGES, "couple:home"):
        page = _three_ways(client, reverse(name), QUERY)
        assert "data-stepped-away=" in page, name


def test_a_practitioner_and_someone_alone(personas: Personas) -> None:
    practitioner = personas.practice.roles["practitioner"]
    _three_ways(as_user(practitioner), reverse("practice:dashboard"))
    _three_ways(as_user(personas.carol), reverse("home:home"))


def test_a_private_page_that_locks_itself(personas: Personas) -> None:
    client = password_confirmed(as_user(personas.alice))
    page = _three_ways(client, reverse("journal:home"), QUERY)
    assert 'id="idle-warning"' in page and "data-idle-lock=" in page


def test_a_locked_session(personas: Personas) -> None:
    client = as_user(personas.alice)
    client.post(reverse("frame:quick_exit"))
    page = _three_ways(client, reverse("journal:home"), QUERY)
    assert "data-locked" in page and "<nav" not in page


def test_a_line_said_after_a_form(personas: Personas) -> None:
    client = as_user(personas.alice)
    keys = {"quick_exit_keys": QuickExitKeys.ESC_AND_SHIFT.value}

    def saved() -> None:
        client.post(reverse("accounts:quick_exit_keys"), keys)

    page = _three_ways(client, reverse("accounts:settings"), before=saved)
    assert 'class="messages" role="status"' in page


def test_a_plain_look_in_spanish(personas: Personas) -> None:
    carol = personas.carol
    carol.language = "es"
    carol.home_screen_look = HomeScreenLook.NEUTRAL
    carol.save(update_fields=["language", "home_screen_look"])
    page = _three_ways(as_user(carol), reverse("home:home"), QUERY)
    title = pwa.home_screen(HomeScreenLook.NEUTRAL, "es", chosen=True)["plain_title"]
    assert title and f"<title>{title}</title>" in page


def _asks(node: IfNode) -> str:
    assert node.token is not None
    return node.token.contents


def _base() -> frameparts.FramePageNode:
    base = Engine.get_default().get_template("base.html")
    return next(n for n in base.nodelist if isinstance(n, frameparts.FramePageNode))


def _ifs() -> list[tuple[IfNode, Callable[[Context, frameparts.Page], str]]]:
    """Each of the frame's ``{% if %}`` tags with the step the node writes it by."""
    page = _base()
    steps = iter(page.steps)
    found = []
    for node in page.nodelist:
        if isinstance(node, TextNode | CommentNode):
            continue
        step = next(step for step in steps if not isinstance(step, str))
        if isinstance(node, IfNode):
            found.append((node, step))
    return found


class _Seen:
    """A message as the messages' storage hands it on: its words and its tags."""

    def __init__(self, words: str, tags: str) -> None:
        self.words, self.tags = words, tags

    def __str__(self) -> str:
        return self.words


def _screen(plain: str, extra: bool) -> object:
    drawn = pwa._Drawn({"offline": "/offline/"})
    if plain or extra:
        drawn["plain_title"] = plain
    return MappingProxyType(drawn)


words = st.text(st.sampled_from("ab <>&\"'\u202e"), max_size=12)
screens = st.one_of(
    st.none(),
    st.builds(_screen, words, st.booleans()),
    st.builds(lambda s: Once(lambda: s), st.builds(_screen, words, st.booleans())),
    st.fixed_dictionaries({"plain_title": words}),
    st.builds(lambda s: lambda: s, st.fixed_dictionaries({"plain_title": words})),
    st.just(""),
)
said = st.one_of(
    st.none(),
    st.lists(st.builds(_Seen, words, st.sampled_from(["", "success", "info error"])), max_size=3),
    st.builds(lambda m: lambda: m, st.lists(st.builds(_Seen, words, st.just("")), max_size=2)),
)
truths = st.one_of(st.none(), st.booleans(), st.sampled_from([0, 1, "", "yes"]))


@hypothesis.settings(max_examples=300, deadline=None)
@hypothesis.given(
    screen=screens,
    messages=said,
    locked=st.one_of(truths, st.builds(lambda v: lambda: v, truths)),
    idle=st.booleans(),
    missing=st.sets(st.sampled_from(["home_screen", "messages", "locked"])),
    language=st.sampled_from(["en", "es"]),
)
def test_the_three_ifs_are_the_engines(
    screen: object,
    messages: object,
    locked: object,
    idle: bool,
    missing: set[str],
    language: str,
) -> None:
    """Each ``{% if %}`` the node asks in Python writes what the engine's own tag draws, for
    any value of what it asks: missing, empty, callable, a look's mapping with or without a
    plain name, a plain mapping, lines said or none, locked or not."""
    from django.utils import translation

    values = {
        "home_screen": screen,
        "messages": messages,
        "locked": locked,
        "frame_idle_warning": idle,
    }
    for name in missing:
        values.pop(name)
    engine = Engine.get_default()
    with translation.override(language):
        for node, step in _ifs():
            context = Context(dict(values), autoescape=True)
            context.template = Template("", engine=engine)
            theirs = str(node.render(context))
            context = Context(dict(values), autoescape=True)
            context.template = Template("", engine=engine)
            page = frameparts.Page.__new__(frameparts.Page)
            assert str(step(context, page)) == theirs, _asks(node)
