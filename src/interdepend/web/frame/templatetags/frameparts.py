"""The frame around every page (head, bar and menu, foot), drawn once per kind and reused.

Drawing the frame through the template engine cost about 2 ms of every page, two thirds of what
the whole server setup costs on its own (``bench/bench_pages.py``), although it differs from one
page to the next only in a few things: the language, signed in or not, the menu's section and
the practitioner's entry, how many things are waiting, whether the quick-exit note still shows,
which keys set off the quick exit, and, per request, the CSRF token and the page's own address.

``{% frame_part "frame/parts/header.html" %}`` draws its template with only those things in its
context (nothing else of the page can reach it), once per combination of the first kind, and
keeps the result in this process's memory; each request then puts its token and address in
place of two markers, escaped as the template would have escaped them. What a part may read is
declared below, part by part; the template gets nothing else, so a part that started to use
something undeclared would show it empty in every test rather than show one person's value to
another. ``tests/web/test_frameparts.py`` holds every kind of page equal, byte for byte, to the
same frame drawn the ordinary way.

Nothing of the person is kept: the count of things waiting is a number shared by everyone with
the same count, and the token and address are never stored. With ``DEBUG`` on, or without a
request (the offline page, error pages), the part is drawn the ordinary way every time.

``{% frame_page %}`` (:class:`FramePageNode`) writes the rest of ``base.html``: the page is read
once for all the frame's tags (:class:`Page`), the texts between them are written as they are,
and its three ``{% if %}`` tags are asked in Python (``tests/web/test_frame_page.py``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any, cast
from urllib.parse import urlsplit

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.http import HttpRequest
from django.template import Context, Engine, Template
from django.template.base import Node, NodeList, Parser, TextNode, Token, render_value_in_context
from django.template.defaultfilters import urlencode
from django.template.defaulttags import CommentNode, IfNode
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.http import url_has_allowed_host_and_scheme

from interdepend.web.accounts.models import HomeScreenLook, QuickExitKeys
from interdepend.web.frame.context import HomeScreen, look_for
from interdepend.web.frame.formrender import escape_text
from interdepend.web.frame.numbers import grouped
from interdepend.web.frame.templatetags.fasttags import map_and_prefix, page_language

register = template.Library()

#: Drawn parts kept, at most this many (the kinds are few; the bound is a guard).
LIMIT = 2048

#: In place of the per-request values while a part is drawn: private-use characters, which
#: escaping leaves alone and no template of ours contains.
CSRF_MARK = "\ue000csrf\ue000"
PATH_MARK = "\ue000path\ue000"

_drawn: dict[tuple[object, ...], str] = {}
#: Each drawn part cut at its markers (the markers kept as pieces of their own), so that a
#: request joins the pieces rather than searching the part again.
_pieces: dict[tuple[object, ...], tuple[str, ...]] = {}
_SPLIT = re.compile(f"({CSRF_MARK}|{PATH_MARK})")
#: Where a request keeps what it puts in place of the markers, for its own parts only.
_REQUEST_MARKS = "_interdepend_frame_marks"

#: Off, every part is drawn the ordinary way (``tests/web/test_frameparts.py`` compares).
REUSE = True


def forget(**_: object) -> None:
    """Drop every drawn part (a setting changed, or a test asks)."""
    _drawn.clear()
    _pieces.clear()


def _marks(page: Page, token: str) -> dict[str, str]:
    """What this request puts in place of the markers (its token and address, escaped), worked
    out once for its three parts and kept on the request alone, never beyond it."""
    request = page.request
    kept: tuple[str, dict[str, str]] | None = getattr(request, _REQUEST_MARKS, None)
    if kept is None or kept[0] != token:
        path = page_path(request, page.full_path)
        kept = (token, {CSRF_MARK: _escaped(token), PATH_MARK: _escaped(path)})
        setattr(request, _REQUEST_MARKS, kept)
    return kept[1]


setting_changed.connect(forget, dispatch_uid="interdepend-frameparts")


def _value(context: Context, name: str) -> Any:
    """A context value as the template would read it: callables called."""
    found = context.get(name)
    return found() if callable(found) else found


def _signed_in(context: Context) -> bool:
    user = context.get("user")
    return bool(getattr(user, "is_authenticated", False))


class Page:
    """What every piece of one page's frame reads of it, read once: the request, signed in or
    not, a locked session's page or not, the language, and the CSRF token (asked for when a
    part first needs it: a visitor's parts hold none, and asking would set a CSRF cookie).
    Each piece read all of these anew, about ten times a page in all. Made for one drawing
    and dropped with it; nothing is kept."""

    __slots__ = (
        "_context",
        "_full_path",
        "_look",
        "_token",
        "language",
        "locked",
        "request",
        "signed_in",
    )

    def __init__(self, context: Context, request: HttpRequest) -> None:
        self._context = context
        self._token: str | None = None
        self._look: HomeScreenLook | None = None
        self._full_path: str | None = None
        self.request = request
        self.signed_in = _signed_in(context)
        self.locked = bool(context.get("locked"))
        self.language = page_language(context)

    def token(self) -> str:
        """The CSRF token the parts put in (``-`` on a visitor's, which holds none)."""
        if self._token is None:
            self._token = str(self._context.get("csrf_token") or "") if self.signed_in else "-"
        return self._token

    def look(self) -> HomeScreenLook:
        """The page's look (``frame.context.look_for``), read when first asked."""
        if self._look is None:
            self._look = look_for(self.request)
        return self._look

    def full_path(self) -> str:
        """The address asked for (``request.get_full_path()``), read when first asked: the
        body's tag of a private page and the parts' "this page" both write it."""
        if self._full_path is None:
            self._full_path = self.request.get_full_path()
        return self._full_path


def _home_screen(context: Context, page: Page) -> Any:
    """``home_screen`` as the template reads it (:func:`_value`); the frame's own
    (:class:`~interdepend.web.frame.context.HomeScreen` of this very request) worked out from
    what the page has read already: its look, its language and the script prefix."""
    found = context.get("home_screen")
    if type(found) is HomeScreen and found.request is page.request:
        return found.read(page.look(), page.language, map_and_prefix(context)[1])
    return found() if callable(found) else found


#: A part's key (what it is kept by) and, asked only when it is not kept yet, what it may read.
Declared = tuple[tuple[object, ...], Callable[[], dict[str, Any]]]


def _head(context: Context, page: Page) -> Declared:
    # The home-screen links follow from the person's chosen look alone (``frame.context``).
    look = page.look()
    return (look,), lambda: {"home_screen": lambda: _home_screen(context, page)}


def _exit_keys(context: Context, page: Page) -> str:
    """The keys the quick exit's words name: the person's choice, unless the page is a locked
    session's (one neutral page for everyone) or signed out."""
    if page.signed_in and not page.locked:
        return str(_value(context, "exit_keys") or QuickExitKeys.ESC_AND_SHIFT.value)
    return QuickExitKeys.ESC_AND_SHIFT.value


def _header(context: Context, page: Page) -> Declared:
    signed_in, locked = page.signed_in, page.locked
    menu = signed_in and not locked
    exit_keys = _exit_keys(context, page)
    quick_exit_url = context.get("quick_exit_url")
    note = bool(_value(context, "quick_exit_note")) if menu else False
    count = int(_value(context, "waiting_count") or 0) if menu else 0
    section = context.get("nav_section") or ""
    practitioner = bool(_value(context, "is_practitioner")) if menu else False
    nameless = bool(context.get("nameless"))

    def values() -> dict[str, Any]:
        return {
            "exit_keys": exit_keys,
            "user": {"is_authenticated": signed_in},
            "locked": locked,
            "quick_exit_url": quick_exit_url,
            "quick_exit_note": note,
            "waiting_count": count,
            "navigation": context.get("navigation") or (),
            "nav_section": section,
            "is_practitioner": practitioner,
            "nameless": nameless,
        }

    # The keys last: ``_kinds``.
    key = (signed_in, locked, quick_exit_url, note, count, section, practitioner, nameless)
    return (*key, exit_keys), values


def _footer(context: Context, page: Page) -> Declared:
    signed_in = page.signed_in
    choices = context.get("language_choices") or ()
    if type(choices) is not tuple:
        choices = tuple(choices)
    nameless = bool(context.get("nameless"))
    exit_keys = _exit_keys(context, page)

    def values() -> dict[str, Any]:
        return {
            "user": {"is_authenticated": signed_in},
            "language_choices": choices,
            "LANGUAGE_CODE": page.language,
            "nameless": nameless,
            "exit_keys": exit_keys,
        }

    return (signed_in, choices, nameless, exit_keys), values


#: What each part may read, and what it is kept by.
PARTS: dict[str, Callable[[Context, Page], Declared]] = {
    "frame/parts/head.html": _head,
    "frame/parts/header.html": _header,
    "frame/parts/footer.html": _footer,
}


def page_path(request: HttpRequest, full_path: Callable[[], str] | None = None) -> str:
    """Where "this page" is, to come back to after changing the language: the address asked
    for (``full_path()`` when given, the page's own read of it); for a page drawn in answer to
    a form (its mistakes shown at an address that only takes a button press), the page the
    form was on, when the browser named one of ours, else the home page (the phone audit of
    2026-12-03 came back to "Nothing to see here")."""
    if request.method in ("GET", "HEAD"):
        return full_path() if full_path is not None else request.get_full_path()
    referer = request.headers.get("Referer", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        parts = urlsplit(referer)
        return parts.path + (f"?{parts.query}" if parts.query else "")
    return "/"


def _kinds(
    key: tuple[object, ...], values: dict[str, Any], page: Page
) -> list[tuple[tuple[object, ...], dict[str, Any]]]:
    """The kinds of part to draw for a page's first of its kind: on a signed-in page, the same
    part for every choice of quick-exit keys at once (its key ends with the keys), so that a
    first view is as slow whichever keys were chosen, and a partner timing his own first view
    after choosing Esc alone learns nothing of whether she chose it too (the security audit of
    2026-12-04, L1)."""
    if "exit_keys" not in values or not page.signed_in or page.locked:
        return [(key, values)]
    return [((*key[:-1], keys), values | {"exit_keys": keys}) for keys in QuickExitKeys.values]


class FramePartNode(Node):
    def __init__(self, name: str) -> None:
        self.name = name
        self.part: Template | None = None

    def _template(self, context: Context) -> Template:
        part = self.part
        if part is None or settings.DEBUG:
            engine = context.template.engine if context.template else Engine.get_default()
            part = self.part = engine.get_template(self.name)
        return part

    def _ordinary(self, context: Context, request: HttpRequest | None) -> str:
        """The part drawn through its template, as any template is drawn."""
        part = self._template(context)
        with context.push(page_path=page_path(request) if request is not None else "/"):
            return str(part.render(context))

    def render(self, context: Context) -> str:
        request = context.get("request")
        # A visitor's parts hold no token: asking for one would set a CSRF cookie.
        token = str(context.get("csrf_token") or "") if _signed_in(context) else "-"
        if not REUSE or request is None or settings.DEBUG:
            return self._ordinary(context, request)
        return self.drawn(context, Page(context, request), token)

    def drawn(self, context: Context, page: Page, token: str) -> str:
        """The part kept for this page's kind, with the request's token and address put in;
        the part drawn the ordinary way for a request without a token."""
        if token in ("", "NOTPROVIDED"):
            return self._ordinary(context, page.request)
        declared, values = PARTS[self.name](context, page)
        key = (self.name, page.language, *declared)
        drawn = _drawn.get(key)
        if drawn is None:
            part = self._template(context)
            if len(_drawn) >= LIMIT:
                forget()
            for kind, kind_values in _kinds(key, values(), page):
                if kind not in _drawn:
                    kind_values |= {"csrf_token": CSRF_MARK, "page_path": PATH_MARK}
                    done = part.render(Context(kind_values, autoescape=context.autoescape))
                    _drawn[kind] = str(done)
            drawn = _drawn[key]
        pieces = _pieces.get(key)
        if pieces is None:
            pieces = _pieces[key] = tuple(_SPLIT.split(drawn))
        if len(pieces) == 1:
            return drawn  # a part with nothing of the request in it (the head)
        marks = _marks(page, token)
        return "".join([marks.get(piece, piece) for piece in pieces])


@register.tag("frame_part")
def frame_part(parser: Parser, token: Token) -> FramePartNode:
    """``{% frame_part "frame/parts/header.html" %}``: one of the parts named in ``PARTS``."""
    bits = token.split_contents()
    if len(bits) != 2 or bits[1][0] not in "\"'" or bits[1][-1] != bits[1][0]:
        raise template.TemplateSyntaxError("frame_part takes one quoted part name")
    name = bits[1][1:-1]
    if name not in PARTS:
        raise template.TemplateSyntaxError(f"frame_part does not know {name!r}")
    return FramePartNode(name)


#: The addresses the opening tags name, per URL map and script prefix (the same for everyone).
_ADDRESSES = ("frame:service_worker", "accounts:stepped_away", "accounts:login")
_PRIVATE_ADDRESSES = ("accounts:still_here", "accounts:confirm")
_addresses: dict[tuple[object, ...], dict[str, str]] = {}


def _fixed_addresses(context: Context) -> dict[str, str]:
    """Every address the opening tags name, for this URL map and script prefix (read once per
    drawing: ``fasttags.map_and_prefix``), looked up once for all of them."""
    key = map_and_prefix(context)
    found = _addresses.get(key)
    if found is None:
        if len(_addresses) >= LIMIT:
            _addresses.clear()
        names = _ADDRESSES + _PRIVATE_ADDRESSES
        found = _addresses[key] = {name: str(conditional_escape(reverse(name))) for name in names}
    return found


#: Django's ``escape`` as a plain text (``formrender.escape_text``).
_escaped = escape_text


def _written(value: Any, context: Context) -> str:
    """``{{ value }}``, as ``render_value_in_context`` writes it: a plain text escaped, and a
    whole number as its digits (which is what Django's ``localize`` makes of one while no
    thousands separator is asked for), without the format lookups on the way; anything else,
    or a template drawn without escaping, by Django itself."""
    kind = type(value)
    if context.autoescape:
        if kind is str:
            return _escaped(value)
        if kind is int and not grouped():
            return str(value)
    return render_value_in_context(value, context)


#: What no context holds: a name missing from every one of a context's dicts.
_MISSING = object()


def _shown(context: Context, name: str) -> str:
    """``{{ name }}``: a callable called, a missing name shown as nothing. The context is
    looked through once (``name in context`` then ``context.get`` looked through it twice, the
    first through a generator: about 3 µs a name, three names a page)."""
    found = context.get(name, _MISSING)
    if found is _MISSING:
        engine = context.template.engine if context.template else Engine.get_default()
        return str(engine.string_if_invalid)
    return _written(found() if callable(found) else found, context)


def _open_html(context: Context, page: Page) -> str:
    """The reference's ``<html>``: the page's language, and a signed-in page's time away."""
    language = context["LANGUAGE_CODE"]
    drawn = f'<html lang="{_written(language, context)}"'
    if page.signed_in and not page.locked:
        drawn += f' data-away-seconds="{_shown(context, "away_seconds")}"'
    return drawn + ">"


def _open_body(context: Context, page: Page) -> str:
    """The reference's ``<body>``: what the page's script needs of the quick exit, the worker,
    the look's offline page and, on a private page, its lock."""
    request, locked, signed_in = page.request, page.locked, page.signed_in
    drawn = [f'<body data-quick-exit="{_shown(context, "quick_exit_url")}"']
    if locked:
        drawn.append(" data-locked")
    elif signed_in and _value(context, "exit_keys") != "esc-shift":
        drawn.append(f' data-exit-keys="{_shown(context, "exit_keys")}"')
    addresses = _fixed_addresses(context)
    drawn.append(f' data-service-worker="{addresses["frame:service_worker"]}"')
    screen = _home_screen(context, page)
    offline = screen.get("offline") if isinstance(screen, Mapping) else None
    if offline:
        drawn.append(f' data-offline="{_written(offline, context)}"')
        if screen.get("offline_chosen"):
            drawn.append(" data-offline-chosen")
    if signed_in and not locked:
        drawn.append(f' data-stepped-away="{addresses["accounts:stepped_away"]}"')
        drawn.append(f' data-sign-in="{addresses["accounts:login"]}"')
    elif not locked:
        drawn.append(" data-signed-out")
    if getattr(request, "private_page", None):
        idle = getattr(request, "idle_seconds", None)
        shown = "" if idle is None else _written(idle, context)
        back = _written(urlencode(page.full_path()), context)
        drawn.append(f' data-still-here="{addresses["accounts:still_here"]}"')
        drawn.append(f' data-idle-seconds="{shown}"')
        drawn.append(f' data-idle-lock="{addresses["accounts:confirm"]}?next={back}&amp;why=idle"')
    return "".join(drawn) + ">"


#: The opening tags drawn in Python, and the templates they are held to.
OPENS: dict[str, tuple[str, Callable[[Context, Page], str]]] = {
    "html": ("frame/parts/html.html", _open_html),
    "body": ("frame/parts/body.html", _open_body),
}


class FrameOpenNode(Node):
    """``{% frame_open "html" %}`` and ``{% frame_open "body" %}``: the page's opening tags,
    which hold per-request values only (the language, the person's quick-exit keys, whether the
    page is private), written in Python on every request: through the template engine they cost
    about a tenth of a millisecond on every page, mostly asking a request for what it does not
    have. Nothing is kept but addresses. Drawn the ordinary way, through the reference template,
    when parts are not reused, with DEBUG on or without a request;
    ``tests/web/test_frameparts.py`` holds the two equal."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.part: Template | None = None

    def _set(self, context: Context, request: HttpRequest | None) -> None:
        if self.kind == "html":
            # As {% get_current_language %} set it.
            context["LANGUAGE_CODE"] = page_language(context)
        else:
            # The idle warning after the menu: only a private page that locks itself has it.
            context["frame_idle_warning"] = bool(
                getattr(request, "private_page", None) and getattr(request, "idle_seconds", None)
            )

    def render(self, context: Context) -> str:
        request = context.get("request")
        if REUSE and request is not None and not settings.DEBUG:
            return self.drawn(context, Page(context, request))
        self._set(context, request)
        name = OPENS[self.kind][0]
        part = self.part
        if part is None or settings.DEBUG:
            engine = context.template.engine if context.template else Engine.get_default()
            part = self.part = engine.get_template(name)
        return str(part.render(context))

    def drawn(self, context: Context, page: Page) -> str:
        """The tag written in Python."""
        self._set(context, page.request)
        return OPENS[self.kind][1](context, page)


@register.tag("frame_open")
def frame_open(parser: Parser, token: Token) -> FrameOpenNode:
    """``{% frame_open "html" %}`` or ``{% frame_open "body" %}``."""
    bits = token.split_contents()
    if len(bits) != 2 or bits[1][1:-1] not in OPENS or bits[1][0] not in "\"'":
        raise template.TemplateSyntaxError('frame_open takes "html" or "body"')
    return FrameOpenNode(bits[1][1:-1])


#: One step of the page: a fixed text, or what writes a piece of it for this page.
Step = str | Callable[[Context, Page], str]


def _engine(node: Node, context: Context) -> str:
    """``node`` drawn by the template engine, as a node list draws it."""
    return cast(str, node.render_annotated(context))


def _title(node: IfNode) -> Step | None:
    """``{% if home_screen.plain_title %}``: the look's plain name, else the page's own title
    block. The look's values are read as the engine reads them (``frame.context.Once``, called;
    ``pwa.home_screen``'s mapping, which answers a value it has not with an empty text); any
    other kind of value (a view's own) is left to the engine."""
    branches = node.conditions_nodelists
    if len(branches) != 2 or branches[1][0] is not None:
        return None
    plain, usual = branches[0][1], branches[1][1]

    def step(context: Context, page: Page) -> str:
        screen = _home_screen(context, page)
        if type(screen) is not MappingProxyType:
            return _engine(node, context)
        return (plain if screen["plain_title"] else usual).render(context)

    return step


def _idle_warning(node: IfNode) -> Step | None:
    """``{% if frame_idle_warning %}``: set by the body's tag just before, always a truth
    value."""
    if len(node.conditions_nodelists) != 1:
        return None
    shown = node.conditions_nodelists[0][1]
    return lambda context, page: shown.render(context) if context.get("frame_idle_warning") else ""


def _messages(node: IfNode) -> Step | None:
    """``{% if messages and not locked %}``: both read as the engine reads them (a missing one
    is nothing; a callable one is left to the engine, which would call it)."""
    if len(node.conditions_nodelists) != 1:
        return None
    shown = node.conditions_nodelists[0][1]

    def step(context: Context, page: Page) -> str:
        messages, locked = context.get("messages"), context.get("locked")
        if callable(messages) or callable(locked):
            return _engine(node, context)
        return shown.render(context) if messages and not locked else ""

    return step


#: The page's own ``{% if %}`` tags, by what they ask, and how each is written in Python.
IFS: dict[str, Callable[[IfNode], Step | None]] = {
    "if home_screen.plain_title": _title,
    "if frame_idle_warning": _idle_warning,
    "if messages and not locked": _messages,
}


def _step(node: Node) -> Step:
    """How the page writes ``node``: a text as it is, the frame's own tags in Python with what
    the page has read once, any other tag as the template engine draws it."""
    if isinstance(node, TextNode):
        return str(node.s)
    if isinstance(node, FrameOpenNode):
        return node.drawn
    if isinstance(node, FramePartNode):
        return lambda context, page: node.drawn(context, page, page.token())
    asks = getattr(getattr(node, "token", None), "contents", None)
    if isinstance(node, IfNode) and asks in IFS:
        found = IFS[asks](node)
        if found is not None:
            return found
    return lambda context, page: _engine(node, context)


def _steps(nodelist: NodeList) -> tuple[Step, ...]:
    """Every node's step in order, comments left out and texts side by side joined."""
    steps: list[Step] = []
    for node in nodelist:
        if isinstance(node, CommentNode):
            continue
        step = _step(node)
        if type(step) is str and steps and type(steps[-1]) is str:
            steps[-1] += step
        else:
            steps.append(step)
    return tuple(steps)


class FramePageNode(Node):
    """``{% frame_page %}``: everything after it in ``base.html``, the frame of every page.

    Its tags each read the same things of the page again (the request, signed in or not,
    locked or not, the language, the CSRF token, the settings' ``DEBUG``), about ten times a
    page in all; here they are read once (:class:`Page`) and every tag is handed them, and the
    fixed texts between the tags are written as they are, without a call each. Any other tag
    is drawn by the template engine as before. When parts are not reused, with ``DEBUG`` on or
    without a request, the whole is drawn the ordinary way, tag by tag;
    ``tests/web/test_frame_page.py`` holds the two equal, and ``tests/web/test_frame_open.py``
    holds both to the ``base.html`` drawn wholly by the template engine."""

    def __init__(self, nodelist: NodeList) -> None:
        self.nodelist = nodelist
        self.steps = _steps(nodelist)

    def render(self, context: Context) -> str:
        request = context.get("request")
        if not REUSE or request is None or settings.DEBUG:
            return self.nodelist.render(context)
        page = Page(context, request)
        steps = self.steps
        return "".join([step if isinstance(step, str) else step(context, page) for step in steps])


@register.tag("frame_page")
def frame_page(parser: Parser, token: Token) -> FramePageNode:
    """``{% frame_page %}``, which takes the rest of the template (it has no end tag)."""
    if len(token.split_contents()) != 1:
        raise template.TemplateSyntaxError("frame_page takes nothing")
    return FramePageNode(parser.parse())
