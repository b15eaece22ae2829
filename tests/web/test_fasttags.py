"""The remembering ``{% url %}`` and ``{% translate %}`` (frame.templatetags.fasttags) say
exactly what Django's own tags say, in every form, language, escaping and script prefix."""

from __future__ import annotations

import datetime
import re
import zoneinfo
from collections.abc import Iterator
from contextlib import contextmanager
from unittest.mock import patch

import pytest
from django.template import Context, Engine, engines
from django.template.backends.django import DjangoTemplates
from django.template.base import Origin
from django.template.loader_tags import ExtendsNode
from django.test import RequestFactory, override_settings
from django.urls import get_script_prefix, reverse, set_script_prefix
from django.utils import timezone, translation

from interdepend.web.frame.templatetags import fasttags
from tests.conftest import Personas
from tests.web.test_formrender import ROLES, pages_both_ways

_backend = engines["django"]
assert isinstance(_backend, DjangoTemplates)
OURS: DjangoTemplates = _backend
#: Django's own tags, with i18n as a builtin as ours has it.
DJANGO_BUILTINS = ["django.templatetags.i18n"]
DJANGO = Engine(builtins=DJANGO_BUILTINS)

CASES = [
    '{% translate "Enter a valid value." %}',
    '{% trans "Enter a valid value." %}',
    "{% translate 'Fish & <chips>' %}",
    '{% autoescape off %}{% translate "Fish & <chips>" %}{% endautoescape %}',
    '{% translate "Enter a valid value." as said %}[{{ said }}]',
    '{% translate "Enter a valid value." noop %}',
    '{% translate "May" context "month name" %}',
    "{% translate word %}",
    '{% translate "100%% sure" %}',
    "{% url 'frame:about' %}",
    "{% url 'frame:about' as where %}<{{ where }}>",
    "{% url name %}",
    "{% url 'together:goal' 'AAAAAAAAAAAAAAAAAAAAAA' %}",
    "{% url 'together:goal' goal_id=pid %}",
    "{% url 'together:goal' pid %}{% url 'together:goal' pid %}{% url 'together:goal' other %}",
    '{{ day|date:"DATE_FORMAT" }} {{ day|date }} {{ day|date:"Y-m-d" }}',
    '{{ day|date:"SHORT_DATE_FORMAT" }}',
    '{{ moment|date:"DATETIME_FORMAT" }} {{ moment|date:"H:i e" }} {{ other_zone|date:"H:i e" }}',
    '{{ nothing|date }}[{{ empty|date:"Y" }}]{{ word|date:"Y" }}{{ day|date:"MONTH_DAY_FORMAT" }}',
    "{% for p in pids %}{% url 'together:goal' p %};{% endfor %}",
    "{% url 'together:goal' pid %}{% autoescape off %}{% url 'together:goal' pid %}"
    "{% endautoescape %}",
    # The drawing's language is asked once and kept (``page_language``); ``{% language %}``
    # asks again inside, at every depth, and the outer language comes back after.
    '{% translate "Enter a valid value." %}|{% language "de" %}'
    '{% translate "Enter a valid value." %}{% language "fr" %}'
    '{% translate "Enter a valid value." %}{% endlanguage %}'
    '{% translate "Enter a valid value." %}{% endlanguage %}|'
    '{% translate "Enter a valid value." %}',
    '{% language "es" %}{% endlanguage %}{% translate "Enter a valid value." %}',
    '{% language "es" %}{% translate "Enter a valid value." as said %}{% endlanguage %}'
    '{{ said }}{% translate "Enter a valid value." %}',
]
VALUES: dict[str, object] = {
    "day": datetime.date(2026, 2, 28),
    "moment": datetime.datetime(2026, 3, 29, 0, 30, tzinfo=datetime.UTC),
    # The same instant, somewhere else: must not be written as the one above.
    "other_zone": datetime.datetime(2026, 3, 29, 0, 30, tzinfo=datetime.UTC).astimezone(
        zoneinfo.ZoneInfo("America/Mexico_City")
    ),
    "nothing": None,
    "empty": "",
    "word": "Yes",
    "name": "frame:safety",
    "pid": "BBBBBBBBBBBBBBBBBBBBBB",
    "other": "CCCCCCCCCCCCCCCCCCCCCC",
    "pids": ["DDDDDDDDDDDDDDDDDDDDDD", "EEEEEEEEEEEEEEEEEEEEEE", "DDDDDDDDDDDDDDDDDDDDDD"],
}


def _both(text: str) -> tuple[str, str]:
    ours = OURS.engine.from_string(text).render(Context(VALUES))
    theirs = DJANGO.from_string(text).render(Context(VALUES))
    return ours, theirs


@pytest.mark.parametrize("text", CASES)
@pytest.mark.parametrize("language", ["en", "de", "fr"])
def test_each_form_says_what_djangos_tag_says(text: str, language: str) -> None:
    with translation.override(language):
        for _ in range(2):  # the second time from memory
            ours, theirs = _both(text)
            assert ours == theirs


def test_a_drawing_asks_for_its_language_once(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str | None] = []

    def counted() -> str | None:
        asked.append(translation.get_language())
        return asked[-1]

    monkeypatch.setattr(fasttags, "get_language", counted)
    text = '{% translate "Enter a valid value." %}{% translate "Fish" %}' * 5
    with translation.override("de"):
        ours = OURS.engine.from_string(text).render(Context())
        assert ours == DJANGO.from_string(text).render(Context())
        assert asked == ["de"]
        OURS.engine.from_string(text).render(Context())  # another drawing asks again
    assert asked == ["de", "de"]


def test_with_translation_turned_off_the_words_are_django_s() -> None:
    said = '{% translate "Enter a valid value." %}'
    text = f'{said}{{% language "de" %}}{said}{{% endlanguage %}}{said}'
    with translation.override(None):
        assert translation.get_language() is None
        assert _both(text)[0] == _both(text)[1]


def test_one_drawn_word_inside_language_follows_each_drawing_s_language() -> None:
    """The same compiled word drawn under several inner languages in turn, after a word in the
    outer language: were it keyed by the outer language, the first inner language's word would
    come back for every other."""
    said = '{% translate "Enter a valid value." %}'
    text = f"{said}|{{% language lang %}}{said}{{% endlanguage %}}|{said}"
    ours = OURS.engine.from_string(text)
    theirs = DJANGO.from_string(text)
    with translation.override("en"):
        for lang in ["es", "de", "en", "fr", "es", "de"]:
            drawn = ours.render(Context({"lang": lang}))
            assert drawn == theirs.render(Context({"lang": lang}))
    assert len({ours.render(Context({"lang": lang})) for lang in ["es", "de", "en"]}) == 3


@pytest.mark.parametrize("outer", ["en", "es", "de"])
@pytest.mark.parametrize("inner", ["en", "es", "de"])
def test_a_block_inside_language_is_the_page_s_own_in_that_language(outer: str, inner: str) -> None:
    files = {
        "parent.html": '{% translate "Enter a valid value." %}|{% language lang %}'
        '{% block words %}{% translate "Fish" %}{% endblock %}{% endlanguage %}|'
        '{% translate "Enter a valid value." %}',
        "child.html": '{% extends "parent.html" %}{% block words %}'
        '{% translate "Enter a valid value." %}{% endblock %}',
    }
    loaders = [("django.template.loaders.locmem.Loader", files)]
    ours = Engine(
        loaders=loaders, builtins=[*DJANGO_BUILTINS, "interdepend.web.frame.templatetags.fasttags"]
    )
    theirs = Engine(loaders=loaders, builtins=DJANGO_BUILTINS)
    with translation.override(outer):
        drawn = ours.get_template("child.html").render(Context({"lang": inner}))
        assert drawn == theirs.get_template("child.html").render(Context({"lang": inner}))
    assert isinstance(ours.get_template("parent.html").nodelist[2], fasttags.LanguageNode)


def test_a_fixed_text_and_a_plain_name_take_the_remembering_path() -> None:
    template = OURS.engine.from_string(
        '{% translate "Enter a valid value." %}{% url "frame:about" %}'
    )
    kinds = [type(node) for node in template.nodelist]
    assert fasttags.RememberedTranslateNode in kinds
    assert fasttags.RememberedURLNode in kinds
    with translation.override("de"):
        assert template.render(Context()).startswith("Bitte")
    with translation.override("en"):
        assert template.render(Context()).startswith("Enter a valid value.")


def test_an_address_follows_the_script_prefix_and_the_namespace_of_the_page() -> None:
    template = OURS.engine.from_string("{% url 'frame:about' %}")
    try:
        set_script_prefix("/under/")
        assert template.render(Context()) == "/under/about/"
    finally:
        set_script_prefix("/")
    assert template.render(Context()) == reverse("frame:about")
    request = RequestFactory().get("/")
    assert OURS.from_string("{% url 'frame:about' %}").render({}, request) == "/about/"


def test_a_drawing_reads_its_map_and_prefix_once(monkeypatch: pytest.MonkeyPatch) -> None:
    read: list[str] = []

    def counted() -> str:
        read.append(get_script_prefix())
        return read[-1]

    monkeypatch.setattr(fasttags, "get_script_prefix", counted)
    text = "{% url 'frame:about' %}|{% url 'frame:safety' %}|{% url 'together:goal' pid %}|" * 4
    template = OURS.engine.from_string(text)
    assert template.render(Context(VALUES)) == DJANGO.from_string(text).render(Context(VALUES))
    assert read == ["/"]
    try:
        set_script_prefix("/under/")  # between two drawings: the next one reads it
        under = template.render(Context(VALUES))
    finally:
        set_script_prefix("/")
    assert read == ["/", "/under/"]
    assert under.startswith("/under/about/|/under/safety/|/under/")


def test_the_memory_of_addresses_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fasttags, "LIMIT", 3)
    fasttags._addresses.clear()
    for prefix in ("/a/", "/b/", "/c/", "/d/", "/e/"):
        try:
            set_script_prefix(prefix)
            OURS.engine.from_string("{% url 'frame:about' %}").render(Context())
        finally:
            set_script_prefix("/")
        assert len(fasttags._addresses) <= 3


def test_no_template_loads_i18n_itself() -> None:
    """Loading it would put Django's own tags back in place of the remembering ones."""
    from pathlib import Path

    import interdepend.web

    root = Path(interdepend.web.__file__).parent
    loading = [
        str(path.relative_to(root))
        for path in root.rglob("templates/**/*")
        if path.is_file() and re.search(r"\{%\s*load\s[^%]*\bi18n\b", path.read_text())
    ]
    assert not loading


@pytest.mark.parametrize("zone", ["UTC", "America/Mexico_City", "Asia/Kolkata", "UTC"])
@pytest.mark.parametrize("language", ["en", "es"])
def test_a_date_is_written_in_the_reader_s_zone_and_language(zone: str, language: str) -> None:
    """The remembered date filter keys the zone: one instant read in several zones in turn."""
    text = '{{ moment|date:"DATETIME_FORMAT" }}|{{ moment|date:"H:i e" }}|{{ day|date:"l j F" }}'
    with timezone.override(zone), translation.override(language):
        for _ in range(2):
            ours, theirs = _both(text)
            assert ours == theirs


def test_the_date_filter_is_ours() -> None:
    # The last built-in library that has a ``date`` filter is the one templates get.
    libraries = OURS.engine.template_builtins
    assert [lib.filters["date"] for lib in libraries if "date" in lib.filters][-1] is fasttags.date
    assert fasttags.date(None) == "" and fasttags.date("") == ""


def test_a_views_fixed_address_is_remembered_as_the_tag_remembers_it() -> None:
    """``address()`` gives what ``reverse()`` gives, under each script prefix, and the second
    time without reversing (the leave page names two such addresses on every view)."""
    fasttags._addresses.clear()
    for prefix in ("/", "/under/"):
        try:
            set_script_prefix(prefix)
            assert fasttags.address("safetycheck:index") == reverse("safetycheck:index")
            assert fasttags.address("datarights:index").startswith(prefix)
        finally:
            set_script_prefix("/")
    kept = dict(fasttags._addresses)
    assert len(kept) == 4
    fasttags.address("safetycheck:index")
    assert fasttags._addresses == kept
    # The template tag finds what the function kept, and the other way round.
    assert OURS.engine.from_string("{% url 'safetycheck:index' %}").render(Context()) == (
        fasttags.address("safetycheck:index")
    )
    assert fasttags._addresses == kept


@contextmanager
def _blocks_walked_by_django() -> Iterator[None]:
    """Every ``{% extends %}`` drawn by Django's own ``ExtendsNode.render``, which finds its
    parent by asking the engine each time (Django's ``find_template``)."""
    with (
        patch.object(fasttags.KeptBlocksExtendsNode, "render", ExtendsNode.render),
        patch.object(fasttags.KeptBlocksExtendsNode, "find_template", ExtendsNode.find_template),
    ):
        yield


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_every_page_extends_its_frame_as_django_does(personas: Personas, role: str) -> None:
    """``{% extends %}`` finds a root template's blocks once, not on every page, and keeps the
    parent its first ``{% extends %}`` found; every page of the access policy, GET and an empty
    POST, is the same byte for byte as with Django's."""
    compared = 0
    differ = []
    for label, ours, same in pages_both_ways(personas, role, _blocks_walked_by_django):
        if not same:
            differ.append(label)
        compared += ours.startswith("<!doctype html>")
    assert compared > (15 if role == "anonymous" else 100)
    assert not differ, differ


def test_the_blocks_of_a_root_template_are_found_once_and_as_django_finds_them() -> None:
    """Blocks inside ``if`` and ``for``, a template between the page and its root, text before
    an ``{% extends %}``: drawn as Django draws them, the root's blocks found once."""
    sources = {
        "root": "<p>{% block a %}A{% endblock %}{% if x %}{% block b %}B{% endblock %}{% endif %}"
        "{% for i in xs %}{% block c %}C{% endblock %}{% endfor %}</p>",
        "middle": "  {% extends root %}{% block b %}[{{ block.super }}]{% endblock %}",
        "leaf": "{% extends middle %}{% block a %}<{{ block.super }}>{% endblock %}",
    }
    ours = Engine(builtins=["interdepend.web.frame.templatetags.fasttags"])
    drawn: list[list[str]] = []
    for engine in (ours, Engine()):
        compiled = {name: engine.from_string(source) for name, source in sources.items()}
        drawn.append(
            [
                compiled[name].render(Context(compiled | values))
                for values in ({"x": 1, "xs": [1, 2]}, {"x": 0, "xs": []})
                for name in ("middle", "leaf")
            ]
        )
    assert (
        drawn[0]
        == drawn[1]
        == ["  <p>A[B]CC</p>", "  <p><A>[B]CC</p>", "  <p>A</p>", "  <p><A></p>"]
    )
    root = ours.from_string(sources["root"])
    kept = fasttags.root_blocks(root)
    assert kept is not None and sorted(kept) == ["a", "b", "c"]
    assert fasttags.root_blocks(root) is kept  # found once, kept on the compiled template
    assert fasttags.root_blocks(ours.from_string(sources["middle"])) is None  # extends another


#: A page, a template between it and its root, a parent named by a variable, and a root that
#: extends a template of its own name further down the loaders (Django's history at work).
PARENTS = {
    "root.html": "<{% block a %}A{% endblock %}|{% block b %}B{% endblock %}>",
    "middle.html": '{% extends "root.html" %}{% block b %}[{{ block.super }}]{% endblock %}',
    "page.html": '{% extends "middle.html" %}{% block a %}({{ block.super }}){% endblock %}',
    "picked.html": "{% extends parent %}{% block a %}{{ word }}{% endblock %}",
    "same.html": '{% extends "base.html" %}{% block a %}*{% endblock %}',
}
SHADOWED = {"base.html": '{% extends "base.html" %}{% block a %}{{ block.super }}!{% endblock %}'}
SHADOW = {"base.html": "{% block a %}a{% endblock %}/{% block b %}b{% endblock %}"}


def _engines() -> tuple[Engine, Engine]:
    loaders = [
        ("django.template.loaders.locmem.Loader", PARENTS | SHADOWED),
        ("django.template.loaders.locmem.Loader", SHADOW),
    ]
    ours = Engine(loaders=loaders, builtins=["interdepend.web.frame.templatetags.fasttags"])
    return ours, Engine(loaders=loaders)


def test_a_drawing_s_first_parent_is_kept_and_drawn_as_django_draws_it() -> None:
    ours, theirs = _engines()
    compiled = {name: ours.get_template(name) for name in PARENTS}
    cases = [
        ("page.html", {}),
        ("middle.html", {}),
        ("same.html", {}),
        ("picked.html", {"parent": "root.html", "word": "<w>"}),
        ("picked.html", {"parent": "page.html", "word": "x"}),
        ("picked.html", {"parent": "base.html", "word": "y"}),
        ("picked.html", {"parent": "middle.html", "word": "z"}),
    ]
    for _round in range(3):
        for name, values in cases:
            drawn = compiled[name].render(Context(values))
            assert drawn == theirs.get_template(name).render(Context(values)), (name, values)
    assert compiled["page.html"].render(Context()) == "<(A)|[B]>"
    assert compiled["same.html"].render(Context()) == "*/b"
    asked = []
    find = ours.find_template

    def counted(name: str, dirs: None = None, skip: list[Origin] | None = None) -> object:
        asked.append(name)
        return find(name, dirs, skip)

    with patch.object(ours, "find_template", counted):
        assert compiled["page.html"].render(Context()) == "<(A)|[B]>"
    assert asked == ["root.html"]  # the page's own parent kept; the middle's asked, as Django


def test_nothing_is_kept_while_debug_is_on() -> None:
    ours, theirs = _engines()
    page = ours.get_template("page.html")
    with override_settings(DEBUG=True):
        assert page.render(Context()) == theirs.get_template("page.html").render(Context())
    node = page.nodelist[0]
    assert isinstance(node, fasttags.KeptBlocksExtendsNode)
    assert node._kept is None


def test_every_template_of_ours_has_its_blocks_found_as_a_worker_starts() -> None:
    from interdepend.web.frame import warmup

    templates = warmup.compile_every_template()
    for template in templates:
        vars(template).pop("_interdepend_root_blocks", None)
    fasttags.warm(templates)
    base = next(t for t in templates if t.origin.template_name == "base.html")
    assert sorted(vars(base)["_interdepend_root_blocks"]) == ["content", "title"]
    assert all("_interdepend_root_blocks" in vars(t) for t in templates)
