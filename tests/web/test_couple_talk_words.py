"""The statements the two answered furthest apart, on the couple page, written with the fixed
words and address the page keeps per language (``couplepage._page_words``) and the names it
isolated once (issue 15's eighteenth pass): the same bytes as the tag that looks them up on
every call, and the whole body the same as the template it replaced, for any statements,
labels and names (markup, quotes, ``{{``, right-to-left marks), in English and Spanish, on the
page, in the report and in her view while it takes care."""

from __future__ import annotations

import dataclasses
from typing import Any

from django.template import Context
from django.template.loader import get_template
from django.utils import timezone, translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interdepend.core.dyad import DiscussionItem
from interdepend.web.couple.templatetags import couplelists, couplepage
from interdepend.web.frame.templatetags.usertext import isolate
from tests.web.test_couple_lists import HOSTILE, REFERENCE, _view

WORDS = st.one_of(
    st.sampled_from(
        ['<script>alert("x")</script>', "{{ user }}", "‮'quoted'‬ & \"both\"", "", "%(a)s"]
    ),
    st.text(max_size=30),
)
ITEMS = st.lists(
    st.builds(
        DiscussionItem,
        WORDS,
        WORDS,
        st.sampled_from(["bond", "self", "<b>"]),
        st.integers(1, 7),
        st.integers(1, 7),
        WORDS,
        WORDS,
    ),
    max_size=7,
)
NAMES = st.tuples(st.sampled_from([*HOSTILE, "Ana"]), st.sampled_from([*HOSTILE, "Ben"]))
FLAGS = st.sampled_from([{}, {"care": True}, {"for_print": True}])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    items=ITEMS,
    names=NAMES,
    flags=FLAGS,
    where=st.sampled_from([("en", "UTC"), ("es", "Pacific/Kiritimati")]),
)
def test_the_kept_words_write_what_the_tag_writes(
    items: list[DiscussionItem], names: tuple[str, str], flags: dict[str, bool], where: Any
) -> None:
    language, zone = where
    with translation.override(language), timezone.override(zone):
        view = dataclasses.replace(_view(names), discussion=tuple(items))
        talk = not flags
        w = couplepage._words()
        kept = couplelists.differences(
            view,
            address=w["talk_through"] if talk else "",
            talk=w["talk_together"] if talk else "",
            opening=w["opening"],
            closing=w["closing"],
            names=(isolate(names[0]), isolate(names[1])),
        )
        assert kept == couplelists.couple_differences(view, **flags)
        context = {"view": view, **flags}
        drawn = get_template("couple/_view_body.html").render(context)
        assert drawn == REFERENCE.render(Context(context))
        assert drawn.count('<li><span id="differ-') == len(items)
        assert drawn.count("?statement=") == (len(items) if talk else 0)


def test_the_kept_sentences_are_the_catalog_s_in_each_language() -> None:
    """Each sentence the couple view keeps per language is what ``gettext`` gives for it in
    that language (so every one is translated in Spanish, and the kept table is the catalog's,
    not a changed copy of a message)."""
    from interdepend.web.couple.templatetags import couplewords

    with translation.override("en"):
        english = couplewords._said("en")
    with translation.override("es"):
        spanish = couplewords._said("es")
        assert couplewords.said("seen_as") == spanish["seen_as"]
    assert english.keys() == spanish.keys() and len(english) == 14
    for key, words in english.items():
        assert spanish[key] != words, key
        with translation.override("es"):
            assert translation.gettext(words) == spanish[key], key
        assert words.count("%(") == spanish[key].count("%("), key
