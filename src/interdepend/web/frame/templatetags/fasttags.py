"""Two of Django's template tags and its ``date`` filter, each remembering what never changes
between requests.

A page's frame has about twenty fixed words to translate and a dozen links to sections, on
every page: Django's ``{% translate "..." %}`` looks its words up anew each time and
``{% url "name" %}`` reverses the name anew each time (about 25 and 66 µs). Here a
``{% translate %}`` of a fixed text keeps its result per language (and escaping), and a
``{% url %}`` without arguments keeps its address per URL map, script prefix and namespace (the
page's own namespace counts only where an application is mounted twice); one with arguments is
kept only while one template is drawn (a list item's two forms name their address four times).
The ``date`` filter writes from a table of month and weekday names per language
(``frame.dates``), the same for everyone, and ``floatformat`` with the language's decimal
separator read once per language (``frame.numbers``).
:func:`warm` fills what the two tags keep for every template as a worker starts, in every
language, so that no page's first view does it (a partner's first view of a page would
otherwise tell him whether she had opened it since the worker started: the timing audit of
2026-12-03). The tags parse exactly as Django's tags do and fall back to them for anything
else (a variable, a ``noop``, an ``as``, a context), so templates do not change.
``tests/web/test_fasttags.py`` holds them equal to Django's tags.

The settings make Django's i18n library a builtin, followed by this one, whose ``url`` and
``translate`` (``trans``) take the place of Django's. A template that loaded ``i18n`` itself would
get Django's tags back, so no template does (``tests/web/test_fasttags.py`` checks).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import Any, cast

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.template import Context
from django.template.base import Parser, Template, TextNode, Token
from django.template.defaulttags import URLNode
from django.template.defaulttags import url as django_url
from django.template.loader_tags import (
    BLOCK_CONTEXT_KEY,
    BlockContext,
    BlockNode,
    ExtendsNode,
    do_extends,
)
from django.templatetags import i18n as django_i18n
from django.templatetags.i18n import TranslateNode
from django.urls import NoReverseMatch, get_resolver, get_script_prefix, reverse
from django.utils import translation
from django.utils.html import conditional_escape
from django.utils.translation import get_language

from interdepend.web.frame import dates, numbers
from interdepend.web.frame.addresses import url_map

#: Remembered addresses, at most this many (names are few; the bound is a guard).
LIMIT = 4096

_addresses: dict[tuple[object, ...], str] = {}
#: Where one template's drawing keeps the addresses with arguments it has reversed.
_KEPT = "fasttags.urls"


class RememberedURLNode(URLNode):
    def render(self, context: Context) -> str:
        if self.asvar:
            return str(super().render(context))
        if self.args or self.kwargs:
            return self._with_arguments(context)
        view_name = self.view_name.resolve(context)
        request = getattr(context, "request", None)
        current_app = getattr(request, "current_app", None)
        if current_app is None:
            current_app = getattr(getattr(request, "resolver_match", None), "namespace", None)
        # The map a request names (Django sets the site's own as each request starts) or, with
        # none named, the site's own: the same addresses, so one key for both.
        urlconf, prefix = map_and_prefix(context)
        if not _instances(urlconf):
            current_app = None  # every namespace is its application's only instance
        key = (view_name, current_app, urlconf, prefix)
        found = _addresses.get(key)
        if found is None:
            found = reverse(view_name, current_app=current_app)
            if len(_addresses) >= LIMIT:
                _addresses.clear()
            _addresses[key] = found
        return str(conditional_escape(found)) if context.autoescape else found

    def _with_arguments(self, context: Context) -> str:
        """An address with arguments, remembered only while one template is drawn: a list
        item's forms name the same address several times (``action`` and ``hx-post``)."""
        args = tuple(arg.resolve(context) for arg in self.args)
        kwargs = tuple((k, v.resolve(context)) for k, v in self.kwargs.items())
        key = (self.view_name.resolve(context), args, kwargs, context.autoescape)
        kept: dict[tuple[object, ...], str] | None = context.render_context.get(_KEPT)
        if kept is None:
            kept = context.render_context[_KEPT] = {}
        try:
            found = kept.get(key)
        except TypeError:  # an argument that cannot be a key: reversed every time
            return str(super().render(context))
        if found is None:
            found = kept[key] = str(super().render(context))
        return found


def address(view_name: str) -> str:
    """``reverse(view_name)`` for a name that takes no argument, remembered as ``{% url %}``
    remembers it (per URL map and script prefix): for a view that hands a template a fixed
    address, which Django reversed anew on every view (about 30 µs each)."""
    urlconf = url_map()
    key = (view_name, None, urlconf, get_script_prefix())
    found = _addresses.get(key)
    if found is None:
        found = reverse(view_name)
        if len(_addresses) >= LIMIT:
            _addresses.clear()
        _addresses[key] = found
    return found


@functools.lru_cache(maxsize=16)
def _instances(urlconf: str) -> bool:
    """Whether an application of this URL map is mounted under a namespace of another name
    (then the page's own namespace can change where a name leads)."""
    return any(spaces != [app] for app, spaces in get_resolver(urlconf).app_dict.items())


#: Where one drawing keeps the language it is drawn in (``page_language``).
_LANGUAGE = "fasttags.language"
#: A language kept as asked: ``get_language()`` answers ``None`` with translation turned off.
_UNSET = object()


def page_language(context: Context) -> str | None:
    """``get_language()``, asked once per drawing of a template and kept in its render context
    (which Django makes anew for each template drawn, and drops when it is drawn): a page asked
    it about once for every fixed word it translates, ten to thirty times a view, each a look
    into asgiref's request-local storage (about 1.5 µs). Nothing outlives the drawing, and
    nothing of a person is in it. The language cannot change in the middle of one drawing but
    through ``{% language %}``, which asks again for its inner part (:class:`LanguageNode`);
    Python code that draws under ``translation.override`` draws a
    template of its own, with a render context of its own."""
    kept = context.render_context.get(_LANGUAGE, _UNSET)
    if kept is _UNSET:
        kept = context.render_context[_LANGUAGE] = get_language()
    return cast("str | None", kept)


#: Where one drawing keeps the URL map and script prefix it is drawn with.
_MAP = "fasttags.map"


def map_and_prefix(context: Context) -> tuple[str, str]:
    """The URL map (:func:`~interdepend.web.frame.addresses.url_map`) and the script prefix,
    read once per drawing of a template, as :func:`page_language` reads the language: each is
    a look into request-local storage, and a page asked both for every address it wrote. Both
    are set as a request starts, never while a template is drawn; nothing outlives the
    drawing."""
    kept: tuple[str, str] | None = context.render_context.get(_MAP)
    if kept is None:
        kept = context.render_context[_MAP] = (url_map(), get_script_prefix())
    return kept


class LanguageNode(django_i18n.LanguageNode):
    """Django's ``{% language %}``, which forgets the drawing's kept language while its inner
    part is drawn (so :func:`page_language` asks again inside) and puts it back after. Only that
    one value: the blocks and other state of the drawing stay where the inner part finds them."""

    def render(self, context: Context) -> str:
        top = cast("dict[str, object]", context.render_context.dicts[-1])
        outer = top.pop(_LANGUAGE, _UNSET)
        try:
            return str(super().render(context))
        finally:
            top.pop(_LANGUAGE, None)
            if outer is not _UNSET:
                top[_LANGUAGE] = outer


class RememberedTranslateNode(TranslateNode):
    def __init__(self, node: TranslateNode) -> None:
        super().__init__(node.filter_expression, node.noop, node.asvar, node.message_context)
        self.said: dict[tuple[str | None, bool], str] = {}

    def render(self, context: Context) -> str:
        key = (page_language(context), bool(context.autoescape))
        found = self.said.get(key)
        if found is None:
            found = str(super().render(context))
            self.said[key] = found
        return found


def _fixed(node: TranslateNode) -> bool:
    """A literal text, translated, shown in place: the same for everyone in a language."""
    expression = node.filter_expression
    return (
        not node.noop
        and node.asvar is None
        and node.message_context is None
        and not expression.filters
        and getattr(expression.var, "literal", None) is not None
    )


register = template.Library()


#: Where a compiled template keeps its own blocks by name, when it is a page's root (its
#: first tag is not ``{% extends %}``).
_BLOCKS = "_interdepend_root_blocks"


def root_blocks(parent: Any) -> dict[str, BlockNode] | None:
    """The blocks of a template that pages extend, by name, as Django's ``{% extends %}`` finds
    them: ``None`` when the template extends another in turn (its blocks then come from its own
    ``{% extends %}``). A compiled template never changes, so the answer is kept on it, the
    same for every page and everyone; a template that is not compiled (any other kind of
    object a variable names) is walked each time."""
    if isinstance(parent, Template) and _BLOCKS in vars(parent):
        kept: dict[str, BlockNode] | None = vars(parent)[_BLOCKS]
        return kept
    found: dict[str, BlockNode] | None = None
    for node in parent.nodelist:
        if not isinstance(node, TextNode):  # the first tag decides, as in Django's
            if not isinstance(node, ExtendsNode):
                found = {n.name: n for n in parent.nodelist.get_nodes_by_type(BlockNode)}
            break
    if isinstance(parent, Template):
        setattr(parent, _BLOCKS, found)
    return found


class KeptBlocksExtendsNode(ExtendsNode):
    """Django's ``{% extends %}``, which walked every node of ``base.html`` on every page to
    find its blocks again (about 50 µs); here they are found once per compiled template
    (:func:`root_blocks`). Everything else is Django's ``ExtendsNode.render``, step for step.

    It also keeps the parent its drawing's first ``{% extends %}`` found, with that parent's
    origin (:meth:`find_template`): asking the engine again cost about 10-15 µs of every page
    (issue 15's nineteenth pass). What is kept is a compiled template, the same for every page
    and everyone, and only while ``DEBUG`` is off, when no template changes under a worker."""

    #: The parent's name, the parent and its origin, once a first drawing has found them.
    _kept: tuple[str, Template, Any] | None = None

    def render(self, context: Context) -> Any:
        compiled_parent = self.get_parent(context)
        if BLOCK_CONTEXT_KEY not in context.render_context:
            context.render_context[BLOCK_CONTEXT_KEY] = BlockContext()
        block_context = context.render_context[BLOCK_CONTEXT_KEY]
        block_context.add_blocks(self.blocks)
        blocks = root_blocks(compiled_parent)
        if blocks is not None:
            block_context.add_blocks(blocks)  # reads the dict, never changes it
        with context.render_context.push_state(compiled_parent, isolated_context=False):
            return cast(Any, compiled_parent)._render(context)

    def find_template(self, template_name: str, context: Context) -> Template:
        """Django's: the engine asked for the parent, skipping the templates this drawing has
        passed through already (its history). For a drawing's first
        ``{% extends %}`` that history is this template alone, so the engine's answer depends
        only on the name: the parent and origin it gave are kept and handed back, the history
        written as Django writes it."""
        first = self.context_key not in context.render_context
        kept = self._kept
        if first and kept is not None and kept[0] == template_name and not settings.DEBUG:
            context.render_context[self.context_key] = [self.origin, kept[2]]
            return kept[1]
        history = cast(
            list[Any], context.render_context.setdefault(self.context_key, [self.origin])
        )
        assert context.template is not None  # a node is drawn inside its template
        found, origin = context.template.engine.find_template(template_name, skip=history)
        history.append(origin)
        if first and not settings.DEBUG and isinstance(found, Template):
            self._kept = (template_name, found, origin)
        return found


@register.tag("extends")
def extends(parser: Parser, token: Token) -> Any:
    node = do_extends(parser, token)
    return KeptBlocksExtendsNode(node.nodelist, node.parent_name, node.template_dirs)


@register.tag("url")
def url(parser: Parser, token: Token) -> Any:
    node = django_url(parser, token)
    return RememberedURLNode(node.view_name, node.args, node.kwargs, node.asvar)


@register.tag("translate")
def translate(parser: Parser, token: Token) -> Any:
    node = django_i18n.do_translate(parser, token)
    return RememberedTranslateNode(node) if _fixed(node) else node


register.tag("trans", translate)


@register.tag("language")
def language(parser: Parser, token: Token) -> LanguageNode:
    node = django_i18n.language(parser, token)
    return LanguageNode(node.nodelist, node.language)


@register.filter(expects_localtime=True, is_safe=False)
def date(value: Any, arg: str | None = None) -> str:
    """Django's ``date`` filter, written from a table of names per language (``frame.dates``)."""
    if value in (None, ""):
        return ""
    return dates.write(value, arg)


@register.filter(is_safe=True)
def floatformat(value: Any, arg: int | str = -1) -> Any:
    """Django's ``floatformat`` filter, without its slow lookups (``frame.numbers``)."""
    return numbers.floatformat(value, arg)


@register.filter(expects_localtime=True, is_safe=False)
def month_day(value: Any) -> str:
    """A day and month ("21 November"), with the year when it is not this year where the
    reader is ("21 November 2025"): ``frame.dates.month_day``."""
    if value in (None, ""):
        return ""
    return dates.month_day(value)


@register.filter(is_safe=False)
def short_month(value: Any) -> str:
    """A month and its year as the language's short dates write them ("Dec 2026", "dic 2026"):
    ``frame.dates.short_month``."""
    if value in (None, ""):
        return ""
    return dates.short_month(value)


@register.simple_tag
def zone_name() -> str:
    """The reader's time zone by its name ("Pacific/Auckland"): ``frame.dates.zone_name``."""
    return dates.zone_name()


def _forget_dates(**_: object) -> None:
    dates.forget()
    _instances.cache_clear()


#: A format given to the ``date`` filter in a template's text.
_DATE_FORMS = re.compile(r"""\|date:["']([^"']*)["']""")


def warm(templates: Iterable[Template]) -> int:
    """Fill what the tags keep for these templates, in every language: each fixed text
    (escaped and not) and each address without arguments. Returns how many nodes were filled."""
    nodes = 0
    templates = list(templates)
    numbers.warm(code for code, _name in settings.LANGUAGES)
    dates.warm(
        (code for code, _name in settings.LANGUAGES),
        {form for drawn in templates for form in _DATE_FORMS.findall(drawn.source)},
    )
    for drawn in templates:
        root_blocks(drawn)  # the blocks of every template a page may extend
        said = [
            node
            for node in drawn.nodelist.get_nodes_by_type(RememberedTranslateNode)
            if isinstance(node, RememberedTranslateNode)
        ]
        addresses = [
            node
            for node in drawn.nodelist.get_nodes_by_type(RememberedURLNode)
            if isinstance(node, RememberedURLNode)
            and isinstance(node.view_name.var, str)  # a name written out, not a variable
            and not (node.view_name.filters or node.args or node.kwargs or node.asvar)
        ]
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                for node in said:
                    node.render(Context(autoescape=True))
                    node.render(Context(autoescape=False))
                for address in addresses:
                    try:
                        address.render(Context(autoescape=True))
                    except NoReverseMatch:  # another application's template, not served here
                        continue
        nodes += len(said) + len(addresses)
    return nodes


setting_changed.connect(_forget_dates, dispatch_uid="interdepend-fasttags-dates")
